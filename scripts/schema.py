"""Generate docs/data/schema.json from the models, so editors can complete and check the data file.

`python -m scripts.schema` rewrites it when it changed; `--check` exits 1 when it is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.model import DataSet  # noqa: E402

SCHEMA_PATH = ROOT / "docs" / "data" / "schema.json"


def schema_text() -> str:
    schema = DataSet.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Colossus, Grok and xAI: the site's data file"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed schema is out of date")
    args = parser.parse_args(argv)
    expected = schema_text()
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    if current == expected:
        print(f"{SCHEMA_PATH.relative_to(ROOT)} is up to date")
        return 0
    if args.check:
        print(f"{SCHEMA_PATH.relative_to(ROOT)} is out of date: run `python -m scripts.schema`", file=sys.stderr)
        return 1
    SCHEMA_PATH.write_text(expected, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
