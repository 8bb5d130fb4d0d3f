"""Language checks on built pages: the words a reader of one language meets, and what they must not be.

Each check takes HTML (or a site folder) and returns its findings, so the tests can run it on the
real site and on a planted fault. Text marked with another language (`lang="en"` on a French page),
code, drawings and scripts are not the page's prose and are skipped.
"""

from __future__ import annotations

import functools

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

ALLOWLIST = Path(__file__).resolve().parent / "spelling-allowlist.txt"
DICTIONARIES = {"fr": "fr_FR", "en": "en_US"}
NOT_PROSE = {"script", "style", "code", "pre", "kbd", "samp", "template", "noscript", "math"}

# One term per concept: (what to look for, the term to use), per page language. Whole words, case
# as written: "Nvidia" is banned but NVIDIA is the house spelling in both languages.
TERMS = {
    "fr": [(re.compile(r"\bclusters?\b", re.I), "« grappe » (le glossaire cite « cluster » une fois, marqué lang=\"en\")"),
           (re.compile(r"\bNvidia\b"), "NVIDIA"),
           (re.compile(r"\bsupercluster\b", re.I), "« supergrappe » ou « grappe géante »")],
    "en": [(re.compile(r"\bNvidia\b"), "NVIDIA")],
}


@dataclass(frozen=True)
class Finding:
    page: str
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}: …{self.excerpt}…"


def page_language(doc: BeautifulSoup) -> str:
    return doc.html.get("lang", "")


def _skipped(tag: Tag, language: str, skip: set[str]) -> bool:
    if tag.name in NOT_PROSE or tag.name in skip:
        return True
    if "names" in skip and tag.get("translate") == "no":  # a proper name, in no language
        return True
    lang = tag.get("lang")
    return bool(lang) and not lang.startswith(language)


def prose_texts(doc: BeautifulSoup, skip: set[str] = frozenset()) -> list[str]:
    """The visible text of the page body in the page's language, one string per text node.

    `skip` names further elements to leave out: `cite` (a title, in its own words), `q` (a quotation),
    and "names" for proper names marked translate="no" (a publisher, an investor).
    """
    language = page_language(doc)
    texts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if not _skipped(child, language, skip):
                    walk(child)
            elif isinstance(child, NavigableString) and type(child) is NavigableString:
                texts.append(str(child))

    if doc.body is not None:
        walk(doc.body)
    return texts


def paragraphs(doc: BeautifulSoup, skip: set[str] = frozenset()) -> str:
    return " ".join(prose_texts(doc, skip))


@functools.lru_cache(maxsize=2)
def html_pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every built page, parsed once for all the checks (none of them alters a page)."""
    return [(p.relative_to(site).as_posix(), BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"))
            for p in sorted(site.rglob("*.html"))]


# Two or more digits before the comma ("24,576") or two groups ("1,000,000"). "1,742" is left alone:
# in French it is a decimal (1,742 exaflops), and the formatter writes French thousands with a space.
ENGLISH_GROUPING = re.compile(r"(?<![\d.,])(?:\d{2,3}(?:,\d{3})+|\d(?:,\d{3}){2,})(?![\d,])")


def english_digit_grouping(page: str, doc: BeautifulSoup) -> list[Finding]:
    """'24,576' reads as 24.576 to a French reader: French groups digits with a narrow space."""
    if page_language(doc) != "fr":
        return []
    text = paragraphs(doc)
    return [Finding(page, "English digit grouping in French text", text[max(0, m.start() - 30):m.end() + 10])
            for m in ENGLISH_GROUPING.finditer(text)]


def straight_quotes(page: str, doc: BeautifulSoup) -> list[Finding]:
    """Prose quotes are « » (French) or “ ” (English), never the typewriter's straight '"'.

    A title (<cite>) is quoted as its publisher wrote it."""
    found = []
    for text in prose_texts(doc, skip={"cite"}):
        for m in re.finditer('"', text):
            found.append(Finding(page, "straight double quote in prose", text[max(0, m.start() - 30):m.end() + 30]))
    return found


def banned_terms(page: str, doc: BeautifulSoup) -> list[Finding]:
    """The glossary's term, not a variant. Titles of works (<cite>) keep their own words."""
    text = NOT_WORDS.sub(" ", paragraphs(doc, skip={"cite", "q"}))  # not in ids or addresses (clusters.x)
    found = []
    for pattern, use in TERMS.get(page_language(doc), []):
        for m in pattern.finditer(text):
            found.append(Finding(page, f"'{m.group(0)}': use {use}", text[max(0, m.start() - 30):m.end() + 30]))
    return found


