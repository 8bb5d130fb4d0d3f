"""The word catalogues (scripts/words/fr.yml, en.yml): same keys, every key used, each language's typography.

In the spirit of Material for MkDocs' own translation check. Usage is found statically, by one
convention: a key is written whole, as a string literal, where it is looked up — `label("key", language)`
in scripts/ (or a constant tuple a comprehension feeds to `label`, or the values of a `*_LABELS` dict),
`word('key')` in docs/overrides/. A key built at run time (`f"status.{c.status.value}"`) must be one of
the families declared below, whose values come from the data model: each family's keys are checked
against its enum, both ways. Every check is a pure function of the catalogue and the sources, and each
is shown to catch a planted fault.
"""

from __future__ import annotations

import ast
import copy
import enum
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from scripts.labels import (Catalogue, CatalogueError, catalogue, catalogue_problems, fields_of, key_problems, label,
                            parse_words, value_problems)
from scripts.model import (FACT_COLLECTIONS, FIGURE_COLLECTIONS, ROW_TYPES, ClusterStatus, EventCategory, FundingKind,
                           SourceKind, StatementKind, Verdict)

ROOT = Path(__file__).resolve().parent.parent
LOOKUP = "label"  # the Python lookup; `word` in templates
TEMPLATE_WORD = re.compile(r"\bword\(\s*(?:(['\"])(?P<key>[^'\"]*)\1)?")


def _values(kind) -> set[tuple[str, ...]]:
    return {(v.value if isinstance(v, enum.Enum) else v,) for v in kind}


def _enum_fields() -> set[tuple[str, str]]:
    """(field, value) of every enum field a `data:value` marker can show in words
    (inline_values: `label(f"{field.name}.{value.value}")`), in every collection it quotes."""
    pairs = set()
    for collection in FACT_COLLECTIONS:
        for field_name, field_info in ROW_TYPES[collection].model_fields.items():
            for kind in (field_info.annotation, *typing.get_args(field_info.annotation)):
                if isinstance(kind, type) and issubclass(kind, enum.Enum):
                    pairs |= {(field_name, v.value) for v in kind}
    return pairs


# Keys built at run time: the f-string's shape ({} for each value) and the values it can be given.
FAMILIES: dict[str, set[tuple[str, ...]]] = {
    "kind.{}": _values(StatementKind),
    "kind.{}.long": _values(StatementKind) - {("official",)},  # tables.kind_tag: an official figure has no tag
    "status.{}": _values(ClusterStatus),
    "type.{}": _values(FundingKind),
    "verdict.{}": _values(Verdict),
    "category.{}": _values(EventCategory),
    "source_kind.{}": _values(SourceKind),
    "figures.{}": _values(FIGURE_COLLECTIONS),
    "{}.{}": _enum_fields(),
}


@dataclass
class Usage:
    """What the code looks up: whole keys, run-time shapes, and lookups the convention cannot read."""

    keys: dict[str, list[str]] = field(default_factory=dict)  # key -> where
    shapes: dict[str, list[str]] = field(default_factory=dict)  # "status.{}" -> where
    unreadable: list[str] = field(default_factory=list)  # where a key is neither literal nor a known shape
    calls: list[tuple[str, str, set[str] | None]] = field(default_factory=list)  # (key or shape, where, fields)


def _constant_tuple(node: ast.AST) -> list[str] | None:
    if isinstance(node, (ast.Tuple, ast.List)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]
    return None


