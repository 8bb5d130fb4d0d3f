"""Data plus a language in, an accessible HTML table out. Pure and deterministic.

Every figure cites its source(s) with a numbered link to the list under the table, says what
kind of statement it is (a claim is never shown as a measurement), and all text from the data
file is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape, unescape
from typing import Callable, Iterable

from scripts import formatting as fmt
from scripts.derived import delay_text
from scripts.figure_ids import figure_id, fix_slot
from scripts.labels import label
from scripts.model import (
    walk_figures,
    Chip,
    DataSet,
    FigureDetail,
    Reliability,
    Row,
    Source,
    SourceKind,
    StatementKind,
    Text,
    OTHER_LANGUAGE,
    localized,
    plain,
)

REFERENCE_CHIP = "h100"
# A page stays readable and light (under 120 KiB) with a few hundred rows; past that a table shows the
# first ones in its order and says where the complete table is (the CSV and JSON downloads).
MAX_ROWS = 250


def capped(items: list, language: str, limit: int = MAX_ROWS) -> tuple[list, list[str]]:
    """The first `limit` items, and a note when some were left out of the page."""
    if len(items) <= limit:
        return items, []
    note = label("table.capped", language, shown=fmt.number(limit, language), total=fmt.number(len(items), language))
    return items[:limit], [note]


class Citations:
    """Numbers the sources cited, in order of first use, and renders the list.

    A table on its own numbers its sources and lists them under itself. On a page, one shared
    instance (`page_citations`) numbers every citation of the page, prose and tables alike, and the
    list goes once at the page's end: a number means the same source wherever it stands.
    """

    def __init__(self, table_id: str, sources: dict[str, Source], language: str, anchor: str | None = None):
        self.table_id = table_id
        self.sources = sources
        self.language = language
        self.anchor = anchor or f"{table_id}-src-"
        self.shared = anchor is not None
        self.order: list[str] = []

    def cite(self, ids: Iterable[str]) -> str:
        """Numbered links to the sources; an "unconfirmed" tag first when only weak sources say it.

        Only numbers: the source's name, title and date open in a popover (docs/assets/cite.js) from
        the list entry the number links to, so they are written once per page.
        """
        ids = list(ids)
        links = []
        for source_id in ids:
            if source_id not in self.order:
                self.order.append(source_id)
            n = self.order.index(source_id) + 1
            links.append(f'<a href="#{self.anchor}{n}">{n}</a>')
        tag = unconfirmed_tag(self.language) if weak_only(ids, self.sources) else ""
        return f'{tag}<sup class="cite">[{", ".join(links)}]</sup>' if links else ""

    def entries(self) -> str:
        return "".join(f'<li id="{self.anchor}{n}">{source_entry(self.sources[source_id], self.language)}</li>'
                       for n, source_id in enumerate(self.order, 1))

    def footer(self) -> str:
        if self.shared:
            return ""  # the page's list, at its end (page_list)
        # Folded by default (a long list would push the page on; a citation link opens it), and kept
        # out of the search index: publishers' names would match every query about them.
        summary = f'{label("table_sources", self.language)} ({len(self.order)})'
        return (f'<details class="table-sources-box" data-search-exclude><summary>{summary}</summary>'
                f'<ol class="table-sources" aria-label="{label("sources", self.language)}">'
                f'{self.entries()}</ol></details>')

    def page_list(self) -> str:
        """The page's numbered sources, for its end; empty when the page cites none."""
        if not self.order:
            return ""
        heading = label("page_sources", self.language)
        return (f'<section class="page-sources" data-search-exclude aria-labelledby="page-sources">'
                f'<h2 id="page-sources">{heading}</h2><ol class="table-sources">{self.entries()}</ol></section>')


def page_citations(data: DataSet, language: str) -> Citations:
    return Citations("page", data.by_id("sources"), language, anchor="cite-")


def weak_only(ids: list[str], sources: dict[str, Source]) -> bool:
    """True when every source given is rated weak (the original article itself does not count)."""
    rated = [sources[i] for i in ids if sources[i].kind is not SourceKind.original]
    return bool(rated) and all(s.reliability is Reliability.weak for s in rated)


def unconfirmed_tag(language: str) -> str:
    return (f' <span class="kind kind--unconfirmed" title="{escape(label("kind.unconfirmed.long", language))}">'
            f'{label("kind.unconfirmed", language)}</span>')


