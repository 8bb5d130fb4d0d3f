"""What a change to the data file changes for readers: `python -m scripts.diff_data [BASE]`.

Lists every figure added, changed or removed between BASE's `docs/data/colossus.yml` (read with
`git show BASE:path`) and the working tree's: its id, old and new value, kind, sources, and the pages
that show it in each language (tables that include it, prose markers that name it, the figures
page). BASE defaults to `origin/main`, or `HEAD` when there is no `origin/main`. The output is
Markdown, so the pull-request workflow appends it to the job summary. It always exits 0: it informs a
review, it does not gate it (the tests do), and a missing BASE or a broken file is said in words.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts import formatting as fmt
from scripts.figure_ids import FigureRef, all_figures, value_marker_id
from scripts.load_data import DataFileError, parse_yaml, validate
from scripts.marker_syntax import MARKER
from scripts.model import DEFAULT_LANGUAGE, LANGUAGES, DataSet
from scripts.tables import TABLES, figure_text

DATA_PATH = "docs/data/colossus.yml"
_PAGE = re.compile(rf"^(?P<stem>.+)\.(?P<lang>{'|'.join(LANGUAGES)})\.md$")
_DATA_FIG = re.compile(r'data-fig="([a-z0-9_.-]+)"')


@dataclass(frozen=True)
class State:
    """A figure as a reviewer compares it."""

    value: str
    kind: str
    as_of: str
    sources: tuple[str, ...]

    @classmethod
    def of(cls, ref: FigureRef) -> "State":
        value = figure_text(ref.figure, "en", fmt.money_usd if ref.money else None)
        kind = (ref.figure.kind or ref.row.kind).value
        as_of = (ref.figure.as_of or ref.row.as_of).isoformat()
        return cls(value, kind, as_of, tuple(ref.figure.sources or ref.row.sources))


@dataclass(frozen=True)
class Change:
    status: str  # added, changed, removed
    id: str
    old: State | None
    new: State | None


def load_text(text: str, name: str) -> DataSet:
    """A data set from YAML text; DataFileError (with file, line and field) when it does not validate."""
    raw, positions = parse_yaml(text, name)
    return validate(raw, positions, name)


def snapshot(data: DataSet) -> dict[str, State]:
    return {ref.id: State.of(ref) for ref in all_figures(data)}


def diff(old: dict[str, State], new: dict[str, State]) -> list[Change]:
    """Added, changed and removed figures, in that order, each group by id."""
    added = [Change("added", i, None, new[i]) for i in sorted(new.keys() - old.keys())]
    changed = [Change("changed", i, old[i], new[i]) for i in sorted(old.keys() & new.keys()) if old[i] != new[i]]
    removed = [Change("removed", i, old[i], None) for i in sorted(old.keys() - new.keys())]
    return added + changed + removed


def page_url(stem: str, language: str) -> str:
    prefix = "/" if language == DEFAULT_LANGUAGE else f"/{language}/"
    return prefix if stem == "index" else f"{prefix}{stem}/"


def pages_showing(docs: Path, data: DataSet) -> dict[str, dict[str, list[str]]]:
    """figure id -> language -> the pages (site paths) whose tables, prose or figures list show it."""
    shown: dict[str, dict[str, list[str]]] = {}
    by_collection: dict[str, list[str]] = {}
    for ref in all_figures(data):
        by_collection.setdefault(ref.collection, []).append(ref.id)
    tables: dict[tuple[str, str], set[str]] = {}
    for path in sorted(docs.glob("*.md")):
        match = _PAGE.match(path.name)
        if not match:
            continue
        language, url = match["lang"], page_url(match["stem"], match["lang"])
        ids: set[str] = set()
        for marker in MARKER.finditer(path.read_text(encoding="utf-8")):
            kind, arg = marker["kind"], marker["arg"] or ""
            if kind == "table" and arg in TABLES:
                if (arg, language) not in tables:  # the figures a table really shows, with this data
                    tables[arg, language] = set(_DATA_FIG.findall(TABLES[arg](data, language)))
                ids |= tables[arg, language]
            elif kind == "value" and value_marker_id(arg):
                ids.add(value_marker_id(arg))
            elif kind == "figures":
                ids.update(by_collection.get(arg, []))
        for fid in ids:
            shown.setdefault(fid, {lang: [] for lang in LANGUAGES})[language].append(url)
    return shown


def _cell(state: State | None) -> str:
    return "—" if state is None else f"{state.value} (as of {state.as_of})"


def _either(change: Change, field: str) -> str:
    old = getattr(change.old, field) if change.old else None
    new = getattr(change.new, field) if change.new else None
    if isinstance(old, tuple) or isinstance(new, tuple):
        old, new = (", ".join(v) if v is not None else None for v in (old, new))
    if old is None or old == new:
        return new if new is not None else old
    return old if new is None else f"{old} → {new}"


def report(changes: list[Change], pages: dict[str, dict[str, list[str]]], base: str) -> str:
    counts = {s: sum(c.status == s for c in changes) for s in ("added", "changed", "removed")}
    lines = ["## What this change shows readers", "",
             f"Figures in `{DATA_PATH}`, {base} → working tree: "
             f"{counts['added']} added, {counts['changed']} changed, {counts['removed']} removed.", ""]
    if not changes:
        lines.append("No figure was added, changed or removed.")
        return "\n".join(lines) + "\n"
    lines += ["| Change | Figure | Before | After | Kind | Sources | Pages (fr) | Pages (en) |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in changes:
        where = pages.get(c.id, {})
        fr, en = (", ".join(where.get(lang, [])) or "none" for lang in LANGUAGES)
        lines.append(f"| {c.status} | `{c.id}` | {_cell(c.old)} | {_cell(c.new)} | {_either(c, 'kind')} "
                     f"| {_either(c, 'sources')} | {fr} | {en} |")
    return "\n".join(lines) + "\n"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def resolve_base(root: Path, requested: str | None) -> str | None:
    """The revision to compare with, or None when it does not exist."""
    candidates = [requested] if requested else ["origin/main", "HEAD"]
    for rev in candidates:
        if _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0:
            return rev
    return None


def run(root: Path, requested: str | None) -> str:
    """The whole report as Markdown (or the reason there is none)."""
    base = resolve_base(root, requested)
    if base is None:
        wanted = requested or "origin/main (nor HEAD)"
        return (f"No data diff: the git revision {wanted} does not exist in this repository. "
                "Give an existing branch, tag or commit, e.g. `python -m scripts.diff_data HEAD~1`.\n")
    try:
        new = load_text((root / DATA_PATH).read_text(encoding="utf-8"), DATA_PATH)
    except (OSError, DataFileError) as exc:
        return f"No data diff: the working tree's data file does not load.\n\n```\n{exc}\n```\n"
    shown = _git(root, "show", f"{base}:{DATA_PATH}")
    if shown.returncode != 0:
        old_figures: dict[str, State] = {}  # the file is new at BASE: every figure is added
        old_pages: dict[str, dict[str, list[str]]] = {}
    else:
        try:
            old = load_text(shown.stdout, f"{base}:{DATA_PATH}")
        except DataFileError as exc:
            return f"No data diff: the data file at {base} does not load.\n\n```\n{exc}\n```\n"
        old_figures, old_pages = snapshot(old), pages_showing(root / "docs", old)
    # A removed figure was shown where the base data put it; the others, where the working tree does.
    pages = {**old_pages, **pages_showing(root / "docs", new)}
    return report(diff(old_figures, snapshot(new)), pages, f"`{base}`")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m scripts.diff_data [BASE]   (BASE defaults to origin/main, else HEAD)")
        return 0
    root = Path(__file__).resolve().parent.parent
    print(run(root, args[0] if args else None), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
