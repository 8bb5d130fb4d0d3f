"""Publish the data as one JSON file and one CSV per table, for readers who want the numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from scripts.model import DataSet, localized, plain, for_readers
from scripts.tables import publisher


def _both(name) -> list[str]:
    """A Name in French and English columns (a proper name is the same in both)."""
    return [localized(name, "fr"), localized(name, "en")]


def _fig(fig) -> str:
    return "" if fig is None else repr(fig.value) if fig.value != int(fig.value) else str(int(fig.value))


def csv_tables(data: DataSet) -> dict[str, list[list[str]]]:
    """Rows per table, header first. Texts are given in both languages side by side."""
    chips = data.by_id("chips")
    tables: dict[str, list[list[str]]] = {
        "chips": [["id", "name_fr", "name_en", "vendor", "architecture", "memory_gb", "memory_type", "bandwidth_tb_s",
                   "bf16_dense_tflops", "fp8_dense_tflops", "power_w", "kind", "as_of", "sources"]],
        "clusters": [["id", "name_fr", "name_en", "operator_fr", "operator_en", "location_fr", "location_en", "status", "date", "builds_on",
                      "chip", "count", "total_gpus", "peak_dense_bf16_eflops", "power_mw", "kind", "as_of",
                      "sources"]],
        "models": [["id", "name", "announced", "released", "parameters_billion", "trained_on",
                    "open_weights_released", "open_weights_licence", "as_of", "sources"]],
        "funding": [["id", "date", "type", "label_fr", "label_en", "amount_usd", "valuation_usd", "investors",
                     "kind", "as_of", "sources"]],
        "events": [["id", "date", "category", "text_fr", "text_en", "sources"]],
        "claims": [["id", "quote", "verdict", "explanation_fr", "explanation_en", "as_of", "sources"]],
        "announcements": [["id", "who_fr", "who_en", "announced", "promise_fr", "promise_en", "due", "delivered", "as_of",
                           "sources"]],
        "sources": [["id", "publisher_fr", "publisher_en", "title", "url", "published", "accessed", "language", "kind"]],
    }
    for c in data.chips:
        tables["chips"].append([c.id, *_both(c.name), c.vendor, c.architecture, _fig(c.memory_gb), c.memory_type,
                                _fig(c.bandwidth_tb_s), _fig(c.bf16_dense_tflops), _fig(c.fp8_dense_tflops),
                                _fig(c.power_w), c.kind.value, str(c.as_of), " ".join(c.sources)])
    for c in data.clusters:
        for g in c.gpus:
            tables["clusters"].append([
                c.id, *_both(c.name), *_both(c.operator), c.location.fr, c.location.en, c.status.value, str(c.date),
                c.builds_on or "", g.chip, _fig(g.count), str(int(c.total_gpus)),
                f"{c.peak_eflops(chips):.3f}", _fig(c.power_mw), c.kind.value, str(c.as_of),
                " ".join(c.sources)])
    for m in data.models:
        ow = m.open_weights
        tables["models"].append([m.id, m.name, str(m.announced or ""), str(m.released), _fig(m.parameters_billion),
                                 m.trained_on or "", str(ow.released) if ow else "", ow.licence if ow else "",
                                 str(m.as_of), " ".join(m.sources)])
    for f in data.funding:
        tables["funding"].append([f.id, str(f.date), f.type.value, f.label.fr, f.label.en, _fig(f.amount_usd),
                                  _fig(f.valuation_usd), "; ".join(f.investors), f.kind.value, str(f.as_of),
                                  " ".join(f.sources)])
    for e in data.events:
        tables["events"].append([e.id, str(e.date), e.category.value, e.text.fr, e.text.en, " ".join(e.sources)])
    for c in data.claims:
        tables["claims"].append([c.id, c.quote, c.verdict.value, c.explanation.fr, c.explanation.en, str(c.as_of),
                                 " ".join(c.sources)])
    for a in data.announcements:
        tables["announcements"].append([a.id, *_both(a.who), str(a.announced), a.promise.fr, a.promise.en, str(a.due),
                                        str(a.delivered or ""), str(a.as_of), " ".join(a.sources)])
    for s in data.sources:
        tables["sources"].append([s.id, publisher(s, "fr"), publisher(s, "en"), s.title, s.url or "", str(s.published or ""), str(s.accessed),
                                  s.language, s.kind.value])
    return tables


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) reaching out
# to another site); OWASP's rule is to prefix such a cell with a quote, unless it is a plain number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(cell: str) -> str:
    if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell):
        cell = "'" + cell
    # The writer quotes a cell holding "\n" but not a lone "\r", which a reader takes for a new row.
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    # Other-language markers ("[en|…]") are page markup; a spreadsheet gets the words alone.
    csv.writer(buffer, lineterminator="\n").writerows([[safe_cell(plain(c)) for c in row] for row in rows])
    return buffer.getvalue()


def write_exports(data: DataSet, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = [target / "colossus.json"]
    written[0].write_text(json.dumps(for_readers(data.model_dump(mode="json")), ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    for name, rows in csv_tables(data).items():
        path = target / f"{name}.csv"
        path.write_text(to_csv(rows), encoding="utf-8")
        written.append(path)
    return written
