"""Our copies of the pinned theme's templates, and the lazy search loader, still match the installed theme.

A copied partial records the theme file it was copied from and that file's SHA-256; when an upgrade
of mkdocs-material changes the file, this fails and names what to compare. The search loader holds
back the theme's search worker by its file name, which the theme changes with each release.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

import material
from conftest import ROOT

THEME = Path(material.__file__).resolve().parent / "templates"
OVERRIDES = ROOT / "docs" / "overrides"
ORIGIN = re.compile(r"\{#-? origin: (?P<file>\S+) sha256=(?P<sha>[0-9a-f]{64})\b")
WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def origins(overrides: Path) -> dict[str, tuple[str, str]]:
    """{override file: (theme file it was copied from, recorded SHA-256)}."""
    found = {}
    for path in sorted(overrides.rglob("*.html")):
        match = ORIGIN.search(path.read_text(encoding="utf-8"))
        if match:
            found[path.relative_to(overrides).as_posix()] = (match["file"], match["sha"])
    return found


def origin_problems(overrides: Path, theme: Path) -> list[str]:
    problems = []
    for copy, (origin, sha) in origins(overrides).items():
        source = theme / origin
        if not source.exists():
            problems.append(f"docs/overrides/{copy}: copied from the theme's {origin}, which no longer exists")
        elif hashlib.sha256(source.read_bytes()).hexdigest() != sha:
            problems.append(f"docs/overrides/{copy}: the theme's {origin} changed since it was copied; compare "
                            "them, carry the theme's change over, then record the new sha256")
    return problems


def worker_problems(overrides: Path, theme: Path) -> list[str]:
    """The worker file our templates name must exist, be the one the theme's own base.html names,
    and be recognised by the lazy loader's pattern (else search would load eagerly, or not at all)."""
    problems = []
    named = {m.group(0) for path in overrides.rglob("*.html") for m in WORKER.finditer(path.read_text(encoding="utf-8"))}
    theirs = set(WORKER.findall((theme / "base.html").read_text(encoding="utf-8")))
    if not named:
        problems.append("no template in docs/overrides names the search worker")
    for worker in sorted(named):
        if not (theme / worker).exists():
            problems.append(f"the search worker {worker} named in docs/overrides is not in the installed theme")
    if named != theirs:
        problems.append(f"docs/overrides name {sorted(named)}, the theme's base.html {sorted(theirs)}")
    loader = (overrides / "partials" / "lazy-search.html").read_text(encoding="utf-8")
    pattern = re.search(r"/(\\/workers\\/search[^/]*?)/\.test", loader)
    if not pattern:
        problems.append("partials/lazy-search.html: its pattern for the search worker's address was not found")
    else:
        js = re.compile(pattern.group(1).replace("\\/", "/"))
        problems += [f"partials/lazy-search.html does not recognise {worker}" for worker in sorted(theirs)
                     if not js.search("/" + worker)]
    # The other two requests the loader holds back or drops, by the address the theme's bundle asks for.
    bundle = "".join(p.read_text(encoding="utf-8") for p in (theme / "assets" / "javascripts").glob("bundle.*.min.js"))
    for address in ("search/search_index.json", "sitemap.xml"):
        if f'"{address}"' not in bundle:
            problems.append(f"the theme's bundle no longer requests {address}, which partials/lazy-search.html intercepts")
        if re.escape(address).replace("/", "\\/") not in loader:
            problems.append(f"partials/lazy-search.html has no pattern for {address}")
    return problems


def test_every_copied_partial_records_its_origin():
    recorded = origins(OVERRIDES)
    same_name = sorted(p.relative_to(OVERRIDES).as_posix() for p in (OVERRIDES / "partials").glob("*.html")
                       if (THEME / "partials" / p.name).exists())
    assert same_name, "the overrides replace some of the theme's partials"
    assert [name for name in same_name if name not in recorded] == []
    assert "main.html" in recorded, "main.html copies blocks of the theme's base.html"


def test_copied_partials_match_the_installed_theme():
    assert origin_problems(OVERRIDES, THEME) == []


def test_the_search_loader_matches_the_installed_theme():
    assert worker_problems(OVERRIDES, THEME) == []


@pytest.fixture
def theme_copy(tmp_path):
    target = tmp_path / "templates"
    # Not its 14,000 icon files (.icons): the checks read templates and scripts only.
    shutil.copytree(THEME, target, ignore=shutil.ignore_patterns("__pycache__", ".icons"))
    return target


def test_a_theme_upgrade_that_changes_a_copied_partial_is_caught(theme_copy):
    search = theme_copy / "partials" / "search.html"
    search.write_text(search.read_text(encoding="utf-8").replace('class="md-search"', 'class="md-search md-new"'),
                      encoding="utf-8")
    (theme_copy / "partials" / "source.html").unlink()
    problems = origin_problems(OVERRIDES, theme_copy)
    assert any("partials/search.html: the theme's partials/search.html changed" in p for p in problems), problems
    assert any("partials/source.html, which no longer exists" in p for p in problems), problems


def test_a_theme_upgrade_that_renames_the_search_worker_is_caught(theme_copy):
    workers = theme_copy / "assets" / "javascripts" / "workers"
    old = next(workers.glob("search.*.min.js"))
    old.rename(workers / "search.0123abcd.min.js")
    base = theme_copy / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(old.name, "search.0123abcd.min.js"), encoding="utf-8")
    bundle = next((theme_copy / "assets" / "javascripts").glob("bundle.*.min.js"))
    bundle.write_text(bundle.read_text(encoding="utf-8").replace('"sitemap.xml"', '"sitemap.json"'), encoding="utf-8")
    problems = worker_problems(OVERRIDES, theme_copy)
    assert any("is not in the installed theme" in p for p in problems), problems
    assert any("no longer requests sitemap.xml" in p for p in problems), problems
    assert any("the theme's base.html ['assets/javascripts/workers/search.0123abcd.min.js']" in p
               for p in problems), problems
