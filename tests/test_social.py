"""Link previews (issue #15): Open Graph and Twitter card tags on every page, and their picture."""

from __future__ import annotations

import struct

import pytest
from bs4 import BeautifulSoup

from checks import html_of, page_path
from conftest import ROOT
from scripts import social
from scripts.model import LANGUAGES

SITE_URL = "https://colossus-explainer.github.io/colossus-explainer/"
PAGES = sorted(p.name[: -len(".fr.md")] for p in (ROOT / "docs").glob("*.fr.md"))
LOCALE = {"fr": ("fr_FR", "en_US"), "en": ("en_US", "fr_FR")}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG file"
    return struct.unpack(">II", data[16:24])


def meta(doc, key: str) -> list[str]:
    return [m["content"] for m in doc.select(f'meta[property="{key}"], meta[name="{key}"]')]


def front_matter_description(stem: str, language: str) -> str:
    import yaml

    text = (ROOT / "docs" / f"{stem}.{language}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])["description"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_its_own_link_preview_in_its_language(site, language):
    titles = set()
    for stem in PAGES:
        doc = html_of(page_path(site, stem, language))
        where = f"{stem}.{language}"
        page_title = doc.title.get_text()
        (title,) = meta(doc, "og:title")
        assert title and title.split(" — ")[0] in page_title, (where, title, page_title)
        titles.add(title)
        assert meta(doc, "og:description") == [front_matter_description(stem, language)], where
        assert meta(doc, "og:locale") == [LOCALE[language][0]], where
        assert meta(doc, "og:locale:alternate") == [LOCALE[language][1]], where
        (url,) = meta(doc, "og:url")
        assert url == doc.select_one('link[rel="canonical"]')["href"], where
        (image,) = meta(doc, "og:image")
        assert image == SITE_URL + f"assets/social-{language}.png", where
        assert meta(doc, "twitter:card") == ["summary_large_image"], where
        assert meta(doc, "og:image:alt")[0].strip(), where
    assert len(titles) == len(PAGES), "each page has its own title"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preview_picture_is_built_at_the_size_cards_expect(site, language):
    data = (site / "assets" / f"social-{language}.png").read_bytes()
    assert png_size(data) == social.SIZE
    assert len(data) < 120 * 1024


def test_the_preview_picture_is_drawn_the_same_every_time_and_follows_its_text():
    first = social.draw_image("Colossus, Grok et xAI", "Le dossier de référence")
    assert first == social.draw_image("Colossus, Grok et xAI", "Le dossier de référence")
    assert first != social.draw_image("Colossus, Grok and xAI", "The reference explainer")


def test_the_preview_picture_is_cached_on_its_text(tmp_path):
    first = social.cached_image("A title", "A subtitle", tmp_path)
    assert len(list(tmp_path.glob("social-*.png"))) == 1
    assert social.cached_image("A title", "A subtitle", tmp_path) == first
    social.cached_image("A title", "Another subtitle", tmp_path)
    assert len(list(tmp_path.glob("social-*.png"))) == 2


def test_a_dollar_sign_in_a_title_is_drawn_as_text():
    # matplotlib would read "$...$" as a formula; a title is plain text.
    assert png_size(social.draw_image("xAI raised $20 billion at $230 billion", "$ signs $")) == social.SIZE


def test_text_in_the_preview_tags_is_escaped():
    tags = social.meta_tags(title='"><script>alert(1)</script>', description="a & b", url="https://x/?a=1&b=2",
                            language="fr", site_name="S", image_url="https://x/i.png", image_alt="<alt>")
    doc = BeautifulSoup(tags, "html.parser")
    assert not doc.find("script")
    assert all(m.name == "meta" for m in doc.find_all(True))
    assert meta(doc, "og:title") == ['"><script>alert(1)</script>']
    assert meta(doc, "og:description") == ["a & b"] and "a &amp; b" in tags
    assert meta(doc, "og:locale") == ["fr_FR"] and meta(doc, "og:locale:alternate") == ["en_US"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_not_found_page_previews_the_site_in_its_language(site, language):
    # The 404 page is a template, not a page: without its own hook it would share no preview.
    path = site / ("404.html" if language == "fr" else "en/404.html")
    doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert meta(doc, "og:locale") == [LOCALE[language][0]]
    assert meta(doc, "og:url") == [SITE_URL + ("" if language == "fr" else "en/")]
    assert meta(doc, "og:image") == [SITE_URL + f"assets/social-{language}.png"]
    assert meta(doc, "twitter:card") == ["summary_large_image"]
