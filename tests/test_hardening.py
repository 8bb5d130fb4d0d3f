"""Bad input never becomes a silent defect (issue #18): each probe below with its exact outcome."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import markdown
import pytest
from bs4 import BeautifulSoup

from scripts.charts import DESCRIBE, ChartRenderer
from scripts.export import csv_tables, safe_cell, to_csv
from scripts.feeds import corrections_feed
from scripts.html_stash import stash, swap_standins, unstash
from scripts.markers import MarkerError, render_markers
from scripts.model import LANGUAGES

from conftest import build_site, copy_project
from test_tables import MINIMAL, with_changes

PAGE = "docs/x.en.md"
EXPECTED = ("expected <!-- data:table NAME -->, <!-- data:chart NAME -->, <!-- data:value PATH --> or "
            "<!-- data:figures COLLECTION -->, with no space after 'data:' and one name")


@pytest.mark.parametrize("marker, shown", [
    ("<!-- data: table models -->", "<!-- data: table models -->"),
    ("<!-- data:table models chips -->", "<!-- data:table models chips -->"),
    ("<!-- data:table models ->", "<!-- data:table models ->"),
    ("<!-- data:table models", "<!-- data:table models"),
    ("<!-- Data:table models -->", "<!-- Data:table models -->"),
])
def test_a_near_miss_marker_is_an_error_with_page_and_line(marker, shown):
    with pytest.raises(MarkerError) as caught:
        render_markers(f"# Title\n\nSome text.\n\n{marker}\n\nMore text.\n", MINIMAL, "en", PAGE, line_offset=3)
    assert str(caught.value) == f"{PAGE}:8: malformed marker '{shown}'; {EXPECTED}"


def test_well_formed_markers_still_pass_with_or_without_spaces():
    out = render_markers("<!--data:table chips-->\n\n<!-- data:value chips/h100/memory_gb -->\n", MINIMAL, "en", PAGE)
    assert "<table" in out and "<!--" not in out


def test_the_placeholder_word_in_a_page_is_an_error():
    with pytest.raises(MarkerError, match=r"docs/x.en.md:2: the word 'DATAMARKER' is reserved"):
        render_markers("# T\nDATAMARKER0END\n", MINIMAL, "en", PAGE)


def test_a_placeholder_written_in_the_data_stays_text():
    # A model named like a placeholder: before, the models table was pasted in its place.
    data = with_changes(MINIMAL, **{"models.0.name": "DATAMARKER0END DATAMARKER1END"})
    stash: list[str] = []
    text = render_markers("# T\n\n<!-- data:table models -->\n\nIn prose: <!-- data:value models/model-one/name -->.\n",
                          data, "en", PAGE, stash=stash)
    html = markdown.markdown(text, extensions=["md_in_html"])
    direct = unstash(html, stash)
    via_standins = swap_standins(unstash(html, stash, standins=True), stash)
    for page in (direct, via_standins):
        assert page.count("<table") == 1
        assert page.count("DATAMARKER0END DATAMARKER1END") == 2  # in the table and in the sentence


def test_stashed_html_goes_back_once_and_is_never_searched_again():
    blocks: list[str] = []
    first = stash(blocks, "<b>DATAMARKER1END</b>")  # data text that looks like a placeholder
    second = stash(blocks, "<i>x</i>", glued=True)
    assert (first, second) == ("DATAMARKER0END", "\u2060DATAMARKER1END")
    assert unstash(f"<p>{first} MW{second}</p>", blocks) == "<p><b>DATAMARKER1END</b> MW<i>x</i></p>"


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(\"https://evil.example/\",\"x\")", "'=HYPERLINK(\"https://evil.example/\",\"x\")"),
    ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\ncmd"), ("a\rb", "a\nb"),
    ("-5", "-5"), ("+3.5", "+3.5"), ("1e9", "1e9"), ("100000", "100000"), ("Grok 3", "Grok 3"), ("", ""),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_numbers_stay_numbers(cell, written):
    assert safe_cell(cell) == written
    assert next(csv.reader(io.StringIO(to_csv([[cell]]), newline=""))) == [written]


def test_a_formula_in_the_data_is_exported_as_text():
    data = with_changes(MINIMAL, **{"models.0.name": "=HYPERLINK(\"https://evil.example\",\"Grok\")"})
    rows = list(csv.reader(io.StringIO(to_csv(csv_tables(data)["models"]))))
    assert rows[1][1] == "'=HYPERLINK(\"https://evil.example\",\"Grok\")"
    assert rows[1][4] == "314"  # parameters_billion: still a number


@pytest.mark.parametrize("name", ["Grok 3 ($30/mo, $300/yr)", r"$\frac{1}$"])
def test_dollar_signs_in_chart_text_are_drawn_as_written(name):
    data = with_changes(MINIMAL, **{"models.0.name": name})
    html = ChartRenderer(None).render("grok-timeline", data, "en")
    drawn = [t.get_text() for t in BeautifulSoup(html, "html.parser").select("svg text")]
    assert name in drawn


@pytest.mark.parametrize("chart", sorted(DESCRIBE))
def test_every_chart_accepts_mathtext_like_names(chart):
    data = with_changes(MINIMAL, **{"models.0.name": r"$\frac{1}$", "clusters.0.name": r"$x^$",
                                    "chips.0.name": "$$"})
    assert "<svg" in ChartRenderer(None).render(chart, data, "fr")


def test_the_feeds_are_well_formed_whatever_the_corrections_hold():
    what = {"fr": "Nombre\x07 corrigé <b>&amp;", "en": "Number\x0b fixed ]]> <b>"}
    data = with_changes(MINIMAL, corrections=[{"id": "c1", "date": "2026-11-01", "page": "colossus",
                                               "what": what, "old": "1\x00", "new": "2", "sources": ["press-report"]}])
    for language in LANGUAGES:
        feed = ET.fromstring(corrections_feed(data, language, "https://example.org/site/").encode())
        title = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text
        assert title == what[language].replace("\x07", "").replace("\x0b", "")


def _edit(project: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in docs/NAME; return the line it is on."""
    path = project / "docs" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def _first_marker(project: Path, name: str) -> str:
    return re.search(r"<!-- data:table \S+ -->", (project / "docs" / name).read_text(encoding="utf-8")).group(0)


