"""A real browser: Playwright driving Debian's Chromium, headless, against the site on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from checks import AXE, COLOUR_RULES, axe_violations, wait_for_theme


pytestmark = pytest.mark.browser


def test_switching_from_the_french_home_lands_on_the_english_home(local, browser):
    page = browser.new_page()
    page.goto(local.url("/"))
    assert page.locator("html").get_attribute("lang") == "fr"
    # The switcher is a hover menu: open it as a reader would, then choose English.
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="en"]').first.click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


CSP_PROBE = """document.addEventListener("securitypolicyviolation", function (e) {
    (window.__csp = window.__csp || []).push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""


@pytest.fixture(scope="module")
def visits(local, browser):
    """Every page visited once as a reader would, search opened: what it requested, what failed,
    what the console said, and what its Content-Security-Policy refused. Two tests read it. Pages
    load a few tabs at a time, so that their half-second waits for a quiet network overlap."""
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    found = {}
    paths = local.pages()
    for batch in (paths[i:i + 4] for i in range(0, len(paths), 4)):
        tabs = []
        for path in batch:
            page = context.new_page()
            seen = found[path] = {"urls": [], "failed": [], "errors": []}
            page.on("request", lambda r, seen=seen: seen["urls"].append(r.url))
            page.on("requestfailed", lambda r, seen=seen: seen["failed"].append(r.url))
            page.on("response", lambda r, seen=seen: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("console", lambda m, seen=seen: seen["errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, seen=seen: seen["errors"].append(str(e)))
            page.goto(local.url(path), wait_until="commit")
            tabs.append((page, seen))
        for page, seen in tabs:
            page.wait_for_load_state("networkidle")
            # Search loads when a reader first uses it, and the theme's sitemap lookups are not needed.
            seen["before_search"] = list(seen["urls"])
            seen["policies"] = page.locator('meta[http-equiv="Content-Security-Policy"]').count()
            wait_for_theme(page)
            # Opening search loads the worker, which fetches the index: wait for that answer, not for idle.
            page.bring_to_front()
            with page.expect_response(lambda r: r.url.endswith("search_index.json"), timeout=15000):
                page.locator("input.md-search__input").click()
            seen["violations"] = page.evaluate("() => window.__csp || []")
            page.close()
    yield found
    context.close()


def test_every_page_loads_only_local_resources_without_console_errors(visits):
    assert len(visits) >= 20
    for path, seen in visits.items():
        foreign = [u for u in seen["urls"] if urlparse(u).hostname != "127.0.0.1"]
        assert not foreign, (path, foreign)
        assert not seen["errors"], (path, seen["errors"])
        # The 404 pages are themselves served with a 404 status only by a real host; here they load fine.
        assert not seen["failed"], (path, seen["failed"])
        early = [u for u in seen["before_search"] if u.endswith(("search_index.json", "sitemap.xml"))]
        assert not early, (path, early)


def test_every_page_switches_to_the_same_page_in_the_other_language(local, browser):
    page = browser.new_page()
    for path in local.pages(include_404=False):
        other = path[3:] if path.startswith("/en/") else "/en" + path
        other = other or "/"
        page.goto(local.url(path))
        language = "fr" if page.locator("html").get_attribute("lang") == "en" else "en"
        href = page.locator(f'a.md-select__link[hreflang="{language}"]').first.get_attribute("href")
        target = urlparse(page.evaluate("(h) => new URL(h, location.href).href", href)).path
        assert target == (other if other.endswith("/") else other + "/"), (path, target)
    page.close()


@pytest.mark.parametrize("language,word,expected,foreign", [
    ("fr", "supercalculateur", "/colossus/", "/en/"),
    ("en", "supercomputer", "/en/colossus/", None),
])
def test_search_finds_the_colossus_page_in_its_own_language_only(local, browser, language, word, expected, foreign):
    page = browser.new_page()
    page.goto(local.url("/" if language == "fr" else "/en/"))
    wait_for_theme(page)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(word, delay=30)
    results = page.locator(".md-search-result__list li a")
    results.first.wait_for(timeout=15000)
    hrefs = [urlparse(page.evaluate("(h) => new URL(h, location.href).href", a.get_attribute("href"))).path
             for a in results.all()]
    assert expected in hrefs, hrefs
    if foreign:
        assert not any(h.startswith(foreign) for h in hrefs), hrefs
    else:
        assert all(h.startswith("/en/") for h in hrefs), hrefs
    page.close()


def test_the_colour_toggle_works_and_is_remembered(local, browser):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(local.url("/"))
    wait_for_theme(page)
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    before = scheme()
    # The first option follows the system; one click moves to the explicit light scheme, the next to dark.
    for _ in range(2):
        page.locator("form[data-md-component=palette] label:visible").first.click()
    after = scheme()
    assert before == "default" and after == "slate"
    page.reload()
    assert scheme() == "slate", "the stored choice is applied before the theme's scripts run"
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_tables_become_cards_on_a_narrow_phone(local, browser, javascript):
    # Without JavaScript is also how every reader sees the page before the theme's scripts start.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(local.url("/comparisons/"))
    if javascript:
        wait_for_theme(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator("#table-clusters .table-scroll")
    # Tables are laid out when scrolled to (content-visibility: auto): bring this one on screen first.
    box.scroll_into_view_if_needed()
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "no column hidden in an inner scroll box"
    assert page.locator("#table-clusters tbody tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    context.close()


def test_the_theme_scripts_start_after_the_first_paint(local, browser):
    page = browser.new_page()
    for path in ("/", "/en/timeline/"):
        page.goto(local.url(path))
        wait_for_theme(page)
        paint, bundle = page.evaluate("""() => [
            performance.getEntriesByName("first-contentful-paint")[0].startTime,
            performance.getEntriesByType("resource").find(r => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(r.name)).startTime]""")
        assert bundle >= paint, (path, paint, bundle)
    page.close()


def test_a_citation_clicked_with_a_mouse_leads_to_its_entry_in_the_page_sources(local, browser):
    page = browser.new_page()
    page.goto(local.url("/en/comparisons/"))
    link = page.locator("#table-clusters tbody sup.cite a").first
    target = link.get_attribute("href")
    assert page.locator(f".page-sources {target}").count() == 1, "one source list, at the page's end"
    link.click()
    page.wait_for_function("(id) => location.hash === id", arg=target, timeout=5000)
    assert page.locator(target).is_visible()
    page.close()


@pytest.fixture(scope="module")
def axe_results(local, browser):
    """axe on every page, loaded once: every rule in the light scheme, then the page switched to the
    dark scheme and the rules that depend on colours run again (the rest read the same markup).
    One page at a time: two at once, in tabs or in windows, was slower on two cores."""
    assert AXE.exists(), "run `npm ci` (the test command does)"
    # axe is injected by the test as an inline script, which the site's policy rightly refuses.
    context = browser.new_context(color_scheme="light", bypass_csp=True)
    page = context.new_page()
    found = {"light": {}, "dark": {}}
    for path in local.pages():
        page.emulate_media(color_scheme="light")
        page.goto(local.url(path))
        wait_for_theme(page)
        found["light"][path] = axe_violations(page)
        page.emulate_media(color_scheme="dark")
        # The theme follows the change on its own time; waiting for it also guarantees the second pass
        # does not test the light scheme again.
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'",
                               timeout=5000)
        found["dark"][path] = axe_violations(page, COLOUR_RULES)
    context.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_on_any_page(axe_results, scheme):
    found = {path: violations for path, violations in axe_results[scheme].items() if violations}
    assert len(axe_results[scheme]) >= 20 and not found, found


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_home_pages_first_screen_on_a_phone_defines_colossus_grok_and_xai(local, browser, path):
    # 390×844: a common phone screen; the definition must be read without scrolling.
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(local.url(path))
    definition = page.locator("article p.definition")
    box = definition.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    text = definition.inner_text()
    assert all(name in text for name in ("Colossus", "Grok", "xAI")), text
    assert page.evaluate("window.scrollY") == 0
    page.close()


def test_every_page_runs_under_its_content_security_policy_without_a_violation(local, browser, visits):
    assert all(seen["policies"] == 1 for seen in visits.values()), {p: s["policies"] for p, s in visits.items()}
    found = {path: seen["violations"] for path, seen in visits.items() if seen["violations"]}
    assert not found, found
    # The probe catches a violation: an inline script the build did not hash is refused and reported.
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    page.goto(local.url("/en/"), wait_until="networkidle")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                              document.body.appendChild(s); }""")
    page.wait_for_function("() => (window.__csp || []).length > 0")
    assert page.evaluate("() => window.__ran") is None
    context.close()
