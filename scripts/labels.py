"""Every interface word of the site, one catalogue per language: `scripts/words/fr.yml` and `en.yml`.

Tables, charts, feeds, the figures page, correction links, reading time and the theme templates take
their words from here (`label("key", language)` in Python, `word('key')` in docs/overrides/), so a
translator edits two plain files with the same keys in the same order. Text from the data file is
not an interface word, nor is page prose. A lookup of a key or language the catalogue does not have
raises KeyError naming both: a missing word never reaches a page as its key.

A value may hold `{name}` fields, filled in by the caller (`label("table.capped", "fr", shown=..., total=...)`);
both languages have the same fields. `catalogue_problems` checks a catalogue (same keys, no empty value,
same fields, each language's typography) and runs at every build (scripts/hooks.py) and in the tests.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

import yaml

from scripts.model import LANGUAGES

WORDS_DIR = Path(__file__).resolve().parent / "words"
_STR = "tag:yaml.org,2002:str"

Catalogue = dict[str, dict[str, str]]


class CatalogueError(ValueError):
    """A catalogue file that cannot be read as a flat mapping of keys to texts."""


def parse_words(text: str, where: str) -> dict[str, str]:
    """A catalogue file's keys and texts, in file order; CatalogueError with file:line for a duplicate key,
    a value that is not text (an unquoted `no` is a boolean in YAML) or anything but a flat mapping."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{where}: not valid YAML: {exc}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise CatalogueError(f"{where}:{root.start_mark.line + 1}: expected a mapping of keys to texts")
    words: dict[str, str] = {}
    problems = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            problems.append(f"{where}:{line}: a key must be plain text")
            continue
        key = key_node.value
        if key in words:
            problems.append(f"{where}:{line}: duplicate key '{key}' (a key may appear once)")
        elif not isinstance(value_node, yaml.ScalarNode) or value_node.tag != _STR:
            problems.append(f"{where}:{line}: '{key}' must be a text in double quotes")
        else:
            words[key] = value_node.value
    if problems:
        raise CatalogueError("\n".join(problems))
    return words


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """Both languages' words, read once per process."""
    return {lang: parse_words((WORDS_DIR / f"{lang}.yml").read_text(encoding="utf-8"), f"scripts/words/{lang}.yml")
            for lang in LANGUAGES}


def label(key: str, language: str, **fields: object) -> str:
    """The word for `key` in `language`, its `{name}` fields filled in from `fields`."""
    words = catalogue()
    if language not in words:
        raise KeyError(f"no word catalogue for language '{language}'; expected one of {', '.join(LANGUAGES)}")
    try:
        text = words[language][key]
    except KeyError:
        raise KeyError(f"no interface word '{key}' in scripts/words/{language}.yml") from None
    return text.format(**fields) if fields else text


def template_words(language: str):
    """`word(key, language=None)` for the theme templates: the built language's words by default, another
    language's for a link written in it. Raises like `label`, which Jinja would not do for a missing key
    in a dictionary (it prints nothing)."""
    def word(key: str, lang: str | None = None) -> str:
        return label(key, lang or language)
    return word


def fields_of(text: str) -> set[str] | None:
    """The `{name}` fields of a text; None when its braces are not well-formed fields."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    names = {name for _, name, _, _ in parsed if name is not None}
    return None if any(not n.isidentifier() for n in names) else names


# French typography, as the site's prose writes it (tests/test_content.py holds the prose to the same
# rules): a no-break space (U+00A0 or U+202F) before : ; ! ? % and » and after «, quotes « », and the
# apostrophe the prose uses, the straight one (the site's French pages have no ’).
SPACE = "\u00a0\u202f"
FRENCH_RULES = [
    (re.compile(rf"(?<![{SPACE}])[:;!?%»]"), "a no-break space goes before : ; ! ? % »"),
    (re.compile(rf"«(?![{SPACE}])"), "a no-break space goes after «"),
    (re.compile(r'"'), "French quotes are « », not straight quotes"),
    (re.compile(r"[’‘]"), "the site's French prose writes the apostrophe ', not ’ (one style on a page)"),
]
ENGLISH_RULES = [
    (re.compile(rf"[\s{SPACE}][:;!?%]"), "English puts no space before : ; ! ? %"),
    (re.compile(r'"'), "English quotes are “ ”, not straight quotes"),
    (re.compile(r"[«»]"), "English quotes are “ ”, not « »"),
]
RULES = {"fr": FRENCH_RULES, "en": ENGLISH_RULES}


def key_problems(words: Catalogue) -> list[str]:
    """Keys one language has and the other lacks, or in another order (the files are read side by side)."""
    problems = []
    reference, *others = LANGUAGES
    for lang in LANGUAGES:
        if lang not in words:
            problems.append(f"scripts/words/{lang}.yml: missing")
    for lang in others:
        if reference not in words or lang not in words:
            continue
        ref, own = words[reference], words[lang]
        for key in ref.keys() - own.keys():
            problems.append(f"'{key}': in scripts/words/{reference}.yml, missing from scripts/words/{lang}.yml")
        for key in own.keys() - ref.keys():
            problems.append(f"'{key}': in scripts/words/{lang}.yml, missing from scripts/words/{reference}.yml")
        if not problems and list(ref) != list(own):
            first = next(i for i, (a, b) in enumerate(zip(ref, own)) if a != b)
            problems.append(f"scripts/words/{lang}.yml: keys in another order than scripts/words/{reference}.yml "
                            f"from '{list(own)[first]}' on (expected '{list(ref)[first]}')")
    return sorted(problems)


def value_problems(words: Catalogue) -> list[str]:
    """Empty texts, malformed or unequal `{fields}`, and each language's typography."""
    problems = []
    for lang, entries in words.items():
        for key, text in entries.items():
            where = f"scripts/words/{lang}.yml: '{key}'"
            if not text.strip():
                problems.append(f"{where}: empty")
                continue
            if fields_of(text) is None:
                problems.append(f"{where}: braces must be {{name}} fields: {text!r}")
                continue
            bare = re.sub(r"\{[^{}]*\}", "0", text)  # the words around a field, not its name
            for rule, message in RULES.get(lang, []):
                if rule.search(bare):
                    problems.append(f"{where}: {message}: {text!r}")
    reference = words.get(LANGUAGES[0], {})
    for lang, entries in words.items():
        for key, text in entries.items():
            if lang == LANGUAGES[0] or key not in reference:
                continue
            mine, theirs = fields_of(text), fields_of(reference[key])
            if mine is not None and theirs is not None and mine != theirs:
                problems.append(f"'{key}': fields {sorted(theirs)} in scripts/words/{LANGUAGES[0]}.yml but "
                                f"{sorted(mine)} in scripts/words/{lang}.yml")
    return problems


def catalogue_problems(words: Catalogue) -> list[str]:
    return key_problems(words) + value_problems(words)