def _loop_constants(tree: ast.AST) -> dict[int, dict[str, list[str]]]:
    """For each node inside a comprehension over a constant tuple: {loop variable: the tuple's strings}."""
    scopes: dict[int, dict[str, list[str]]] = {}
    for comp in ast.walk(tree):
        if isinstance(comp, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            names = {g.target.id: values for g in comp.generators
                     if isinstance(g.target, ast.Name) and (values := _constant_tuple(g.iter)) is not None}
            for inner in ast.walk(comp):
                scopes.setdefault(id(inner), {}).update(names)
    return scopes


def _label_dicts(tree: ast.AST) -> list[str]:
    """Values of dict literals assigned to a name ending in _LABELS (field -> key maps)."""
    keys = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and any(
                isinstance(t, ast.Name) and t.id.endswith("_LABELS") for t in node.targets):
            keys += [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return keys


def find_usage(python: dict[str, str], templates: dict[str, str]) -> Usage:
    """Every lookup in the given Python modules and templates ({path: text})."""
    usage = Usage()

    def use(key: str, where: str, fields: set[str] | None) -> None:
        usage.keys.setdefault(key, []).append(where)
        usage.calls.append((key, where, fields))

    for path, text in python.items():
        tree = ast.parse(text, path)
        loops = _loop_constants(tree)
        table_keys = _label_dicts(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == LOOKUP):
                continue
            where = f"{path}:{node.lineno}"
            if not node.args:  # label(key=...): not the convention
                usage.unreadable.append(where)
                continue
            fields = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            arg, scope = node.args[0], loops.get(id(node), {})
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                use(arg.value, where, fields)
            elif isinstance(arg, ast.Name) and arg.id in scope:
                for key in scope[arg.id]:
                    use(key, where, fields)
            elif isinstance(arg, ast.Name) and table_keys:
                for key in table_keys:
                    use(key, where, fields)
            elif isinstance(arg, ast.JoinedStr):
                parts = arg.values
                names = [p.value.id if isinstance(p, ast.FormattedValue) and isinstance(p.value, ast.Name) else None
                         for p in parts]
                if all(isinstance(p, ast.Constant) or n in scope for p, n in zip(parts, names)):
                    # f"kind.{k}" over a constant tuple: each key written whole after all
                    keys = [""]
                    for p, n in zip(parts, names):
                        keys = [k + (p.value if isinstance(p, ast.Constant) else v)
                                for k in keys for v in ([None] if isinstance(p, ast.Constant) else scope[n])]
                    for key in keys:
                        use(key, where, fields)
                else:
                    shape = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in parts)
                    usage.shapes.setdefault(shape, []).append(where)
                    usage.calls.append((shape, where, fields))
            else:
                usage.unreadable.append(where)
    for path, text in templates.items():
        for match in TEMPLATE_WORD.finditer(text):
            where = f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
            if match["key"] is None:
                usage.unreadable.append(where)
            else:
                use(match["key"], where, set())
    return usage


def _shape_regex(shape: str) -> re.Pattern[str]:
    return re.compile("^" + r"([^.]+)".join(map(re.escape, shape.split("{}"))) + "$")


def unused_keys(words: Catalogue, usage: Usage, families: dict[str, set[tuple[str, ...]]]) -> list[str]:
    """Keys nothing looks up: neither written whole nor a value a run-time family can take."""
    reached = set(usage.keys)
    for shape in usage.shapes:
        regex = _shape_regex(shape)
        for key in words["fr"]:
            match = regex.match(key)
            if match and match.groups() in families.get(shape, set()):
                reached.add(key)
    return [f"'{key}' is in scripts/words/ but nothing looks it up" for key in words["fr"] if key not in reached]


def lookup_problems(words: Catalogue, usage: Usage, families: dict[str, set[tuple[str, ...]]]) -> list[str]:
    """Lookups that would fail or that the convention cannot check."""
    problems = [f"{where}: the key is neither a string literal nor a declared family; write it whole"
                for where in usage.unreadable]
    for key, places in usage.keys.items():
        if key not in words["fr"]:
            problems.append(f"{places[0]}: '{key}' is looked up but is not in scripts/words/")
    for shape, places in usage.shapes.items():
        if shape not in families:
            problems.append(f"{places[0]}: a key built as '{shape}': declare its values in FAMILIES")
            continue
        for values in sorted(families[shape]):
            key = shape.format(*values)
            if key not in words["fr"]:
                problems.append(f"{places[0]}: '{shape}' can be '{key}', which is not in scripts/words/")
    for shape in families:
        if shape not in usage.shapes:
            problems.append(f"FAMILIES declares '{shape}', which no lookup builds any more")
    for key_or_shape, where, fields in usage.calls:
        if key_or_shape in usage.shapes:
            keys = [shape_key for values in families.get(key_or_shape, ())
                    if (shape_key := key_or_shape.format(*values)) in words["fr"]]
        else:
            keys = [key_or_shape] if key_or_shape in words["fr"] else []
        for key in keys:
            wanted = fields_of(words["fr"][key])
            if fields is not None and wanted is not None and fields != wanted:
                problems.append(f"{where}: '{key}' takes fields {sorted(wanted)}, the call gives {sorted(fields)}")
    return problems


# A template may compare the language only to build a path ('en/'): its words come from word().
_JINJA = re.compile(r"\{[{%](.*?)[%}]\}", re.S)


def template_branches(templates: dict[str, str]) -> list[str]:
    """Template tags that choose words by language: `{% if ... language %}` blocks, or quoted words in
    an expression that mentions the language."""
    problems = []
    for path, text in templates.items():
        for match in _JINJA.finditer(text):
            tag = match[1]
            if "language" not in tag:
                continue
            line = text.count("\n", 0, match.start()) + 1
            if re.match(r"-?\s*(if|elif)\b", tag):
                problems.append(f"{path}:{line}: a block chosen by language; take its words from word()")
            for quoted in re.findall(r"'([^']*)'|\"([^\"]*)\"", tag):
                text_ = "".join(quoted)
                if re.search(r"[^\W\d_]{2,}\s+[^\W\d_]", text_):
                    problems.append(f"{path}:{line}: words chosen by language ('{text_}'); use word()")
    return problems


def _sources() -> tuple[dict[str, str], dict[str, str]]:
    # scripts/labels.py is the catalogue's own module: its template bridge passes the templates' keys on.
    python = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "scripts").rglob("*.py")) if p.name != "labels.py"}
    templates = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
                 for p in sorted((ROOT / "docs" / "overrides").rglob("*.html"))}
    return python, templates


