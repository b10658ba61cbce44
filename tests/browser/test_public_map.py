"""The public map in headless Chromium: axe-core finds nothing, the journey works by keyboard alone, pages reflow
at 320 px, and the first load is small and quick. axe-core comes from tests/browser/node_modules (`npm ci`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from queries.config import load_config
from queries.publish import publish
from tests.servers import free_port, running_server

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parents[2] / "bench" / "results" / "public-320px"


@pytest.fixture(scope="module")
def public_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`cspmap serve --public` on the demo's public file at a free local port."""
    out = tmp_path_factory.mktemp("public-browser") / "public.duckdb"
    publish(demo_db, out, load_config())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_server([sys.executable, "-m", "cli", "serve", "--public", "--db", str(out), "--port", str(port)], url):
        yield url


PAGES = ("/", "/area/E02002244", "/area/E02002244?category=Burglary", "/area/E02002244/team", "/help", "/about",
         "/search?q=calderdale", "/area/E08000033", "/area/nowhere")  # fmt: skip


def axe_violations(browser) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/browser.")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})"
        ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'error', help: String(e)}])));"
    )
    return json.loads(result)


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violations(browser, public_url, page):
    browser.set_window_size(1400, 1000)
    browser.get(public_url + page)
    violations = axe_violations(browser)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-GB"


def focused(browser):
    return browser.switch_to.active_element


def tab_to(browser, predicate, limit: int = 60):
    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = focused(browser)
        if predicate(element):
            return element
    raise AssertionError("never reached the element by pressing Tab")


def arrives(browser, by: str, value: str, text: str, seconds: float = 10) -> bool:
    """Whether the element shows ``text`` once the page Enter asked for has loaded (until then the old page's
    element may be found, or go stale while it is read)."""
    wait = WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(lambda b: b.find_element(by, value).text == text)


def test_the_whole_journey_works_by_keyboard_alone(browser, public_url):
    browser.set_window_size(1400, 1000)
    browser.get(public_url + "/")
    search = tab_to(browser, lambda element: element.get_attribute("id") == "q")
    search.send_keys("Calderdale 001", Keys.ENTER)
    assert arrives(browser, By.TAG_NAME, "h1", "Calderdale 001")
    summary = browser.find_element(By.CLASS_NAME, "summary").text
    assert "All crime" in summary and "July 2017" in summary
    picker = tab_to(browser, lambda element: element.get_attribute("id") == "category")
    picker.send_keys("Burglary")  # typing a name chooses it in a closed select, as a keyboard user would
    tab_to(browser, lambda element: element.tag_name == "button" and element.text == "Show").send_keys(Keys.ENTER)
    assert arrives(browser, By.ID, "chosen", "Burglary")
    assert "Burglary" in browser.find_element(By.CSS_SELECTOR, "#chosen + p").text
    # The map's areas are links too: Tab reaches one and Enter opens it.
    browser.get(public_url + "/")
    area = tab_to(
        browser,
        lambda element: (
            element.tag_name == "a" and (element.get_attribute("aria-label") or "").startswith("Calderdale")
        ),
        limit=40,
    )
    area.send_keys(Keys.ENTER)
    assert browser.current_url.startswith(public_url + "/area/")
    # Zooming needs no dragging: the zoom button is a link that draws a closer view.
    browser.get(public_url + "/")
    view_box = "return document.querySelector('svg.map').getAttribute('viewBox')"
    before = browser.execute_script(view_box)
    tab_to(browser, lambda element: element.text == "Zoom in").send_keys(Keys.ENTER)
    after = browser.execute_script(view_box)
    assert float(after.split()[2]) < float(before.split()[2]) / 1.5


def test_targets_are_at_least_24_px(browser, public_url):
    browser.set_window_size(1400, 1000)
    browser.get(public_url + "/area/E02002244")
    for element in browser.find_elements(By.CSS_SELECTOR, "button, select, input, .button"):
        size = element.size
        assert size["width"] >= 24 and size["height"] >= 24, element.text


@pytest.mark.parametrize("page", PAGES[:6])
def test_pages_reflow_at_320_px_without_sideways_scrolling(browser, public_url, page):
    browser.set_window_size(320, 900)
    browser.get(public_url + page)
    width = browser.execute_script("return window.innerWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 340 and scroll <= width, (width, scroll)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = page.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
    browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    browser.set_window_size(1400, 1000)


def test_first_load_is_under_1_mb_and_the_map_is_drawn_within_3_s(browser, public_url):
    browser.set_window_size(1400, 1000)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    browser.get(public_url + "/")
    timing = browser.execute_script(
        "const nav = performance.getEntriesByType('navigation')[0];"
        "const resources = performance.getEntriesByType('resource');"
        "return {bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),"
        " loaded: nav.loadEventEnd, resources: resources.length,"
        " drawn: document.querySelectorAll('svg.map path').length,"
        " width: document.querySelector('svg.map').getBoundingClientRect().width};"
    )
    assert timing["drawn"] >= 80 and timing["width"] > 300  # the demo's 86 neighbourhoods, drawn at full width
    assert 0 < timing["bytes"] <= 1_000_000, timing
    assert timing["loaded"] < 3000, timing