def publisher(src: Source, language: str) -> str:
    """'Glenn K. Lockwood (notes techniques personnelles)': the name, and what it is when the data says."""
    name = localized(src.publisher, language)
    return f"{name} ({plain(src.publisher_note[language])})" if src.publisher_note else name


def publisher_html(src: Source, language: str) -> str:
    """The same in HTML. A proper name is marked translate="no": not a word of either language."""
    name = localized(src.publisher, language)
    html = escape(name) if isinstance(src.publisher, Text) else f'<span translate="no">{escape(name)}</span>'
    return f"{html} ({rich(src.publisher_note[language])})" if src.publisher_note else html


def rich(text: str) -> str:
    """A text from the data as HTML: escaped, with its other-language words marked with lang."""
    return OTHER_LANGUAGE.sub(r'<span lang="\1">\2</span>', escape(text))


def source_entry(src: Source, language: str) -> str:
    """'Publisher, « Title », 2 September 2024' with the title linked to the source."""
    # A title is a quotation: <cite>, in its own language (checks leave its words as they are).
    lang = "" if src.language == language else f' lang="{escape(src.language, quote=True)}"'
    title = f"<cite{lang}>{escape(src.title)}</cite>"
    quoted = label("quoted", language, text=title)
    if src.url:
        quoted = f'<a href="{escape(src.url)}" hreflang="{escape(src.language)}">{quoted}</a>'
    parts = [publisher_html(src, language), quoted]
    if src.published:
        parts.append(fmt.date(src.published, language))
    return ", ".join(parts)


def kind_tag(kind: StatementKind, language: str) -> str:
    if kind is StatementKind.official:
        return ""
    return (f' <span class="kind kind--{kind.value}" title="{escape(label(f"kind.{kind.value}.long", language))}">'
            f'{label(f"kind.{kind.value}", language)}</span>')


def figure_text(fig: FigureDetail, language: str, show: Callable[[float, str], str] | None = None) -> str:
    """The value as a reader reads it: formatted, with its range ("20–25") or "about"."""
    show = show or (lambda v, lang: fmt.number(v, lang))
    text = show(fig.value, language)
    if fig.low is not None:
        text = f"{show(fig.low, language)}–{text}"
    if fig.approx:
        text = f"{label('approx', language)} {text}"
    return text


def figure(fig: FigureDetail | None, row: Row, cites: Citations, language: str,
           show: Callable[[float, str], str] | None = None) -> str:
    """A figure with its own sources (or its row's), its kind, and any range or approximation."""
    if fig is None:
        return f'<span class="unknown">{label("unknown", language)}</span>'
    text = figure_text(fig, language, show)
    kind = fig.kind or row.kind
    note = f' title="{escape(plain(fig.note[language]))}"' if fig.note else ""
    fid = figure_id(row, fig)  # the figure's anchor and correction link (scripts/correction_links.py)
    return (f'<span class="fig" data-fig="{fid}"{note}>{text}</span>{kind_tag(kind, language)}'
            f'{cites.cite(fig.sources or row.sources)}{fix_slot(fid)}')


def notes_cell(row: Row, language: str) -> str:
    """The row's note and its figures' notes: where sources disagree, the reader sees it here."""
    notes = [row.note[language]] if getattr(row, "note", None) else []
    notes += [fig.note[language] for _, fig in walk_figures(row, ()) if fig.note]
    return "<br>".join(f"<small>{rich(n)}</small>" for n in notes) or label("none", language)


def render_table(table_id: str, caption: str, headers: list[str], rows: list[list[str]], cites: Citations,
           language: str, as_of: "dt.date | PartialDate | None", notes: list[str] = ()) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    # On a phone each row becomes a card whose cells say "label: value" (site.css, from data-label):
    # no table wider than the screen, no inner scroll box hiding a column.
    names = [escape(card_label(h), quote=True) for h in headers[1:]]
    body = []
    for cells in rows:
        first, rest = cells[0], cells[1:]
        tds = "".join(f'<td data-label="{name}">{c}</td>' for name, c in zip(names, rest))
        body.append(f'<tr><th scope="row">{first}</th>{tds}</tr>')
    as_of_text = f' <span class="as-of">({label("as_of", language)} {fmt.date(as_of, language)})</span>' if as_of else ""
    note_html = "".join(f'<p class="table-note">{n}</p>' for n in notes)
    return (
        f'<div class="data-table" id="{table_id}">'
        f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">'
        f'<table class="data"><caption id="{table_id}-caption">{escape(caption)}{as_of_text}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f'{note_html}{legend(language)}{cites.footer()}</div>'
    )


