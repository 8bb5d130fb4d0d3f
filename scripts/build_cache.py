"""The build's one cache: the SVG of each chart, so that `mkdocs serve` does not redraw unchanged charts.

Drawing the charts with matplotlib is the only part of the hooks' work that a cache pays for on the
real data (validating the data and rendering every page's figures costs a fraction of a second).

An entry's key covers everything the SVG comes from: the chart's inputs and a fingerprint of the
code that draws it (every module in scripts/, the word catalogues in scripts/words/, the pinned
requirements and the installed matplotlib), so an edit to any of them is never answered with a stale drawing. Entries are plain files, never
code: `<chart>-<language>.svg` and a `.json` record of its key and the SHA-256 of the SVG. The cache
folder is outside our control (anyone can write there), so an entry is used only when its record
matches the key asked for and the SVG's bytes, and the SVG holds nothing that could run or fetch
(scripts, event attributes, `javascript:`, links out of the SVG); otherwise it is drawn again.

The folder is `$COLOSSUS_CACHE_DIR/charts/`, by default `.cache/charts/` at the project root;
deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REQUIREMENTS = SCRIPTS.parent / "requirements.txt"
CACHE_ENV = "COLOSSUS_CACHE_DIR"


def cache_root() -> Path:
    """Where the build keeps its cache: $COLOSSUS_CACHE_DIR, or .cache/ at the project root."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else SCRIPTS.parent / ".cache"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code that shapes the output: our modules and the pinned library versions."""
    digest = hashlib.sha256()
    code = sorted(SCRIPTS.glob("*.py")) + sorted(SCRIPTS.glob("words/*.yml"))  # the words are part of the code
    for path in code + ([REQUIREMENTS] if REQUIREMENTS.exists() else []):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()


# What an inline SVG from the cache may never hold: it lands in the page as markup, unescaped.
UNSAFE_SVG = re.compile(
    r"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript\s*:"
    r"|(?:xlink:)?href\s*=\s*(?:\"(?!#)|'(?!#)|[^\s\"'#>])",
    re.IGNORECASE)


def unsafe_svg(svg: str) -> bool:
    return not svg.startswith("<svg") or UNSAFE_SVG.search(svg) is not None


def _slot(name: str) -> str:
    """A file-name-safe label for an entry (one entry per chart and language: a new key replaces it)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "entry"


class SvgCache:
    """Verified SVG entries in a folder; `folder=None` keeps nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.refused: list[str] = []  # entries found but not trusted (record, bytes or content wrong)

    def _paths(self, slot: str) -> tuple[Path, Path]:
        base = self.folder / _slot(slot)
        return base.with_name(base.name + ".svg"), base.with_name(base.name + ".json")

    def get(self, slot: str, key: str) -> str | None:
        if self.folder is None:
            return None
        svg_path, record_path = self._paths(slot)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            payload = svg_path.read_bytes()
        except (OSError, ValueError):
            return None  # no entry, or an unreadable one: drawn again
        if not isinstance(record, dict) or record.get("key") != key:
            return None  # an entry for other inputs or other code: stale, not suspicious
        try:
            svg = payload.decode("utf-8")
        except UnicodeDecodeError:
            svg = None
        if svg is None or record.get("sha256") != hashlib.sha256(payload).hexdigest() or unsafe_svg(svg):
            self.refused.append(slot)
            return None
        self.hits += 1
        return svg

    def put(self, slot: str, key: str, svg: str) -> None:
        if self.folder is None:
            return
        payload = svg.encode("utf-8")
        record = json.dumps({"key": key, "sha256": hashlib.sha256(payload).hexdigest()}, sort_keys=True)
        svg_path, record_path = self._paths(slot)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Each file written aside, then renamed; the record last, so that a build stopped half-way
            # leaves at worst a record that does not match its SVG, which is refused.
            for path, data in ((svg_path, payload), (record_path, record.encode("utf-8"))):
                aside = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                aside.write_bytes(data)
                os.replace(aside, path)
        except OSError:
            pass  # a read-only folder still builds, only without the speed-up
