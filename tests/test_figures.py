"""Figure ids, correction links, the figures page and the data diff (issue #17)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.correction_links import LinkContext, annotate, issue_url, value_text
from scripts.diff_data import run as diff_run
from scripts.figure_ids import FIGURE_ID, all_figures, describe, figure_id, value_marker_id
from scripts.figures_page import render_figures
from scripts.load_data import DataFileError, load_dataset
from scripts.html_stash import plain_text
from scripts.markers import render_markers
from scripts.model import LANGUAGES

from conftest import ROOT

DATA = load_dataset(ROOT / "docs" / "data" / "colossus.yml")
MINIMAL_PATH = ROOT / "tests" / "fixtures" / "minimal.yml"
MINIMAL = load_dataset(MINIMAL_PATH)
SITE_URL = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                     re.M)[1]
REPO_URL = "https://github.com/colossus-explainer/colossus-explainer"
FORM = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8"))
CTX = LinkContext(REPO_URL, "https://example.org/site/comparisons/")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_every_figure_has_a_unique_html_safe_id_found_again_from_its_row():
    refs = all_figures(DATA)
    ids = [r.id for r in refs]
    assert len(ids) == len(set(ids)) > 50
    for ref in refs:
        assert FIGURE_ID.match(ref.id) and not any(c.isspace() for c in ref.id), ref.id
        assert figure_id(ref.row, ref.figure) == ref.id
    assert "clusters.big-two.gpus.h200" in {r.id for r in all_figures(MINIMAL)}  # a chip count: by chip


def test_value_markers_map_to_figure_ids_and_computed_values_do_not():
    assert value_marker_id("clusters/big-one/power_mw") == "clusters.big-one.power_mw"
    assert value_marker_id("clusters/big-two/gpus/h200") == "clusters.big-two.gpus.h200"
    assert value_marker_id("clusters/big-two/total_gpus") is None
    assert value_marker_id("events/opening/date") is None


def test_the_issue_url_prefills_the_form_and_encodes_every_value():
    url = issue_url(REPO_URL, "funding.round-b.amount_usd", "6\u00a0milliards & co", "https://e.org/x/", "fr")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPO_URL + "/issues/new"
    assert " " not in url and "&co" not in url and "+" not in parts.query
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"template": "correction.yml", "title": "Correction\u00a0: funding.round-b.amount_usd",
                     "figure": "funding.round-b.amount_usd", "value": "6\u00a0milliards & co",
                     "page": "https://e.org/x/#funding.round-b.amount_usd", "language": "fr"}
    # Every prefilled parameter but the title is a field of the form, under that id.
    assert set(query) - {"template", "title"} <= {field["id"] for field in FORM["body"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_gets_one_anchor_per_figure_preferably_on_its_table_cell(language):
    blocks: list[str] = []
    render_markers("Prose <!-- data:value clusters/big-one/power_mw --> and "
                   "<!-- data:value models/model-one/parameters_billion -->.\n\n<!-- data:table clusters -->\n\n"
                   "Again <!-- data:value clusters/big-one/power_mw -->.\n", MINIMAL, language, "docs/x.md",
                   stash=blocks)
    html = soup("".join(annotate(blocks, MINIMAL, language, CTX)))
    ids = [e["id"] for e in html.select("[id]")]
    assert len(ids) == len(set(ids))
    power = html.find(id="clusters.big-one.power_mw")
    assert power.find_parent("table") is not None  # the table cell, not the prose before it
    assert html.find(id="models.model-one.parameters_billion").find_parent("table") is None  # prose only
    links = html.select("table a.fig-fix")
    assert len(links) == len({e["data-fig"] for e in html.select("table [data-fig]")}) == 4
    assert not html.select("[data-fix]")  # every slot became a link
    # The search index's plain-text stand-in keeps the figures, not the pencils.
    standin = plain_text("".join(annotate(blocks, MINIMAL, language, CTX)))
    assert "✎" not in standin and "150" in standin


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figures_page_table_lists_each_figure_once_with_its_history(language):
    raw = yaml.safe_load(MINIMAL_PATH.read_text(encoding="utf-8"))
    raw["corrections"] = [{"id": "power-fix", "date": "2026-11-30", "page": "comparisons",
                           "figure": "clusters.big-one.power_mw", "what": {"fr": "Puissance", "en": "Power"},
                           "old": "100", "new": "150", "sources": ["press-report"]}]
    from scripts.load_data import validate
    data = validate(raw, {}, "x.yml")
    html = soup(render_figures("clusters", data, language, CTX))
    rows = html.select("tbody tr")
    assert [r["id"] for r in rows] == [r.id for r in all_figures(data) if r.collection == "clusters"]
    history = html.find(id="clusters.big-one.power_mw").find_all("td")[4]
    assert "100 → 150" in history.get_text() and history.a["href"] == "../corrections/#correction-power-fix"
    with pytest.raises(KeyError):
        render_figures("events", data, language, CTX)


def test_a_correction_naming_an_unknown_figure_is_rejected_with_its_path():
    text = MINIMAL_PATH.read_text(encoding="utf-8").replace("corrections: []", "") + """
