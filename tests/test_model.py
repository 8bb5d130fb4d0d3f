"""Loading and validation: the real data file is valid; each broken file fails with its exact message."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from scripts.load_data import DataFileError, format_path, load_dataset
from scripts.model import StatementKind

from conftest import ROOT

BAD = sorted((ROOT / "tests" / "fixtures" / "bad-data").glob("*.yml"))


def expected_messages(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len("# expect: "):] for line in lines if line.startswith("# expect: ")]


def test_the_corpus_of_broken_files_is_large_enough():
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_broken_file_fails_with_its_exact_location_and_message(path: Path):
    relative = path.relative_to(ROOT)
    with pytest.raises(DataFileError) as caught:
        load_dataset(relative)
    expected = [f"{relative}:{message}" for message in expected_messages(path)]
    assert expected, f"{path.name} has no '# expect:' line"
    assert caught.value.problems == expected
    # One readable block, no traceback: the first line counts the problems.
    assert str(caught.value).splitlines()[0].endswith(
        f"{len(expected)} problem{'s' if len(expected) > 1 else ''} in the data file")


def test_the_real_data_file_is_valid():
    data = load_dataset(ROOT / "docs" / "data" / "colossus.yml")
    assert data.sources and data.chips and data.clusters and data.models and data.claims


def test_a_plain_number_inherits_its_row_and_a_mapping_names_its_own_source():
    data = load_dataset(ROOT / "tests" / "fixtures" / "minimal.yml")
    cluster = data.by_id("clusters")["big-one"]
    assert cluster.gpus[0].count.value == 100000 and cluster.gpus[0].count.sources == []
    assert cluster.power_mw.sources == ["press-report"] and cluster.power_mw.kind is StatementKind.press


def test_a_missing_file_is_reported_without_a_traceback(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_dataset(tmp_path / "nope.yml")


def test_field_paths_read_like_the_yaml():
    assert format_path(("clusters", 3, "gpus", 0, "count")) == "clusters[3].gpus[0].count"
    assert format_path(()) == "(top level)"


# Cases written as small edits of the valid minimal.yml: each "# replace:" JSON string becomes the
# "# with:" string that follows it (control characters stay readable as \u escapes).
PATCHES = sorted((ROOT / "tests" / "fixtures" / "bad-data").glob("*.patch"))
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yml"


def patched(patch: Path, target: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    lines = patch.read_text(encoding="utf-8").splitlines()
    olds = [json.loads(line.split(":", 1)[1]) for line in lines if line.startswith("# replace: ")]
    news = [json.loads(line.split(":", 1)[1]) for line in lines if line.startswith("# with: ")]
    assert olds and len(olds) == len(news), f"{patch.name}: each '# replace:' needs its '# with:'"
    for old, new in zip(olds, news):
        assert text.count(old) >= 1, f"{patch.name}: {old!r} is not in minimal.yml"
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("patch", PATCHES, ids=[p.stem for p in PATCHES])
def test_each_patched_file_fails_with_all_its_problems_in_one_round(patch: Path, tmp_path):
    path = patched(patch, tmp_path / f"{patch.stem}.yml")
    with pytest.raises(DataFileError) as caught:
        load_dataset(path)
    expected = [f"{path}:{message}" for message in expected_messages(patch)]
    assert expected and caught.value.problems == expected


def test_there_are_patched_cases():
    assert {p.stem for p in PATCHES} >= {"control-character", "escaped-control-character", "unquoted-no",
                                          "date-in-words", "merge-key", "six-mistakes"}


def bomb(levels: int) -> str:
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(rows) + f"\nmeta: *l{levels - 1}\n"


def test_an_alias_bomb_is_refused_in_linear_time(tmp_path):
    # 30 levels would be 9^30 values if expanded: the test could never finish if the loader did.
    path = tmp_path / "bomb.yml"
    path.write_text(bomb(30), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataFileError) as caught:
        load_dataset(path)
    assert time.perf_counter() - started < 2
    assert caught.value.problems[0] == (f"{path}:2:10: YAML alias '*l0' is not allowed in the data file; "
                                        "write the value out in full")
    # A file ten times longer is refused about as fast: time is linear in size, not in expansion.
    path.write_text(bomb(300), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataFileError):
        load_dataset(path)
    assert time.perf_counter() - started < 2


def test_deep_nesting_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "deep.yml"
    path.write_text("meta: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_dataset(path)
    assert "levels deep" in str(caught.value) or "YAML" in str(caught.value)


def test_a_folder_given_as_the_data_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="is a folder"):
        load_dataset(tmp_path)
