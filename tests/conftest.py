"""Shared fixtures: the real site built once into a temporary folder, and throw-away project copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# Every test is one of three kinds, so that `pytest -m unit` is a fast loop: `browser` (marked per
# module), `build` (uses the built site or builds one itself), and `unit` (everything else).
KINDS = ("unit", "build", "browser")
_running: list[pytest.Item] = []


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("build"):
            continue
        # By what a test asks for, so a new test cannot land in the fast loop by forgetting a marker.
        if {"browser", "local"} & set(item.fixturenames):
            item.add_marker("browser")
        elif "site" in item.fixturenames:
            item.add_marker("build")
        else:
            item.add_marker("unit")


@pytest.fixture(autouse=True)
def _current_test(request):
    _running.append(request.node)
    yield
    _running.pop()


def build_site(project: Path, site_dir: Path, site_url: str | None = None,
               cache_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run a strict `mkdocs build` of a project folder in its own process.

    The build's cache goes to `cache_dir`, by default a fresh temporary folder removed afterwards (a
    cold build): never the checkout's .cache, which a test must neither read nor write. Pass the same
    `cache_dir` to two builds to test a warm one.
    """
    if _running and _running[-1].get_closest_marker("unit"):
        # A unit test that builds the site would make the fast loop slow without anyone noticing.
        raise RuntimeError(f"{_running[-1].nodeid} builds the site: mark it @pytest.mark.build")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)  # the build takes it from the data's last check
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    with tempfile.TemporaryDirectory(prefix="colossus-cache-") as cold:
        env["COLOSSUS_CACHE_DIR"] = str(cache_dir or cold)
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
            cwd=project, capture_output=True, text=True, env=env, timeout=300)


def copy_project(target: Path) -> Path:
    """A copy of what the build reads, so a test can break it without touching the repository."""
    for name in ("docs", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    # requirements.txt too: the pins are part of the code fingerprint that keys the build cache.
    for name in ("mkdocs.yml", "requirements.txt"):
        shutil.copy(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def site_cache(tmp_path_factory) -> Path:
    """The build cache the `site` build filled from empty (a cold build)."""
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_cache) -> Path:
    """The real site, built once per test session from a cold cache, never inside the repository."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site_dir, cache_dir=site_cache)
    assert result.returncode == 0, result.stderr[-3000:]
    return site_dir


@pytest.fixture
def warm_cache(site, site_cache, tmp_path) -> Path:
    """A copy of the cache as the `site` build left it: a rebuild starts warm without building twice."""
    return Path(shutil.copytree(site_cache, tmp_path / "warm-cache"))


def page_files(site: Path) -> list[Path]:
    """Every built HTML page (404 pages included)."""
    return sorted(p for p in site.rglob("*.html"))


# One served site and one browser for every browser test module: building and serving the site is
# the slow part, and the pages are the same for all of them.
@pytest.fixture(scope="session")
def local(tmp_path_factory):
    from checks import LocalSite, VnuRun  # checks imports this module: import it once the session runs

    with LocalSite(ROOT, tmp_path_factory.mktemp("local-site")) as served:
        # The Nu HTML Checker (Java) runs on the built pages in the background while the browser tests
        # use the other core; its test collects the result.
        served.vnu = VnuRun(served.site_dir)
        yield served
        served.vnu.stop()


@pytest.fixture(scope="session")
def browser():
    from checks import launch_chromium

    with launch_chromium() as b:
        yield b