corrections:
  - id: typo
    date: 2026-11-30
    page: comparisons
    figure: clusters.big-one.power_gw
    what: {fr: "x", en: "x"}
    sources: [press-report]
"""
    from scripts.diff_data import load_text
    with pytest.raises(DataFileError) as exc:
        load_text(text, "bad.yml")
    assert "corrections[0].figure: unknown figure id 'clusters.big-one.power_gw'" in str(exc.value)


# The built site -------------------------------------------------------------------------------


def _pages(site: Path):
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        path = "" if rel == "." else rel + "/"
        yield path, ("en" if path.startswith("en/") else "fr"), BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


def test_every_figure_shown_has_an_anchor_and_a_correction_link_matching_the_data(site):
    refs = {r.id: r for r in all_figures(DATA)}
    checked_links = 0
    for path, language, html in _pages(site):
        article = html.select_one("article")
        for fid in {e["data-fig"] for e in article.select("[data-fig]")}:
            assert fid in refs, (path, fid)
            assert len(html.find_all(id=fid)) == 1, (path, fid)
        for cell in article.select("table [data-fig]"):
            assert html.find(id=cell["data-fig"]).find_parent("table") is not None, (path, cell["data-fig"])
        for link in article.select("a.fig-fix"):
            query = {k: v[0] for k, v in parse_qs(urlsplit(link["href"]).query).items()}
            ref = refs[query["figure"]]
            assert query["template"] == "correction.yml"
            assert query["value"] == value_text(ref, language), (path, ref.id)
            assert query["page"] == f"{SITE_URL}{path}#{ref.id}"
            assert query["language"] == language
            # The accessible name says which figure, in the page's language.
            assert link["aria-label"].endswith(f"{describe(ref, DATA, language)} = {query['value']}")
            assert html.find(id=ref.id) is not None
            checked_links += 1
        # Each table figure has its link, in the same cell.
        for cell in article.select("table [data-fig]"):
            assert cell.find_parent("td").select_one(f'a.fig-fix[href*="figure={cell["data-fig"]}&"]'), (path, cell)
    assert checked_links > 2 * len(refs)


@pytest.mark.parametrize("language, prefix", [("fr", ""), ("en", "en/")])
def test_the_figures_page_lists_every_figure_of_the_data_file(site, language, prefix):
    html = soup((site / prefix / "figures" / "index.html").read_text(encoding="utf-8"))
    assert html.html["lang"] == language
    rows = html.select("table.data tbody tr[id]")
    assert sorted(r["id"] for r in rows) == sorted(r.id for r in all_figures(DATA))
    for row in rows:
        assert row.select_one("a.fig-fix")["href"].count(f"figure={row['id']}&") == 1
        citation = row.select_one(".fig-citation").get_text()
        assert f"{SITE_URL}{prefix}figures/#{row['id']}" in citation
        assert ("chiffre" if language == "fr" else "figure") in citation
    assert html.select_one('nav a[href$="figures/"]')  # in the navigation


# The data diff on a throw-away repository -----------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / "docs" / "data").mkdir(parents=True)
    shutil.copy(MINIMAL_PATH, tmp_path / "docs" / "data" / "colossus.yml")
    pages = {
        "comparisons.fr.md": "<!-- data:table clusters -->\n",
        "comparisons.en.md": "<!-- data:table clusters -->\n",
        "xai.fr.md": "<!-- data:table funding -->\n",
        "xai.en.md": "<!-- data:table funding -->\n",
        # Prose in one language only shows the model's size, so its pages differ by language.
        "grok.fr.md": "Taille : <!-- data:value models/model-one/parameters_billion -->\n",
        "grok.en.md": "Prose without the figure.\n",
    }
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def test_the_data_diff_reports_added_changed_and_removed_figures_with_their_pages(repo):
    data = repo / "docs" / "data" / "colossus.yml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("power_mw: {value: 150, kind: press, sources: [press-report]}",
                        "power_mw: {value: 300, kind: press, sources: [press-report]}")  # changed
    text = text.replace("    parameters_billion: 314\n", "")  # removed
    text = text.replace("    fp8_dense_tflops: 1979\n", "")
    text = text.replace("    bf16_dense_tflops: 989\n    kind: official",
                        "    bf16_dense_tflops: 989\n    fp8_dense_tflops: 1979\n    kind: official")  # added to h200
    data.write_text(text, encoding="utf-8")
    out = diff_run(repo, None)  # no origin/main in this repository: compared with HEAD
    assert "`HEAD` → working tree: 1 added, 1 changed, 2 removed." in out
    lines = {line.split(" | ")[1].strip("`"): line for line in out.splitlines() if line.startswith("| ") and "`" in line}
    changed = lines["clusters.big-one.power_mw"]
    assert changed.startswith("| changed") and "150 (as of 2024-09-02) | 300 (as of 2024-09-02)" in changed
    assert "| press | press-report | /comparisons/ | /en/comparisons/ |" in changed
    removed = lines["models.model-one.parameters_billion"]
    assert removed.startswith("| removed") and "314 (as of 2024-03-17) | — |" in removed
    assert removed.endswith("| /grok/ | none |")
    added = lines["chips.h200.fp8_dense_tflops"]
    assert added.startswith("| added") and "| — | 1,979 (as of 2024-01-01) | official | vendor-sheet |" in added
    assert lines["chips.h100.fp8_dense_tflops"].startswith("| removed")
    assert "funding." not in out  # unchanged figures are not listed


def test_the_data_diff_says_so_when_the_base_does_not_exist(repo):
    assert diff_run(repo, "no-such-branch").startswith(
        "No data diff: the git revision no-such-branch does not exist in this repository.")


def test_the_data_diff_command_exits_0_on_this_repository():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "scripts.diff_data", "no-such-rev-xyz"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "no-such-rev-xyz does not exist" in result.stdout
    assert "Traceback" not in result.stderr


# The contributor guides -----------------------------------------------------------------------

GUIDES = [ROOT / "CONTRIBUTING.md", ROOT / "CONTRIBUTING.fr.md"]
EXAMPLE = re.compile(r"<!-- example: correction[^>]*-->\n```yaml\n(.*?)\n```", re.S)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guides_correction_example_validates_against_the_real_data(guide):
    from scripts.load_data import parse_yaml, validate

    found = EXAMPLE.findall(guide.read_text(encoding="utf-8"))
    assert len(found) == 1, guide
    example = yaml.safe_load(found[0])
    assert set(example) == {"sources", "corrections"}
    raw, positions = parse_yaml((ROOT / "docs" / "data" / "colossus.yml").read_text(encoding="utf-8"), "colossus.yml")
    raw["sources"] += example["sources"]
    raw["corrections"] = list(raw.get("corrections") or []) + example["corrections"]
    data = validate(raw, positions, "colossus.yml")  # raises DataFileError, with the field, if not
    entry = data.corrections[-1]
    assert entry.figure in {r.id for r in all_figures(data)}
    # The figures page shows it as an earlier value of its figure.
    ref = next(r for r in all_figures(data) if r.id == entry.figure)
    from scripts.figures_page import history
    assert f"{entry.old} → {entry.new}" in history(ref, data, "en")


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guides_list_every_source_kind_and_reliability_value(guide):
    from scripts.model import Reliability, SourceKind, StatementKind

    text = guide.read_text(encoding="utf-8")
    for value in [*SourceKind, *Reliability, *StatementKind]:
        assert f"`{value.value}`" in text, (guide.name, value.value)
    for words in ("scripts.diff_data", "meta.last_checked", "/figures/", "✎"):
        assert words in text, (guide.name, words)


def test_a_very_long_collection_is_capped_and_says_where_the_rest_is():
    from scripts.figures_page import MAX_FIGURES_PER_COLLECTION
    from scripts.load_data import validate

    raw = yaml.safe_load(MINIMAL_PATH.read_text(encoding="utf-8"))
    raw["chips"] += [dict(raw["chips"][1], id=f"chip-{i}") for i in range(MAX_FIGURES_PER_COLLECTION)]
    data = validate(raw, {}, "x.yml")
    html = soup(render_figures("chips", data, "en", CTX))
    assert len([r for r in all_figures(data) if r.collection == "chips"]) > MAX_FIGURES_PER_COLLECTION
    assert len(html.select("tbody tr")) == MAX_FIGURES_PER_COLLECTION
    assert "the complete table is in the downloadable data" in html.get_text()


def test_without_a_repository_address_the_links_fail_with_a_clear_message():
    with pytest.raises(ValueError, match="mkdocs.yml needs repo_url"):
        issue_url("", "chips.h100.memory_gb", "80", "https://e.org/", "en")


def test_a_figures_marker_naming_no_figure_collection_fails_with_page_and_line():
    from scripts.markers import MarkerError

    with pytest.raises(MarkerError, match=r"docs/figures.en.md:3: data:figures events: unknown collection 'events'"):
        render_markers("# F\n\n<!-- data:figures events -->\n", MINIMAL, "en", "docs/figures.en.md", links=CTX)
    with pytest.raises(MarkerError, match="figures page is not available"):
        render_markers("<!-- data:figures chips -->\n", MINIMAL, "en", "docs/figures.en.md")
    html = soup(render_markers("<!-- data:figures chips -->\n", MINIMAL, "en", "docs/figures.en.md", links=CTX))
    assert len(html.select("tbody tr[id]")) == len([r for r in all_figures(MINIMAL) if r.collection == "chips"])