def allowed_words() -> set[str]:
    return {w.strip() for w in ALLOWLIST.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}


NOT_WORDS = re.compile(r"\S*\d\S*|\S*/\S*|\S*\w\.\w\S*|https?://\S+")
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ'’-]+")


def normalise(word: str, language: str) -> str:
    word = word.strip("'’-")
    if language == "fr":
        word = re.sub(r"^(?:[dlnjmstc]|qu|jusqu|lorsqu|puisqu)['’]", "", word, flags=re.I)
    else:
        word = re.sub(r"['’]s$", "", word)
    return word


def hunspell_unknown(words: set[str], dictionary: str) -> set[str]:
    result = subprocess.run(["hunspell", "-d", dictionary, "-l"], input="\n".join(sorted(words)),
                            capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def unknown_words(texts: list[str], language: str) -> set[str]:
    """Words the page language's dictionary does not know, less the reviewed allowlist.

    Acronyms and brand-style names (GPU, xAI, OpenAI) are skipped; a capitalised word on a French page
    may be the English name of an institution (Southern Environmental Law Center), so it is looked up
    in the English dictionary too. A lower-case English word in French prose is always reported.
    """
    # Tokens with a digit, a slash or an inner dot are identifiers, ordinals, paths or addresses (H100, 1er,
    # /fact-check/, x.ai).
    texts = [NOT_WORDS.sub(" ", t) for t in texts]
    words = {normalise(w, language) for text in texts for w in WORD.findall(text)}
    words = {w for w in words if len(w) > 1 and not re.search(r"[A-Z]", w[1:])}
    unknown = hunspell_unknown(words, DICTIONARIES[language])
    if language == "fr":
        names = {w for w in unknown if w[:1].isupper()}
        unknown = (unknown - names) | hunspell_unknown(names, "en_US")
    return unknown - allowed_words()


# Imperial units a source may give, and the metric units that must stand with them.
IMPERIAL = {"fr": re.compile(r"\b(?:acres?|gallons?|pieds carrés|miles?|degrés Fahrenheit)\b"),
            "en": re.compile(r"\b(?:acres?\b|acre-|gallons?\b|square[ -](?:feet|foot)\b|miles?\b|°F)")}
METRIC = re.compile(r"(?:\d|\b)\s?(?:m²|ha|km²|km|litres|liters|m³|°C|kg|tonnes)\b")


def imperial_without_metric(page: str, doc: BeautifulSoup) -> list[Finding]:
    """French gives metric first, the source's unit in parentheses: « 46 ha (114 acres) ». English gives
    the source's unit, then metric in parentheses: "114-acre (46 ha)"."""
    language = page_language(doc)
    if language not in IMPERIAL:
        return []
    found = []
    for text in prose_texts(doc, skip={"cite", "q"}):
        for m in IMPERIAL[language].finditer(text):
            if language == "fr":
                opening = text.rfind("(", 0, m.start())
                ok = (opening != -1 and ")" not in text[opening:m.start()]
                      and METRIC.search(text[max(0, opening - 30):opening]) is not None)
            else:
                after = re.match(r"[^()]{0,25}\(([^)]*)\)", text[m.end():])
                ok = after is not None and METRIC.search(after.group(1)) is not None
            if not ok:
                found.append(Finding(page, f"'{m.group(0)}' without its metric equivalent",
                                     text[max(0, m.start() - 40):m.end() + 30]))
    return found