@pytest.fixture(scope="module")
def usage() -> Usage:
    return find_usage(*_sources())


# (a) Same keys in both languages.

def test_french_and_english_have_the_same_keys_in_the_same_order():
    assert key_problems(catalogue()) == []


def test_a_key_missing_from_one_language_is_reported_with_its_name():
    words = copy.deepcopy(catalogue())
    del words["en"]["verdict.disputed"]
    words["en"]["planted.extra"] = "extra"
    assert key_problems(words) == [
        "'planted.extra': in scripts/words/en.yml, missing from scripts/words/fr.yml",
        "'verdict.disputed': in scripts/words/fr.yml, missing from scripts/words/en.yml",
    ]
    swapped = copy.deepcopy(catalogue())
    first, second, *_ = swapped["en"]
    swapped["en"] = {second: swapped["en"][second], first: swapped["en"][first],
                     **{k: v for k, v in swapped["en"].items() if k not in (first, second)}}
    assert any("another order" in p for p in key_problems(swapped))


# (b) Every key used; every lookup resolvable.

def test_every_key_is_looked_up_somewhere(usage):
    assert unused_keys(catalogue(), usage, FAMILIES) == []


def test_every_lookup_names_a_key_the_catalogue_has_with_its_fields(usage):
    assert lookup_problems(catalogue(), usage, FAMILIES) == []


def test_an_unused_key_is_caught():
    words = copy.deepcopy(catalogue())
    for lang in words:
        words[lang]["planted.unused"] = "x"
    words["fr"]["status.demolished"] = words["en"]["status.demolished"] = "x"  # no ClusterStatus has it
    assert unused_keys(words, find_usage(*_sources()), FAMILIES) == [
        "'planted.unused' is in scripts/words/ but nothing looks it up",
        "'status.demolished' is in scripts/words/ but nothing looks it up",
    ]


