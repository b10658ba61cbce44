"""The data quality page in real headless Chromium: caveats and tables for the demo, an empty console, nothing
fetched from outside."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser


def test_the_page_lists_the_demos_gaps_and_tables_with_an_empty_console(browser, live_server):
    open_page(browser, live_server + "/quality", "#quality-caveats")
    caveats = browser.find_element(By.CSS_SELECTOR, "#quality-caveats").text
    # The demo loads July of 2016, 2017 and 2018 only: the 22 months between are missing.
    assert "West Yorkshire Police: 22 month(s) missing from the monthly series" in caveats
    assert "11,869 of 36,062 incidents (32.9%) are outside the loaded areas." in caveats
    WebDriverWait(browser, 30).until(lambda b: len(table_rows(b, "#quality-missing")) == 22)
    assert len(table_rows(browser, "#quality-placement")) == 3
    partner = {row["kind"]: row["label"] for row in table_rows(browser, "#quality-partner")}
    assert set(partner.values()) == {"illustrative"} and len(partner) == 7
    assert "No row has been rejected." in browser.find_element(By.CSS_SELECTOR, ".quality-page").text
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls and outside_requests(urls, live_server) == []
