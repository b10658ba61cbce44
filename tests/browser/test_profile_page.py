"""The neighbourhood profile in real headless Chromium: opened by its address or by clicking an area on a map, it
shows the area's sections, logs nothing, fetches nothing from outside, and keeps the area in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser

PLOTTED_LOCATIONS = (
    "return document.querySelector('#overview-map .js-plotly-plot')?._fullData?.[0]?.locations?.length ?? 0;"
)


def test_the_profile_draws_its_sections_with_an_empty_console_and_nothing_fetched_from_outside(browser, live_server):
    open_page(browser, live_server + "/profile?area=E02002244", ".profile-headline")
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#profile-categories")) > 3)
    text = browser.find_element(By.CSS_SELECTOR, ".profile-page").text
    assert "Calderdale 001 (Neighbourhood E02002244)" in text
    for heading in ("Crime types", "Repeat locations", "The team", "Agreed priorities", "ASB case standards"):
        assert heading in text
    assert "A&E assaults beside police violence (Cardiff model)" in text
    assert len(table_rows(browser, "#profile-priorities")) == 3
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls and outside_requests(urls, live_server) == []
    query = parse_qs(urlparse(browser.current_url).query)
    assert query["area"] == ["E02002244"] and query["level"] == ["neighbourhood"]


def test_clicking_an_area_on_the_map_opens_its_profile(browser, live_server):
    open_page(browser, live_server + "/?level=neighbourhood", "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED_LOCATIONS) == 86)
    canvas = browser.find_element(By.CSS_SELECTOR, "#overview-map .maplibregl-canvas")
    # The map opens on the areas' extent, so its centre is inside one of them. A click the map takes before it
    # has settled is lost, so click again until the profile opens (a real user would too).

    def clicked_through(b) -> bool:
        if urlparse(b.current_url).path != "/profile":
            ActionChains(b).move_to_element(canvas).pause(0.5).click().perform()
        return urlparse(b.current_url).path == "/profile"

    WebDriverWait(browser, 45, poll_frequency=3).until(clicked_through)
    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".profile-headline"))
    code = parse_qs(urlparse(browser.current_url).query)["area"][0]
    assert code.startswith("E02")  # a neighbourhood (MSOA) code, as the map was showing
    assert f"(Neighbourhood {code})" in browser.find_element(By.CSS_SELECTOR, ".profile-page").text
    assert console_messages(browser) == []
