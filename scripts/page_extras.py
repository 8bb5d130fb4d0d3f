"""Per-page additions: the "facts checked on" line with the reading time, and the glossary abbreviations."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

from scripts import formatting as fmt
from scripts.labels import label

H1 = re.compile(r"^# .+$", re.MULTILINE)


WORDS_PER_MINUTE = 200  # a common figure for reading on screen; the same for both languages
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_NOT_READ = [
    re.compile(r"<!--.*?-->", re.S),  # markers not yet replaced, comments
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\{[^}]*\}"),  # heading ids and attribute lists
    re.compile(r"<[^>]+>"),  # HTML tags (their text stays)
    re.compile(r"https?://\S+"),
    re.compile(r"DATAMARKER\d+END"),  # a table or chart: looked at, not read
]


def prose_words(markdown: str, inline_values: list[str] = ()) -> int:
    """The words a reader reads in a page's Markdown: inline values counted, tables and charts not."""
    text = markdown
    for n, value in enumerate(inline_values):
        text = text.replace(f"DATAMARKER{n}END", f" {value} ")
    for pattern in _NOT_READ:
        text = pattern.sub(" ", text)
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def checked_line(markdown: str, meta: dict, language: str, page: str, minutes: int | None = None) -> str:
    """Insert under the page's title its "facts checked on" date (front matter `checked`) and reading time."""
    checked = meta.get("checked")
    if not isinstance(checked, dt.date):
        raise ValueError(f"{page}: front matter needs 'checked: YYYY-MM-DD' (the date its facts were last checked)")
    reading = ""
    if minutes is not None:
        # « Lecture : 4 min » in French, "4 min read" in English.
        words = label("reading_time", language, minutes=fmt.number(minutes, language))
        reading = f' · <span class="reading-time">{words}</span>'
    line = (f'<p class="checked"><small>{label("checked", language)} '
            f'<time datetime="{checked.isoformat()}">{fmt.date(checked, language)}</time>{reading}</small></p>')
    match = H1.search(markdown)
    if not match:
        raise ValueError(f"{page}: the page needs a '# Title' heading")
    return markdown[: match.end()] + "\n\n" + line + "\n" + markdown[match.end():]


def abbreviations(docs_dir: Path, language: str) -> str:
    """The glossary's abbreviations (`*[GPU]: ...`), appended so every page explains them on hover."""
    path = docs_dir / "overrides" / "abbreviations" / f"{language}.md"
    if not path.exists():
        return ""
    # One block per definition: given as one block, Markdown takes a definition off its front and
    # tests the rest again, which made the abbreviations a third of the time spent on each page.
    definitions = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n" + "\n\n".join(definitions)


def front_matter_lines(source: str, markdown: str) -> int:
    """How many lines of the source file come before the Markdown MkDocs hands to hooks."""
    body = markdown.lstrip()
    start = source.find(body[:200]) if body else -1
    if start <= 0:
        return 0
    # MkDocs may keep blank lines from after the front matter: they belong to `markdown` already.
    leading_newlines = markdown[: len(markdown) - len(body)].count("\n")
    return source.count("\n", 0, start) - leading_newlines
