"""The demo's first page in real headless Chromium: it draws, logs nothing, and fetches nothing from outside."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.sample_rows import loaded_lsoa_codes, raw_rows

pytestmark = pytest.mark.browser

PLOTTED_LOCATIONS = (
    "return document.querySelector('#overview-map .js-plotly-plot')?._fullData?.[0]?.locations?.length ?? 0;"
)


def open_page(browser, url: str, areas: int) -> None:
    browser.get_log("browser")  # start each test with empty logs
    browser.get_log("performance")
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-map .maplibregl-canvas"))
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED_LOCATIONS) == areas)
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b)) == areas)


TABLE_CELLS = """
return Array.from(document.querySelectorAll('#overview-table tbody tr'))
    .map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText.trim()))
    .filter(cells => cells.length > 0);
"""


def table_rows(browser) -> list[list[str]]:
    return browser.execute_script(TABLE_CELLS)


def console_messages(browser) -> list[dict]:
    # Chromium's software GL (SwiftShader, used because there is no GPU) reports its own ReadPixels stalls
    # as "GL Driver Message" warnings from the 'rendering' source; they are not messages from the page.
    return [
        entry
        for entry in browser.get_log("browser")
        if not (entry.get("source") == "rendering" and "GL Driver Message" in entry["message"])
    ]


def requested_urls(browser) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_the_demo_page_draws_its_map_and_table_with_an_empty_console_and_nothing_fetched_from_outside(
    browser, live_server
):
    open_page(browser, live_server + "/", areas=86)  # the demo's 86 neighbourhoods
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    outside = [url for url in urls if not url.startswith((live_server, "data:", "blob:" + live_server))]
    assert outside == []
    footer = browser.find_element(By.CSS_SELECTOR, ".shell-footer").text
    assert "Open Government Licence v3.0" in footer and "police.uk" in footer


def test_filters_are_read_from_the_url_and_the_table_shows_the_same_numbers_as_the_csv(browser, live_server):
    open_page(browser, live_server + "/?level=lsoa&month=2018-07&category=Burglary", areas=387)
    expected = Counter(
        row["LSOA code"]
        for row in raw_rows()
        if row["Month"] == "2018-07" and row["Crime type"] == "Burglary" and row["LSOA code"] in loaded_lsoa_codes()
    )
    shown = {row[1]: int(row[2].replace(",", "")) for row in table_rows(browser)}
    assert {code: n for code, n in shown.items() if n} == dict(expected)

    browser.find_element(By.CSS_SELECTOR, "#overview-measure input[value='rate']").click()
    WebDriverWait(browser, 30).until(lambda b: "measure=rate" in b.current_url)
    query = parse_qs(urlparse(browser.current_url).query)
    assert query == {"level": ["lsoa"], "month": ["2018-07"], "category": ["Burglary"], "measure": ["rate"]}
    assert console_messages(browser) == []
