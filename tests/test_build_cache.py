"""The build cache: a reused entry is exactly what a fresh computation gives, and anything that
changes an input (data, page, language, code) or fails is never answered from the cache."""

from __future__ import annotations

import re
import shutil

import pytest

from checks import html_of, page_path
from conftest import ROOT, build_site, copy_project
from scripts import build_cache
from scripts.build_cache import BuildCache, cache_key, cached_dataset, cached_page
from scripts.load_data import DataFileError, load_dataset

DATA = ROOT / "docs" / "data" / "colossus.yml"


@pytest.fixture
def data_file(tmp_path):
    target = tmp_path / "colossus.yml"
    shutil.copy(DATA, target)
    return target


def test_an_unchanged_data_file_is_validated_once(data_file, tmp_path):
    cache = BuildCache(tmp_path / "cache")
    first, key = cached_dataset(data_file, cache)
    again, same_key = cached_dataset(data_file, cache)
    assert (cache.misses, cache.hits) == (1, 1)
    assert key == same_key and again == first == load_dataset(data_file)


def test_an_edited_data_file_is_validated_again(data_file, tmp_path):
    cache = BuildCache(tmp_path / "cache")
    first, key = cached_dataset(data_file, cache)
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("value: 100000", "value: 123457", 1),
                         encoding="utf-8")
    second, new_key = cached_dataset(data_file, cache)
    assert new_key != key and second != first
    assert cache.misses == 2
    assert len(list((tmp_path / "cache").glob("dataset.*"))) == 1, "the stale entry is removed"


def test_a_broken_data_file_is_reported_even_after_a_good_one_was_cached(data_file, tmp_path):
    cache = BuildCache(tmp_path / "cache")
    cached_dataset(data_file, cache)
    text = data_file.read_text(encoding="utf-8")
    data_file.write_text(re.sub(r"(\n\s+bf16_dense_tflops: )", r"\1-", text, count=1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"colossus\.yml:\d+:\d+: chips\[0\]\.bf16_dense_tflops"):
        cached_dataset(data_file, cache)
    with pytest.raises(DataFileError):  # still reported: a failure is never cached
        cached_dataset(data_file, cache)


def test_an_unreadable_entry_is_rebuilt(data_file, tmp_path):
    cache = BuildCache(tmp_path / "cache")
    expected, _ = cached_dataset(data_file, cache)
    entry, = (tmp_path / "cache").glob("dataset.*")
    entry.write_bytes(entry.read_bytes()[:100])  # as a build killed mid-write by another tool might
    again, _ = cached_dataset(data_file, cache)
    assert again == expected
    assert (cache.hits, cache.misses) == (0, 2), "the unreadable entry counts as computed afresh"


def test_a_page_is_rendered_again_when_any_of_its_inputs_changes(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    calls = []

    def render(tag):
        def go():
            calls.append(tag)
            return f"markdown {tag}", [f"<table>{tag}</table>"]
        return go

    base = ("data-key", "docs/a.fr.md", "fr", "source")
    assert cached_page(cache, *base, render("one")) == ("markdown one", ["<table>one</table>"])
    assert cached_page(cache, *base, render("two")) == ("markdown one", ["<table>one</table>"])
    assert calls == ["one"]
    for changed in (("other-data", *base[1:]), (base[0], base[1], "en", base[3]), (*base[:3], "edited source")):
        cached_page(cache, *changed, render("changed"))
    assert calls == ["one", "changed", "changed", "changed"]


def test_a_page_that_fails_to_render_is_not_cached(tmp_path):
    cache = BuildCache(tmp_path / "cache")

    def broken():
        raise ValueError("docs/a.fr.md:3: unknown table")

    for _ in range(2):
        with pytest.raises(ValueError):
            cached_page(cache, "data-key", "docs/a.fr.md", "fr", "source", broken)
    assert not list((tmp_path / "cache").glob("page-*"))


def test_a_change_to_the_code_changes_every_key(tmp_path, monkeypatch):
    scripts = tmp_path / "scripts"
    shutil.copytree(ROOT / "scripts", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "SCRIPTS", scripts)
    build_cache.code_fingerprint.cache_clear()
    before = cache_key(b"same data")
    (scripts / "tables.py").write_text((scripts / "tables.py").read_text(encoding="utf-8") + "\n# edited\n",
                                       encoding="utf-8")
    build_cache.code_fingerprint.cache_clear()
    try:
        assert cache_key(b"same data") != before
    finally:
        monkeypatch.undo()
        build_cache.code_fingerprint.cache_clear()


@pytest.mark.build
def test_a_rebuild_after_editing_the_data_shows_the_new_figure(tmp_path):
    """The contributor's loop on a warm cache: build, edit a number, build again."""
    project = copy_project(tmp_path / "project")
    assert build_site(project, tmp_path / "first").returncode == 0
    assert list((project / ".cache" / "build").glob("page-*")), "the first build filled the cache"
    data_file = project / "docs" / "data" / "colossus.yml"
    text = data_file.read_text(encoding="utf-8")
    start = text.index("- id: colossus-1-2024-09\n")
    end = text.index("\n- id:", start + 1)
    data_file.write_text(text[:start] + text[start:end].replace("value: 100000", "value: 123457", 1) + text[end:],
                         encoding="utf-8")
    site = tmp_path / "second"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "123,457" in html_of(page_path(site, "comparisons", "en")).select_one("#table-clusters").get_text()
    assert "123,457" in html_of(page_path(site, "colossus", "en")).select_one("article").get_text()
    assert "123\u202f457" in html_of(page_path(site, "comparisons", "fr")).select_one("#table-clusters").get_text()
