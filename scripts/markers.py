"""Replace `<!-- data:KIND ARG -->` markers in a page's Markdown with generated HTML.

Markers are HTML comments, so they stay invisible in a GitHub preview. An unknown marker, or a
marker naming something the data does not have, is an error naming the page and the line.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from html import escape
from typing import Callable

from scripts import derived
from scripts import formatting as fmt
from scripts.correction_links import LinkContext
from scripts.figure_ids import figure_id
from scripts.figures_page import render_figures
from scripts.labels import label
from scripts.marker_syntax import marker_problems
from scripts.model import Cluster, DataSet, Event, FigureDetail, PartialDate, StatementKind, Text, localized
from scripts.tables import (TABLES, Citations, cluster_peak_eflops, cluster_total_gpus, figure_text, kind_tag,
                            page_citations, rich)

MARKER = re.compile(r"<!--\s*data:(?P<kind>[A-Za-z0-9_-]+)(?:\s+(?P<arg>[^\s]+?))?\s*-->")


class MarkerError(Exception):
    def __init__(self, page: str, line: int, message: str):
        self.page, self.line = page, line
        super().__init__(f"{page}:{line}: {message}")


# Fields holding a Name: shown in the page's language, without citations (a name is not a claim).
NAMES = ("name", "operator", "who")


def inline_cite(ids: list[str], cites: Citations) -> str:
    """A figure's citation in prose: numbers into the page's source list, like the tables'."""
    return cites.cite(ids)


def resolve_value(path: str, data: DataSet, language: str, cites: Citations | None = None) -> str:
    """'clusters/colossus-1-2025-02/total_gpus' -> '200 000' with its source, formatted for the language.

    Paths are collection/id/field: figures, dates and texts of any row (a text is given in the
    page's language), plus computed cluster fields (total_gpus, peak_eflops, gpus/<chip>).
    """
    cites = cites or page_citations(data, language)
    parts = path.split("/")
    if parts[0] == "derived":
        return _derived(parts[1:], data, language, cites)
    if parts[0] == "meta" and len(parts) == 2 and parts[1] in ("last_checked", "coverage"):
        value = getattr(data.meta, parts[1])
        return fmt.date(value, language) if parts[1] == "last_checked" else rich(value[language])
    collections = ("chips", "clusters", "models", "funding", "events", "announcements", "claims", "yardsticks")
    if len(parts) < 3 or parts[0] not in collections:
        raise KeyError(f"expected collection/id/field with a collection among {', '.join(collections)}; got '{path}'")
    collection, row_id, field, *rest = parts
    rows = data.by_id(collection)
    if row_id not in rows:
        raise KeyError(f"no {collection} row with id '{row_id}'")
    row = rows[row_id]
    sources = getattr(row, "sources", [])
    if isinstance(row, Cluster) and field == "total_gpus" and not rest:
        return fmt.number(cluster_total_gpus(row), language) + inline_cite(sources, cites)
    if isinstance(row, Cluster) and field == "peak_eflops" and not rest:
        return fmt.number(cluster_peak_eflops(row, data.by_id("chips")), language, digits=1)
    if isinstance(row, Cluster) and field == "gpus" and len(rest) == 1:
        for g in row.gpus:
            if g.chip == rest[0]:
                return _figure_inline(g.count, sources, cites, language, row_kind=row.kind,
                                      fig_id=figure_id(row, g.count))
        raise KeyError(f"cluster '{row_id}' lists no chip '{rest[0]}'")
    if isinstance(row, Event) and field == "dated" and not rest:
        # An event told in a narrative carries its date: « Le 5 juin 2024 : … », "In July 2024: …".
        # The date is part of this one inline value, not a value of its own.
        when = resolve_value(f"events/{row_id}/date", data, language).replace(' class="data-value"', "", 1)
        to_the_day = row.date.precision == "day"
        lead = (label("event.dated.day", language, date=when) if to_the_day
                else label("event.dated.period", language, date=when))
        return f"{lead} " + rich(row.text[language]) + inline_cite(sources, cites)
    if rest or field not in type(row).model_fields:
        raise KeyError(f"{collection} rows have no field '{'/'.join([field, *rest])}'")
    value = getattr(row, field)
    if value is None:
        raise KeyError(f"{collection} '{row_id}' has no value for '{field}'")
    if isinstance(value, FigureDetail):
        show = fmt.money_usd if field.endswith("_usd") else None
        return _figure_inline(value, sources, cites, language, show, row_kind=getattr(row, "kind", None),
                              fig_id=figure_id(row, value))
    if isinstance(value, (dt.date, PartialDate)):
        return f'<time class="data-value" datetime="{value.isoformat()}">{fmt.date(value, language)}</time>'
    if isinstance(value, Enum):  # a verdict, a status...: the reader's word for it, in the page's language
        return label(f"{field}.{value.value}", language)
    if isinstance(value, Text) and field in NAMES:
        return rich(value[language])
    if isinstance(value, Text):
        return rich(value[language]) + inline_cite(sources, cites)
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt.number(value, language) + inline_cite(sources, cites)
    raise KeyError(f"field '{field}' of {collection} cannot be shown inline")


DERIVED = {"homes": derived.homes_text, "homes-arithmetic": derived.homes_arithmetic}


