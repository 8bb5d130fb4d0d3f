"""List the facts that rest only on weak sources, so maintainers know which to source better.

`python -m scripts.weak_sources [PATH]` prints one line per fact whose every source is marked
`reliability: weak` (file:line: collection id[.field]: the weak source ids) and exits 1 when there is
any. A figure with its own `sources` is judged on them; otherwise a row is judged on its own list.
The original article is not evidence for or against a fact, so it is left out of the count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.load_data import DataFileError, format_path, parse_yaml, validate  # noqa: E402
from scripts.model import FACT_COLLECTIONS, DataSet, Reliability, SourceKind, walk_figures  # noqa: E402

DEFAULT = Path("docs/data/colossus.yml")

Path_ = tuple[str | int, ...]


def _fact_source_lists(data: DataSet) -> Iterator[tuple[Path_, str, list[str]]]:
    """(field path, row id, source ids) for every row and every figure that names its own sources."""
    for collection in FACT_COLLECTIONS:
        for i, row in enumerate(getattr(data, collection)):
            yield (collection, i), row.id, list(row.sources)
            for path, fig in walk_figures(row, (collection, i)):
                if fig.sources:
                    yield path, row.id, list(fig.sources)
            weights = getattr(row, "open_weights", None)
            if weights is not None:
                yield (collection, i, "open_weights"), row.id, list(weights.sources)


def weak_facts(data: DataSet) -> list[tuple[Path_, str, list[str]]]:
    """The facts whose sources, the original article aside, are all weak (or that have no other)."""
    sources = data.by_id("sources")
    out = []
    for path, row_id, refs in _fact_source_lists(data):
        evidence = [r for r in refs if sources[r].kind is not SourceKind.original]
        if evidence and all(sources[r].reliability is Reliability.weak for r in evidence):
            out.append((path, row_id, evidence))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    args = parser.parse_args(argv)
    try:
        raw, positions = parse_yaml(Path(args.path).read_text(encoding="utf-8"), args.path)
        data = validate(raw, positions, args.path)
    except (DataFileError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    found = weak_facts(data)
    for path, row_id, refs in found:
        probe = path
        while probe and probe not in positions:
            probe = probe[:-1]
        line = positions.get(probe, (1, 1))[0]
        field = format_path(path[2:]) if len(path) > 2 else ""
        where = f"{path[0]} {row_id}" + (f" {field}" if field else "")
        print(f"{args.path}:{line}: {where}: only weak sources ({', '.join(refs)})")
    print(f"{len(found)} fact(s) rest only on weak sources")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
