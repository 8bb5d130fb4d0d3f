"""A stable id for every figure of the data file: `collection.row-id.field`.

`clusters.colossus-1-2024-09.power_mw`, `clusters.colossus-1-2024-09.gpus.h100` (a chip count is
named after its chip, not its position, so reordering a list never changes an id). Row ids are
`[a-z0-9-]` and field names `[a-z0-9_]`, so an id is a valid HTML id and URL fragment as it is: the
same id anchors the figure on every page that shows it, on the figures page and in the data diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from scripts.labels import label
from scripts.model import FIGURE_COLLECTIONS, FIGURE_ID_PATTERN, ROW_TYPES, DataSet, FigureDetail, walk_figures

FIGURE_ID = re.compile(FIGURE_ID_PATTERN)

# The word a reader knows a field by: keys of scripts/labels.py.
FIELD_LABELS = {
    "memory_gb": "memory", "bandwidth_tb_s": "bandwidth", "bf16_dense_tflops": "bf16",
    "fp8_dense_tflops": "fp8", "power_w": "power_w", "power_mw": "power_mw",
    "parameters_billion": "parameters", "amount_usd": "amount", "valuation_usd": "valuation",
    "cost_usd": "cost", "value": "value",
}


@dataclass(frozen=True)
class FigureRef:
    """One figure: where it lives in the data and its value."""

    id: str
    collection: str
    row: Any
    field: str  # 'power_mw', or 'gpus.h100' for a chip count
    figure: FigureDetail

    @property
    def money(self) -> bool:
        return self.field.endswith("_usd")


def collection_of(row: Any) -> str:
    for name in FIGURE_COLLECTIONS:
        if isinstance(row, ROW_TYPES[name]):
            return name
    raise KeyError(f"{type(row).__name__} rows carry no figures")


def row_figures(row: Any) -> Iterator[tuple[str, FigureDetail]]:
    """(field, figure) for every figure of a row, in the order of the data model."""
    for path, fig in walk_figures(row, ()):
        if path[0] == "gpus":
            yield f"gpus.{row.gpus[path[1]].chip}", fig
        else:
            yield ".".join(str(p) for p in path), fig


def figure_id(row: Any, fig: FigureDetail) -> str:
    """The id of `fig`, one of `row`'s figures (matched by identity: two figures may be equal)."""
    for field, candidate in row_figures(row):
        if candidate is fig:
            return f"{collection_of(row)}.{row.id}.{field}"
    raise KeyError(f"this figure is not one of {collection_of(row)} '{row.id}''s figures")


def all_figures(data: DataSet) -> list[FigureRef]:
    """Every figure of the data set, grouped by collection, in the file's order."""
    refs = []
    for collection in FIGURE_COLLECTIONS:
        for row in getattr(data, collection):
            for field, fig in row_figures(row):
                refs.append(FigureRef(f"{collection}.{row.id}.{field}", collection, row, field, fig))
    return refs


def fix_slot(fid: str) -> str:
    """Where a table wants the figure's correction link (scripts/correction_links.py fills it); an
    empty element, invisible wherever nothing fills it (a comment would read as a leftover marker)."""
    return f'<span data-fix="{fid}"></span>'


def value_marker_id(path: str) -> str | None:
    """The figure a `data:value` marker path shows, if it is a stored figure; None otherwise.

    'clusters/colossus-1-2024-09/power_mw' -> 'clusters.colossus-1-2024-09.power_mw'. Computed values
    (total_gpus, peak_eflops), dates and texts are not figures of the data file.
    """
    parts = path.split("/")
    if len(parts) < 3 or parts[0] not in FIGURE_COLLECTIONS:
        return None
    candidate = ".".join(parts)
    if parts[2] in ("total_gpus", "peak_eflops") or not FIGURE_ID.match(candidate):
        return None
    return candidate


def row_name(row: Any, language: str) -> str:
    """The row as a reader names it (a chip's or cluster's name, a funding round's label)."""
    name = getattr(row, "name", None) or getattr(row, "label", None) or row.id
    return name if isinstance(name, str) else name[language]


def field_name(ref: FigureRef, data: DataSet, language: str) -> str:
    """'Puissance (MW)', 'Puces H100': the figure's column as the tables head it."""
    if ref.field.startswith("gpus."):
        chip = data.by_id("chips").get(ref.field[5:])
        return f"{label('gpus', language)} {row_name(chip, language) if chip else ref.field[5:]}"
    key = FIELD_LABELS.get(ref.field)
    return label(key, language) if key else ref.field


def describe(ref: FigureRef, data: DataSet, language: str) -> str:
    """'Colossus 2, Puissance (MW)': which figure, in words, for labels and citations."""
    return f"{row_name(ref.row, language)}, {field_name(ref, data, language)}"
