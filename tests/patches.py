"""Data files written as small edits of tests/fixtures/minimal.yml (format: tests/fixtures/bad-data/README.md).

A case that is a copy of a valid file with one fault planted is a `.patch`: it names only the edit and
the messages it must cause, so a change to the model (a new required field) touches minimal.yml alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yml"
BAD_DATA = ROOT / "tests" / "fixtures" / "bad-data"

# "71:9: message" (a line of the patched file) or "@2+1:9: message" (one line below where the second
# replacement starts): relative lines survive an edit of minimal.yml above the planted fault.
LOCATION = re.compile(r"(?:(?P<line>\d+)|@(?P<pair>\d+)(?P<offset>[+-]\d+)?):(?P<rest>\d+: .*)")


@dataclass
class Patch:
    path: Path
    pairs: list[tuple[str, str]]  # (text of minimal.yml, its replacement), in the order written
    expects: list[str]  # as written, locations unresolved


def read_patch(path: Path) -> Patch:
    """Parse a .patch file strictly: every line is a comment; a directive's value is a JSON string."""
    pairs: list[list[str]] = []
    expects: list[str] = []
    previous = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        if not line.startswith("#"):
            raise ValueError(f"{where}: every line of a patch starts with '#' (got {line!r})")
        directive, _, value = line[2:].partition(": ")
        if directive == "expect":
            expects.append(value)
        elif directive in ("replace", "with"):
            try:
                text = json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: the {directive} text is not a JSON string: {error}") from None
            if not isinstance(text, str):
                raise ValueError(f"{where}: the {directive} text is not a JSON string")
            # Consecutive lines of one directive are joined, so a long edit can be written a line at a time.
            if directive == "replace" and previous != "replace":
                pairs.append(["", ""])
            elif directive == "with" and previous not in ("replace", "with"):
                raise ValueError(f"{where}: '# with:' must follow a '# replace:'")
            pairs[-1][0 if directive == "replace" else 1] += text
        elif previous == "replace":
            raise ValueError(f"{where}: '# replace:' must be followed by '# with:'")
        directive = directive if directive in ("replace", "with", "expect") else None
        previous = directive
    if previous == "replace":
        raise ValueError(f"{path.name}: the last '# replace:' has no '# with:'")
    if not pairs:
        raise ValueError(f"{path.name}: no '# replace:' line")
    return Patch(path, [(old, new) for old, new in pairs], expects)


def apply(patch: Patch, base: str | None = None) -> tuple[str, list[int]]:
    """The patched text, and the line on which each replacement starts in it.

    Each replaced text must occur exactly once in minimal.yml and the edits must not overlap, so a
    patch cannot land somewhere else than where its author looked; all are applied to the original.
    """
    base = MINIMAL.read_text(encoding="utf-8") if base is None else base
    spans = []
    for index, (old, new) in enumerate(patch.pairs, start=1):
        count = base.count(old) if old else 0
        if count != 1:
            raise ValueError(f"{patch.path.name}: replacement {index} {old!r} occurs {count} times in "
                             "minimal.yml; it must occur exactly once (add a neighbouring line)")
        if old == new:
            raise ValueError(f"{patch.path.name}: replacement {index} changes nothing")
        start = base.index(old)
        spans.append((start, start + len(old), new, index))
    pieces, starts, position = [], {}, 0
    for start, end, new, index in sorted(spans):
        if start < position:
            raise ValueError(f"{patch.path.name}: replacement {index} overlaps another one")
        pieces.append(base[position:start])
        starts[index] = "".join(pieces).count("\n") + 1
        pieces.append(new)
        position = end
    pieces.append(base[position:])
    return "".join(pieces), [starts[index] for index in range(1, len(spans) + 1)]


def expected(patch: Patch, starts: list[int]) -> list[str]:
    """The expected messages with each location made a line number of the patched file."""
    messages = []
    for expect in patch.expects:
        match = LOCATION.fullmatch(expect)
        if not match:
            raise ValueError(f"{patch.path.name}: '# expect: {expect}' does not start with LINE:COLUMN: "
                             "or @PAIR+OFFSET:COLUMN:")
        if match["line"]:
            line = int(match["line"])
        else:
            pair = int(match["pair"])
            if not 1 <= pair <= len(starts):
                raise ValueError(f"{patch.path.name}: '# expect: {expect}' names replacement {pair} of "
                                 f"{len(starts)}")
            line = starts[pair - 1] + int(match["offset"] or 0)
        messages.append(f"{line}:{match['rest']}")
    return messages


def patched(path: Path, target: Path) -> tuple[Path, list[str]]:
    """Write the patched file at `target`; return it and the messages it must cause (without the path)."""
    patch = read_patch(path)
    text, starts = apply(patch)
    target.write_text(text, encoding="utf-8")
    return target, expected(patch, starts)
