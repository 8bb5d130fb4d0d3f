"""List the figures presented as current whose "as of" date is older than a given age.

`python -m scripts.freshness [--months 12] [--today YYYY-MM-DD] [PATH]` prints one line per row to
re-check (file:line: collection id: as of DATE, N months old) and exits 1 when there is any, so
maintainers know what to look at again. Historical rows (a past funding round, a superseded
cluster stage, a delivered promise) do not go stale and are not listed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.formatting import months_between  # noqa: E402
from scripts.load_data import DataFileError, parse_yaml, validate  # noqa: E402
from scripts.model import DataSet  # noqa: E402

DEFAULT = Path("docs/data/colossus.yml")


def current_rows(data: DataSet) -> list[tuple[str, int, str, dt.date]]:
    """(collection, index, id, as_of) of every row that describes the present state of things."""
    superseded = {c.builds_on for c in data.clusters if c.builds_on}
    rows = [("clusters", i, c.id, c.as_of) for i, c in enumerate(data.clusters) if c.id not in superseded]
    rows += [("models", i, m.id, m.as_of) for i, m in enumerate(data.models)]
    rows += [("announcements", i, a.id, a.as_of) for i, a in enumerate(data.announcements) if a.delivered is None]
    rows += [("claims", i, c.id, c.as_of) for i, c in enumerate(data.claims)]
    return rows


def stale_rows(data: DataSet, today: dt.date, months: int) -> list[tuple[str, int, str, dt.date, int]]:
    out = []
    for collection, index, row_id, as_of in current_rows(data):
        age = months_between(as_of, today)
        if age >= months:
            out.append((collection, index, row_id, as_of, age))
    return sorted(out, key=lambda r: (r[3], r[0], r[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--months", type=int, default=12, help="age in months that makes a row stale (default 12)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    try:
        raw, positions = parse_yaml(Path(args.path).read_text(encoding="utf-8"), args.path)
        data = validate(raw, positions, args.path)
    except (DataFileError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    stale = stale_rows(data, args.today, args.months)
    for collection, index, row_id, as_of, age in stale:
        line = positions.get((collection, index), (1, 1))[0]
        print(f"{args.path}:{line}: {collection} {row_id}: as of {as_of}, {age} months old")
    print(f"{len(stale)} row(s) older than {args.months} months among the figures presented as current")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
