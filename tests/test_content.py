"""The pages themselves: both languages alike, French typography, sourcing (spelling: test_language.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

DOCS = ROOT / "docs"
STEMS = sorted(p.name[: -len(".fr.md")] for p in DOCS.glob("*.fr.md"))
HEADING = re.compile(r"^(#{2,6}) .*?\{ *#([A-Za-z0-9_-]+) *\} *$", re.M)
MARKER = re.compile(r"<!--\s*data:(table|chart)\s+(\S+)\s*-->")


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def prose(markdown: str) -> str:
    """The words a reader reads: without markers, code, URLs, link targets, HTML tags and ids."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    # Words quoted in another language are marked up as such (and read out as such by screen readers).
    text = re.sub(r'<(span|q|i|em) lang="[a-z]{2}"[^>]*>.*?</\1>', " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\{ *[#.][^}]*\}", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^\*\[[^\]]*\]:.*$", " ", text, flags=re.M)
    return text


@pytest.mark.parametrize("stem", STEMS)
def test_both_languages_have_the_same_sections_and_markers(stem):
    fr, en = body(DOCS / f"{stem}.fr.md"), body(DOCS / f"{stem}.en.md")
    fr_levels = Counter(len(h) for h, _ in HEADING.findall(fr))
    en_levels = Counter(len(h) for h, _ in HEADING.findall(en))
    for level in sorted(set(fr_levels) | set(en_levels)):
        assert fr_levels[level] == en_levels[level], \
            f"{stem}: level-{level} headings, {fr_levels[level]} in French vs {en_levels[level]} in English"
    assert [i for _, i in HEADING.findall(fr)] == [i for _, i in HEADING.findall(en)], f"{stem}: heading ids differ"
    all_headings = re.findall(r"^#{2,6} ", fr, re.M)
    assert len(all_headings) == len(HEADING.findall(fr)), f"{stem}: every heading needs an explicit {{ #id }}"
    assert MARKER.findall(fr) == MARKER.findall(en), f"{stem}: table and chart markers differ"


FRENCH_RULES = [
    (re.compile(r"«(?!\u00a0)"), "« must be followed by a no-break space"),
    (re.compile(r"(?<!\u00a0)»"), "» must be preceded by a no-break space"),
    (re.compile(r"(?<=[^\s\u00a0\u202f])[;!?%]"), "a no-break space goes before ; ! ? %"),
    (re.compile(r"(?<![\u00a0\u202f]):(?=\s)"), "a no-break space goes before :"),
    (re.compile(r" [;:!?%»]"), "use a no-break space, not a plain space, before ; : ! ? % »"),
    (re.compile(r"\d \d{3}\b"), "thousands are separated by a narrow no-break space"),
    (re.compile(r"\"[^\"\n]+\""), "French quotes are « », not straight quotes"),
]


@pytest.mark.parametrize("stem", STEMS)
def test_french_typography(stem):
    text = prose(body(DOCS / f"{stem}.fr.md"))
    text = re.sub(r"^(!!!|\?\?\?\+?) .*$", " ", text, flags=re.M)  # admonition syntax lines
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for rule, message in FRENCH_RULES:
            for match in rule.finditer(line):
                problems.append(f"docs/{stem}.fr.md (prose line {number}): {message}: …{line[max(0, match.start() - 25):match.end() + 5]}…")
    assert not problems, "\n".join(problems)


def test_every_source_is_cited_outside_the_source_list(site):
    from scripts.load_data import load_dataset

    data = load_dataset(DOCS / "data" / "colossus.yml")
    cited = set()
    for page in site.rglob("*.html"):
        if "/sources/" in page.as_posix():
            continue
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        cited |= {a["href"] for a in doc.select("ol.table-sources a[href], sup.cite a[href]")}
    missing = [s.id for s in data.sources if s.url and s.url.replace("&", "&amp;") not in cited and s.url not in cited]
    assert not missing, f"sources never cited on a page: {missing}"
