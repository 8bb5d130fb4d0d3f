"""Reading on a phone and a laptop (issue #15): Playwright driving Debian's Chromium at 360×800 and
1280×800 on every page of both languages."""

from __future__ import annotations

import re

import pytest

from checks import axe_violations, wait_for_theme


PHONE = {"width": 360, "height": 800}
LAPTOP = {"width": 1280, "height": 800}
MIN_CHART_TEXT_PX = 11


# Measured in the page: how far it scrolls sideways, which tables overflow their column, and the
# rendered size of every text of every chart (a chart's SVG is scaled to its box, so the size a
# reader sees is the font size times the scale).
MEASURE = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('.md-content .data-table table')]
    .filter(t => t.offsetParent !== null)
    .map(t => [t.closest('.data-table').id, Math.round(t.getBoundingClientRect().width),
               Math.round(t.closest('.md-content__inner').getBoundingClientRect().width)])
    .filter(([, w, col]) => w > col + 1);
  const small = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the variant for the other screen size
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * (svg.getScreenCTM() ? svg.getScreenCTM().a : 1);
      if (px < 11) small.push([svg.closest('figure').id, t.textContent.trim(), Math.round(px * 10) / 10]);
    }
  }
  const cites = [...document.querySelectorAll('sup.cite a')];
  return {scroll: doc.scrollWidth - doc.clientWidth, wide, small,
          citeTexts: cites.map(a => a.textContent),
          citeTargets: cites.filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1)))).map(a => a.href)};
}"""


def ready(page) -> None:
    """The theme's scripts, then ours (assets/cite.js), have started."""
    wait_for_theme(page)
    page.wait_for_function("() => document.getElementById('cite-pop') !== null", timeout=15000)


@pytest.fixture(scope="module")
def measure_all(local, browser):
    """Every page measured once per screen and script setting, whichever tests ask first."""
    done = {}

    def measure(viewport, javascript=True):
        key = (viewport["width"], viewport["height"], javascript)
        if key not in done:
            context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
            page = context.new_page()
            found = done[key] = {}
            for path in local.pages():
                page.goto(local.url(path))
                if javascript:
                    ready(page)
                found[path] = page.evaluate(MEASURE)
            context.close()
        return done[key]
    return measure


@pytest.mark.parametrize("javascript", [True, False])
def test_no_page_scrolls_sideways_on_a_phone(measure_all, javascript):
    # Without JavaScript is also how every reader sees a page before the theme's scripts start.
    found = measure_all(PHONE, javascript)
    sideways = {p: m["scroll"] for p, m in found.items() if m["scroll"] > 0}
    assert not sideways, sideways


def test_every_chart_text_is_legible_on_a_phone(measure_all):
    found = measure_all(PHONE)
    small = {p: m["small"][:5] for p, m in found.items() if m["small"]}
    assert not small, small
    assert any(m for m in found.values()), "no page measured"


def test_no_table_is_wider_than_its_column_on_a_laptop(measure_all):
    found = measure_all(LAPTOP)
    wide = {p: m["wide"] for p, m in found.items() if m["wide"]}
    assert not wide, wide
    sideways = {p: m["scroll"] for p, m in found.items() if m["scroll"] > 0}
    assert not sideways, sideways


