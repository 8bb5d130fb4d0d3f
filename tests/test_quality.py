"""Quality gates on the built site, and proof that each gate fails on a planted fault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks import (LocalSite, axe_violations, foreign_references, requests_to_other_hosts,
                    tree_differences, vnu_errors)
from conftest import build_site, copy_project

pytestmark = pytest.mark.browser

FAULTY_PAGE_EN = """
<p style="color:#eeeeee;background:#ffffff">Planted: text too pale to read.</p>
<p><a href="https://example.org/"><img src="https://example.org/pixel.png" alt=""></a></p>
<center>Planted: an element HTML no longer has.</center>
<ul><p>Planted: a paragraph where only list items may be.</p></ul>
"""


def test_the_nu_html_checker_finds_no_error(local):
    # Started on every built page when the served site was built (see conftest.local).
    assert local.vnu.errors() == []


def test_two_cold_builds_in_separate_folders_are_byte_identical(site, tmp_path):
    # `site` was built from the checkout with an empty cache of its own; this one from a copy in
    # another folder, with another empty cache: every table and chart is rendered twice, for real.
    project = copy_project(tmp_path / "elsewhere")
    again = tmp_path / "again"
    result = build_site(project, again, cache_dir=tmp_path / "again-cache")
    assert result.returncode == 0, result.stderr[-2000:]
    assert tree_differences(site, again) == []


@pytest.fixture(scope="module")
def faulty(local, tmp_path_factory):
    # The checks read built pages, so the fault goes into a copy of the built site: no second build.
    copy = Path(shutil.copytree(local.site_dir, tmp_path_factory.mktemp("faulty") / "site"))
    page = copy / "en" / "glossary" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("</article>") == 1
    page.write_text(html.replace("</article>", FAULTY_PAGE_EN + "</article>"), encoding="utf-8")
    with LocalSite(None, copy) as site:
        yield site


def test_planted_faults_are_caught(faulty, browser):
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    page.goto(faulty.url("/en/glossary/"))
    rules = {v["id"] for v in axe_violations(page)}
    page.close()
    assert {"color-contrast", "link-name"} <= rules, rules
    assert any("example.org" in url for url in requests_to_other_hosts(browser, faulty.url("/en/glossary/")))
    errors = vnu_errors(faulty.site_dir / "en" / "glossary" / "index.html")
    assert any("“center”" in e for e in errors), errors
    assert any("/en/glossary/index.html" in e and "“p”" in e for e in errors), errors
    assert any("example.org/pixel.png" in r for r in foreign_references(faulty.site_dir))


def test_a_broken_anchor_fails_the_strict_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "glossary.fr.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVoir [cette section](colossus.md#nulle-part).\n",
                    encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "nulle-part" in result.stderr


def test_a_non_reproducible_renderer_is_caught(tmp_path):
    project = copy_project(tmp_path / "project")
    # Plant a table renderer that stamps each build with something new, as a careless id would.
    tables = project / "scripts" / "tables.py"
    tables.write_text(tables.read_text(encoding="utf-8") + """
import uuid as _uuid
_planted_chips = render_chips
TABLES["chips"] = lambda *args: _planted_chips(*args) + f"<p>{_uuid.uuid4().hex}</p>"
""", encoding="utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    for site in (first, second):
        result = build_site(project, site, cache_dir=tmp_path / f"{site.name}-cache")
        assert result.returncode == 0, result.stderr[-2000:]
    assert "en/comparisons/index.html" in tree_differences(first, second)
