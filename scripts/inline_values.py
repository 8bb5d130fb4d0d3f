"""One value of the data as inline HTML, in the page's language: what `<!-- data:value PATH -->` shows.

A path is collection/id/field (a figure, a date, a text, a word for an enum), a computed field of a
row (`clusters/<id>/total_gpus`, `peak_eflops`, `gpus/<chip>`, `events/<id>/dated`), a field of
`meta`, or a derived figure (`derived/...`, scripts/derived.py). A figure keeps its kind tag and its
citation in the sentence; every text from the data is escaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from html import escape
from typing import Any, Callable

from scripts import derived
from scripts import formatting as fmt
from scripts.figure_ids import figure_id
from scripts.labels import label
from scripts.model import (FACT_COLLECTIONS, Cluster, DataSet, Event, FigureDetail, PartialDate, StatementKind,
                           Text)
from scripts.tables import Citations, figure_text, kind_tag, page_citations, rich

# Fields holding a Name: shown in the page's language, without citations (a name is not a claim).
NAMES = ("name", "operator", "who")


@dataclass(frozen=True)
class FieldRef:
    """The field a path names, and what its value needs to be shown: the row, the page's language
    and the page's citation numbering."""

    row: Any
    name: str
    data: DataSet
    language: str
    cites: Citations

    @property
    def sources(self) -> list[str]:
        return getattr(self.row, "sources", [])


def resolve_value(path: str, data: DataSet, language: str, cites: Citations | None = None) -> str:
    """'clusters/colossus-1-2025-02/total_gpus' -> '200 000' with its source, formatted for the language.

    Raises KeyError with what was expected when the path names nothing the data has.
    """
    cites = cites or page_citations(data, language)
    parts = path.split("/")
    if parts[0] == "derived":
        return _derived(parts[1:], data, language, cites)
    if parts[0] == "meta" and len(parts) == 2 and parts[1] in ("last_checked", "coverage"):
        value = getattr(data.meta, parts[1])
        return fmt.date(value, language) if parts[1] == "last_checked" else rich(value[language])
    if len(parts) < 3 or parts[0] not in FACT_COLLECTIONS:
        raise KeyError(f"expected collection/id/field with a collection among {', '.join(FACT_COLLECTIONS)}; "
                       f"got '{path}'")
    collection, row_id, name, *rest = parts
    rows = data.by_id(collection)
    if row_id not in rows:
        raise KeyError(f"no {collection} row with id '{row_id}'")
    row = rows[row_id]
    field = FieldRef(row, name, data, language, cites)
    arity, compute = COMPUTED.get((type(row), name), (None, None))
    if compute is not None and len(rest) == arity:
        return compute(field, *rest)
    if rest or name not in type(row).model_fields:
        raise KeyError(f"{collection} rows have no field '{'/'.join([name, *rest])}'")
    value = getattr(row, name)
    if value is None:
        raise KeyError(f"{collection} '{row_id}' has no value for '{name}'")
    render = next((render for types, render in BY_TYPE if isinstance(value, types)), None)
    if render is None:
        raise KeyError(f"field '{name}' of {collection} cannot be shown inline")
    return render(value, field)


# How each kind of stored value reads in a sentence (BY_TYPE).
def _figure(value: FigureDetail, field: FieldRef) -> str:
    show = fmt.money_usd if field.name.endswith("_usd") else None
    return _figure_inline(value, field.sources, field.cites, field.language, show,
                          row_kind=getattr(field.row, "kind", None), fig_id=figure_id(field.row, value))


def _date(value: dt.date | PartialDate, field: FieldRef) -> str:
    return f'<time class="data-value" datetime="{value.isoformat()}">{fmt.date(value, field.language)}</time>'


def _word(value: Enum, field: FieldRef) -> str:
    # A verdict, a status...: the reader's word for it, in the page's language.
    return label(f"{field.name}.{value.value}", field.language)


def _text(value: Text, field: FieldRef) -> str:
    if field.name in NAMES:
        return rich(value[field.language])
    return rich(value[field.language]) + field.cites.cite(field.sources)


def _string(value: str, field: FieldRef) -> str:
    return escape(value)


def _number(value: float, field: FieldRef) -> str:
    return fmt.number(value, field.language) + field.cites.cite(field.sources)


# The first match wins, and the order matters where types overlap: the model's enums are also
# strings, and a bool is also an int.
BY_TYPE: tuple[tuple[type | tuple[type, ...], Callable[[Any, FieldRef], str] | None], ...] = (
    (FigureDetail, _figure),
    ((dt.date, PartialDate), _date),
    (Enum, _word),
    (Text, _text),
    (str, _string),
    (bool, None),  # a yes/no flag has no inline form
    ((int, float), _number),
)


# Values computed from a row rather than stored in it: (row type, field) -> (how many more path
# parts the field takes, the renderer).
def _total_gpus(field: FieldRef) -> str:
    return fmt.number(field.row.total_gpus, field.language) + field.cites.cite(field.sources)


def _peak_eflops(field: FieldRef) -> str:
    return fmt.number(field.row.peak_eflops(field.data.by_id("chips")), field.language, digits=1)


def _chip_count(field: FieldRef, chip: str) -> str:
    for g in field.row.gpus:
        if g.chip == chip:
            return _figure_inline(g.count, field.sources, field.cites, field.language, row_kind=field.row.kind,
                                  fig_id=figure_id(field.row, g.count))
    raise KeyError(f"cluster '{field.row.id}' lists no chip '{chip}'")


def _dated(field: FieldRef) -> str:
    # An event told in a narrative carries its date: « Le 5 juin 2024 : … », "In July 2024: …".
    # The date is part of this one inline value, not a value of its own.
    event, language = field.row, field.language
    when = f'<time datetime="{event.date.isoformat()}">{fmt.date(event.date, language)}</time>'
    to_the_day = event.date.precision == "day"
    lead = (label("event.dated.day", language, date=when) if to_the_day
            else label("event.dated.period", language, date=when))
    return f"{lead} " + rich(event.text[language]) + field.cites.cite(field.sources)


COMPUTED: dict[tuple[type, str], tuple[int, Callable[..., str]]] = {
    (Cluster, "total_gpus"): (0, _total_gpus),
    (Cluster, "peak_eflops"): (0, _peak_eflops),
    (Cluster, "gpus"): (1, _chip_count),
    (Event, "dated"): (0, _dated),
}


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
        return f'<span class="fig computed">{text}</span>' + cites.cite(ids)
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
            + cites.cite(fig.sources or row_sources))