def test_lookups_the_catalogue_cannot_answer_are_caught():
    python = {"scripts/planted.py": (
        "def f(language, key, c):\n"
        "    label('planted.missing', language)\n"
        "    label(key, language)\n"
        "    label(f'mood.{c.mood.value}', language)\n"
        "    label('table.capped', language, shown=1)\n"
        "    label('as_of', language, extra=1)\n"
        "    label(key='as_of', language=language)\n")}
    templates = {"docs/overrides/planted.html": "{{ word('planted.template') }} {{ word(name) }}"}
    problems = lookup_problems(catalogue(), find_usage(python, templates), {**FAMILIES, "status.{}": {("demolished",)}})
    assert problems == [
        "scripts/planted.py:3: the key is neither a string literal nor a declared family; write it whole",
        "scripts/planted.py:7: the key is neither a string literal nor a declared family; write it whole",
        "docs/overrides/planted.html:1: the key is neither a string literal nor a declared family; write it whole",
        "scripts/planted.py:2: 'planted.missing' is looked up but is not in scripts/words/",
        "docs/overrides/planted.html:1: 'planted.template' is looked up but is not in scripts/words/",
        "scripts/planted.py:4: a key built as 'mood.{}': declare its values in FAMILIES",
        *[f"FAMILIES declares '{shape}', which no lookup builds any more" for shape in (*FAMILIES,)],
        "scripts/planted.py:5: 'table.capped' takes fields ['shown', 'total'], the call gives ['shown']",
        "scripts/planted.py:6: 'as_of' takes fields [], the call gives ['extra']",
    ]


def test_a_family_value_without_its_key_is_caught(usage):
    words = copy.deepcopy(catalogue())
    for lang in words:
        del words[lang]["category.power"]
    problems = lookup_problems(words, usage, FAMILIES)
    assert any("'category.{}' can be 'category.power', which is not in scripts/words/" in p for p in problems)
    assert any("'{}.{}' can be 'category.power'" in p for p in problems)  # the inline value of an event's category


def test_keys_in_a_comprehension_over_a_constant_tuple_and_in_a_labels_dict_count_as_written_whole():
    python = {"scripts/planted.py": (
        "FIELD_LABELS = {'power_mw': 'power_mw'}\n"
        "def f(language, key):\n"
        "    a = [label(k, language) for k in ('cluster', 'date')]\n"
        "    b = [label(f'kind.{k}.long', language) for k in ('claim',)]\n"
        "    return label(key, language)\n")}
    found = find_usage(python, {})
    assert set(found.keys) == {"cluster", "date", "kind.claim.long", "power_mw"} and not found.shapes
    assert not found.unreadable


# (c) No empty value; each language's typography; the same fields in both.

def test_no_value_is_empty_and_each_language_keeps_its_typography():
    assert value_problems(catalogue()) == []


@pytest.mark.parametrize("lang, key, text, expected", [
    ("fr", "legend", "  ", "empty"),
    ("fr", "legend", "Légende : voir", "a no-break space goes before : ; ! ? % »"),
    ("fr", "legend", "Légende; voir", "a no-break space goes before : ; ! ? % »"),
    ("fr", "legend", "«\u00a0Légende »", "a no-break space goes before : ; ! ? % »"),
    ("fr", "legend", "« Légende\u00a0»", "a no-break space goes after «"),
    ("fr", "legend", 'la "Légende"', "French quotes are « », not straight quotes"),
    ("fr", "legend", "l’entreprise", "the site's French prose writes the apostrophe ', not ’"),
    ("en", "legend", "Key\u00a0:", "English puts no space before : ; ! ? %"),
    ("en", "legend", "«\u00a0Key\u00a0»", "English quotes are “ ”, not « »"),
    ("en", "legend", "{name", "braces must be {name} fields"),
    ("en", "table.capped", "This table shows {shown} rows", "fields ['shown', 'total'] in scripts/words/fr.yml but ['shown']"),
])
def test_a_planted_typography_or_field_fault_is_caught(lang, key, text, expected):
    words = copy.deepcopy(catalogue())
    words[lang][key] = text
    problems = catalogue_problems(words)
    assert any(expected in p and f"'{key}'" in p for p in problems), problems


def test_fields_are_not_mistaken_for_words():
    # "{date}:" in English is the date then a colon, not a space before it
    assert value_problems({"fr": {"a": "Le {date}\u00a0:"}, "en": {"a": "On {date}:"}}) == []


# The files themselves, and the lookup.

