"""The confidence and targets page in real headless Chromium: map, table, chart and targets drawn, an empty console,
nothing fetched from outside."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser

PLOTTED_AREAS = """
const plot = document.querySelector('#confidence-map .js-plotly-plot');
return (plot?._fullData ?? []).reduce((n, t) => n + (t.locations?.length ?? 0), 0);
"""
CHART_ROWS = """
const plot = document.querySelector('#confidence-chart .js-plotly-plot');
return (plot?._fullData ?? []).reduce((n, t) => n + (t.x?.length ?? 0), 0);
"""


def test_the_page_draws_its_map_table_chart_and_targets_with_an_empty_console_and_nothing_fetched_from_outside(
    browser, live_server
):
    open_page(
        browser,
        live_server + "/confidence?level=neighbourhood&period=2015-10..2018-09",
        "#confidence-map .maplibregl-canvas",
    )
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED_AREAS) == 86)
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#confidence-table")) == 86)
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(CHART_ROWS) == 10)  # all, 2 CSPs, 7 neighbourhoods
    rows = table_rows(browser, "#confidence-table")
    assert sum(1 for row in rows if row["share_shown"] == "Suppressed") == 79
    assert len(table_rows(browser, "#confidence-targets")) == 10
    banners = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".illustrative")]
    assert len(banners) == 2 and all(text.startswith("Illustrative data (") for text in banners)
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    assert outside_requests(urls, live_server) == []
