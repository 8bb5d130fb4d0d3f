"""Checkers the tests run on a built site: a local server, Chromium, axe-core, the Nu HTML Checker,
and a byte-for-byte comparison of two builds. Each takes a site folder, so the tests can also run
them on a copy with a planted fault and see them fail."""

from __future__ import annotations

import contextlib
import filecmp
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from conftest import ROOT, build_site

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_ALLOWLIST = ROOT / "tests" / "vnu-allowlist.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root and on a closed network, Chromium needs these to start quietly.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class LocalSite:
    """Build a project for http://127.0.0.1:PORT/ and serve it there, so the site's own host is local."""

    def __init__(self, project: Path | None, site_dir: Path):
        """With no project, serve `site_dir` as it is (a copy of a built site with a planted fault)."""
        self.project, self.site_dir = project, site_dir
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "LocalSite":
        if self.project is not None:
            result = build_site(self.project, self.site_dir, site_url=self.base + "/")
            assert result.returncode == 0, result.stderr[-3000:]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def pages(self, include_404: bool = True) -> list[str]:
        """URL paths of every built page of both languages."""
        paths = []
        for html in sorted(self.site_dir.rglob("*.html")):
            rel = html.relative_to(self.site_dir).as_posix()
            if rel.endswith("404.html"):
                if include_404:
                    paths.append("/" + rel)
            elif rel.endswith("index.html"):
                paths.append("/" + rel[: -len("index.html")])
        return paths


@contextlib.contextmanager
def launch_chromium():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_of(path: Path) -> BeautifulSoup:
    """A built page, parsed once per version of the file for every test that reads it: read it,
    never alter it (parse your own copy to cut nodes out)."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parsed(path: str, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


def page_path(site: Path, stem: str, language: str) -> Path:
    prefix = site / "en" if language == "en" else site
    return prefix / "index.html" if stem == "index" else prefix / stem / "index.html"


def first_visit_files(site: Path, page: Path, base_path: str = "/") -> list[Path]:
    """The files a first visit of `page` downloads from the site (each once): the page, its
    stylesheets, scripts (the theme's too, which start after the first paint), icon and images.
    Search, which loads only when used, is not among them. `base_path` is the site's path on its
    host (the path of `site_url`), which absolute links such as the 404 pages' start with."""
    soup = html_of(page)
    page_url = base_path + page.relative_to(site).as_posix()
    refs = [link["href"] for link in soup.select('link[rel~="stylesheet"], link[rel~="icon"]')]
    # find_all, not select: CSS selectors do not look inside <template>, where the theme's scripts wait.
    refs += [tag["src"] for tag in soup.find_all(["script", "img"], src=True)]
    files = [page]
    for ref in refs:
        parsed = urlsplit(urljoin(page_url, ref))
        if parsed.scheme or parsed.netloc or not parsed.path.startswith(base_path):
            continue  # not from this site (another test forbids those)
        target = site / parsed.path[len(base_path):]
        target = target / "index.html" if target.is_dir() else target
        if target not in files:
            files.append(target)
    return files


def gzip_size(path: Path) -> int:
    """Bytes on the wire from a static host that compresses text (gzip level 6), as most do."""
    data = path.read_bytes()
    if path.suffix in (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt"):
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def wait_for_theme(page) -> None:
    """The theme's scripts start after the first paint (see docs/overrides/main.html): wait until its
    bundle has set itself up, as a reader who clicks a moment after the page appears would."""
    page.wait_for_function("() => window.component$ !== undefined", timeout=15000)


# Rules whose outcome depends on colours: the only ones a second colour scheme can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules: list[str] | None = None, lay_out_everything: bool = True) -> list[dict]:
    """Run axe-core in the page (every rule, or only `rules`); return its violations, each with the
    rule and a few offending nodes. With `lay_out_everything=False`, axe sees the page as loaded,
    as Lighthouse does."""
    if not page.evaluate("() => window.axe !== undefined"):
        if lay_out_everything:
            # content-visibility: auto skips layout of what is off screen, and axe cannot compute
            # contrast for text never laid out: render everything first, as a reader scrolling would.
            page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (rules) => {
        const options = {resultTypes: ['violations']};
        if (rules) options.runOnly = {type: 'rule', values: rules};
        const result = await axe.run(document, options);
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""", rules)


def allowed_vnu_messages() -> list[str]:
    """Reviewed exceptions: one message per line, after a '#' comment giving the reason."""
    if not VNU_ALLOWLIST.exists():
        return []
    return [line.strip() for line in VNU_ALLOWLIST.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


class VnuRun:
    """The Nu HTML Checker running on a folder or some files in its own process."""

    def __init__(self, *paths: Path):
        self.root = paths[0] if len(paths) == 1 and paths[0].is_dir() else None
        self.process = subprocess.Popen(
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *map(str, paths)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def errors(self) -> list[str]:
        """Every error it found, minus the reviewed allowlist (waits for it to finish)."""
        stdout, stderr = self.process.communicate(timeout=600)
        messages = json.loads(stderr or stdout or '{"messages": []}')["messages"]
        allowed = allowed_vnu_messages()
        prefix = "file:" + str(self.root) if self.root else "file:"
        return [f"{m.get('url', '').replace(prefix, '')}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m.get("type") == "error" and m["message"] not in allowed]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def vnu_errors(*paths: Path) -> list[str]:
    """Every error the Nu HTML Checker finds in a site folder (or in some pages), minus the allowlist."""
    return VnuRun(*paths).errors()


def tree_differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two site folders (or exist in only one)."""
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def foreign_references(site_dir: Path) -> list[str]:
    """Resources a page or stylesheet would load from another host (links to read elsewhere are fine)."""
    from urllib.parse import urlparse

    from bs4 import BeautifulSoup
    import re

    found = []
    for path in sorted(site_dir.rglob("*.html")):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                          ("object", "data")):
            for el in doc.find_all(tag):
                url = el.get(attr)
                rel = el.get("rel") or []
                if not url or (tag == "link" and ("alternate" in rel or "canonical" in rel)):
                    continue
                if urlparse(url).netloc or url.startswith("//"):
                    found.append(f"{path.relative_to(site_dir)}: <{tag} {attr}={url}>")
        for style in doc.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                found.append(f"{path.relative_to(site_dir)}: style attribute loads {style['style']}")
    for css in sorted(site_dir.rglob("*.css")):
        for match in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8", errors="ignore")):
            found.append(f"{css.relative_to(site_dir)}: url({match.group(1)})")
    return found


def requests_to_other_hosts(browser, url: str) -> list[str]:
    # What the page itself asks for, whether or not its Content-Security-Policy would refuse it.
    page = browser.new_page(bypass_csp=True)
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse_host(r.url) != "127.0.0.1" else None)
    page.goto(url, wait_until="networkidle")
    page.close()
    return foreign


def urlparse_host(url: str) -> str | None:
    from urllib.parse import urlparse

    return urlparse(url).hostname
