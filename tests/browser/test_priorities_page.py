"""The priority neighbourhoods page in real headless Chromium: it draws its map, table and chart, logs nothing,
fetches nothing from outside, and keeps its choices in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser

PLOTTED_LOCATIONS = (
    "return document.querySelector('#priorities-map .js-plotly-plot')?._fullData?.[0]?.locations?.length ?? 0;"
)
BARS = """
const bars = (document.querySelector('#priorities-bars .js-plotly-plot')?._fullData ?? []).filter(t => t.type === 'bar');
return [bars.length, bars.length ? bars[0].y.length : 0];
"""


def test_the_page_draws_map_table_and_chart_with_an_empty_console_and_its_choices_in_the_url(browser, live_server):
    open_page(browser, live_server + "/priorities?top=5&measure=rank&sort=name", "#priorities-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED_LOCATIONS) == 86)  # the demo's neighbourhoods
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#priorities-table")) == 86)
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(BARS) == [7, 5])  # 7 components, top 5 areas
    rows = table_rows(browser, "#priorities-table")
    assert [row["rank"] for row in rows[:3]] == ["1", "2", "3"]
    assert rows[0]["top_share"] == "100%"  # the top area stays in the top 5 whatever the weights
    banner = browser.find_element(By.CSS_SELECTOR, "#priorities-banner .illustrative").text
    assert "Low confidence" in banner and "ASB case standards missed" in banner
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    assert outside_requests(urls, live_server) == []

    browser.find_element(By.CSS_SELECTOR, "#priorities-top input[value='10']").click()
    WebDriverWait(browser, 30).until(lambda b: "top=10" in b.current_url)
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(BARS)[1] >= 10)
    query = parse_qs(urlparse(browser.current_url).query)
    assert query == {"level": ["neighbourhood"], "top": ["10"], "measure": ["rank"]}
    assert console_messages(browser) == []
