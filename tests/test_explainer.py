"""The site as an explainer: each thing said once, pages a reader can finish, rules the data keeps.

Prose is measured on the built pages (tests/prose.py): tables, charts, captions, tag keys and
source lists are generated, not written, and are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from prose import MIN_WORDS, language_pages, sentences, word_count
from scripts.load_data import load_dataset
from scripts.html_stash import plain_text
from scripts.inline_values import resolve_value
from scripts.page_extras import prose_words, reading_minutes
from scripts.tables import render_announcements, render_keyfigures
from scripts.model import LANGUAGES, Verdict, homes_equivalent, round_homes
from scripts.verdicts import verdict_problems

DATA = load_dataset(ROOT / "docs" / "data" / "colossus.yml")
EXPLANATORY = ("index", "colossus", "grok", "xai", "comparisons")
MAX_PROSE_WORDS = 3000


def repeated_sentences(pages: dict[str, str]) -> dict[str, list[str]]:
    """{sentence: pages} for every sentence of MIN_WORDS+ words found on more than one page."""
    where: dict[str, set[str]] = defaultdict(set)
    for name, html in pages.items():
        for sentence in sentences(html):
            where[sentence].add(name)
    return {s: sorted(p) for s, p in where.items() if len(p) > 1}


def _page(body: str) -> str:
    return f'<html><body><article class="md-content__inner">{body}</article></body></html>'


def test_the_repeat_check_catches_a_planted_repeat_and_ignores_tables():
    shared = "Colossus est une grappe de calcul qui relie un très grand nombre de puces NVIDIA entre elles."
    short = "Colossus est à Memphis."
    table = f'<div class="data-table"><table><caption>{shared}</caption></table></div>'
    pages = {"a": _page(f"<p>{shared} {short}</p>"), "b": _page(f"<ul><li>{shared}</li></ul><p>{short}</p>"),
             "c": _page(table)}
    found = repeated_sentences(pages)
    assert list(found.values()) == [["a", "b"]]
    assert len(next(iter(found)).split()) >= MIN_WORDS


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sentence_of_twelve_words_or_more_is_on_two_pages(site, language):
    pages = {name: path.read_text(encoding="utf-8") for name, path in language_pages(site)[language].items()}
    found = repeated_sentences(pages)
    assert not found, "\n".join(f"{pages_}: {sentence}" for sentence, pages_ in found.items())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXPLANATORY)
def test_explanatory_pages_stay_under_three_thousand_words_of_prose(site, language, name):
    html = language_pages(site)[language][name].read_text(encoding="utf-8")
    count = word_count(html)
    assert 0 < count < MAX_PROSE_WORDS, f"{language}/{name}: {count} words of prose"


def test_word_count_leaves_out_tables_headings_and_folded_blocks():
    html = _page("<h2>Un titre de section</h2><p>Trois mots ici.</p>"
                 '<div class="data-table"><table><tr><td>un deux trois quatre</td></tr></table></div>'
                 "<details><summary>Plus</summary><p>cinq six sept</p></details>")
    assert word_count(html) == 3


@pytest.mark.parametrize("language,pattern", [("fr", r"Lecture\u00a0:\u00a0\d+\u00a0min"), ("en", r"\d+\u00a0min read")])
def test_every_page_shows_its_reading_time_under_its_title(site, language, pattern):
    for name, path in language_pages(site)[language].items():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        h1 = soup.select_one("article h1")
        line = h1.find_next_sibling("p")
        assert line is not None and "checked" in line.get("class", []), name
        assert re.search(pattern, line.get_text()), (name, line.get_text())


def test_reading_time_counts_inline_values_but_not_tables():
    markdown = "# Titre\n\nDeux mots DATAMARKER0END puis DATAMARKER1END <!-- data:value x/y/z --> [lien](https://a.b)"
    assert prose_words(markdown, ["trois quatre cinq", ""]) == 1 + 2 + 3 + 1 + 1
    assert reading_minutes(1) == 1 and reading_minutes(200) == 1 and reading_minutes(201) == 2


def test_the_data_follows_the_fact_checks_verdict_rules():
    assert verdict_problems(DATA) == []


def test_the_verdict_rules_catch_planted_faults():
    claims = {c.id: c for c in DATA.claims}
    build_time = claims["musk-122-days"].model_copy(update={"verdict": Verdict.accurate})
    weak_witness = claims["grok2-open-source"].model_copy(update={"independent": ["tradingkey-grok25-open"]})
    lone_dispute = claims["most-powerful-computer"].model_copy(
        update={"sources": ["techpowerup-2024-11-top500", "original-article"]})
    planted = DATA.model_copy(update={"claims": [build_time, weak_witness, lone_dispute]})
    problems = verdict_problems(planted)
    assert any(p.startswith("claims[musk-122-days]: 'accurate' needs at least one independent source") for p in problems)
    assert any(p.startswith("claims[grok2-open-source]: 'tradingkey-grok25-open' is listed as independent") for p in problems)
    assert any(p.startswith("claims[most-powerful-computer]: 'disputed' needs at least two") for p in problems)


def test_key_figures_headline_nothing_the_site_marks_unconfirmed():
    for language in LANGUAGES:
        table = render_keyfigures(DATA, language)
        body = table.split("<tbody>")[1].split("</tbody>")[0]
        assert "kind--unconfirmed" not in body
    # A newer model known only from weak sites is not headlined as the latest.
    newest = max(DATA.models, key=lambda m: m.released)
    rumour = newest.model_copy(update={"id": "grok-rumour", "name": "Grok Rumour",
                                       "released": newest.released.replace(year=newest.released.year + 1),
                                       "sources": ["tradingkey-grok25-open"]})
    planted = DATA.model_copy(update={"models": [*DATA.models, rumour]})
    assert "Grok Rumour" not in render_keyfigures(planted, "en")


def test_homes_are_computed_from_the_power_and_the_sourced_yardstick():
    assert homes_equivalent(300, 10715) == pytest.approx(245_264, abs=1)
    assert round_homes(245_264) == 245_000
    assert plain_text(resolve_value("derived/homes/colossus-1-2025-07", DATA, "en")) == "about 245,000"
    html = resolve_value("derived/homes-arithmetic/colossus-1-2025-07", DATA, "fr")
    arithmetic = BeautifulSoup(html, "html.parser").select_one("span.fig").get_text()
    assert arithmetic == ("300\u00a0MW × 8\u202f760\u00a0h = 2\u202f628\u202f000\u202f000\u00a0kWh par an\u00a0; "
                          "2\u202f628\u202f000\u202f000\u00a0kWh ÷ 10\u202f715\u00a0kWh par foyer ≈ 245\u202f000 foyers")
    with pytest.raises(ValueError):
        homes_equivalent(300, 0)


def test_a_delay_in_prose_reads_exactly_as_in_the_announcements_table():
    for language in LANGUAGES:
        prose = resolve_value("derived/delay/grok-3-end-2024", DATA, language)
        # A cell may carry its card label (data-label) on a phone; its content is what must match.
        assert re.search(rf"<td(?: [^>]*)?>{re.escape(prose)}</td>", render_announcements(DATA, language))


@pytest.mark.parametrize("language,box", [("fr", "L'essentiel"), ("en", "The essentials")])
def test_home_page_defines_the_subject_then_gives_the_essentials(site, language, box):
    path = language_pages(site)[language]["index"]
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article")
    definition = article.select_one("p.definition")
    assert definition is not None
    for name in ("Colossus", "Grok", "xAI"):
        assert name in definition.get_text()
    essentials = article.select_one("#essentials")
    assert essentials.select_one(".admonition-title").get_text() == box
    items = essentials.select("li")
    assert 5 <= len(items) <= 7
    assert all(item.select_one("a[href]:not(sup a)") for item in items)
    # The definition and the box come before any other section of the page.
    assert article.find("h2") is None or definition.find_next("h2").find_previous("div", id="essentials")


@pytest.mark.parametrize("language,words", [("fr", ("article d'origine", "article de 2024")),
                                             ("en", ("original article", "2024 article"))])
def test_the_original_article_is_named_only_on_the_fact_check_and_once_on_the_home_page(site, language, words):
    counts = {}
    for name, path in language_pages(site)[language].items():
        html = path.read_text(encoding="utf-8")
        main = BeautifulSoup(html, "lxml").select_one("article")
        for node in main.select(".data-table, ol.source-list"):
            node.decompose()
        text = main.get_text(" ").lower().replace("’", "'")
        counts[name] = sum(text.count(w) for w in words)
    assert counts.pop("fact-check") > 0
    assert counts.pop("index") == 1
    counts.pop("sources")  # the list of sources names every source, that article included, by its kind
    assert not {k: v for k, v in counts.items() if v}, counts
