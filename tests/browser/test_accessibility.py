"""Every page against WCAG 2.2 AA in real headless Chromium: axe-core finds nothing, the keyboard alone reaches
every control in order and gets out again, and the page reflows at 320 px without sideways scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.page_checks import axe_violations, open_page, wait_until_settled

pytestmark = pytest.mark.browser

# Every page, with what its Tab path must pass through besides the shell; test_every_page_is_checked keeps
# this list in step with the navigation.
PAGES = {
    "/": ["overview-table"],
    "/priorities": ["priorities-table"],
    "/hotspots": ["hotspots-table", "hotspots-scores"],
    "/coverage": ["coverage-table", "coverage-standards-table"],
    "/confidence": ["confidence-table", "confidence-targets"],
    "/methods": [],
    "/profile": [],  # opens on the picker: the tables come with an area
    "/quality": ["quality-missing", "quality-placement", "quality-partner", "quality-runs"],  # the demo has no rejects
    "/reports": [],
}

MAPPED = {"/", "/priorities", "/hotspots", "/coverage", "/confidence"}  # the pages that open on a map
SKIP_LINK = "Skip to main content"
FOCUSED = """
const e = document.activeElement;
if (!e || e === document.body) { return null; }
const style = getComputedStyle(e);
return {
    text: (e.getAttribute('aria-label') || e.getAttribute('data-title') || e.innerText || '').trim().split('\\n')[0],
    tag: e.tagName.toLowerCase(),
    grid: e.closest('.data-grid') ? e.closest('.data-grid').id : null,
    where: e.closest('main') ? 'main' : e.closest('header') ? 'header' : e.closest('footer') ? 'footer' : 'page',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
};
"""


def tab_walk(browser, key: str, limit: int = 80) -> list[dict]:
    """Press ``key`` (Tab, or Shift+Tab) until focus leaves the page's controls or comes back round to the skip
    link at the top; every stop on the way (the skip link included, when going back)."""
    stops = []
    for _ in range(limit):
        if key == "shift+tab":
            ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            ActionChains(browser).send_keys(Keys.TAB).perform()
        stop = browser.execute_script(FOCUSED)
        if stop is None or (stops and stop["text"] == SKIP_LINK and key == "tab"):
            return stops
        stops.append(stop)
        if key == "shift+tab" and stop["text"] == SKIP_LINK:
            return stops
    raise AssertionError(f"{key} never got round the page in {limit} presses (a keyboard trap?): {stops[-5:]}")


def open_settled(browser, url: str) -> None:
    open_page(browser, url, ".shell-main .page, .shell-main .notice")
    wait_until_settled(browser)


def test_every_page_is_checked(browser, live_server):
    open_settled(browser, live_server + "/")
    linked = {link.get_attribute("pathname") for link in browser.find_elements(By.CSS_SELECTOR, ".shell-nav a")}
    linked |= {link.get_attribute("pathname") for link in browser.find_elements(By.CSS_SELECTOR, "a[href='/methods']")}
    assert linked | {"/methods"} == set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(browser, live_server, path):
    browser.set_window_size(1440, 1000)
    open_settled(browser, live_server + path)
    assert axe_violations(browser) == []


@pytest.mark.parametrize("path", PAGES)
def test_the_keyboard_alone_reaches_everything_in_order_and_gets_out_again(browser, live_server, path):
    browser.set_window_size(1440, 1000)
    open_settled(browser, live_server + path)
    forward = tab_walk(browser, "tab")
    texts = [stop["text"] for stop in forward]
    # First the skip link, then the brand and every page in the navigation, then the page itself.
    assert texts[0] == SKIP_LINK
    places = [stop["where"] for stop in forward]
    in_header = places.count("header")
    assert in_header >= 6  # the brand and the five pages
    assert places == ["page"] + ["header"] * in_header + ["main"] * (len(places) - 1 - in_header)
    assert all(stop["outline"] for stop in forward), [stop for stop in forward if not stop["outline"]]
    if path in MAPPED:
        # The map and its buttons (zoom without dragging, WCAG 2.5.7), then each table: its buttons and its header.
        assert {"Map", "Zoom in", "Zoom out", "Reset view"} <= set(texts)
        assert texts.index("Map") < texts.index("Zoom in")
    grids = [stop["grid"] for stop in forward if stop["grid"]]
    assert grids == PAGES[path], "each table is one Tab stop, in page order"
    assert texts.count("Download CSV") == len(PAGES[path]) == texts.count("Columns")

    # Shift+Tab goes back the same way (into a table it lands on a cell rather than the header: one stop still).
    backward = tab_walk(browser, "shift+tab")
    assert [_place(stop) for stop in backward] == [_place(stop) for stop in reversed(forward)]


def _place(stop: dict) -> str:
    return f"table {stop['grid']}" if stop["grid"] else stop["text"]


def test_the_skip_link_moves_focus_to_the_page(browser, live_server):
    open_settled(browser, live_server + "/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.text == "Skip to main content"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", PAGES)
def test_the_page_reflows_at_320_px_without_sideways_scrolling(browser, live_server, path, tmp_path: Path):
    browser.set_window_size(320, 900)
    try:
        open_settled(browser, live_server + path)
        widths = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"
        assert not browser.find_element(By.CSS_SELECTOR, ".shell-nav").is_displayed()  # folded behind Menu
        menu = browser.find_element(By.CSS_SELECTOR, ".nav-toggle")
        menu.click()
        assert browser.find_element(By.CSS_SELECTOR, ".shell-nav").is_displayed()
        assert menu.get_attribute("aria-expanded") == "true"
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(320, min(height + 140, 8000))
        browser.save_screenshot(str(tmp_path / f"{path.strip('/') or 'overview'}-320.png"))
    finally:
        browser.set_window_size(1400, 1000)
