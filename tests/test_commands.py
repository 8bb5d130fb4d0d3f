"""The contributors' and maintainers' commands: exit codes and messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from patches import BAD_DATA, MINIMAL, patched


@pytest.fixture
def bad(tmp_path):
    """A broken data file (a negative GPU count) and the message it must cause."""
    path, [message] = patched(BAD_DATA / "negative-count.patch", tmp_path / "negative-count.yml")
    assert message.endswith(":9: clusters[0].gpus[0].count: expected a number of 0 or more (got -5)")
    return path, f"{path}:{message}"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_check_data_passes_on_the_real_file_and_fails_clearly_on_a_broken_one(bad):
    ok = run("scripts.check_data")
    assert ok.returncode == 0 and "docs/data/colossus.yml: valid" in ok.stdout
    path, message = bad
    failed = run("scripts.check_data", str(path))
    assert failed.returncode == 1
    assert message in failed.stderr
    assert "Traceback" not in failed.stderr


def test_freshness_lists_current_figures_older_than_the_age_given():
    stale = run("scripts.freshness", str(MINIMAL.relative_to(ROOT)), "--today", "2026-11-30")
    assert stale.returncode == 1
    assert "clusters big-two: as of 2025-02-01, 21 months old" in stale.stdout
    assert "big-one" not in stale.stdout  # superseded by big-two: history, not a current figure
    fresh = run("scripts.freshness", str(MINIMAL.relative_to(ROOT)), "--today", "2025-03-01", "--months", "12")
    assert fresh.returncode == 0 and "0 current figure(s)" in fresh.stdout


def test_freshness_counts_whole_months_and_skips_history(tmp_path):
    data = tmp_path / "data.yml"
    data.write_text(MINIMAL.read_text(encoding="utf-8").replace("    as_of: 2024-03-17", "    as_of: 2025-06-01"),
                    encoding="utf-8")
    # big-two is as of 2025-02-01: 12 whole months old on 2026-02-28, which is not older than 12 months.
    at_twelve = run("scripts.freshness", str(data), "--today", "2026-02-28")
    assert at_twelve.returncode == 0, at_twelve.stdout
    at_thirteen = run("scripts.freshness", str(data), "--today", "2026-03-01")
    assert at_thirteen.returncode == 1
    big_two = data.read_text(encoding="utf-8").splitlines().index("  - id: big-two") + 1
    assert at_thirteen.stdout.splitlines() == [f"{data}:{big_two}: clusters big-two: as of 2025-02-01, 13 months old",
                                               "1 current figure(s) older than 12 months"]
    # Years later, the superseded stage, the settled claim and the delivered promise are still not
    # listed; the newest model is.
    late = run("scripts.freshness", str(data), "--today", "2030-01-01")
    assert [line.split(": ")[1] for line in late.stdout.splitlines()[:-1]] == ["clusters big-two", "models model-one"]


def test_freshness_on_the_real_file_lists_only_current_figures():
    result = run("scripts.freshness", "--today", "2026-12-01")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    listed = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-1]]
    assert set(listed) <= {"clusters", "models", "announcements", "claims"}
    assert "openai-gpt4-a100" not in result.stdout  # another operator's cluster of 2023: history


def test_freshness_with_a_folder_or_a_missing_file_gives_a_usage_message():
    for bad in ("docs", "docs/nope.yml"):
        result = run("scripts.freshness", bad)
        assert result.returncode == 2 and result.stderr.startswith("usage: ")
        assert "Traceback" not in result.stderr


def test_check_data_on_a_folder_is_a_clear_error():
    result = run("scripts.check_data", "docs")
    assert result.returncode == 1 and "docs: is a folder" in result.stderr and "Traceback" not in result.stderr


def test_both_commands_refuse_an_alias_bomb_at_once_without_a_traceback():
    bomb = "tests/fixtures/bad-data/alias-bomb.yml"
    checked = run("scripts.check_data", bomb)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"{bomb}:15:8: YAML alias '*a' is not allowed in the data file" in checked.stderr
    fresh = run("scripts.freshness", bomb)
    assert fresh.returncode == 2 and "Traceback" not in fresh.stderr and f"{bomb}:15:8: YAML alias" in fresh.stderr


def test_weak_sources_lists_each_fact_resting_only_on_weak_sources_with_its_line(tmp_path):
    weak, _ = patched(ROOT / "tests" / "fixtures" / "weak-sources.patch", tmp_path / "weak-sources.yml")
    text = weak.read_text(encoding="utf-8").splitlines()

    def line(of: str) -> int:
        return text.index(of) + 1

    out = run("scripts.weak_sources", str(weak))
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert lines == [
        f"{weak}:{line('    power_mw: {value: 150, kind: press, sources: [aggregator]}')}: clusters big-one power_mw: "
        "only weak sources (aggregator)",
        f"{weak}:{line('  - id: rumour')}: events rumour: only weak sources (aggregator)",
        # The original article is no evidence either way: a copy plus the article is still weak.
        f"{weak}:{line('  - id: only-the-article')}: claims only-the-article: only weak sources (aggregator)",
        "3 fact(s) rest only on weak sources",
    ]
    # One sound source is enough (weak-and-sound); a row is not listed for its figure alone (big-one).
    assert "weak-and-sound" not in out.stdout and "clusters big-one:" not in out.stdout


def test_weak_sources_passes_once_every_fact_has_a_sound_source_and_reports_a_broken_file(tmp_path, bad):
    fixed = tmp_path / "sound.yml"
    fixed.write_text(MINIMAL.read_text(encoding="utf-8").replace("sources: [aggregator]", "sources: [press-report]"),
                     encoding="utf-8")
    sound = run("scripts.weak_sources", str(fixed))
    assert sound.returncode == 0 and sound.stdout.strip() == "0 fact(s) rest only on weak sources"
    path, message = bad
    failed = run("scripts.weak_sources", str(path))
    assert failed.returncode == 2 and message in failed.stderr and "Traceback" not in failed.stderr
