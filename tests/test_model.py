"""Loading and validation: the real data file is valid; each broken file fails with its exact message."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
import yaml

from scripts import model
from scripts.load_data import DataFileError, format_path, load_dataset
from scripts.model import LANGUAGES, DataSet, StatementKind, homes_equivalent, months_between, round_homes

from conftest import ROOT
from patches import BAD_DATA, MINIMAL, apply, patched, read_patch

# Whole files, for the few cases that are not a valid file with a fault planted in it (an empty file,
# a list, an alias bomb); every other case is a .patch over minimal.yml (see tests/patches.py).
BAD = sorted(BAD_DATA.glob("*.yml"))
PATCHES = sorted(BAD_DATA.glob("*.patch"))


def expected_messages(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len("# expect: "):] for line in lines if line.startswith("# expect: ")]


def test_the_corpus_of_broken_files_is_large_enough():
    assert len(BAD) + len(PATCHES) >= 45
    assert {p.suffix for p in BAD_DATA.iterdir()} == {".yml", ".patch", ".md"}  # no case left untested


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


@pytest.mark.parametrize("patch", PATCHES, ids=[p.stem for p in PATCHES])
def test_each_patched_file_fails_with_all_its_problems_in_one_round(patch: Path, tmp_path):
    path, messages = patched(patch, tmp_path / f"{patch.stem}.yml")
    with pytest.raises(DataFileError) as caught:
        load_dataset(path)
    expected = [f"{path}:{message}" for message in messages]
    assert expected, f"{patch.name} has no '# expect:' line"
    assert caught.value.problems == expected
    assert str(caught.value).splitlines()[0].endswith(
        f"{len(expected)} problem{'s' if len(expected) > 1 else ''} in the data file")


def test_the_file_every_patch_edits_is_valid():
    data = load_dataset(MINIMAL)
    assert all(getattr(data, name) for name in ("sources", "chips", "clusters", "models", "funding", "events",
                                                 "announcements", "claims"))


def test_the_weak_sources_case_is_a_valid_file(tmp_path):
    # tests/test_commands.py runs scripts.weak_sources on it: its findings must not be load errors.
    path, messages = patched(ROOT / "tests" / "fixtures" / "weak-sources.patch", tmp_path / "weak.yml")
    assert messages == [] and len(load_dataset(path).claims) == 3


@pytest.mark.parametrize("patch", PATCHES, ids=[p.stem for p in PATCHES])
def test_each_patch_edits_text_found_exactly_once_in_minimal_yml_and_changes_it(patch: Path):
    text = MINIMAL.read_text(encoding="utf-8")
    pairs = read_patch(patch).pairs
    for old, new in pairs:
        assert text.count(old) == 1, f"{patch.name}: {old!r} occurs {text.count(old)} times in minimal.yml"
        assert new != old, f"{patch.name}: {old!r} is replaced by itself"
    assert apply(read_patch(patch))[0] != text


def test_a_patch_that_is_ambiguous_misplaced_or_a_no_op_is_refused(tmp_path):
    def refused(body: str) -> str:
        path = tmp_path / "case.patch"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ValueError) as caught:
            patched(path, tmp_path / "case.yml")
        return str(caught.value)

    expect = "# expect: @1:5: x\n"
    assert "occurs 2 times" in refused('# replace: "    kind: claim"\n# with: "    kind: rumour"\n' + expect)
    assert "occurs 0 times" in refused('# replace: "    kind: gossip"\n# with: "    kind: rumour"\n' + expect)
    assert "changes nothing" in refused('# replace: "  - id: round-b"\n# with: "  - id: round-b"\n' + expect)
    assert "overlaps" in refused('# replace: "  - id: round-b\\n"\n# with: "  - id: a\\n"\n'
                                 '# replace: "round-b\\n    date"\n# with: "b\\n    date"\n' + expect)
    assert "must follow" in refused('# with: "x"\n' + expect)
    assert "starts with '#'" in refused('# replace: "  - id: round-b"\n  - id: Round B\n' + expect)
    assert "names replacement 2 of 1" in refused('# replace: "  - id: round-b"\n# with: "  - id: b"\n'
                                                 '# expect: @2:5: x\n')


def test_a_patch_is_applied_where_it_says_and_its_lines_are_counted_from_its_edits(tmp_path):
    path = tmp_path / "case.patch"
    path.write_text('# Two edits, written out of order and one of them over two lines.\n'
                    '# replace: "  - id: round-b"\n# with: "  - id: Round B"\n'
                    '# replace: "  - id: vendor-sheet\\n"\n# with: "  - id: vendor-sheet\\n"\n'
                    '# with: "    note: one more line\\n"\n'
                    '# expect: @1+1:5: one\n# expect: @2-1:1: two\n# expect: 3:3: three\n', encoding="utf-8")
    target, messages = patched(path, tmp_path / "case.yml")
    lines = target.read_text(encoding="utf-8").splitlines()
    vendor = lines.index("  - id: vendor-sheet") + 1
    assert lines[vendor] == "    note: one more line" and lines.count("  - id: Round B") == 1
    round_b = lines.index("  - id: Round B") + 1
    assert messages == [f"{round_b + 1}:5: one", f"{vendor - 1}:1: two", "3:3: three"]


def test_a_new_required_field_would_mean_editing_minimal_yml_alone():
    # No fixture but minimal.yml copies a valid file: each is a few lines (the longest, the weak-sources
    # patch, is 25) and none holds the meta block.
    fixtures = [p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and p.suffix != ".md"]
    assert len(fixtures) == len(BAD) + len(PATCHES) + 2
    for path in fixtures:
        if path == MINIMAL:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) <= 30, f"{path.name} has {len(lines)} lines: write it as a .patch over minimal.yml"
        assert "last_checked:" not in path.read_text(encoding="utf-8"), f"{path.name} copies the meta block"


def test_the_real_data_file_is_valid():
    data = load_dataset(ROOT / "docs" / "data" / "colossus.yml")
    assert data.sources and data.chips and data.clusters and data.models and data.claims


def test_a_plain_number_inherits_its_row_and_a_mapping_names_its_own_source():
    data = load_dataset(MINIMAL)
    cluster = data.by_id("clusters")["big-one"]
    assert cluster.gpus[0].count.value == 100000 and cluster.gpus[0].count.sources == []
    assert cluster.power_mw.sources == ["press-report"] and cluster.power_mw.kind is StatementKind.press


def test_a_missing_file_is_reported_without_a_traceback(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_dataset(tmp_path / "nope.yml")


def test_field_paths_read_like_the_yaml():
    assert format_path(("clusters", 3, "gpus", 0, "count")) == "clusters[3].gpus[0].count"
    assert format_path(()) == "(top level)"


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


# The model's arithmetic, on the small valid file: big-one (100,000 H100, a claim) and big-two, which
# builds on it (150,000 H100 + 50,000 H200, both 989 dense BF16 TFLOP/s).
SMALL = load_dataset(MINIMAL)


def with_counts(data: DataSet, cluster_id: str, **fields) -> DataSet:
    """The data set with one cluster's fields replaced (validated like the file)."""
    raw = data.model_dump()
    row = next(c for c in raw["clusters"] if c["id"] == cluster_id)
    row.update(fields)
    return DataSet.model_validate(raw)


