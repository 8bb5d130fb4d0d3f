"""Loading and validation: the real data file is valid; each broken file fails with its exact message."""

from __future__ import annotations

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
