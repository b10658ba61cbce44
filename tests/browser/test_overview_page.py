"""The demo's first page in real headless Chromium: it draws, logs nothing, and fetches nothing from outside."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import (
    console_messages,
    open_page,
    outside_requests,
    requested_urls,
    show_column,
    table_rows,
)
from tests.sample_rows import loaded_lsoa_codes, raw_rows

pytestmark = pytest.mark.browser

PLOTTED_LOCATIONS = (
    "return document.querySelector('#overview-map .js-plotly-plot')?._fullData?.[0]?.locations?.length ?? 0;"
)


def open_overview(browser, url: str, areas: int) -> None:
    open_page(browser, url, "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED_LOCATIONS) == areas)
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#overview-table")) == areas)


def test_the_demo_page_draws_its_map_and_table_with_an_empty_console_and_nothing_fetched_from_outside(
    browser, live_server
):
    open_overview(browser, live_server + "/", areas=86)  # the demo's 86 neighbourhoods
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    assert outside_requests(urls, live_server) == []
    footer = browser.find_element(By.CSS_SELECTOR, ".shell-footer").text
    assert "Open Government Licence v3.0" in footer and "police.uk" in footer


def test_filters_are_read_from_the_url_and_the_table_shows_the_same_numbers_as_the_csv(browser, live_server):
    open_overview(browser, live_server + "/?level=lsoa&month=2018-07&category=Burglary", areas=387)
    expected = Counter(
        row["LSOA code"]
        for row in raw_rows()
        if row["Month"] == "2018-07" and row["Crime type"] == "Burglary" and row["LSOA code"] in loaded_lsoa_codes()
    )
    show_column(browser, "overview-table", "Code")  # codes are behind "Columns" until asked for
    WebDriverWait(browser, 10).until(lambda b: all("code" in row for row in table_rows(b, "#overview-table")))
    shown = {row["code"]: int(row["incidents"].replace(",", "")) for row in table_rows(browser, "#overview-table")}
    assert {code: n for code, n in shown.items() if n} == dict(expected)

    browser.find_element(By.CSS_SELECTOR, "#overview-measure input[value='rate']").click()
    WebDriverWait(browser, 30).until(lambda b: "measure=rate" in b.current_url)
    query = parse_qs(urlparse(browser.current_url).query)
    # An old link (month, category) comes back with the keys every page uses.
    assert query == {"level": ["lsoa"], "months": ["2018-07"], "categories": ["Burglary"], "measure": ["rate"]}
    assert console_messages(browser) == []


REGISTERED_TRACES = "return Object.keys(window.Plotly.PlotSchema.get().traces).sort();"


def test_the_map_is_drawn_by_the_apps_partial_plotly_bundle_and_dashs_full_plotly_js_is_never_fetched(
    browser, live_server
):
    open_overview(browser, live_server + "/", areas=86)
    paths = [urlparse(url).path for url in requested_urls(browser) if url.startswith(live_server)]
    assert "/assets/plotly-cspmap.min.js" in paths
    assert [path for path in paths if path.endswith("plotly.min.js")] == []
    assert browser.execute_script(REGISTERED_TRACES) == ["bar", "choroplethmap", "densitymap", "scatter", "scattermap"]
    assert console_messages(browser) == []


def test_a_page_without_a_graph_loads_no_plotly_js(browser, live_server):
    open_page(browser, live_server + "/quality", "#quality-caveats")
    paths = [urlparse(url).path for url in requested_urls(browser) if url.startswith(live_server)]
    assert "/assets/plotly-loader.js" in paths
    assert [path for path in paths if "plotly" in path and path != "/assets/plotly-loader.js"] == []
    assert browser.execute_script("return typeof window.Plotly;") == "undefined"
