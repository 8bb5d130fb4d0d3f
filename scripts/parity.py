"""Both languages of a page have the same sections (same ids, levels and order) and the same markers.

Checked on every page before any is rendered (from `on_files`), so that all these problems come in
one round, each with its file and line; malformed markers are reported here too.

Heading ids are shared by both languages so that links and anchors work in either; a section
removed from one language is a build error, not only a test failure.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.marker_syntax import marker_problems

HEADING = re.compile(r"^(#{2,6}) (.*?)(?:\{ *#([A-Za-z0-9_-]+) *\})? *$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
MARKER = re.compile(r"<!--\s*data:(table|chart)\s+(\S+)\s*-->")


def _headings(text: str) -> list[tuple[str, int, int]]:
    """(id, level, line) of each heading outside code blocks; id is '' when the heading has none."""
    blank = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [(m.group(3) or "", len(m.group(1)), text.count("\n", 0, m.start()) + 1) for m in HEADING.finditer(blank)]


def page_problems(fr_text: str, en_text: str, fr_name: str, en_name: str) -> list[str]:
    problems = []
    fr, en = _headings(fr_text), _headings(en_text)
    for name, headings in ((fr_name, fr), (en_name, en)):
        problems += [f"{name}:{line}: heading without an explicit {{ #id }} (both languages share it)"
                     for hid, _, line in headings if not hid]
    fr_ids = {h[0]: h for h in fr if h[0]}
    en_ids = {h[0]: h for h in en if h[0]}
    for hid, (_, level, line) in fr_ids.items():
        if hid not in en_ids:
            problems.append(f"{en_name}: section {{ #{hid} }} is missing ({fr_name}:{line} has it)")
        elif en_ids[hid][1] != level:
            problems.append(f"{en_name}:{en_ids[hid][2]}: {{ #{hid} }} is a level-{en_ids[hid][1]} heading, "
                            f"level-{level} in {fr_name}:{line}")
    for hid, (_, _, line) in en_ids.items():
        if hid not in fr_ids:
            problems.append(f"{fr_name}: section {{ #{hid} }} is missing ({en_name}:{line} has it)")
    common = [h for h in fr_ids if h in en_ids]
    if not problems and common != [h for h in en_ids if h in fr_ids]:
        problems.append(f"{en_name}: sections are not in the order of {fr_name}")
    malformed = [f"{name}:{text.count(chr(10), 0, offset) + 1}: {message}"
                 for name, text in ((fr_name, fr_text), (en_name, en_text)) for offset, message in marker_problems(text)]
    problems += malformed
    if not malformed:
        problems += _marker_differences(fr_text, en_text, fr_name, en_name)
    return problems


def _marker_differences(fr_text: str, en_text: str, fr_name: str, en_name: str) -> list[str]:
    """The first place where the tables and charts of the two languages stop matching, with lines."""
    def markers(text: str) -> list[tuple[str, int]]:
        return [(f"{m.group(1)} {m.group(2)}", text.count("\n", 0, m.start()) + 1) for m in MARKER.finditer(text)]

    fr, en = markers(fr_text), markers(en_text)
    for i in range(max(len(fr), len(en))):
        a, b = (fr[i] if i < len(fr) else None), (en[i] if i < len(en) else None)
        if a and b and a[0] == b[0]:
            continue
        if a and b:
            return [f"{en_name}:{b[1]}: data:{b[0]} where {fr_name}:{a[1]} has data:{a[0]} "
                    "(both languages show the same tables and charts, in the same order)"]
        if b:
            return [f"{en_name}:{b[1]}: data:{b[0]} is not in {fr_name}"]
        return [f"{fr_name}:{a[1]}: data:{a[0]} is not in {en_name}"]
    return []


def site_problems(docs_dir: Path, src_uris: list[str]) -> list[str]:
    """Every page pair under docs_dir, given the pages' paths relative to it."""
    problems = []
    for uri in sorted(src_uris):
        if uri.endswith(".fr.md") and uri[:-6] + ".en.md" in src_uris:
            en_uri = uri[:-6] + ".en.md"
            problems += page_problems((docs_dir / uri).read_text(encoding="utf-8"),
                                      (docs_dir / en_uri).read_text(encoding="utf-8"),
                                      f"docs/{uri}", f"docs/{en_uri}")
    return problems