def test_the_files_refuse_duplicate_keys_and_values_that_are_not_text():
    with pytest.raises(CatalogueError) as caught:
        parse_words('a: "un"\nb: no\na: "deux"\nc: [1]\n', "scripts/words/fr.yml")
    assert str(caught.value).splitlines() == [
        "scripts/words/fr.yml:2: 'b' must be a text in double quotes",
        "scripts/words/fr.yml:3: duplicate key 'a' (a key may appear once)",
        "scripts/words/fr.yml:4: 'c' must be a text in double quotes",
    ]
    assert parse_words('b: "no"\n', "x") == {"b": "no"}


def test_an_unknown_key_or_language_fails_loudly_instead_of_printing_the_key():
    with pytest.raises(KeyError, match=r"no interface word 'planted\.nope' in scripts/words/en\.yml"):
        label("planted.nope", "en")
    with pytest.raises(KeyError, match="no word catalogue for language 'de'"):
        label("legend", "de")
    assert label("table.capped", "en", shown="250", total="300").startswith("This table shows 250 of 300 rows")


def test_templates_take_their_words_from_the_catalogue():
    assert template_branches(_sources()[1]) == []
    planted = {"docs/overrides/main.html": (
        "{{ 'Journal des corrections' if config.theme.language == 'fr' else 'Corrections log' }}\n"
        "{% if config.theme.language == \"en\" %}<h1>Page not found</h1>{% endif %}\n"
        "{% set feed = ('en/' if config.theme.language == 'en' else '') ~ 'corrections.xml' %}\n")}
    assert template_branches(planted) == [
        "docs/overrides/main.html:1: words chosen by language ('Journal des corrections'); use word()",
        "docs/overrides/main.html:1: words chosen by language ('Corrections log'); use word()",
        "docs/overrides/main.html:2: a block chosen by language; take its words from word()",
    ]


def test_templates_get_the_words_of_the_language_being_built_and_unknown_ones_stop_the_build():
    from jinja2 import Environment

    from scripts import hooks

    for lang, title in (("fr", "Page introuvable (404)"), ("en", "Page not found (404)")):
        config = SimpleNamespace(theme={"language": lang}, mdx_configs={"toc": {"permalink": True}})
        env = hooks.on_env(Environment(), config, None)
        assert env.from_string("{{ word('404.title') }}").render() == title
        assert env.from_string("{{ word('404.this_language', 'fr') }}").render() == "Version française du site"
        with pytest.raises(KeyError, match="planted"):
            env.from_string("{{ word('planted') }}").render()
        hooks.on_pre_build(config)
        assert config.mdx_configs["toc"] == {"permalink": True, "permalink_title": label("permalink", lang)}


def test_a_broken_catalogue_stops_the_build_with_its_problems(monkeypatch):
    from mkdocs.exceptions import PluginError

    from scripts import hooks

    words = copy.deepcopy(catalogue())
    del words["en"]["legend"]
    monkeypatch.setattr(hooks, "catalogue", lambda: words)
    with pytest.raises(PluginError, match="'legend': in scripts/words/fr.yml, missing from scripts/words/en.yml"):
        hooks.on_config(SimpleNamespace(extra={}))

    def unreadable():
        raise CatalogueError("scripts/words/fr.yml:3: duplicate key 'a' (a key may appear once)")
    monkeypatch.setattr(hooks, "catalogue", unreadable)
    with pytest.raises(PluginError, match="fr.yml:3: duplicate key 'a'"):
        hooks.on_config(SimpleNamespace(extra={}))


def test_an_edited_word_is_never_answered_from_the_chart_cache(tmp_path, monkeypatch):
    """Chart titles and legends are words: the cache's code fingerprint covers the catalogues."""
    import shutil

    from scripts import build_cache

    scripts = tmp_path / "scripts"
    shutil.copytree(ROOT / "scripts", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "SCRIPTS", scripts)
    build_cache.code_fingerprint.cache_clear()
    try:
        before = build_cache.code_fingerprint()
        words = scripts / "words" / "en.yml"
        words.write_text(words.read_text(encoding="utf-8").replace("other labs", "other companies"), encoding="utf-8")
        build_cache.code_fingerprint.cache_clear()
        assert build_cache.code_fingerprint() != before
    finally:
        build_cache.code_fingerprint.cache_clear()
