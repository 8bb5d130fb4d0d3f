"""Each page in one language: the built pages' words, numbers, quotes and terms, and no editor's note.

The checks read the built HTML, so they see what readers see: prose and everything the data adds
(tables, names, notes, source lists). Each check is also run on a planted fault it must catch.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from conftest import ROOT
from scripts.model import LANGUAGES
from language_checks import (banned_terms, english_digit_grouping, html_pages, imperial_without_metric,
                             page_language, prose_texts, straight_quotes, unknown_words)

PROSE_SKIP = {"cite", "q", "names"}


def page(language: str, body: str) -> BeautifulSoup:
    return BeautifulSoup(f'<html lang="{language}"><body>{body}</body></html>', "lxml")


def findings(site: Path, check) -> list[str]:
    return [str(f) for name, doc in html_pages(site) for f in check(name, doc)]


# --- Spelling: Hunspell over the text of every built page, in the page's language -------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_hunspell_knows_every_word_of_the_built_pages(site, language):
    assert shutil.which("hunspell"), "hunspell is missing: the test command installs it"
    texts = [t for _, doc in html_pages(site) if page_language(doc) == language for t in prose_texts(doc, PROSE_SKIP)]
    assert len(texts) > 1000, "the pages' text was not found"
    unknown = unknown_words(texts, language)
    assert not unknown, (f"{len(unknown)} unknown words in the {language} pages (fix them, mark other-language "
                         f"words with lang, or add a reviewed name to tests/spelling-allowlist.txt): {sorted(unknown)}")


def test_spelling_catches_english_in_french_text_and_skips_it_when_marked():
    planted = page("fr", "<p>Comprendre « what the hell is going on ».</p>")
    assert {"what", "the", "hell", "going"} <= unknown_words(prose_texts(planted, PROSE_SKIP), "fr")
    marked = page("fr", '<p>Comprendre « <span lang="en">what the hell is going on</span> », <cite>Title here</cite>, '
                        '<span translate="no">vuink</span>, 1er, H100, x.ai/blog.</p>')
    assert unknown_words(prose_texts(marked, PROSE_SKIP), "fr") == set()


# --- Numbers: French digit grouping in French text ---------------------------------------------------

def test_french_text_never_groups_digits_the_english_way(site):
    assert findings(site, english_digit_grouping) == []


@pytest.mark.parametrize("text, caught", [
    ("Grappe GenAI de Meta (24,576 H100)", True),
    ("un million, soit 1,000,000 de dollars", True),
    ("1,742 exaflops", False),  # a French decimal
    ("24\u202f576 H100", False),
    ('<span lang="en">Meta GenAI cluster (24,576 H100)</span>', False),
])
def test_english_digit_grouping_is_caught(text, caught):
    assert bool(english_digit_grouping("planted.html", page("fr", f"<p>{text}</p>"))) is caught
    assert english_digit_grouping("planted.html", page("en", f"<p>{text}</p>")) == []


# --- Quotes: no typewriter quotes in prose ----------------------------------------------------------

def test_prose_has_no_straight_double_quotes(site):
    assert findings(site, straight_quotes) == []


def test_straight_quotes_are_caught_in_prose_only():
    assert straight_quotes("planted.html", page("en", '<p>He said "soon".</p>'))
    clean = page("en", '<p title="a &quot;b&quot;">He said “soon”, <code>x = "a"</code> <cite>"Quoted" title</cite>'
                       '<a href="https://e.org/?q=&quot;">link</a></p>')
    assert straight_quotes("planted.html", clean) == []


# --- One term per concept ----------------------------------------------------------------------------

def test_one_term_per_concept(site):
    assert findings(site, banned_terms) == []


@pytest.mark.parametrize("language, body, caught", [
    ("fr", "<p>Un cluster de 100 000 GPU.</p>", True),
    ("fr", "<p>Des puces Nvidia.</p>", True),
    ("en", "<p>Nvidia chips.</p>", True),
    ("fr", '<p>Une grappe, en anglais <i lang="en">cluster</i>, de puces NVIDIA.</p>', False),
    ("en", "<p>A cluster of NVIDIA chips, <cite>Nvidia Pulls Ahead</cite>.</p>", False),
])
def test_banned_terms_are_caught(language, body, caught):
    assert bool(banned_terms("planted.html", page(language, body))) is caught


# --- Units: metric for a French reader, the source's unit kept ---------------------------------------

def test_every_imperial_unit_stands_with_its_metric_equivalent(site):
    assert findings(site, imperial_without_metric) == []


@pytest.mark.parametrize("language, body, caught", [
    ("fr", "<p>Un terrain de 114 acres.</p>", True),
    ("fr", "<p>Un bâtiment de 785\u202f000 pieds carrés (73\u202f000 m²).</p>", True),
    ("fr", "<p>Un terrain de 46\u00a0ha (114 acres) et 49 millions de litres (13 millions de gallons).</p>", False),
    ("en", "<p>A 114-acre site.</p>", True),
    ("en", "<p>A 114-acre (46 ha) site, 13 million gallons (49 million liters) a day, one million square feet "
           "(about 93,000 m²).</p>", False),
])
def test_imperial_units_without_metric_are_caught(language, body, caught):
    assert bool(imperial_without_metric("planted.html", page(language, body))) is caught


# --- Language of parts -------------------------------------------------------------------------------

def test_source_titles_in_the_other_language_carry_lang(site):
    from scripts.load_data import load_dataset

    languages = {f"src-{s.id}": s.language for s in load_dataset(ROOT / "docs" / "data" / "colossus.yml").sources}
    for path, language in ((site / "sources" / "index.html", "fr"), (site / "en" / "sources" / "index.html", "en")):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        items = doc.select("ol.source-list > li")
        assert len(items) == len(languages)
        for item in items:
            cite = item.find("cite")
            assert cite.get("lang", language) == languages[item["id"]], f"{path}: {cite}"
    assert doc.select_one('cite[lang="fr"]'), "the English page marks the French original article's title"


def test_other_language_words_in_data_texts_are_marked_and_no_marker_survives(site):
    fact_check = (site / "fact-check" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">what the hell is going on</span>' in fact_check
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".csv", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "[en|" not in text and "[fr|" not in text, f"{path}: an unrendered [en|…] marker"


def test_the_language_menu_names_each_language_in_its_own_language(site):
    for path in (site / "index.html", site / "en" / "index.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        links = doc.select("a.md-select__link")
        assert links and all(a["lang"] == a["hreflang"] for a in links)


# --- Editors' notes never reach a reader -------------------------------------------------------------

def editors_notes() -> list[str]:
    from scripts.load_data import load_dataset

    notes: list[str] = []

    def walk(obj):
        if isinstance(obj, BaseModel):
            note = getattr(obj, "editors_note", None)
            if note:
                notes.append(note)
            for name in type(obj).model_fields:
                walk(getattr(obj, name))
        elif isinstance(obj, list):
            for item in obj:
                walk(item)

    walk(load_dataset(ROOT / "docs" / "data" / "colossus.yml"))
    return notes


def files_showing(site: Path, notes: list[str]) -> list[str]:
    """Every published file (pages, feeds, downloads, search index) that contains a note's words."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {note}" for note in notes
                      if note in text or note.replace("'", "&#x27;") in text or note.replace("'", "&#39;") in text]
    return found


def test_editors_notes_never_reach_the_site(site):
    notes = editors_notes()
    assert notes, "the data has no editors' note: this test would check nothing"
    assert files_showing(site, notes) == []


def test_a_leaked_editors_note_is_caught(tmp_path):
    note = editors_notes()[0]
    (tmp_path / "page.html").write_text(f"<p>{note.replace(chr(39), '&#x27;')}</p>", encoding="utf-8")
    assert files_showing(tmp_path, [note]) == [f"page.html: {note}"]
