"""The on-demand benchmark: page weight, Lighthouse, build cost of the hooks, and scaling with the data.

Usage (after `bash scripts/test.sh` has installed the venv and Chromium):

    npm ci --prefix benchmarks          # Lighthouse 12, pinned, once
    .venv/bin/python benchmarks/run.py [--quick]

It writes benchmarks/out/report.json and benchmarks/out/summary.md. Times vary with the machine;
byte counts do not. Nothing here runs in the test suite: the suite asserts behaviour, this measures.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from scripts.charts import DESCRIBE, ChartRenderer  # noqa: E402
from scripts.load_data import load_dataset, parse_yaml, validate  # noqa: E402
from scripts.tables import TABLES  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGET_HOME_KIB = 70
BUDGET_PAGE_KIB = 100
# Screenshots of the home page and of a long page, on a phone and on a laptop.
SCREENSHOTS = ["/", "/en/timeline/"]
WIDTHS = {"phone": (360, 800), "laptop": (1280, 800)}
LIGHTHOUSE_RUNS = 3  # its scores vary from run to run; Lighthouse's own advice is to look at the median
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".yml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves like a static host does: gzip for text, long cache for fingerprinted assets."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.exists() or "gzip" not in self.headers.get("Accept-Encoding", "") or \
                path.suffix not in COMPRESSIBLE:
            return super().send_head()
        if self.path.endswith("/") is False and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        immutable = re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path.name)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "public, max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path):
    handler = functools.partial(GzipHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def build(project: Path, site_dir: Path, site_url: str | None = None, strict: bool = True) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COLOSSUS_CACHE_DIR=str(project / ".cache"))
    if site_url:
        env["SITE_URL"] = site_url
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site_dir)] + (["--strict"] if strict else [])
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")
    return elapsed


def copy_project(target: Path, with_hooks: bool = True) -> Path:
    for name in ("docs", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not with_hooks:
        config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def site_pages(site_dir: Path) -> list[str]:
    """URL paths of every built page of both languages, 404 pages included."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        pages.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return pages


def page_weights(site_dir: Path, base: str) -> dict:
    """Bytes transferred (gzip, as served) for a first visit of every page, measured in Chromium."""
    from playwright.sync_api import sync_playwright

    pages = site_pages(site_dir)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path in pages:
            context = browser.new_context()  # empty cache: a first visit
            page = context.new_page()
            failed, foreign = [], []
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(base) else None)
            page.goto(base + path, wait_until="networkidle")
            entries = page.evaluate("""() => performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .map(e => ({name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize}))""")
            results[path] = {
                "requests": len(entries),
                "transfer_bytes": sum(e["transfer"] for e in entries),
                "decoded_bytes": sum(e["decoded"] for e in entries),
                "largest": sorted(((e["transfer"], e["name"].replace(base, "")) for e in entries), reverse=True)[:5],
                "failed": failed,
                "foreign": foreign,
            }
            context.close()
        browser.close()
    return results


