"""The fixes applied to the built site, as pure functions."""

from __future__ import annotations

import json

import pytest

from scripts import csp, site_fixes
from scripts.translations import missing_translations

SITE = "https://example.org/explainer/"


def test_alternates_become_absolute_with_an_x_default():
    out = site_fixes.absolute_alternates(SITE, [{"lang": "fr", "link": "grok/"}, {"lang": "en", "link": "en/grok/"}])
    assert out == [{"lang": "fr", "href": SITE + "grok/"}, {"lang": "en", "href": SITE + "en/grok/"},
                   {"lang": "x-default", "href": SITE + "grok/"}]
    home = site_fixes.absolute_alternates(SITE, [{"lang": "en", "link": "/explainer/en/"}])
    assert home[0]["href"] == SITE + "en/"


def test_home_links_become_relative_to_the_site_root():
    assert site_fixes.site_relative("/explainer/en/", SITE) == "en/"
    assert site_fixes.site_relative("/explainer/", SITE) == "./"
    assert site_fixes.site_relative("en/grok/", SITE) == "en/grok/"


def test_each_language_gets_its_own_search_index(tmp_path):
    (tmp_path / "search").mkdir()
    merged = {"config": {"lang": ["fr", "en"]}, "docs": [
        {"location": "grok/", "title": "Grok (fr)"}, {"location": "en/grok/", "title": "Grok (en)"},
        {"location": "", "title": "Accueil"}, {"location": "en/", "title": "Home"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(merged), encoding="utf-8")
    site_fixes.split_search_index(tmp_path, ["en"])
    fr = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((tmp_path / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["title"] for d in fr["docs"]] == ["Grok (fr)", "Accueil"] and fr["config"]["lang"] == ["fr"]
    assert [(d["location"], d["title"]) for d in en["docs"]] == [("grok/", "Grok (en)"), ("", "Home")]
    assert en["config"]["lang"] == ["en"]


def test_the_theme_toggles_lose_the_attribute_html_does_not_allow_there():
    html = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    assert "autocomplete" not in site_fixes.clean_theme_html(html)
    search = '<input type="text" class="md-search__input" autocomplete="off">'
    assert site_fixes.clean_theme_html(html + search).endswith(search)


def test_a_theme_rewrite_that_finds_nothing_stops_the_build():
    changed = '<input class="md-toggle md-new" type="checkbox" id="__drawer">'  # the theme's markup moved on
    with pytest.raises(site_fixes.ThemeChanged, match=r"docs/a\.fr\.md: no <input class=\"md-toggle\""):
        site_fixes.clean_theme_html(changed, "docs/a.fr.md")


def test_a_search_index_without_one_language_stops_the_build(tmp_path):
    (tmp_path / "search").mkdir()
    merged = {"config": {"lang": ["fr"]}, "docs": [{"location": "grok/", "title": "Grok"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(merged), encoding="utf-8")
    with pytest.raises(site_fixes.ThemeChanged, match="no page under en/"):
        site_fixes.split_search_index(tmp_path, ["en"])


def test_a_page_without_a_head_is_not_left_without_its_policy():
    assert 'http-equiv="Content-Security-Policy"' in csp.with_policy("<html><head></head><body></body></html>")
    with pytest.raises(ValueError, match="no <meta charset> or <head>"):
        csp.with_policy("<p>a fragment</p>")


def test_a_page_without_its_translation_is_named():
    assert missing_translations(["a.fr.md", "a.en.md", "b.fr.md", "c.md"]) == [
        "docs/c.md: no language suffix; name it c.fr.md and c.en.md",
        "docs/b.en.md is missing (docs/b.fr.md has no translation)",
    ]


def test_the_hook_turns_a_missed_theme_rewrite_into_a_build_error():
    from mkdocs.exceptions import PluginError

    from scripts import hooks
    with pytest.raises(PluginError, match=r"template 404\.html: no <input class=\"md-toggle\".*scripts/site_fixes\.py"):
        hooks.on_post_template("<html><body>a theme without toggles</body></html>", "404.html", None)
    assert hooks.on_post_template("sitemap", "sitemap.xml", None) == "sitemap"
