"""Load docs/data/colossus.yml, validate it, and report every problem with file, line and field.

`load_dataset(path)` returns a validated `DataSet` or raises `DataFileError`, whose message lists
each problem as `file:line:column: field.path: what was expected`, with no traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from scripts.model import COLLECTIONS, DataSet, Meta, check_consistency

FieldPath = tuple[str | int, ...]


class DataFileError(Exception):
    """The data file is broken; `problems` holds one formatted line per problem."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        count = len(problems)
        head = f"{self.path}: {count} problem{'s' if count != 1 else ''} in the data file"
        super().__init__("\n".join([head, *("  " + p for p in problems)]))


def format_path(path: FieldPath) -> str:
    """('clusters', 3, 'gpus', 0, 'count') -> 'clusters[3].gpus[0].count'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


# libyaml's parser when PyYAML has it (ten times faster on this file), the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PositionLoader(_BaseLoader):
    """A safe loader that rejects duplicate keys and remembers where every value starts."""


# Characters YAML refuses in a file (a paste from a PDF brings them), and the same ones written as
# escapes ("\x07"): XML cannot carry them, so a feed or a page would break further down.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_DEPTH = 40  # the data file nests six levels; deeper is a mistake, and recursion must stay bounded
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _control_characters(text: str, path: Path | str) -> list[str]:
    """Raw control characters, each with its line and column (the YAML reader gives an offset only)."""
    problems = []
    for match in CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(f"{path}:{line}:{column}: the invisible control character {_char_name(match.group())} "
                        "is not allowed (often pasted from a PDF); delete it and retype the text around it")
        if len(problems) == 20:
            problems.append(f"{path}: more control characters follow; delete them all")
            break
    return problems


def _aliases(text: str, path: Path | str) -> list[str]:
    """Aliases and merge keys, found on the event stream before anything is built.

    An alias makes the loader repeat a whole subtree: ten nested aliases in a 3 KB file expand to
    billions of values. The data file has no use for them, so they are refused, located.
    """
    problems = []
    for event in yaml.parse(text, Loader=_BaseLoader):
        where = f"{path}:{event.start_mark.line + 1}:{event.start_mark.column + 1}"
        if len(problems) == 10 and isinstance(event, (yaml.AliasEvent, yaml.ScalarEvent)) and (
                isinstance(event, yaml.AliasEvent) or (event.value == "<<" and event.implicit[0])):
            problems.append(f"{where}: more aliases or merge keys from here on; write every value out in full")
            break
        if isinstance(event, yaml.AliasEvent):
            problems.append(f"{where}: YAML alias '*{event.anchor}' is not allowed in the data file; "
                            "write the value out in full")
        elif isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
            problems.append(f"{where}: YAML merge key '<<' is not allowed in the data file; write the keys out in full")
    return problems


def _construct(loader: _PositionLoader, node: yaml.Node, path: FieldPath,
               positions: dict[FieldPath, tuple[int, int]], problems: list[tuple[FieldPath, str]]) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if len(path) > MAX_DEPTH:
        problems.append((path, f"nested more than {MAX_DEPTH} levels deep; check the indentation"))
        return None
    if isinstance(node, yaml.MappingNode):
        # No flatten_mapping: merge keys are refused before construction (see _aliases).
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                positions[path + ("?",)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                problems.append((path + ("?",), "a key must be a plain word, not a list or a mapping"))
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                problems.append((path + (key,), f"duplicate key '{key}' (a key may appear once)"))
                continue
            result[key] = _construct(loader, value_node, path + (key,), positions, problems)
            # Point at the key line, which is where a contributor looks for the field.
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, path + (i,), positions, problems)
                for i, child in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. 2025-02-30 parses as a date, then fails to exist
        problems.append((path, f"'{node.value}' is not a valid value: {exc}; expected a real date YYYY-MM-DD"))
        return None
    if isinstance(value, str) and (bad := CONTROL.search(value)):
        problems.append((path, f"the text holds the control character {_char_name(bad.group())} (written as an "
                               "escape); remove it"))
    return value


def parse_yaml(text: str, path: Path | str, problems: list[tuple[FieldPath, str]] | None = None,
               ) -> tuple[Any, dict[FieldPath, tuple[int, int]]]:
    """Parse YAML, returning the data and a map from field path to (line, column).

    Problems that leave the data readable (a duplicate key, an impossible date) are appended to
    `problems` when it is given, so that validation can report them in the same round; without it
    they raise at once. Problems that leave nothing to read raise DataFileError.
    """
    positions: dict[FieldPath, tuple[int, int]] = {}
    collect = problems is not None
    found: list[tuple[FieldPath, str]] = problems if collect else []
    controls = _control_characters(text, path)
    if controls:
        raise DataFileError(path, controls)
    try:
        aliases = _aliases(text, path)
        if aliases:
            raise DataFileError(path, aliases)
        loader = _PositionLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise DataFileError(path, [f"{path}:1:1: (top level): the file is empty; expected a mapping with 'meta', 'sources', ..."])
            data = _construct(loader, node, (), positions, found)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise DataFileError(path, [f"{where}: YAML syntax error: {what}"]) from None
    except yaml.YAMLError as exc:  # a reader error the scan above did not foresee: still no traceback
        raise DataFileError(path, [f"{path}: YAML error: {exc}"]) from None
    if found and not collect:
        raise DataFileError(path, [_locate(path, positions, p, m) for p, m in found])
    return data, positions


def _locate(file: Path | str, positions: dict[FieldPath, tuple[int, int]], path: FieldPath, message: str) -> str:
    """Format one problem, pointing at the deepest part of the path that exists in the file."""
    if path not in positions and path[-1:] == ("value",) and path[:-1] in positions:
        path = path[:-1]  # a plain number stands for {value: ...}: name the field the file has
    probe = path
    while probe and probe not in positions:
        probe = probe[:-1]
    line, column = positions.get(probe, (1, 1))
    return f"{file}:{line}:{column}: {format_path(path)}: {message}"


# YAML reads these unquoted words as true/false: the commonest surprise in a hand-edited file.
_BOOL_HINT = ("YAML reads an unquoted yes/no/on/off/true/false as true or false; put the word in quotes, "
              "e.g. \"no\"")
_PLAIN = {  # pydantic's wording -> a contributor's
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (one '- ' line per item)",
    "dict_type": "expected a mapping ('key: value' lines)",
    "model_type": "expected a mapping ('key: value' lines)",
    "model_attributes_type": "expected a mapping ('key: value' lines)",
    "string_too_short": "must not be empty",
    "too_short": "expected at least one item",
}


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    message = error["msg"]
    got = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling; see docs/data/schema.json)"
    if "FigureDetail" in message:
        message = "expected a number, or a mapping with 'value' (and optionally kind, sources, as_of)"
    elif kind.startswith(("date", "datetime")):
        message = "expected a date written YYYY-MM-DD, such as 2026-06-01"
        if isinstance(got, str) and any(c.isalpha() for c in got):
            message += "; write the date in numbers, not words (for a month only, use its first day)"
    elif kind in _PLAIN:
        message = _PLAIN[kind]
    elif kind == "greater_than_equal":
        message = f"expected a number of {ctx.get('ge'):g} or more"
    elif kind == "string_too_long":
        message = f"expected at most {ctx.get('max_length')} characters"
    elif kind == "enum":
        message = f"expected one of {ctx.get('expected')}"
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        if pattern.startswith("^[a-z0-9]+"):
            message = "expected an id: lowercase letters and digits joined by single hyphens, such as 'grok-3'"
        elif pattern == "^[a-z]{2}$":
            message = "expected a two-letter language code, such as 'en' or 'fr'"
        else:
            message = f"does not have the expected form ({pattern})"
    elif message.startswith("Value error, "):
        message = message[len("Value error, "):]
        if message.startswith("a well-formed"):
            message = "expected " + message
    if isinstance(got, bool) and kind not in ("bool_type", "bool_parsing"):
        text_expected = kind == "string_type" or kind == "enum" or kind.startswith("string_")
        message += f"; {_BOOL_HINT}" if text_expected else "; YAML reads an unquoted yes/no/on/off as true or false"
    if not isinstance(got, (dict, list)) and got is not None:
        return f"{message} (got {got!r})"
    return message


def _pydantic_path(loc: tuple[Any, ...]) -> FieldPath:
    # Unions and validators add technical segments (e.g. 'function-after[...]'); drop them.
    return tuple(p for p in loc if isinstance(p, int) or not any(c in p for c in "[-"))


def _row_model(collection: str) -> type[BaseModel] | None:
    annotation = DataSet.model_fields[collection].annotation
    args = typing.get_args(annotation)
    return args[0] if args and isinstance(args[0], type) and issubclass(args[0], BaseModel) else None


_REFERENCE = re.compile(r"unknown (source|chip|cluster) id '([^']*)'")
_ALREADY = re.compile(r"already used by (\w+)\[(\d+)\]")


def _partial_consistency(raw: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """Cross-file checks on the rows that are valid on their own, with their paths in the file.

    Run when some rows are invalid, so that a contributor sees every problem of the file in one
    round. A reference to a row that exists but is itself invalid is not reported: that row's own
    problem is.
    """
    kept: dict[str, list[Any]] = {}
    index: dict[str, list[int]] = {}
    raw_ids: dict[str, set[Any]] = {}
    for collection in COLLECTIONS:
        rows = raw.get(collection)
        model = _row_model(collection)
        if not isinstance(rows, list) or model is None:
            kept[collection], index[collection], raw_ids[collection] = [], [], set()
            continue
        raw_ids[collection] = {r.get("id") for r in rows if isinstance(r, dict)}
        kept[collection], index[collection] = [], []
        for i, row in enumerate(rows):
            try:
                kept[collection].append(model.model_validate(row))
                index[collection].append(i)
            except ValidationError:
                pass
    try:
        meta = Meta.model_validate(raw.get("meta"))
    except ValidationError:  # the date checks against meta.last_checked cannot run: let them pass
        meta = Meta.model_construct(title=None, coverage=None, last_checked=dt.date.max)
    try:
        errors = check_consistency(DataSet.model_construct(meta=meta, **kept))
    except Exception:  # noqa: BLE001 - a best-effort extra: the structural problems are reported anyway
        return []
    plural = {"source": "sources", "chip": "chips", "cluster": "clusters"}
    out = []
    for path, message in errors:
        ref = _REFERENCE.search(message)
        if ref and ref.group(2) in raw_ids[plural[ref.group(1)]]:
            continue
        if path and path[0] in index and len(path) > 1 and isinstance(path[1], int):
            path = (path[0], index[path[0]][path[1]], *path[2:])
        message = _ALREADY.sub(lambda m: f"already used by {m.group(1)}[{index[m.group(1)][int(m.group(2))]}]",
                               message)
        out.append((path, message))
    return out


def _ordered(problems: list[str]) -> list[str]:
    """By line and column, as a contributor reads the file."""
    def key(problem: str) -> tuple[int, int]:
        match = re.match(r"[^:]*:(\d+):(\d+):", problem)
        return (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return sorted(dict.fromkeys(problems), key=key)


def validate(raw: Any, positions: dict[FieldPath, tuple[int, int]], path: Path | str,
             problems: list[tuple[FieldPath, str]] | None = None) -> DataSet:
    """Validate parsed YAML into a DataSet, or raise DataFileError listing every problem.

    `problems` are those the parser found (duplicate keys...): they are reported with the rest.
    """
    found = list(problems or [])
    if not isinstance(raw, dict):
        raise DataFileError(path, [f"{path}:1:1: (top level): expected a mapping with 'meta', 'sources', ..."])
    data = None
    try:
        data = DataSet.model_validate(raw)
    except ValidationError as exc:
        parsed = {p for p, _ in found}  # a value the parser refused is None here: said once is enough
        found += [(where, _describe(e)) for e in exc.errors()
                  if (where := _pydantic_path(e["loc"])) not in parsed]
        found += _partial_consistency(raw)
    if data is not None:
        found += check_consistency(data)
    if found:
        raise DataFileError(path, _ordered([_locate(path, positions, p, m) for p, m in found]))
    return data


def load_dataset(path: Path | str) -> DataSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, [f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise DataFileError(path, [f"{path}: is a folder; expected the data file, such as docs/data/colossus.yml"]) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})"]) from None
    problems: list[tuple[FieldPath, str]] = []
    raw, positions = parse_yaml(text, path, problems)
    return validate(raw, positions, path, problems)