def screenshots(base: str, folder: Path) -> list[str]:
    """Full-page screenshots of SCREENSHOTS at each width in WIDTHS, once the theme has started."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path in SCREENSHOTS:
            for name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_function("() => document.getElementById('cite-pop') !== null", timeout=15000)
                target = folder / f"{path.strip('/').replace('/', '-') or 'home'}-{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                saved.append(target.relative_to(ROOT).as_posix())
                context.close()
        browser.close()
    return saved


def lighthouse(base: str, pages: list[str], runs: int = LIGHTHOUSE_RUNS) -> dict:
    """Lighthouse's four scores for every page given, median of `runs` runs, with what fails and
    what keeps the main thread busy (the issue #15 question for long pages)."""
    if not LIGHTHOUSE.exists():
        return {"skipped": "run `npm ci --prefix benchmarks` to install Lighthouse"}
    scores = {}
    flags = " ".join(["--headless=new"] + CHROMIUM_ARGS)
    for path in pages:
        each = []
        for _ in range(runs):
            out = Path(tempfile.mkdtemp()) / "lh.json"
            subprocess.run([str(LIGHTHOUSE), base + path, "--quiet", "--output=json", f"--output-path={out}",
                            f"--chrome-flags={flags}",
                            "--only-categories=performance,accessibility,best-practices,seo"],
                           env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True, timeout=300)
            report = json.loads(out.read_text(encoding="utf-8"))
            run = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
            run["failing_audits"] = sorted(
                k for k, a in report["audits"].items()
                if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric"))
            run["metrics_ms"] = {k: round(report["audits"][k]["numericValue"]) for k in
                                 ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")}
            work = report["audits"].get("mainthread-work-breakdown", {}).get("details", {}).get("items", [])
            run["main_thread_ms"] = {i["groupLabel"]: round(i["duration"]) for i in
                                     sorted(work, key=lambda i: -i["duration"])[:4]}
            each.append(run)
        categories = [k for k in each[0] if k not in ("failing_audits", "metrics_ms", "main_thread_ms")]
        scores[path] = {k: statistics.median(r[k] for r in each) for k in categories}
        scores[path]["lowest"] = {k: min(r[k] for r in each) for k in categories}
        scores[path]["runs"] = each
    return scores


def build_cost(repeats: int) -> dict:
    """Full build against the same Markdown with the hooks removed, interleaved, median ratio.

    Two cases: a rebuild from unchanged data (the charts come from the cache, as in `mkdocs serve` and
    most builds), and a build right after a figure in the data file changed (the charts showing it are
    drawn again; the others still come from the cache).
    """
    work = Path(tempfile.mkdtemp())
    with_hooks = copy_project(work / "with", with_hooks=True)
    without = copy_project(work / "without", with_hooks=False)
    data_file = with_hooks / "docs" / "data" / "colossus.yml"
    original = data_file.read_text(encoding="utf-8")
    build(with_hooks, work / "warm", strict=True)  # fill the caches and compile the modules, as a first build would
    times = {"with_hooks": [], "with_hooks_data_changed": [], "without_hooks": []}
    for _ in range(repeats):
        times["with_hooks"].append(build(with_hooks, work / "s1"))
        times["without_hooks"].append(build(without, work / "s2", strict=False))
        data_file.write_text(original.replace("value: 100000", f"value: {100001 + len(times['with_hooks'])}", 1),
                             encoding="utf-8")
        times["with_hooks_data_changed"].append(build(with_hooks, work / "s3"))
    data_file.write_text(original, encoding="utf-8")

    def ratio(key: str) -> float:
        return round(statistics.median(a / b for a, b in zip(times[key], times["without_hooks"])), 3)
    return {"repeats": repeats, "seconds": times, "median_ratio": ratio("with_hooks"),
            "median_ratio_data_changed": ratio("with_hooks_data_changed")}


def synthetic(data_raw: dict, rows: int) -> dict:
    """The real data with each table grown to `rows` rows (copies with fresh ids)."""
    raw = copy.deepcopy(data_raw)
    for key in ("clusters", "models", "funding", "events", "claims", "announcements"):
        base = raw[key]
        grown = []
        for i in range(rows):
            item = copy.deepcopy(base[i % len(base)])
            if i >= len(base):  # the originals keep their ids, so cross-references still resolve
                item["id"] = f"{item['id']}-{i}"
            grown.append(item)
        raw[key] = grown
    return raw


def generation_time(raw: dict, path: str) -> float:
    """Validate, then render every table and chart in both languages: what the hooks add per build."""
    start = time.perf_counter()
    data = validate(raw, {}, path)
    renderer = ChartRenderer(None)
    for language in ("fr", "en"):
        for render in TABLES.values():
            render(data, language)
        for name in DESCRIBE:
            renderer.render(name, data, language)
    return time.perf_counter() - start


def scaling(sizes: list[int]) -> dict:
    raw, _ = parse_yaml((ROOT / "docs" / "data" / "colossus.yml").read_text(encoding="utf-8"), "colossus.yml")
    series = {}
    for n in sizes:
        grown = synthetic(raw, n)
        series[n] = round(min(generation_time(grown, f"synthetic-{n}.yml") for _ in range(2 if n < 10000 else 1)), 4)
    steps = [round(series[b] / series[a], 2) for a, b in zip(sizes, sizes[1:])]
    return {"rows_per_table": sizes, "seconds": series, "growth_per_10x": steps}


def big_build(rows: int) -> dict:
    """A full build with `rows` rows per table: does it complete, and how heavy are its pages in Chromium?"""
    work = Path(tempfile.mkdtemp())
    project = copy_project(work / "project")
    raw, _ = parse_yaml((project / "docs" / "data" / "colossus.yml").read_text(encoding="utf-8"), "colossus.yml")
    (project / "docs" / "data" / "colossus.yml").write_text(
        yaml.safe_dump(synthetic(raw, rows), allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = work / "site"
    site.mkdir()
    with serve(site) as httpd:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        seconds = build(project, site, site_url=base + "/", strict=False)
        weights = page_weights(site, base)
    heaviest = sorted(weights.items(), key=lambda kv: -kv[1]["transfer_bytes"])[:5]
    return {"rows_per_table": rows, "seconds": round(seconds, 1),
            "largest_pages_gzip_kib": {path: round(w["transfer_bytes"] / 1024, 1) for path, w in heaviest}}


def chart_cache_on_rebuild() -> dict:
    """Build, edit the prose of every page that shows a chart (as a writer in `mkdocs serve` would),
    build again: the unchanged charts are not redrawn."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    work = Path(tempfile.mkdtemp())
    project = copy_project(work / "project")
    drawn = []
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["COLOSSUS_CACHE_DIR"] = str(project / ".cache")
    for round_ in range(2):
        if round_:
            for page in (project / "docs").glob("*.md"):
                text = page.read_text(encoding="utf-8")
                if "data:chart" in text:
                    page.write_text(text + "\n\nOne more sentence.\n", encoding="utf-8")
        cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(work / "site"))
        mkdocs_build(cfg)
        drawn.append(cfg.extra["charts"].drawn)
    return {"charts_drawn_first_build": drawn[0], "charts_drawn_second_build": drawn[1]}


def summary(report: dict) -> str:
    weights = report["page_weight"]
    home = weights.get("/", {})
    heaviest = max(weights.items(), key=lambda kv: kv[1]["transfer_bytes"])
    lines = [
        "# Benchmark summary",
        "",
        f"Run on {report['date']} ({report['machine']}).",
        "",
        "| Budget | Target | Measured | Met |",
        "| --- | --- | --- | --- |",
        f"| Home page, first visit (gzip) | ≤ {BUDGET_HOME_KIB} KiB | {home.get('transfer_bytes', 0) / 1024:.1f} KiB "
        f"in {home.get('requests', 0)} requests | {'yes' if home.get('transfer_bytes', 1e9) <= BUDGET_HOME_KIB * 1024 else 'no'} |",
        f"| Heaviest page (gzip) | ≤ {BUDGET_PAGE_KIB} KiB | {heaviest[1]['transfer_bytes'] / 1024:.1f} KiB ({heaviest[0]}) | "
        f"{'yes' if heaviest[1]['transfer_bytes'] <= BUDGET_PAGE_KIB * 1024 else 'no'} |",
        f"| Failed requests | 0 | {sum(len(w['failed']) for w in weights.values())} | "
        f"{'yes' if not any(w['failed'] for w in weights.values()) else 'no'} |",
        f"| Requests to other hosts | 0 | {sum(len(w['foreign']) for w in weights.values())} | "
        f"{'yes' if not any(w['foreign'] for w in weights.values()) else 'no'} |",
    ]
    cost = report.get("build_cost")
    if cost:
        lines.append(f"| Build with hooks / without, unchanged data (median of {cost['repeats']}) | ≤ 1.5 | "
                     f"{cost['median_ratio']} | {'yes' if cost['median_ratio'] <= 1.5 else 'no'} |")
        changed = cost["median_ratio_data_changed"]
        lines.append(f"| Build with hooks / without, data just edited (median of {cost['repeats']}) | ≤ 1.5 | "
                     f"{changed} | {'yes' if changed <= 1.5 else 'no'} |")
    scale = report.get("scaling")
    if scale:
        worst = max(scale["growth_per_10x"])
        lines.append(f"| Generation time per 10× rows | ≈ 10× at most | {', '.join(f'×{g}' for g in scale['growth_per_10x'])} | "
                     f"{'yes' if worst <= 12 else 'no'} |")
    big = report.get("big_build")
    if big:
        largest = max(big["largest_pages_gzip_kib"].values())
        lines.append(f"| {big['rows_per_table']:,}-row build: completes, pages ≤ {BUDGET_PAGE_KIB} KiB | yes | "
                     f"{big['seconds']} s, largest page {largest} KiB | {'yes' if largest <= BUDGET_PAGE_KIB else 'no'} |")
    cache = report.get("chart_cache")
    if cache:
        lines.append(f"| Unchanged charts redrawn after editing the pages that show them | 0 | "
                     f"{cache['charts_drawn_second_build']} (first build drew {cache['charts_drawn_first_build']}) | "
                     f"{'yes' if cache['charts_drawn_second_build'] == 0 else 'no'} |")
    lh = report.get("lighthouse", {})
    if lh and "skipped" not in lh:
        runs = len(next(iter(lh.values()))["runs"])
        lines += ["", f"Lighthouse 12 (mobile preset), median of {runs} runs per page (lowest run in brackets "
                      "where it differs):", "",
                  "| Page | Performance | Accessibility | Best practices | SEO |", "| --- | --- | --- | --- | --- |"]

        def cell(s: dict, k: str) -> str:
            median, lowest = s[k], s["lowest"][k]
            return f"{median:g}" + (f" ({lowest:g})" if lowest != median else "")
        for path, s in lh.items():
            lines.append(f"| `{path}` | {cell(s, 'performance')} | {cell(s, 'accessibility')} | "
                         f"{cell(s, 'best-practices')} | {cell(s, 'seo')} |")
        perfect = all(s[k] == 100 for s in lh.values() for k in ("performance", "accessibility", "best-practices", "seo"))
        lines += ["", f"Every page 100/100/100/100 (median): {'yes' if perfect else 'no'}.", "",
                  "Main thread on the three slowest pages (first run; Lighthouse's work breakdown, ms):", ""]
        slowest = sorted(lh.items(), key=lambda kv: -kv[1]["runs"][0]["metrics_ms"]["total-blocking-time"])[:3]
        for path, s in slowest:
            work = ", ".join(f"{k} {v}" for k, v in s["runs"][0].get("main_thread_ms", {}).items())
            lines.append(f"- `{path}`: total blocking time {s['runs'][0]['metrics_ms']['total-blocking-time']} ms; {work}")
    if report.get("screenshots"):
        lines += ["", "Screenshots: " + ", ".join(f"`{p}`" for p in report["screenshots"])]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 10,000-row build")
    parser.add_argument("--lighthouse-runs", type=int, default=LIGHTHOUSE_RUNS,
                        help=f"Lighthouse runs per page (median taken; default {LIGHTHOUSE_RUNS})")
    parser.add_argument("--pages", nargs="+", metavar="PATH",
                        help="Lighthouse on these URL paths only (default: every page of both languages)")
    parser.add_argument("--only-pages", action="store_true",
                        help="page weight, screenshots and Lighthouse only: no build timings or scaling")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    report = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"}
    # Timings first, on a quiet machine: a browser that has just closed still keeps a core busy.
    if not args.only_pages:
        report["build_cost"] = build_cost(3 if args.quick else 9)
    # Page weight and Lighthouse need the site built for the address it is served from.
    site = work / "site"
    site.mkdir()
    with serve(site) as httpd:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        build(ROOT, site, site_url=base + "/")
        report["page_weight"] = page_weights(site, base)
        report["screenshots"] = screenshots(base, OUT / "screenshots")
        # Every page of both languages, not a sample: a long page is where the main thread is busiest.
        report["lighthouse"] = lighthouse(base, args.pages or site_pages(site), args.lighthouse_runs)
    if not args.only_pages:
        report["scaling"] = scaling([10, 100, 1000] if args.quick else [10, 100, 1000, 10000])
        if not args.quick:
            report["big_build"] = big_build(10000)
        report["chart_cache"] = chart_cache_on_rebuild()
    (OUT / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = summary(report)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