def test_tables_are_cards_on_a_phone_with_every_value_labelled(local, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(local.url("/en/fact-check/"))
    assert page.locator("#table-claims tbody tr").count() > 1
    row = page.locator("#table-claims tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cell = row.locator("td").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.startswith('"') and cell.get_attribute("data-label") in label, label
    box = page.locator("#table-claims .table-scroll")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "no column hidden off-screen"
    context.close()


CITE_NUMBER = re.compile(r"^\d+$")


def test_every_citation_marker_is_a_number(measure_all):
    found = measure_all(LAPTOP)
    assert sum(len(m["citeTexts"]) for m in found.values()) > 100
    for path, m in found.items():
        bad = [t for t in m["citeTexts"] if not CITE_NUMBER.match(t.strip())]
        assert not bad, (path, bad[:5])
        assert not m["citeTargets"], (path, m["citeTargets"][:5])


def _popover_names_source(page, link):
    pop = page.locator("#cite-pop")
    pop.wait_for(state="visible", timeout=5000)
    entry = page.locator(link.get_attribute("href"))
    # Its text, not its rendered text: an entry off screen is not laid out yet (content-visibility).
    text = entry.text_content()
    publisher = text.split(",")[0].strip()
    assert publisher and publisher in pop.inner_text(), (publisher, pop.inner_text())
    whole = " ".join(text.split())  # the whole entry: publisher and note, title, date
    assert whole in " ".join(pop.inner_text().split()), (whole, pop.inner_text())
    assert link.get_attribute("aria-describedby") == "cite-pop"
    return pop


@pytest.mark.parametrize("path", ["/colossus/", "/en/colossus/", "/en/comparisons/"])
def test_a_citation_opens_on_keyboard_focus_and_closes_with_escape(local, browser, path):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(local.url(path))
    ready(page)
    link = page.locator("article sup.cite a").first
    link.focus()
    pop = _popover_names_source(page, link)
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden", timeout=5000)
    assert link.get_attribute("aria-describedby") is None
    context.close()


@pytest.mark.parametrize("path", ["/colossus/", "/en/timeline/"])
def test_a_citation_opens_on_tap_and_closes_with_escape(local, browser, path):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(local.url(path))
    ready(page)
    # A citation inside a table card, and one in prose.
    for link in (page.locator("article .data-table sup.cite a").first, page.locator("article p sup.cite a").first):
        if not link.count():
            continue
        link.scroll_into_view_if_needed()
        before = page.url
        link.tap()
        pop = _popover_names_source(page, link)
        assert page.url == before, "a tap opens the popover rather than jumping to the list"
        box, view = pop.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], box
        page.keyboard.press("Escape")
        pop.wait_for(state="hidden", timeout=5000)
    context.close()


def test_a_citation_opens_on_hover(local, browser):
    page = browser.new_page(viewport=LAPTOP)
    page.goto(local.url("/en/colossus/"))
    ready(page)
    link = page.locator("article p sup.cite a").first
    link.hover()
    _popover_names_source(page, link)
    page.close()


@pytest.mark.parametrize("how", ["tap", "focus"])
def test_an_abbreviation_is_explained_on_tap_and_keyboard_focus(local, browser, how):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(local.url("/en/colossus/"))
    ready(page)
    abbr = page.locator("article abbr[tabindex='0']").first
    title = abbr.get_attribute("title")
    if how == "tap":
        abbr.scroll_into_view_if_needed()
        abbr.tap()
    else:
        abbr.focus()
    pop = page.locator("#cite-pop")
    pop.wait_for(state="visible", timeout=5000)
    assert title and title in pop.inner_text()
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden", timeout=5000)
    assert abbr.get_attribute("title") == title, "the definition is kept for assistive technology"
    context.close()


@pytest.mark.parametrize("path", ["/timeline/", "/en/sources/", "/figures/", "/en/comparisons/", "/fact-check/"])
def test_long_pages_pass_the_contrast_and_target_audits_as_lighthouse_runs_them_on_a_phone(local, browser, path):
    # Lighthouse runs axe on the page as loaded, content not yet laid out included. Behind a too small
    # placeholder the footer once sat where a long table's later rows should be, and their contrast
    # was measured against it (/timeline/ scored 97 in accessibility); a row taller than its
    # placeholder overlapped the next one, whose links then seemed too close to tap (/figures/, 97).
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True,
                                  bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(local.url(path))
    ready(page)
    found = axe_violations(page, ["color-contrast", "target-size"], lay_out_everything=False)
    context.close()
    assert not found, found[:5]
