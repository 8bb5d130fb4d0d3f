"""The table renderers: pure functions of data and language."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.load_data import load_dataset
from scripts.inline_values import resolve_value
from scripts.markers import MarkerError, render_markers
from scripts.model import LANGUAGES, DataSet
from scripts.tables import TABLES, render_chips, render_clusters

from conftest import ROOT

MINIMAL = load_dataset(ROOT / "tests" / "fixtures" / "minimal.yml")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def with_changes(data: DataSet, **changes) -> DataSet:
    raw = data.model_dump()
    for dotted, value in changes.items():
        target = raw
        *path, last = dotted.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return DataSet.model_validate(raw)


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_has_a_caption_scoped_headers_and_cited_sources(name, language):
    html = soup(TABLES[name](MINIMAL, language))
    table = html.find("table")
    if name == "sources":
        assert html.find("li", id="src-vendor-sheet")
        return
    if name == "corrections":
        assert "correction" in html.get_text().lower()
        return
    assert table.caption.get_text(strip=True)
    assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
    for link in table.select("sup.cite a"):
        assert html.find(id=link["href"][1:]), f"citation {link['href']} has no entry"


def test_peak_compute_is_chips_times_datasheet_throughput():
    clusters = MINIMAL.by_id("clusters")
    chips = MINIMAL.by_id("chips")
    # 150,000 H100 + 50,000 H200, both 989 dense BF16 TFLOP/s = 197.8 EFLOP/s
    assert clusters["big-two"].peak_eflops(chips) == pytest.approx(200000 * 989 / 1e6)


def test_numbers_in_tables_are_formatted_per_language():
    fr = soup(render_clusters(MINIMAL, "fr")).get_text()
    en = soup(render_clusters(MINIMAL, "en")).get_text()
    assert "100\u202f000" in fr and "100,000" in en
    assert "197,8" in fr and "197.8" in en


def test_a_changed_value_changes_the_table():
    changed = with_changes(MINIMAL, **{"clusters.0.gpus.0.count": {"value": 123456}})
    assert "123,456" in soup(render_clusters(changed, "en")).get_text()
    assert "123,456" not in soup(render_clusters(MINIMAL, "en")).get_text()


def test_claims_are_labelled_as_claims_and_official_figures_are_not():
    html = soup(render_clusters(MINIMAL, "en"))
    assert html.select(".kind--claim"), "a Musk-style claim must carry its tag"
    chips = soup(render_chips(MINIMAL, "en"))
    assert not chips.select("tbody .kind--claim")


def test_ratios_to_the_h100_are_computed():
    text = soup(render_chips(MINIMAL, "en")).get_text()
    assert "×1.8" in text  # 141 GB / 80 GB
    assert "×1.4" in text  # 4.8 / 3.35 TB/s


text_strategy = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(name=text_strategy, location=text_strategy)
def test_any_text_from_the_data_comes_out_escaped(name, location):
    data = with_changes(MINIMAL, **{"clusters.0.name": name, "clusters.0.location": {"fr": location, "en": location}})
    for language in LANGUAGES:
        html = render_clusters(data, language)
        parsed = soup(html)
        assert not parsed.find("script")
        row_texts = [th.get_text() for th in parsed.select("tbody th")]
        assert any(name.strip() in t for t in row_texts)
        assert location.strip() in parsed.get_text()


def test_a_script_tag_in_the_data_shows_as_text():
    data = with_changes(MINIMAL, **{"clusters.0.name": "<script>alert(1)</script>"})
    html = render_clusters(data, "en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markers_are_replaced_and_unknown_ones_name_page_and_line():
    out = render_markers("# T\n\n<!-- data:table chips -->\n", MINIMAL, "fr", "docs/x.fr.md")
    assert '<table class="data">' in out and "data:" not in out
    with pytest.raises(MarkerError, match=r"docs/x\.fr\.md:3: unknown table 'nope'"):
        render_markers("# T\n\n<!-- data:table nope -->\n", MINIMAL, "fr", "docs/x.fr.md")
    with pytest.raises(MarkerError, match=r"docs/x\.en\.md:2: unknown marker 'data:tabel'"):
        render_markers("# T\n<!-- data:tabel chips -->\n", MINIMAL, "en", "docs/x.en.md")


def test_inline_values_come_from_the_data():
    assert re.search(r"100\u202f000", resolve_value("clusters/big-one/gpus/h100", MINIMAL, "fr"))
    # The count inherits its row's kind, a claim: the tag follows it into the sentence.
    assert "kind--claim" in resolve_value("clusters/big-one/gpus/h100", MINIMAL, "fr")
    assert "kind--" not in resolve_value("chips/h100/memory_gb", MINIMAL, "en")
    assert "$6 billion" in resolve_value("funding/round-b/amount_usd", MINIMAL, "en")
    assert resolve_value("models/model-one/released", MINIMAL, "en") == \
        '<time class="data-value" datetime="2023-11-05">November 5, 2023</time>'
    assert resolve_value("claims/h200-twice/verdict", MINIMAL, "fr") == "inexact"
    assert resolve_value("clusters/big-one/status", MINIMAL, "en") == "operational"
    with pytest.raises(KeyError, match="no clusters row with id 'zzz'"):
        resolve_value("clusters/zzz/total_gpus", MINIMAL, "en")


def test_each_kind_of_value_has_its_inline_form_and_the_rest_is_refused():
    assert resolve_value("events/opening/text", MINIMAL, "en").startswith("Opening announced.<sup")  # a text cites
    assert "<sup" not in resolve_value("clusters/big-one/name", MINIMAL, "en")  # a name does not
    assert resolve_value("chips/h100/vendor", MINIMAL, "en") == "NVIDIA"  # a plain string, escaped
    assert resolve_value("clusters/big-two/total_gpus", MINIMAL, "fr").startswith("200\u202f000<sup")
    assert resolve_value("clusters/big-two/peak_eflops", MINIMAL, "en") == "197.8"
    assert resolve_value("events/opening/dated", MINIMAL, "en").startswith(
        'On <time datetime="2024-09-02">September 2, 2024</time>: Opening announced.')
    with pytest.raises(KeyError, match="field 'is_xai' of clusters cannot be shown inline"):
        resolve_value("clusters/big-one/is_xai", MINIMAL, "en")  # a bool is not a number to show
    with pytest.raises(KeyError, match="clusters rows have no field 'total_gpus/h100'"):
        resolve_value("clusters/big-one/total_gpus/h100", MINIMAL, "en")
    with pytest.raises(KeyError, match="cluster 'big-one' lists no chip 'h200'"):
        resolve_value("clusters/big-one/gpus/h200", MINIMAL, "en")
    with pytest.raises(KeyError, match="events rows have no field 'total_gpus'"):
        resolve_value("events/opening/total_gpus", MINIMAL, "en")  # computed fields belong to their row type
    with pytest.raises(KeyError, match="collection among chips, clusters, models, funding, events, announcements, "
                                       "claims, yardsticks; got 'sources/seed/title'"):
        resolve_value("sources/seed/title", MINIMAL, "en")


def test_key_figures_tag_a_claimed_cluster_size_as_a_claim():
    from scripts.tables import render_keyfigures

    html = soup(render_keyfigures(MINIMAL, "en"))
    first_row = html.select_one("tbody tr")
    assert "Big Two" in first_row.get_text() and first_row.select(".kind--claim")


def test_what_only_weak_sources_say_is_shown_as_unconfirmed():
    from scripts.tables import render_events

    html = soup(render_events(MINIMAL, "fr"))
    by_text = {tr.get_text(" ", strip=True): tr for tr in html.select("tbody tr")}
    rumour = next(tr for text, tr in by_text.items() if "Une rumeur" in text)
    opening = next(tr for text, tr in by_text.items() if "Mise en service" in text)
    assert rumour.select_one(".kind--unconfirmed").get_text() == "non confirmé"
    assert not opening.select(".kind--unconfirmed")
    assert "kind--unconfirmed" in resolve_value("events/rumour/text", MINIMAL, "en")
    assert "kind--unconfirmed" not in resolve_value("events/opening/text", MINIMAL, "en")


def test_a_very_long_table_shows_the_most_recent_rows_and_says_so():
    from scripts.tables import MAX_ROWS, render_events

    raw = MINIMAL.model_dump()
    base = raw["events"][0]
    raw["events"] = [dict(base, id=f"event-{i}", date=f"2020-01-01") for i in range(MAX_ROWS)]
    raw["events"].append(dict(base, id="newest", date="2024-10-01", text={"fr": "Le dernier.", "en": "The last one."}))
    raw["events"].append(dict(base, id="oldest", date="2019-01-01", text={"fr": "Le premier.", "en": "The first one."}))
    html = soup(render_events(DataSet.model_validate(raw), "en"))
    assert len(html.select("tbody tr")) == MAX_ROWS
    assert "The last one." in html.get_text() and "The first one." not in html.get_text()
    assert f"shows {MAX_ROWS} of {MAX_ROWS + 2} rows" in html.select_one(".table-note").get_text()


def test_markers_survive_markdown_wherever_they_stand():
    """The build renders markers before Markdown and puts the HTML back after it."""
    import markdown

    from scripts.html_stash import unstash

    source = ("<!-- data:value events/opening/text --> It came on <!-- data:value events/opening/date -->.\n\n"
              "<!-- data:table chips -->\n\nText after.\n")
    stash: list[str] = []
    text = render_markers(source, MINIMAL, "en", "docs/x.en.md", stash=stash)
    html = unstash(markdown.markdown(text, extensions=["md_in_html"]), stash)
    text_of = soup(html).get_text(" ", strip=True)
    assert "Opening announced." in text_of and "It came on September 2, 2024 ." in text_of
    assert '<table class="data">' in html and "<p><div" not in html and "DATAMARKER" not in html
    # As the build does it: a plain-text stand-in first (what search indexes), the full block after.
    from scripts.html_stash import swap_standins

    standin = unstash(markdown.markdown(text, extensions=["md_in_html"]), stash, standins=True)
    assert "<table" not in standin and "H100 SXM" in standin and 'data-standin="2"' in standin
    chips_standin = re.search(r'<p data-standin="2">(.*?)</p>', standin, re.S).group(1)
    assert 'class="cite"' in stash[2] and "[" not in chips_standin, "citation numbers are not indexed"
    assert swap_standins(standin, stash) == html


@pytest.mark.parametrize("name", ["clusters", "models", "claims", "events", "keyfigures"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_cell_names_its_column_for_the_phone_cards(name, language):
    table = soup(TABLES[name](MINIMAL, language)).find("table")
    headers = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    for row in table.tbody.find_all("tr"):
        assert row.th and row.th["scope"] == "row", "the card's title is the row's heading"
        assert [td["data-label"] for td in row.find_all("td")] == headers[1:]


def test_a_page_numbers_its_citations_once_for_prose_and_tables_and_lists_them_at_its_end():
    page = ("A <!-- data:value clusters/big-two/total_gpus --> GPUs.\n\n<!-- data:table clusters -->\n\n"
            "B <!-- data:value clusters/big-two/total_gpus --> GPUs.\n")
    html = soup(render_markers(page, MINIMAL, "en", "t.md"))
    numbers = [a.get_text() for a in html.select("sup.cite a")]
    assert numbers and all(n.isdigit() for n in numbers)
    assert numbers[0] == numbers[-1] == "1", "the same source keeps its number on the page"
    assert not html.select("details.table-sources-box"), "no second list under the table"
    entries = html.select("section.page-sources ol li")
    assert [li["id"] for li in entries] == [f"cite-{n}" for n in range(1, len(entries) + 1)]
    assert {a["href"] for a in html.select("sup.cite a")} <= {f"#{li['id']}" for li in entries}
    assert str(html).rstrip().endswith("</section>"), "the list is the page's last block"


@pytest.mark.parametrize("language,unit", [("en", "MW"), ("fr", "MW"), ("en", "H100 GPUs")])
def test_a_unit_stays_next_to_its_number_before_the_tag_and_citation(language, unit):
    claim = with_changes(MINIMAL, **{"clusters.1.power_mw": {"value": 1000, "kind": "claim"}})
    html = render_markers(f"It draws <!-- data:value clusters/big-two/power_mw --> {unit}, they say.",
                          claim, language, "t.md")
    text = soup(html).get_text()
    number = "1,000" if language == "en" else "1\u202f000"
    assert f"{number} {unit}" in text, text
    assert html.index(unit) < html.index('class="kind') < html.index('class="cite"')
    # Words after punctuation, or after a value that is not a number, are not its unit.
    html = render_markers("<!-- data:value clusters/big-two/power_mw -->, Elon Musk said.", claim, language, "t.md")
    assert html.index('class="cite"') < html.index("Elon")
    html = render_markers("On <!-- data:value clusters/big-two/date --> Elon Musk said.", claim, language, "t.md")
    assert html.index("</time> Elon Musk said.") > 0


def test_names_notes_and_titles_are_given_in_the_page_language():
    from scripts.charts import describe_clusters
    from scripts.tables import render_sources

    data = with_changes(MINIMAL, **{
        "clusters.0.name": {"fr": "Grappe d'essai (24\u202f576 H100)", "en": "Test cluster (24,576 H100)"},
        "sources.1.publisher_note": {"fr": "copie de [en|The Wire]", "en": "copy of The Wire"},
        "clusters.1.name": {"fr": "Deuxième grappe", "en": "Second cluster"},
        "sources.1.editors_note": "internal: kind set to press"})
    fr, en = render_clusters(data, "fr"), render_clusters(data, "en")
    assert "Grappe d&#x27;essai (24\u202f576 H100)" in fr and "Test cluster" not in fr
    assert "Test cluster (24,576 H100)" in en and "Grappe" not in en
    assert describe_clusters(data, "fr", "gpus").series["labels"] == ["Deuxième grappe"]
    assert describe_clusters(data, "en", "gpus").series["labels"] == ["Second cluster"]
    sources_fr, sources_en = render_sources(data, "fr"), render_sources(data, "en")
    assert 'copie de <span lang="en">The Wire</span>' in sources_fr and "copy of The Wire" in sources_en
    assert '<cite lang="en">A cluster opens</cite>' in sources_fr and "<cite>A cluster opens</cite>" in sources_en
    assert '<cite lang="fr">Colossus</cite>' in sources_en
    assert "internal" not in sources_fr + sources_en + fr + en


def test_other_language_markers_are_escaped_like_any_text():
    from scripts.tables import rich

    assert rich("dit « [en|<b>hell</b>] » & co") == 'dit « <span lang="en">&lt;b&gt;hell&lt;/b&gt;</span> » &amp; co'
    assert rich("[de|nein]") == "[de|nein]"  # only the site's two languages are markers
