"""The figures page: every figure of one collection, with its id, value, kind, date, sources, history,
a citation ready to copy and its correction link. Data, a language and the page's address in, HTML out.

Each row's id is the figure's id, so `/figures/#clusters.colossus-1-2024-09.power_mw` (or
`/en/figures/#...`) is the permanent link to one figure.
"""

from __future__ import annotations

from html import escape

from scripts import formatting as fmt
from scripts.correction_links import LinkContext, correction_link, value_text
from scripts.figure_ids import FigureRef, all_figures, describe
from scripts.labels import label
from scripts.model import FIGURE_COLLECTIONS, Correction, DataSet, Text, localized
from scripts.tables import capped, weak_only, unconfirmed_tag

# A figures row weighs about 130 bytes gzipped (its correction link and citation repeat long URLs):
# four collections of this many rows keep the page within its 120 KiB first-visit budget.
MAX_FIGURES_PER_COLLECTION = 75


def history(ref: FigureRef, data: DataSet, language: str) -> str:
    """Past values from the corrections log (entries whose `figure` is this one), oldest first."""
    entries = sorted((c for c in data.corrections if c.figure == ref.id), key=lambda c: (c.date, c.id))
    if not entries:
        return label("none", language)
    return "<br>".join(_history_entry(c, language) for c in entries)


def _history_entry(c: Correction, language: str) -> str:
    change = (f"{escape(localized(c.old, language) or label('none', language))} → "
              f"{escape(localized(c.new, language) or label('none', language))}")
    return (f'<a href="../corrections/#correction-{escape(c.id)}">{fmt.date(c.date, language)}</a>'
            f"{label('colon', language)} {change}")


def citation(ref: FigureRef, data: DataSet, language: str, ctx: LinkContext) -> str:
    """The figure cited as a reference, in the page's language (plain text, HTML-escaped)."""
    kind = ref.figure.kind or ref.row.kind
    as_of = ref.figure.as_of or ref.row.as_of
    what = (f"{describe(ref, data, language)}{label('colon', language)} {value_text(ref, language)} "
            f"({label(f'kind.{kind.value}', language)}, {label('figures.as_of_short', language)} {fmt.date(as_of, language)})")
    quoted = label("quoted", language, text=what)
    return escape(f"{label('site_name', language)}, {quoted}, {label('figure', language).lower()} {ref.id}, "
                  f"{ctx.page_url}#{ref.id}, {label('checked', language).lower()} "
                  f"{fmt.date(data.meta.last_checked, language)}.")


def _name_attr(name) -> str:
    return "" if isinstance(name, Text) else ' translate="no"'


def _sources(ids: list[str], data: DataSet, language: str) -> str:
    sources = data.by_id("sources")
    # A proper name is marked translate="no", as in the tables' source lists.
    links = [f'<a class="fig-source" href="../sources/#src-{escape(i)}"{_name_attr(sources[i].publisher)}>'
             f'{escape(localized(sources[i].publisher, language))}</a>' for i in ids]
    tag = unconfirmed_tag(language) if weak_only(ids, sources) else ""
    return "<br>".join(links) + tag


def render_figures(collection: str, data: DataSet, language: str, ctx: LinkContext) -> str:
    """The table of one collection's figures; KeyError when the collection has no figures."""
    if collection not in FIGURE_COLLECTIONS:
        raise KeyError(f"unknown collection '{collection}'; expected one of {', '.join(FIGURE_COLLECTIONS)}")
    refs, cap_note = capped([r for r in all_figures(data) if r.collection == collection], language,
                           MAX_FIGURES_PER_COLLECTION)
    names = [label(k, language) for k in ("figure", "value", "figures.kind", "figures.as_of", "sources",
                                          "figures.history", "figures.cite", "figures.fix")]
    rows = []
    for ref in refs:
        fig, row = ref.figure, ref.row
        kind = fig.kind or row.kind
        cells = (value_text(ref, language), label(f"kind.{kind.value}", language),
                 fmt.date(fig.as_of or row.as_of, language), _sources(fig.sources or row.sources, data, language),
                 history(ref, data, language),
                 f'<small class="fig-citation">{citation(ref, data, language, ctx)}</small>',
                 correction_link(ref, data, language, ctx))
        # data-label: on a phone each row is a card of "label: value" lines (site.css), as in tables.py.
        tds = "".join(f'<td data-label="{escape(name)}">{cell}</td>' for name, cell in zip(names[1:], cells))
        rows.append(f'<tr id="{ref.id}"><th scope="row"><a href="#{ref.id}"><code>{ref.id}</code></a><br>'
                    f'<small>{escape(describe(ref, data, language))}</small></th>{tds}</tr>')
    headers = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
    table_id = f"figures-{collection}"
    caption = f"{label('figures.caption', language)} ({label(f'figures.{collection}', language)})"
    notes = "".join(f'<p class="table-note">{n}</p>' for n in cap_note)
    return (f'<div class="data-table figures-table" id="{table_id}">'
            f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">'
            f'<table class="data"><caption id="{table_id}-caption">{escape(caption)}</caption>'
            f'<thead><tr>{headers}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{notes}</div>')