def test_a_cluster_totals_its_chips_of_every_kind():
    clusters = SMALL.by_id("clusters")
    assert clusters["big-one"].total_gpus == 100_000
    assert clusters["big-two"].total_gpus == 200_000


def test_peak_compute_is_each_count_times_its_chips_datasheet_throughput():
    chips, clusters = SMALL.by_id("chips"), SMALL.by_id("clusters")
    assert clusters["big-one"].peak_eflops(chips) == pytest.approx(100_000 * 989 / 1e6)
    # Each count is multiplied by its own chip's figure, not the first chip's.
    faster = SMALL.model_copy(update={"chips": [c.model_copy(update={"bf16_dense_tflops": c.bf16_dense_tflops.model_copy(
        update={"value": 2000})}) if c.id == "h200" else c for c in SMALL.chips]})
    assert clusters["big-two"].peak_eflops(faster.by_id("chips")) == pytest.approx((150_000 * 989 + 50_000 * 2000) / 1e6)


def test_a_total_is_as_solid_as_its_weakest_count():
    assert SMALL.by_id("clusters")["big-one"].count_kind is StatementKind.claim  # inherited from the row
    official = with_counts(SMALL, "big-two", kind="official")
    assert official.by_id("clusters")["big-two"].count_kind is StatementKind.official
    one_press_count = with_counts(SMALL, "big-two", kind="official", gpus=[
        {"chip": "h100", "count": 150000}, {"chip": "h200", "count": {"value": 50000, "kind": "press"}}])
    assert one_press_count.by_id("clusters")["big-two"].count_kind is StatementKind.press


