"""Check the data file the way the build does, for contributors: `python -m scripts.check_data`.

Exit 0 and a one-line summary when the file is valid; exit 1 with one line per problem
(file:line:column: field.path: what was expected) when it is not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.load_data import DataFileError, load_dataset  # noqa: E402
from scripts.model import COLLECTIONS  # noqa: E402
from scripts.verdicts import verdict_problems  # noqa: E402

DEFAULT = Path("docs/data/colossus.yml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help=f"data file (default: {DEFAULT})")
    args = parser.parse_args(argv)
    try:
        data = load_dataset(args.path)
    except DataFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = verdict_problems(data)
    if problems:
        print("\n".join(f"{args.path}: {p}" for p in problems), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(getattr(data, name))} {name}" for name in COLLECTIONS)
    print(f"{args.path}: valid ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
