"""Charts: localized, accessible, drawn from the data, deterministic, light and cached."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from scripts.charts import DESCRIBE, ChartRenderer, draw_svg
from scripts.labels import label
from scripts.load_data import load_dataset
from scripts.model import LANGUAGES

from conftest import ROOT
from test_tables import MINIMAL, with_changes

REAL = load_dataset(ROOT / "docs" / "data" / "colossus.yml")


@pytest.mark.parametrize("name", sorted(DESCRIBE))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_chart_is_an_accessible_svg_in_its_language(name, language):
    html = ChartRenderer(None).render(name, REAL, language)
    doc = BeautifulSoup(html, "html.parser")
    svg = doc.find("svg")
    assert svg["role"] == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert title.get_text() == label(f"chart.{name}.title", language)
    assert desc.get_text().strip(), "the description states the main finding"
    assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
    assert doc.find("figcaption").find("table"), "the figures are one click away as a table"
    assert svg.find("text"), "text stays text"
    assert "@font-face" not in html and "<path" in html


@pytest.mark.parametrize("name", sorted(DESCRIBE))
def test_charts_are_small_and_byte_identical_across_renders(name):
    for language in LANGUAGES:
        first = ChartRenderer(None).render(name, REAL, language)
        second = ChartRenderer(None).render(name, REAL, language)
        assert first == second
        svg = first[first.index("<svg"): first.index("</svg>") + 6]
        assert len(svg.encode()) < 40 * 1024, f"{name} ({language}) is {len(svg.encode())} bytes"


def test_the_numbers_drawn_come_from_the_data():
    before = draw_svg(DESCRIBE["clusters-gpus"](MINIMAL, "en"))
    changed = with_changes(MINIMAL, **{"clusters.1.gpus.0.count": {"value": 350000}})
    after = draw_svg(DESCRIBE["clusters-gpus"](changed, "en"))
    assert "400,000" in after and "400,000" not in before  # 350,000 H100 + 50,000 H200


def test_french_charts_use_french_number_formats():
    svg = draw_svg(DESCRIBE["clusters-gpus"](MINIMAL, "fr"))
    assert "200\u202f000" in svg and "200,000" not in svg


def test_an_unchanged_chart_is_taken_from_the_cache(tmp_path):
    renderer = ChartRenderer(tmp_path)
    first = renderer.render("grok-timeline", MINIMAL, "fr")
    assert renderer.drawn == 1
    again = ChartRenderer(tmp_path)
    assert again.render("grok-timeline", MINIMAL, "fr") == first and again.drawn == 0
    changed = with_changes(MINIMAL, **{"models.0.name": "Model Uno"})
    again.render("grok-timeline", changed, "fr")
    assert again.drawn == 1


def test_an_unknown_chart_is_refused():
    with pytest.raises(KeyError, match="unknown chart 'pie'"):
        ChartRenderer(None).render("pie", MINIMAL, "fr")