def _plant(fault: str, project: Path) -> str:
    """Plant one fault in a copy of the project; return what the build must say about it."""
    if fault == "near-miss marker":
        marker = _first_marker(project, "comparisons.en.md")
        broken = marker.replace("data:", "data: ")
        line = _edit(project, "comparisons.en.md", marker, broken)
        return f"docs/comparisons.en.md:{line}: malformed marker '{broken}'"
    if fault == "extra word in a marker":
        marker = _first_marker(project, "comparisons.fr.md")
        broken = marker.replace(" -->", " chips -->")
        line = _edit(project, "comparisons.fr.md", marker, broken)
        return f"docs/comparisons.fr.md:{line}: malformed marker '{broken}'"
    if fault == "broken close":
        # The timeline holds tables (the Colossus page now links to them instead).
        marker = _first_marker(project, "timeline.en.md")
        line = _edit(project, "timeline.en.md", marker, marker.replace("-->", "->"))
        return f"docs/timeline.en.md:{line}: malformed marker"
    if fault == "missing translation":
        (project / "docs" / "glossary.en.md").unlink()
        return "docs/glossary.en.md is missing (docs/glossary.fr.md has no translation)"
    if fault == "heading removed":
        text = (project / "docs" / "colossus.en.md").read_text(encoding="utf-8")
        heading = re.search(r"^## (.*?) \{ #([a-z0-9-]+) \}$", text, re.M)
        _edit(project, "colossus.en.md", heading.group(0), heading.group(1))
        fr_line = (project / "docs" / "colossus.fr.md").read_text(encoding="utf-8").split(
            "{ #" + heading.group(2) + " }")[0].count("\n") + 1
        return f"docs/colossus.en.md: section {{ #{heading.group(2)} }} is missing (docs/colossus.fr.md:{fr_line} has it)"
    if fault == "strict-mode warning":
        path = project / "docs" / "sources.en.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n[A broken link](nowhere.md)\n", encoding="utf-8")
        return "Doc file 'sources.en.md' contains a link 'nowhere.md', but the target is not found"
    if fault == "control character in the data":
        path = project / "docs" / "data" / "colossus.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n", "\n\x07", 1), encoding="utf-8")
        return "docs/data/colossus.yml:2:1: the invisible control character U+0007 is not allowed"
    raise AssertionError(fault)


FAULTS = ["near-miss marker", "extra word in a marker", "broken close", "missing translation", "heading removed",
          "strict-mode warning", "control character in the data"]


@pytest.mark.build
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_build_says_where_and_leaves_the_previous_site_as_it_was(fault, tmp_path):
    project = copy_project(tmp_path / "project")
    expected = _plant(fault, project)
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    result = build_site(project, site)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert [p.name for p in site.parent.iterdir()] == ["site"], "no staging folder is left behind"


def test_a_successful_build_replaces_the_previous_site_and_leaves_no_staging_folder(site):
    assert (site / "index.html").exists() and (site / "en" / "index.html").exists()
    assert not list(site.parent.glob(f".{site.name}.*")), "staging folders are removed"


def test_every_published_feed_is_well_formed_atom(site):
    feeds = sorted(site.rglob("*.xml"))
    assert {f.relative_to(site).as_posix() for f in feeds} >= {"corrections.xml", "en/corrections.xml"}
    for feed in feeds:
        ET.parse(feed)  # raises on malformed XML


def test_every_page_carries_a_policy_that_allows_exactly_its_inline_scripts(site):
    from scripts.csp import inline_script_hashes
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        meta = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(meta) == 1, path
        assert html.index("Content-Security-Policy") < html.find("<script"), f"{path}: policy after a script"
        policy = meta[0]
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "unsafe-eval" not in policy and "http" not in policy and "*" not in policy
        allowed = set(re.findall(r"'(sha256-[^']+)'", policy))
        assert allowed == set(inline_script_hashes(html)) and allowed, path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), f"{path}: an event-handler attribute needs 'unsafe-inline'"
        assert "javascript:" not in html, path


def test_the_publishing_workflow_runs_the_tests_before_it_builds():
    import yaml
    from conftest import ROOT
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert any(step.get("run") == "bash scripts/test.sh" for step in jobs["test"]["steps"])
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
