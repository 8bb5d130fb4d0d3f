"""The prose of a built page, as a reader reads it: what the explainer tests measure.

Tables, charts, folded source lists, tag keys, citation numbers, the "facts checked" line and
the theme's chrome are left out: they are generated, not written.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

# Generated blocks and captions: a table's caption, key and source list, a chart, citation marks.
NOT_PROSE = ", ".join([
    ".data-table", "figure", "svg", "table", "details.table-sources-box", "details.kind-legend",
    "sup.cite", "p.checked", "a.headerlink", ".md-source-file", "script", "style", ".kind", "ol.source-list",
    "ol.table-sources", ".page-sources",
])
SENTENCE_END = re.compile(r"(?<=[.!?…])[\s\u00a0]+(?=[«“\"(A-ZÀ-ÖØ-Þ0-9])")
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿŒœ'’\-]+")
MIN_WORDS = 12


def article(html: str) -> BeautifulSoup | None:
    soup = BeautifulSoup(html, "lxml")
    main = soup.select_one("article.md-content__inner")
    if main is None:
        return None
    for node in main.select(NOT_PROSE):
        node.decompose()
    return main


def blocks(html: str) -> list[str]:
    """The text of each paragraph, list item, quotation and heading of a page's article."""
    main = article(html)
    if main is None:
        return []
    out = []
    for node in main.find_all(["p", "li", "blockquote", "dd", "dt", "h1", "h2", "h3", "h4"]):
        if node.find(["p", "li"]):  # a container: its children are counted on their own
            continue
        text = " ".join(node.get_text(" ").split())
        if text:
            out.append(text)
    return out


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(html: str) -> list[str]:
    """Sentences of MIN_WORDS words or more, normalised (case, spacing, quotes) for comparison."""
    found = []
    for block in blocks(html):
        for sentence in SENTENCE_END.split(block):
            if len(words(sentence)) >= MIN_WORDS:
                norm = " ".join(w.lower().replace("’", "'") for w in words(sentence))
                found.append(norm)
    return found


def word_count(html: str) -> int:
    """Prose words on the page, without headings or folded blocks (read only by who opens them)."""
    main = article(html)
    if main is None:
        return 0
    for node in main.find_all(["h1", "h2", "h3", "h4", "details"]):
        node.decompose()
    return len(words(main.get_text(" ")))


def language_pages(site: Path) -> dict[str, dict[str, Path]]:
    """{language: {page name: index.html}} for the built site, 404 pages left out."""
    pages: dict[str, dict[str, Path]] = {"fr": {}, "en": {}}
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parts[:-1]
        language = "en" if rel[:1] == ("en",) else "fr"
        name = "/".join(rel[1:] if language == "en" else rel) or "index"
        pages[language][name] = path
    return pages