def _derived(parts: list[str], data: DataSet, language: str, cites: Citations) -> str:
    """derived/homes/<cluster>, derived/homes-arithmetic/<cluster>, derived/delay/<announcement>."""
    if len(parts) == 2 and parts[0] == "delay":
        announcements = data.by_id("announcements")
        if parts[1] not in announcements:
            raise KeyError(f"no announcements row with id '{parts[1]}'")
        return escape(derived.delay_text(announcements[parts[1]], language))
    if len(parts) == 2 and parts[0] in DERIVED:
        # The computed figure cites the sources of both its inputs: the cluster's power and the yardstick.
        cluster = data.by_id("clusters").get(parts[1])
        text = DERIVED[parts[0]](parts[1], data, language)
        ids = list(dict.fromkeys((cluster.power_mw.sources or cluster.sources)
                                 + data.by_id("yardsticks")[derived.HOME_YARDSTICK].sources))
        return f'<span class="fig computed">{text}</span>' + inline_cite(ids, cites)
    raise KeyError(f"expected derived/delay/<announcement>, derived/homes/<cluster> or "
                   f"derived/homes-arithmetic/<cluster>; got 'derived/{'/'.join(parts)}'")


def _figure_inline(fig: FigureDetail, row_sources: list[str], cites: Citations, language: str,
                   show: Callable[[float, str], str] | None = None, row_kind: StatementKind | None = None,
                   fig_id: str = "") -> str:
    """A figure in a sentence; a claim keeps its tag there too, whatever the sentence says."""
    text = figure_text(fig, language, show)
    kind = fig.kind or row_kind
    tag = kind_tag(kind, language) if kind is StatementKind.claim else ""
    return (f'<span class="fig" data-fig="{fig_id}">{text}</span>{tag}'
            + inline_cite(fig.sources or row_sources, cites))


def render_markers(markdown: str, data: DataSet, language: str, page: str,
                   charts: Callable[[str, DataSet, str], str] | None = None, line_offset: int = 0,
                   stash: list[str] | None = None, links: LinkContext | None = None) -> str:
    """Replace every marker; raise MarkerError on the first unknown one.

    line_offset is the number of source lines (front matter) before `markdown` starts. With a
    `stash` list, each rendered block goes there and the Markdown gets a short placeholder instead
    (see `unstash`), so Markdown does not have to scan large HTML tables. `links` (the repository and
    the page's address) is needed by the figures page, whose rows link to the correction form.
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
            stash.append(replace(match))
            return f"DATAMARKER{len(stash) - 1}END{match['unit'] or ''}"
        value, unit, trailer = value_parts(match)
        stash.append(value)
        placeholder = f"DATAMARKER{len(stash) - 1}END{unit}"
        if trailer:
            # The unit stays in the Markdown, where the glossary's abbreviations reach it; a word
            # joiner keeps it a word of its own for them, and goes when the trailer is put back.
            stash.append(trailer)
            placeholder += f"\u2060DATAMARKER{len(stash) - 1}END"
        return placeholder

    text = WITH_UNIT.sub(stashed, markdown)
    if cites.order:  # the page's source list, at its end, as a block of its own
        stash.append(cites.page_list())
        text += f"\n\nDATAMARKER{len(stash) - 1}END\n"
    return text


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


# A plain word, which Markdown leaves alone wherever it stands (an HTML comment at the start of a
# line would open a raw HTML block and swallow what follows it on that line).
BLOCK_PLACEHOLDER = re.compile(r"<p>DATAMARKER(\d+)END</p>")
# A trailer put after a unit is glued to it by a word joiner (see render_markers), which goes too.
PLACEHOLDER = re.compile("\u2060?DATAMARKER(\\d+)END")
ANY_PLACEHOLDER = re.compile(rf"{BLOCK_PLACEHOLDER.pattern}|{PLACEHOLDER.pattern}")


def unstash(html: str, stash: list[str], standins: bool = False) -> str:
    """Put the rendered blocks back in place of their placeholders, in the page's HTML.

    With `standins`, a table or chart goes back as a plain paragraph of its text only, marked for
    `swap_standins`: the search plugin then indexes the words without parsing thousands of tags.
    """
    def block(match: re.Match[str]) -> str:
        if match.group(1) is None:  # an inline value
            return stash[int(match.group(2))]
        n = int(match.group(1))  # a table alone in its paragraph
        return f'<p data-standin="{n}">{plain_text(stash[n])}</p>' if standins else stash[n]

    # One pass: what goes back in (data text included) is never searched for placeholders again.
    return ANY_PLACEHOLDER.sub(block, html)


STANDIN = re.compile(r'<p data-standin="(\d+)">.*?</p>', re.S)
# Drawings, source lists, citation numbers ("[3, 4]") and correction pencils are not words a reader
# searches for.
_NOT_SEARCHED = re.compile(r'<(svg|details class="table-sources-box"|details class="kind-legend")\b.*?</(svg|details)>'
                           r'|<sup class="cite">.*?</sup>|<section class="page-sources".*?</section>'
                           r'|<a class="fig-fix".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def plain_text(block: str) -> str:
    """The words of a rendered block, still HTML-escaped, without tags, drawings or citation lists."""
    return " ".join(_TAG.sub(" ", _NOT_SEARCHED.sub(" ", block)).split())


def swap_standins(html: str, stash: list[str]) -> str:
    """Replace each stand-in paragraph with the full block it stands for."""
    return STANDIN.sub(lambda m: stash[int(m.group(1))], html)
