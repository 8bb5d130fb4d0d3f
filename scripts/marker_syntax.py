"""The grammar of markers: what a marker is, and every HTML comment that starts with `data` is one.

Kept apart from the dispatch (scripts/markers.py) because the pre-build check of both languages
(scripts/parity.py) and the data diff read markers too, without rendering anything.

A near miss (`<!-- data: table models -->`, an extra word, a broken close) used to match nothing
and vanish from the page, or show its text. The build placeholders (`DATAMARKER…END`,
scripts/html_stash.py) are the build's own words: a page that contains one could make the build put
a table in its place.
"""

from __future__ import annotations

import re

from scripts.html_stash import TOKEN

# A marker: `<!-- data:KIND -->` or `<!-- data:KIND ARG -->`.
MARKER = re.compile(r"<!--\s*data:(?P<kind>[A-Za-z0-9_-]+)(?:\s+(?P<arg>[^\s]+?))?\s*-->")
# The one accepted form: a kind, at most one name, nothing else (what MARKER reads, strictly).
WELL_FORMED = re.compile(r"<!--[ \t]*data:[A-Za-z0-9_-]+(?:[ \t]+[^\s<>]+)?[ \t]*-->")
CANDIDATE = re.compile(r"<!--\s*data", re.I)
RESERVED = re.compile(TOKEN, re.I)
EXPECTED = ("expected <!-- data:table NAME -->, <!-- data:chart NAME -->, <!-- data:value PATH --> or "
            "<!-- data:figures COLLECTION -->, "
            "with no space after 'data:' and one name")


def marker_problems(markdown: str) -> list[tuple[int, str]]:
    """(offset, message) for each malformed marker and each use of the reserved placeholder word."""
    problems = []
    for match in CANDIDATE.finditer(markdown):
        if not WELL_FORMED.match(markdown, match.start()):
            end = markdown.find("-->", match.start())
            line_end = markdown.find("\n", match.start())
            stop = min(x for x in (end + 3 if end >= 0 else len(markdown), line_end, len(markdown)) if x >= 0)
            shown = markdown[match.start():min(stop, match.start() + 80)]
            problems.append((match.start(), f"malformed marker '{shown}'; {EXPECTED}"))
    for match in RESERVED.finditer(markdown):
        problems.append((match.start(), f"the word '{TOKEN}' is reserved for the build's placeholders; "
                                        "reword the text"))
    return sorted(problems)
