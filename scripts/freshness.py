"""List the figures presented as current whose "as of" date is older than a given age.

`python -m scripts.freshness [--months 12] [--today YYYY-MM-DD] [PATH]` prints one line per row to
re-check (file:line: collection id: as of DATE, N months old) and exits 1 when there is any, so
maintainers know what to look at again; 0 when every current figure is fresh, 2 when the file is
broken, with a usage message for bad arguments. History does not go stale and is not listed (see
`current_rows`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.load_data import DataFileError, parse_yaml, validate  # noqa: E402
from scripts.model import DataSet, months_between  # noqa: E402

DEFAULT = Path("docs/data/colossus.yml")


# A verdict still open to new evidence; the others settle a claim of the 2024 article for good.
OPEN_VERDICTS = {"disputed"}
# A cluster being built or planned is still changing, whoever runs it; another operator's finished
# cluster is a point of comparison dated by its own "as of".
CHANGING = {"partial", "under_construction", "planned"}


def current_rows(data: DataSet) -> list[tuple[str, int, str, dt.date]]:
    """(collection, index, id, as_of) of every row that describes the present state of things.

    History does not go stale: a superseded cluster stage, another operator's finished cluster,
    a model once a newer one is out, a delivered promise, a settled verdict.
    """
    superseded = {c.builds_on for c in data.clusters if c.builds_on}
    rows = [("clusters", i, c.id, c.as_of) for i, c in enumerate(data.clusters)
            if c.id not in superseded and (c.is_xai or c.status.value in CHANGING)]
    if data.models:
        newest = max(m.released for m in data.models)
        rows += [("models", i, m.id, m.as_of) for i, m in enumerate(data.models) if m.released == newest]
    rows += [("announcements", i, a.id, a.as_of) for i, a in enumerate(data.announcements) if a.delivered is None]
    rows += [("claims", i, c.id, c.as_of) for i, c in enumerate(data.claims) if c.verdict.value in OPEN_VERDICTS]
    return rows


def stale_rows(data: DataSet, today: dt.date, months: int) -> list[tuple[str, int, str, dt.date, int]]:
    out = []
    for collection, index, row_id, as_of in current_rows(data):
        age = months_between(as_of, today)
        if age > months:  # "12 months old" is not older than 12 months
            out.append((collection, index, row_id, as_of, age))
    return sorted(out, key=lambda r: (r[3], r[0], r[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help=f"data file (default: {DEFAULT})")
    parser.add_argument("--months", type=int, default=12,
                        help="a current figure older than this many whole months is stale (default 12)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), metavar="YYYY-MM-DD")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if path.is_dir():
        parser.error(f"{args.path} is a folder; give the data file, such as {DEFAULT}")
    if not path.is_file():
        parser.error(f"{args.path}: no such file; give the data file, such as {DEFAULT}")
    if args.months < 0:
        parser.error("--months must be 0 or more")
    try:
        text = path.read_text(encoding="utf-8")
        problems: list = []
        raw, positions = parse_yaml(text, args.path, problems)
        data = validate(raw, positions, args.path, problems)
    except UnicodeDecodeError as exc:
        print(f"{args.path}: not valid UTF-8 ({exc.reason} at byte {exc.start})", file=sys.stderr)
        return 2
    except DataFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    stale = stale_rows(data, args.today, args.months)
    for collection, index, row_id, as_of, age in stale:
        line = positions.get((collection, index), (1, 1))[0]
        print(f"{args.path}:{line}: {collection} {row_id}: as of {as_of}, {age} months old")
    print(f"{len(stale)} current figure(s) older than {args.months} months")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