def test_stages_of_one_site_share_their_first_stage_and_only_the_latest_is_current():
    clusters = SMALL.by_id("clusters")
    assert SMALL.first_stage(clusters["big-two"]) is clusters["big-one"]
    assert SMALL.first_stage(clusters["big-one"]) is clusters["big-one"]
    assert [c.id for c in SMALL.latest_stages()] == ["big-two"]


def test_a_promise_is_late_by_whole_months():
    doubling = SMALL.by_id("announcements")["doubling"]  # due 2024-12-31, delivered 2025-02-17
    assert doubling.months_late == 1
    pending = doubling.model_copy(update={"delivered": None, "as_of": dt.date(2025, 6, 30)})
    assert pending.months_late == 5  # counted to the latest source when not delivered
    assert months_between(dt.date(2024, 12, 1), dt.date(2025, 2, 17)) == 2
    assert months_between(dt.date(2025, 2, 17), dt.date(2024, 12, 1)) < 0


def test_homes_powered_are_computed_round_the_clock_and_rounded_to_the_thousand():
    assert homes_equivalent(1, 8760) == 1000  # 1 MW for a year = 8,760,000 kWh
    assert round_homes(245_499) == 245_000 and round_homes(245_501) == 246_000
    with pytest.raises(ValueError):
        homes_equivalent(1, 0)


def test_the_collection_lists_are_read_from_the_model():
    assert model.COLLECTIONS == ("sources", "chips", "clusters", "models", "funding", "events", "announcements",
                                 "claims", "yardsticks", "corrections")
    assert model.FIGURE_COLLECTIONS == ("chips", "clusters", "models", "funding", "yardsticks")
    assert model.FACT_COLLECTIONS == ("chips", "clusters", "models", "funding", "events", "announcements", "claims",
                                      "yardsticks")
    assert model.ROW_TYPES["clusters"] is model.Cluster and model.ROW_TYPES["corrections"] is model.Correction
    # A collection carries figures exactly when its rows have one (the real file has rows in each).
    data = load_dataset(ROOT / "docs" / "data" / "colossus.yml")
    carrying = {name for name in model.COLLECTIONS
                for row in getattr(data, name) if any(True for _ in model.walk_figures(row, ()))}
    assert carrying == set(model.FIGURE_COLLECTIONS)
    assert re.match(model.FIGURE_ID_PATTERN, "yardsticks.us-home.value")
    assert not re.match(model.FIGURE_ID_PATTERN, "events.opening.date")


def test_each_list_of_languages_or_collections_is_defined_once():
    """Other modules import the lists from scripts/model.py rather than write them again."""
    defined = re.compile(r"^(?:[A-Z_]*LANGUAGES|[A-Z_]*COLLECTIONS)\s*(?::[^=]*)?=", re.M)
    found = {p.relative_to(ROOT).as_posix(): defined.findall(p.read_text(encoding="utf-8"))
             for folder in ("scripts", "tests") for p in sorted((ROOT / folder).glob("*.py"))}
    assert {path: names for path, names in found.items() if names and path != "scripts/model.py"} == {}


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (!ENV, !!python/name:…) read as whatever they tag."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_AnyTagLoader.add_multi_constructor("", _untagged)


def test_mkdocs_builds_the_models_languages_with_the_first_as_default():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    plugins = {next(iter(p)) if isinstance(p, dict) else p: (next(iter(p.values())) if isinstance(p, dict) else {})
               for p in config["plugins"]}
    languages = plugins["i18n"]["languages"]
    assert tuple(lang["locale"] for lang in languages) == LANGUAGES
    assert [lang["locale"] for lang in languages if lang.get("default")] == [LANGUAGES[0]]
    assert config["theme"]["language"] == LANGUAGES[0]
    assert tuple(plugins["search"]["lang"]) == LANGUAGES
    from scripts.formatting import LOCALES

    assert tuple(LOCALES) == LANGUAGES  # each language has its locale (numbers, dates, og:locale)
