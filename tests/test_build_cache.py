"""The chart cache: a reused entry is exactly what a fresh drawing gives; anything that changes an input
(data, language, code) is never answered from the cache, and an entry that does not match its record,
or that holds something that could run, is drawn again instead of being inlined."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from checks import html_of, page_path, tree_differences
from conftest import ROOT, build_site, copy_project
from scripts import build_cache
from scripts.build_cache import SvgCache, cache_key, cache_root, unsafe_svg
from scripts.charts import XAI, ChartRenderer
from test_tables import MINIMAL, with_changes

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><path id="p" d="M0 0"/><use href="#p"/><text>1</text></svg>'


def plant(folder, slot: str, svg: str, key: str | None = None) -> None:
    """Write an entry as an attacker who knows the format would: record and hash consistent."""
    (folder / f"{slot}.svg").write_text(svg, encoding="utf-8")
    record = json.loads((folder / f"{slot}.json").read_text(encoding="utf-8"))
    record["sha256"] = hashlib.sha256(svg.encode()).hexdigest()
    if key:
        record["key"] = key
    (folder / f"{slot}.json").write_text(json.dumps(record), encoding="utf-8")


def test_the_cache_folder_is_configurable(monkeypatch, tmp_path):
    monkeypatch.delenv("COLOSSUS_CACHE_DIR", raising=False)
    assert cache_root() == ROOT / ".cache"
    monkeypatch.setenv("COLOSSUS_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_root() == tmp_path / "elsewhere"


def test_an_entry_is_plain_data_and_used_only_for_its_key(tmp_path):
    cache = SvgCache(tmp_path)
    cache.put("chart-fr", "k1", SVG)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart-fr.json", "chart-fr.svg"]
    assert json.loads((tmp_path / "chart-fr.json").read_text()) == {"key": "k1",
                                                                    "sha256": hashlib.sha256(SVG.encode()).hexdigest()}
    assert cache.get("chart-fr", "k1") == SVG and cache.hits == 1
    assert cache.get("chart-fr", "k2") is None, "another key: stale"
    assert cache.get("chart-en", "k1") is None
    cache.put("chart-fr", "k2", SVG + " ")
    assert cache.get("chart-fr", "k1") is None and len(list(tmp_path.iterdir())) == 2, "one entry per slot"


def test_an_entry_whose_bytes_do_not_match_its_record_is_refused(tmp_path):
    cache = SvgCache(tmp_path)
    cache.put("chart-fr", "k", SVG)
    (tmp_path / "chart-fr.svg").write_text(SVG.replace("<text>1</text>", "<text>9</text>"), encoding="utf-8")
    assert cache.get("chart-fr", "k") is None and cache.refused == ["chart-fr"]
    (tmp_path / "chart-fr.json").write_text("{not json", encoding="utf-8")
    assert cache.get("chart-fr", "k") is None


@pytest.mark.parametrize("planted", [
    '<script>alert(1)</script>', '<SCRIPT src="x.js"></SCRIPT>', '<rect onload="alert(1)"/>',
    '<a href="javascript:alert(1)"><text>x</text></a>', '<image href="https://example.org/x.png"/>',
    "<use xlink:href='https://example.org/s.svg#a'/>", '<use href=//example.org/a/>',
    '<foreignObject><div>x</div></foreignObject>'])
def test_an_entry_that_could_run_or_fetch_something_is_refused_even_with_a_matching_hash(tmp_path, planted):
    cache = SvgCache(tmp_path)
    cache.put("chart-fr", "k", SVG)
    plant(tmp_path, "chart-fr", SVG.replace("</svg>", planted + "</svg>"))
    assert cache.get("chart-fr", "k") is None and cache.refused == ["chart-fr"]


def test_the_charts_we_draw_pass_the_safety_check():
    from scripts.charts import DESCRIBE, draw_svg
    for name in DESCRIBE:
        assert not unsafe_svg(draw_svg(DESCRIBE[name](MINIMAL, "fr"))), name


def test_a_tampered_chart_is_drawn_again_not_inlined(tmp_path):
    fresh = ChartRenderer(None).render("grok-timeline", MINIMAL, "fr")
    ChartRenderer(tmp_path).render("grok-timeline", MINIMAL, "fr")
    svg = (tmp_path / "grok-timeline-fr.svg").read_text(encoding="utf-8")
    plant(tmp_path, "grok-timeline-fr", svg.replace("</svg>", "<script>planted()</script></svg>", 1))
    renderer = ChartRenderer(tmp_path)
    assert renderer.render("grok-timeline", MINIMAL, "fr") == fresh and renderer.drawn == 1
    assert "planted" not in (tmp_path / "grok-timeline-fr.svg").read_text(encoding="utf-8"), "redrawn and replaced"


def test_any_input_of_a_chart_changes_its_key():
    from scripts.charts import DESCRIBE
    base = DESCRIBE["grok-timeline"](MINIMAL, "fr")
    assert DESCRIBE["grok-timeline"](MINIMAL, "en").key() != base.key()
    assert DESCRIBE["grok-timeline"](with_changes(MINIMAL, **{"models.0.name": "Model Uno"}), "fr").key() != base.key()
    assert DESCRIBE["grok-timeline"](MINIMAL, "fr").key() == base.key()


def test_a_change_to_the_code_changes_every_key(tmp_path, monkeypatch):
    scripts = tmp_path / "scripts"
    shutil.copytree(ROOT / "scripts", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "SCRIPTS", scripts)
    build_cache.code_fingerprint.cache_clear()
    before = cache_key(b"same data")
    (scripts / "tables.py").write_text((scripts / "tables.py").read_text(encoding="utf-8") + "\n# edited\n",
                                       encoding="utf-8")
    build_cache.code_fingerprint.cache_clear()
    try:
        assert cache_key(b"same data") != before
    finally:
        monkeypatch.undo()
        build_cache.code_fingerprint.cache_clear()


@pytest.mark.build
def test_warm_and_cold_builds_are_identical_and_a_tampered_cache_is_not_inlined(site, warm_cache, tmp_path):
    # `site` was built cold and filled the cache that `warm_cache` copies.
    project = copy_project(tmp_path / "project")
    charts = warm_cache / "charts"
    assert len(list(charts.glob("*.svg"))) >= 10, "the first build filled the cache"
    result = build_site(project, tmp_path / "warm", cache_dir=warm_cache)
    assert result.returncode == 0, result.stderr[-2000:]
    assert tree_differences(site, tmp_path / "warm") == []
    assert not (project / ".cache").exists(), "the cache went where it was told"
    # One entry with a script and a consistent record, one with altered bytes and its old record.
    svg = (charts / "clusters-gpus-en.svg").read_text(encoding="utf-8")
    plant(charts, "clusters-gpus-en", svg.replace("</svg>", '<script>planted()</script></svg>', 1))
    svg = (charts / "clusters-gpus-fr.svg").read_text(encoding="utf-8")
    (charts / "clusters-gpus-fr.svg").write_text(svg.replace("</title>", " PLANTED</title>", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "tampered", cache_dir=warm_cache)
    assert result.returncode == 0, result.stderr[-2000:]
    assert tree_differences(site, tmp_path / "tampered") == []


@pytest.mark.build
def test_an_edit_to_the_drawing_code_shows_in_the_next_build(site, warm_cache, tmp_path):
    """The issue's reproduction: a colour changed in charts.py, rebuilt over a warm cache."""
    project = copy_project(tmp_path / "project")
    before = (page_path(site, "colossus", "en")).read_text(encoding="utf-8")
    assert XAI in before
    charts_py = project / "scripts" / "charts.py"
    text = charts_py.read_text(encoding="utf-8")
    assert text.count(f'XAI = "{XAI}"') == 1
    charts_py.write_text(text.replace(f'XAI = "{XAI}"', 'XAI = "#0b7285"'), encoding="utf-8")
    result = build_site(project, tmp_path / "second", cache_dir=warm_cache)
    assert result.returncode == 0, result.stderr[-2000:]
    after = (page_path(tmp_path / "second", "colossus", "en")).read_text(encoding="utf-8")
    assert XAI not in after and after.count("#0b7285") == before.count(XAI)


@pytest.mark.build
def test_a_rebuild_after_editing_the_data_shows_the_new_figure(warm_cache, tmp_path):
    """The contributor's loop on a warm cache: build, edit a number, build again."""
    project = copy_project(tmp_path / "project")
    data_file = project / "docs" / "data" / "colossus.yml"
    text = data_file.read_text(encoding="utf-8")
    start = text.index("- id: colossus-1-2024-09\n")
    end = text.index("\n- id:", start + 1)
    data_file.write_text(text[:start] + text[start:end].replace("value: 100000", "value: 123457", 1) + text[end:],
                         encoding="utf-8")
    site = tmp_path / "second"
    result = build_site(project, site, cache_dir=warm_cache)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "123,457" in html_of(page_path(site, "comparisons", "en")).select_one("#table-clusters").get_text()
    assert "123,457" in html_of(page_path(site, "colossus", "en")).select_one("article").get_text()
    assert "123\u202f457" in html_of(page_path(site, "comparisons", "fr")).select_one("#table-clusters").get_text()
