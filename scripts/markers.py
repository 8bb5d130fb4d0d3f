"""Replace `<!-- data:KIND ARG -->` markers in a page's Markdown with generated HTML: the dispatch.

Markers are HTML comments, so they stay invisible in a GitHub preview. This module finds them
(their grammar is scripts/marker_syntax.py), hands each to its renderer (tables, charts, inline
values, the figures page) and reports what goes wrong with the page and the line: an unknown marker,
or a marker naming something the data does not have.
"""

from __future__ import annotations

import re
from typing import Callable

from scripts.correction_links import LinkContext
from scripts.figures_page import render_figures
from scripts.html_stash import stash as stash_block
from scripts.inline_values import resolve_value
from scripts.marker_syntax import MARKER, marker_problems
from scripts.model import DataSet
from scripts.tables import TABLES, page_citations


class MarkerError(Exception):
    def __init__(self, page: str, line: int, message: str):
        self.page, self.line = page, line
        super().__init__(f"{page}:{line}: {message}")


def render_markers(markdown: str, data: DataSet, language: str, page: str,
                   charts: Callable[[str, DataSet, str], str] | None = None, line_offset: int = 0,
                   stash: list[str] | None = None, links: LinkContext | None = None) -> str:
    """Replace every marker; raise MarkerError on the first unknown one.

    line_offset is the number of source lines (front matter) before `markdown` starts. With a
    `stash` list, each rendered block goes there and the Markdown gets a short placeholder instead
    (scripts/html_stash.py), so Markdown does not have to scan large HTML tables. `links` (the
    repository and the page's address) is needed by the figures page, whose rows link to the
    correction form.
    """

    def fail(match: re.Match[str], message: str) -> MarkerError:
        # Counted only on failure: counting lines for every marker made long pages quadratic.
        line = line_offset + markdown.count("\n", 0, match.start()) + 1
        return MarkerError(page, line, message)

    for offset, message in marker_problems(markdown)[:1]:  # a near miss would vanish from the page
        raise MarkerError(page, line_offset + markdown.count("\n", 0, offset) + 1, message)
    cites = page_citations(data, language)  # one numbering for the whole page, prose and tables

    def replace(match: re.Match[str]) -> str:
        kind, arg = match["kind"], match["arg"]
        if kind == "table":
            if arg not in TABLES:
                raise fail(match, f"unknown table '{arg}' in marker; expected one of "
                           f"{', '.join(sorted(TABLES))}")
            return TABLES[arg](data, language, cites)
        if kind == "chart":
            if charts is None:
                raise fail(match, "charts are not available in this build")
            try:
                return charts(arg or "", data, language)
            except KeyError as exc:
                raise fail(match, str(exc.args[0])) from None
        if kind == "value":
            return "".join(value_parts(match))
        if kind == "figures":  # the figures page (scripts/figures_page.py)
            if links is None:
                raise fail(match, "the figures page is not available in this build (no repository or page address)")
            try:
                return render_figures(arg or "", data, language, links)
            except KeyError as exc:
                raise fail(match, f"data:figures {arg}: {exc.args[0]}") from None
        raise fail(match, f"unknown marker 'data:{kind}'; expected data:table, data:chart, data:value or data:figures")

    def value_parts(match: re.Match[str]) -> tuple[str, str, str]:
        """(the value, the words after it, its tag and citation): a unit written right after a number
        ("<!-- data:value ... --> MW") comes before the tag and citation, never after them."""
        try:
            value = resolve_value(match["arg"] or "", data, language, cites)
        except KeyError as exc:
            raise fail(match, f"data:value {match['arg']}: {exc.args[0]}") from None
        value, trailer = split_trailer(value, bool(match["unit"]))
        # One wrapper per inline value, so a check can count that none was lost on the way.
        value = value if value.startswith("<time") else f'<span class="data-value">{value}</span>'
        return value, match["unit"] or "", trailer

    if stash is None:
        text = WITH_UNIT.sub(lambda m: "".join(value_parts(m)) if m["kind"] == "value"
                             else replace(m) + (m["unit"] or ""), markdown)
        return text + ("\n\n" + cites.page_list() + "\n" if cites.order else "")

    def stashed(match: re.Match[str]) -> str:
        if match["kind"] != "value":
            return stash_block(stash, replace(match)) + (match["unit"] or "")
        value, unit, trailer = value_parts(match)
        placeholder = stash_block(stash, value) + unit
        if trailer:
            # The unit stays in the Markdown, where the glossary's abbreviations reach it; a word
            # joiner keeps it a word of its own for them, and goes when the trailer is put back.
            placeholder += stash_block(stash, trailer, glued=True)
        return placeholder

    text = WITH_UNIT.sub(stashed, markdown)
    if cites.order:  # the page's source list, at its end, as a block of its own
        text += f"\n\n{stash_block(stash, cites.page_list())}\n"
    return text


# The words that may follow a value marker as its unit ("MW", "GPU", "téraflops").
_UNIT_WORD = (r"(?:[A-Z0-9][A-Za-z0-9/%+-]*|%|teraflops|téraflops|exaflops|petaflops|pétaflops|puces|chips"
              r"|mégawatts|megawatts|gigawatts)(?![\w'’])")
WITH_UNIT = re.compile(MARKER.pattern + rf"(?P<unit>(?:[ \u00a0\u202f]{_UNIT_WORD}){{1,3}})?")
_TRAILER = re.compile(r' <span class="kind|<sup class="cite">')
_TAGS = re.compile(r"<[^>]+>")


def split_trailer(value: str, unit_follows: bool) -> tuple[str, str]:
    """A number's text, and its tag and citation when a unit follows it; otherwise (value, "")."""
    trailer = _TRAILER.search(value)
    if not unit_follows or trailer is None:
        return value, ""
    figure = value[:trailer.start()]
    if not _TAGS.sub("", figure).rstrip()[-1:].isdigit():
        return value, ""
    return figure, value[trailer.start():]
