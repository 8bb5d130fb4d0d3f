"""The contributors' and maintainers' commands: exit codes and messages."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

BAD = ROOT / "tests" / "fixtures" / "bad-data" / "negative-count.yml"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yml"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_check_data_passes_on_the_real_file_and_fails_clearly_on_a_broken_one():
    ok = run("scripts.check_data")
    assert ok.returncode == 0 and "docs/data/colossus.yml: valid" in ok.stdout
    bad = run("scripts.check_data", str(BAD.relative_to(ROOT)))
    assert bad.returncode == 1
    assert "negative-count.yml:63:9: clusters[0].gpus[0].count: Input should be greater than or equal to 0" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_freshness_lists_current_figures_older_than_the_age_given():
    stale = run("scripts.freshness", str(MINIMAL.relative_to(ROOT)), "--today", "2026-11-30")
    assert stale.returncode == 1
    assert "clusters big-two: as of 2025-02-01, 21 months old" in stale.stdout
    assert "big-one" not in stale.stdout  # superseded by big-two: history, not a current figure
    fresh = run("scripts.freshness", str(MINIMAL.relative_to(ROOT)), "--today", "2025-03-01", "--months", "12")
    assert fresh.returncode == 0 and "0 row(s)" in fresh.stdout


WEAK = ROOT / "tests" / "fixtures" / "weak-sources.yml"


def test_weak_sources_lists_each_fact_resting_only_on_weak_sources_with_its_line():
    out = run("scripts.weak_sources", str(WEAK.relative_to(ROOT)))
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert lines == [
        "tests/fixtures/weak-sources.yml:72: clusters big-one power_mw: only weak sources (aggregator)",
        "tests/fixtures/weak-sources.yml:125: events rumour: only weak sources (aggregator)",
        # The original article is no evidence either way: a copy plus the article is still weak.
        "tests/fixtures/weak-sources.yml:149: claims only-the-article: only weak sources (aggregator)",
        "3 fact(s) rest only on weak sources",
    ]
    # One sound source is enough (weak-and-sound); a row is not listed for its figure alone (big-one).
    assert "weak-and-sound" not in out.stdout and "clusters big-one:" not in out.stdout


def test_weak_sources_passes_once_every_fact_has_a_sound_source_and_reports_a_broken_file(tmp_path):
    fixed = tmp_path / "sound.yml"
    fixed.write_text(MINIMAL.read_text(encoding="utf-8").replace("sources: [aggregator]", "sources: [press-report]"),
                     encoding="utf-8")
    sound = run("scripts.weak_sources", str(fixed))
    assert sound.returncode == 0 and sound.stdout.strip() == "0 fact(s) rest only on weak sources"
    bad = run("scripts.weak_sources", str(BAD.relative_to(ROOT)))
    assert bad.returncode == 2 and "negative-count.yml:63:9" in bad.stderr and "Traceback" not in bad.stderr