def card_label(header_html: str) -> str:
    """A column header as plain text, for a card's "label: value" lines."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", header_html)).split())


def legend(language: str) -> str:
    items = "".join(
        f'<li><span class="kind kind--{k}">{label(f"kind.{k}", language)}</span> {escape(label(f"kind.{k}.long", language))}</li>'
        for k in ("claim", "press", "estimate", "unconfirmed"))
    return (f'<details class="kind-legend" data-search-exclude><summary>{label("legend", language)}</summary><ul>{items}</ul>'
            f'<p>{escape(label("legend.official", language))}</p></details>')


def _latest(rows: Iterable[object]) -> dt.date | None:
    dates = [r.as_of for r in rows]
    return max(dates) if dates else None


def render_clusters(data: DataSet, language: str, cites: Citations | None = None) -> str:
    chips = data.by_id("chips")
    clusters = data.by_id("clusters")
    cites = cites or Citations("table-clusters", data.by_id("sources"), language)
    rows = []
    ordered, cap_note = capped(sorted(data.clusters, key=lambda c: (-c.peak_eflops(chips), c.id)), language)
    for c in ordered:
        name = escape(localized(c.name, language)) + cites.cite(c.sources)
        if c.builds_on:
            name += (f'<br><small>{label("builds_on", language)} '
                     f'{escape(localized(clusters[c.builds_on].name, language))}</small>')
        name += f'<br><small>{label(f"status.{c.status.value}", language)}</small>'
        gpus = "<br>".join(
            f"{escape(localized(chips[g.chip].name, language))}&nbsp;: {figure(g.count, c, cites, language)}"
            if language == "fr"
            else f"{escape(localized(chips[g.chip].name, language))}: {figure(g.count, c, cites, language)}"
            for g in c.gpus)
        peak = fmt.number(c.peak_eflops(chips), language, digits=1)
        rows.append([
            name,
            f"{escape(localized(c.operator, language))}<br><small>{rich(c.location[language])}</small>",
            fmt.date(c.date, language),
            gpus,
            fmt.number(c.total_gpus, language),
            f'<span class="computed">{peak}</span>',
            figure(c.power_mw, c, cites, language) if c.power_mw else label("none", language),
            notes_cell(c, language),
        ])
    headers = [label(k, language) for k in
               ("cluster", "operator_location", "date", "gpus", "total_gpus", "peak_bf16", "power_mw", "notes")]
    return render_table("table-clusters", label("clusters.caption", language), headers, rows, cites, language,
                  _latest(data.clusters), [escape(label("peak.note", language)), *cap_note])


def render_chips(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-chips", data.by_id("sources"), language)
    reference = data.by_id("chips").get(REFERENCE_CHIP)

    def with_ratio(chip: Chip, field: str) -> str:
        fig = getattr(chip, field)
        cell = figure(fig, chip, cites, language)
        ref = getattr(reference, field) if reference else None
        if fig is not None and ref is not None and chip.id != REFERENCE_CHIP and ref.value:
            cell += f'<br><small title="{label("vs_h100", language)}">{fmt.ratio(fig.value / ref.value, language)}</small>'
        return cell

    rows = []
    shown, cap_note = capped(list(data.chips), language)
    for chip in shown:
        rows.append([
            escape(localized(chip.name, language)) + cites.cite(chip.sources),
            escape(f"{chip.vendor} {chip.architecture}"),
            with_ratio(chip, "memory_gb") + f"<br><small>{escape(chip.memory_type)}</small>",
            with_ratio(chip, "bandwidth_tb_s"),
            with_ratio(chip, "bf16_dense_tflops"),
            with_ratio(chip, "fp8_dense_tflops"),
            figure(chip.power_w, chip, cites, language),
            notes_cell(chip, language),
        ])
    headers = [label(k, language) for k in
               ("chip", "architecture", "memory", "bandwidth", "bf16", "fp8", "power_w", "notes")]
    return render_table("table-chips", label("chips.caption", language), headers, rows, cites, language,
                  _latest(data.chips), cap_note)


def render_models(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-models", data.by_id("sources"), language)
    clusters = data.by_id("clusters")
    rows = []
    recent, cap_note = capped(sorted(data.models, key=lambda m: (m.released, m.id), reverse=True), language)
    for m in reversed(recent):
        weights = label("closed", language)
        if m.open_weights:
            weights = (f"{fmt.date(m.open_weights.released, language)}<br>{escape(m.open_weights.licence)}"
                       f"{cites.cite(m.open_weights.sources)}")
        trained = label("none", language)
        if m.trained_on:
            trained = escape(localized(clusters[m.trained_on].name, language))
        if m.training_note:
            trained += f"<br><small>{rich(m.training_note[language])}</small>"
        name = escape(m.name) + cites.cite(m.sources)
        rows.append([
            name,
            fmt.date(m.announced, language) if m.announced else label("none", language),
            fmt.date(m.released, language),
            rich(m.availability[language]),
            figure(m.parameters_billion, m, cites, language) if m.parameters_billion else label("unknown", language),
            trained,
            weights,
            notes_cell(m, language),
        ])
    headers = [label(k, language) for k in
               ("model", "announced", "released", "availability", "parameters", "trained_on", "open_weights",
                "notes")]
    return render_table("table-models", label("models.caption", language), headers, rows, cites, language,
                  _latest(data.models), cap_note)


def render_funding(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-funding", data.by_id("sources"), language)
    rows = []
    recent, cap_note = capped(sorted(data.funding, key=lambda f: (f.date, f.id), reverse=True), language)
    for f in reversed(recent):
        rows.append([
            fmt.date(f.date, language),
            rich(f.label[language]) + cites.cite(f.sources)
            + (f"<br><small>{rich(f.note[language])}</small>" if f.note else ""),
            label(f"type.{f.type.value}", language),
            figure(f.amount_usd, f, cites, language, fmt.money_usd) if f.amount_usd else label("none", language),
            figure(f.valuation_usd, f, cites, language, fmt.money_usd) if f.valuation_usd else label("none", language),
            ", ".join(f'<span translate="no">{escape(i)}</span>' for i in f.investors) or label("none", language),
        ])
    headers = [label(k, language) for k in ("date", "operation", "type", "amount", "valuation", "investors")]
    return render_table("table-funding", label("funding.caption", language), headers, rows, cites, language,
                  _latest(data.funding), cap_note)


def render_claims(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-claims", data.by_id("sources"), language)
    rows = []
    shown, cap_note = capped(list(data.claims), language)
    for c in shown:
        quote = rich(c.claim[language])
        if language == "fr":
            quote = f"«\u00a0<q>{escape(c.quote)}</q>\u00a0»"  # the article's own words: a quotation
        rows.append([
            f'<span id="claim-{escape(c.id)}">{quote}</span>',
            f'<span class="verdict verdict--{c.verdict.value}">{label(f"verdict.{c.verdict.value}", language)}</span>',
            rich(c.explanation[language]) + cites.cite(c.sources),
        ])
    headers = [label(k, language) for k in ("claim", "verdict", "explanation")]
    return render_table("table-claims", label("claims.caption", language), headers, rows, cites, language,
                  _latest(data.claims), cap_note)


def render_announcements(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-announcements", data.by_id("sources"), language)
    rows = []
    recent, cap_note = capped(sorted(data.announcements, key=lambda a: (a.announced, a.id), reverse=True), language)
    for a in reversed(recent):
        delay = delay_text(a, language)
        rows.append([
            rich(a.promise[language]) + cites.cite(a.sources),
            escape(localized(a.who, language)),
            fmt.date(a.announced, language),
            fmt.date(a.due, language, month_only=True),
            fmt.date(a.delivered, language) if a.delivered else label("not_delivered", language),
            delay,
            rich(a.outcome[language]),
        ])
    headers = [label(k, language) for k in ("promise", "who", "announced", "due", "delivered", "delay", "outcome")]
    return render_table("table-announcements", label("announcements.caption", language), headers, rows, cites,
                  language, _latest(data.announcements), cap_note)


def render_events(data: DataSet, language: str, cites: Citations | None = None) -> str:
    cites = cites or Citations("table-events", data.by_id("sources"), language)
    rows = []
    recent, cap_note = capped(sorted(data.events, key=lambda e: (e.date, e.id), reverse=True), language)
    for e in reversed(recent):
        rows.append([
            f'<time datetime="{e.date.isoformat()}">{fmt.date(e.date, language)}</time>',
            label(f"category.{e.category.value}", language),
            rich(e.text[language]) + cites.cite(e.sources),
        ])
    headers = [label(k, language) for k in ("date", "category", "event")]
    return render_table("table-events", label("events.caption", language), headers, rows, cites, language,
                  max((e.date for e in data.events), default=None), cap_note)


def render_sources(data: DataSet, language: str, cites: Citations | None = None) -> str:
    """The full list of sources, each with a stable anchor (#src-<id>) other pages can link to."""
    items = []
    for src in sorted(data.sources, key=lambda s: (localized(s.publisher, language).lower(),
                                                   s.published.first_day() if s.published else dt.date.min, s.id)):
        extra = f' <span class="source-kind">({label(f"source_kind.{src.kind.value}", language)})</span>'
        accessed = f' — {label("accessed", language)} {fmt.date(src.accessed, language)}'
        no_url = "" if src.url else f' <em>({label("no_url", language)})</em>'
        if src.reliability is Reliability.weak:
            extra += f' <span class="kind kind--unconfirmed">{label("weak_source", language)}</span>'
        items.append(f'<li id="src-{escape(src.id)}">{source_entry(src, language)}{extra}{no_url}{accessed}</li>')
    return f'<ol class="source-list">{"".join(items)}</ol>'


def render_corrections(data: DataSet, language: str, cites: Citations | None = None) -> str:
    if not data.corrections:
        return f'<p class="no-corrections">{label("no_corrections", language)}</p>'
    cites = cites or Citations("table-corrections", data.by_id("sources"), language)
    rows = []
    newest, cap_note = capped(sorted(data.corrections, key=lambda c: (c.date, c.id), reverse=True), language)
    for c in newest:
        rows.append([
            f'<span id="correction-{escape(c.id)}">{fmt.date(c.date, language)}</span>',
            escape(c.page),
            rich(c.what[language]) + cites.cite(c.sources),
            escape(localized(c.old, language)) if c.old else label("none", language),
            escape(localized(c.new, language)) if c.new else label("none", language),
        ])
    headers = [label(k, language) for k in ("date", "page", "what", "old", "new")]
    return render_table("table-corrections", label("corrections.caption", language), headers, rows, cites, language,
                  None, cap_note)


def render_keyfigures(data: DataSet, language: str, cites: Citations | None = None) -> str:
    """The home page's figures at a glance, computed from the data (latest of each)."""
    sources = data.by_id("sources")
    cites = cites or Citations("table-keyfigures", sources, language)

    def solid(ids: list[str]) -> bool:
        # The home page headlines nothing the site marks unconfirmed: a figure needs a non-weak source.
        return not weak_only(ids, sources)

    colossus = [c for c in data.clusters if c.is_xai and c.status.value in ("operational", "partial")
                and solid(c.sources) and all(solid(g.count.sources or c.sources) for g in c.gpus)]
    rows = []
    if colossus:
        latest = max(colossus, key=lambda c: (c.date, c.total_gpus))
        rows.append([escape(localized(latest.name, language)),
                     f"{fmt.number(latest.total_gpus, language)} GPU{kind_tag(latest.count_kind, language)}"
                     f"{cites.cite(latest.sources)}"
                     f' <small>({fmt.date(latest.date, language)})</small>'])
    models = [m for m in data.models if solid(m.sources)]
    if models:
        model = max(models, key=lambda m: (m.released, m.id))
        rows.append([label("model", language),
                     f"{escape(model.name)} <small>({fmt.date(model.released, language)})</small>{cites.cite(model.sources)}"])
    valued = [f for f in data.funding if f.valuation_usd and solid(f.valuation_usd.sources or f.sources)]
    if valued:
        last = max(valued, key=lambda f: (f.date, f.id))
        rows.append([label("valuation", language),
                     figure(last.valuation_usd, last, cites, language, fmt.money_usd)
                     + f' <small>({rich(last.label[language])}, {fmt.date(last.date, language)})</small>'])
    rows.append([label("checked", language), fmt.date(data.meta.last_checked, language)])
    headers = [label("figure", language), label("value", language)]
    return render_table("table-keyfigures", label("keyfigures.caption", language), headers, rows, cites, language,
                        None)


TABLES: dict[str, Callable[..., str]] = {
    "keyfigures": render_keyfigures,
    "clusters": render_clusters,
    "chips": render_chips,
    "models": render_models,
    "funding": render_funding,
    "claims": render_claims,
    "announcements": render_announcements,
    "events": render_events,
    "sources": render_sources,
    "corrections": render_corrections,
}
