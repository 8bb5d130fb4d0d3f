"""Load docs/data/colossus.yml, validate it, and report every problem with file, line and field.

`load_dataset(path)` returns a validated `DataSet` or raises `DataFileError`, whose message lists
each problem as `file:line:column: field.path: what was expected`, with no traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scripts.model import DataSet, check_consistency

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


def _construct(loader: _PositionLoader, node: yaml.Node, path: FieldPath,
               positions: dict[FieldPath, tuple[int, int]], problems: list[tuple[FieldPath, str]]) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
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
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. 2025-02-30 parses as a date, then fails to exist
        problems.append((path, f"'{node.value}' is not a valid value: {exc}; expected a real date YYYY-MM-DD"))
        return None


def parse_yaml(text: str, path: Path | str) -> tuple[Any, dict[FieldPath, tuple[int, int]]]:
    """Parse YAML, returning the data and a map from field path to (line, column)."""
    loader = _PositionLoader(text)
    positions: dict[FieldPath, tuple[int, int]] = {}
    problems: list[tuple[FieldPath, str]] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataFileError(path, [f"{path}:1:1: (top level): the file is empty; expected a mapping with 'meta', 'sources', ..."])
        data = _construct(loader, node, (), positions, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise DataFileError(path, [f"{where}: YAML syntax error: {what}"]) from None
    finally:
        loader.dispose()
    if problems:
        raise DataFileError(path, [_locate(path, positions, p, m) for p, m in problems])
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


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    message = error["msg"]
    if kind == "missing":
        return "required field is missing"
    if "FigureDetail" in message:
        message = "expected a number, or a mapping with 'value' (and optionally kind, sources, as_of)"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling; see docs/data/schema.json)"
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
        if message.startswith("a well-formed"):
            message = "expected " + message
    got = error.get("input")
    if kind not in ("missing",) and not isinstance(got, (dict, list)) and got is not None:
        return f"{message} (got {got!r})"
    return message


def _pydantic_path(loc: tuple[Any, ...]) -> FieldPath:
    # Unions and validators add technical segments (e.g. 'function-after[...]'); drop them.
    return tuple(p for p in loc if isinstance(p, int) or not any(c in p for c in "[-"))


def validate(raw: Any, positions: dict[FieldPath, tuple[int, int]], path: Path | str) -> DataSet:
    """Validate parsed YAML into a DataSet, or raise DataFileError listing every problem."""
    if not isinstance(raw, dict):
        raise DataFileError(path, [f"{path}:1:1: (top level): expected a mapping with 'meta', 'sources', ..."])
    try:
        data = DataSet.model_validate(raw)
    except ValidationError as exc:
        problems = [_locate(path, positions, _pydantic_path(e["loc"]), _describe(e)) for e in exc.errors()]
        raise DataFileError(path, problems) from None
    consistency = check_consistency(data)
    if consistency:
        raise DataFileError(path, [_locate(path, positions, p, m) for p, m in consistency])
    return data


def load_dataset(path: Path | str) -> DataSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, [f"{path}: file not found"]) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, [f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})"]) from None
    raw, positions = parse_yaml(text, path)
    return validate(raw, positions, path)
