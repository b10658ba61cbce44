"""The coverage and standards page in real headless Chromium: it draws its map and tables, lists the gaps, shows
no contact details, logs nothing, fetches nothing from outside, and keeps its choices in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser

PLOTTED = """
const trace = document.querySelector('#coverage-map .js-plotly-plot')?._fullData?.[0];
return trace ? [trace.locations.length, trace.colorbar.title.text] : [0, ''];
"""


def test_the_page_draws_map_tables_and_gaps_with_an_empty_console_and_its_choices_in_the_url(browser, live_server):
    open_page(browser, live_server + "/coverage?level=neighbourhood", "#coverage-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED)[0] == 86)  # the demo's neighbourhoods
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#coverage-table")) == 86)
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#coverage-standards-table")) == 86)
    gaps = browser.find_element(By.CSS_SELECTOR, "#coverage-gaps").text
    assert "Hot spots in no police team's area" in gaps and "Calderdale 004" in gaps
    page_text = browser.find_element(By.CSS_SELECTOR, ".coverage-page").text
    assert "Illustrative data." in page_text
    assert "@" not in page_text  # contacts are named by agency only
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    assert outside_requests(urls, live_server) == []

    browser.find_element(By.CSS_SELECTOR, "#coverage-measure input[value='checks']").click()
    WebDriverWait(browser, 30).until(lambda b: "checks failed" in b.execute_script(PLOTTED)[1])
    query = parse_qs(urlparse(browser.current_url).query)
    assert query == {"level": ["neighbourhood"], "measure": ["checks"]}
    assert console_messages(browser) == []
