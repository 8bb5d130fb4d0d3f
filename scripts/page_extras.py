"""Per-page additions: the "facts checked on" line and the site-wide glossary abbreviations."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from scripts import formatting as fmt
from scripts.labels import label

H1 = re.compile(r"^# .+$", re.MULTILINE)


def checked_line(markdown: str, meta: dict, language: str, page: str) -> str:
    """Insert the page's "facts checked on" date (front matter `checked`) under its title."""
    checked = meta.get("checked")
    if not isinstance(checked, dt.date):
        raise ValueError(f"{page}: front matter needs 'checked: YYYY-MM-DD' (the date its facts were last checked)")
    line = (f'<p class="checked"><small>{label("checked", language)} '
            f'<time datetime="{checked.isoformat()}">{fmt.date(checked, language)}</time></small></p>')
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
