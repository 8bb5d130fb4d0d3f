"""A real browser: Playwright driving Debian's Chromium, headless, against the site on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT, build_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root and on a closed network, Chromium needs these to start quietly (see the machine notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The site built for, and served from, a local address: its own host is 127.0.0.1."""
    local_site = tmp_path_factory.mktemp("local-site")
    handler = functools.partial(QuietHandler, directory=str(local_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    result = build_site(ROOT, local_site, site_url=f"http://127.0.0.1:{httpd.server_address[1]}/")
    assert result.returncode == 0, result.stderr[-2000:]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_switching_from_the_french_home_lands_on_the_english_home(server, browser):
    page = browser.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1" else None)
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    # The switcher is a hover menu: open it as a reader would, then choose English.
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="en"]').first.click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert not foreign, foreign
    page.close()
