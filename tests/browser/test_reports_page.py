"""The reports page in real headless Chromium: the patrol brief downloads as a PDF file, the console stays empty,
nothing is fetched from outside."""

from __future__ import annotations

import pypdf
import pytest
from selenium.webdriver.common.by import By

from tests.browser.page_checks import console_messages, downloaded, open_page, outside_requests, requested_urls

pytestmark = pytest.mark.browser


def test_the_patrol_brief_downloads_with_an_empty_console(browser, live_server, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(browser, live_server + "/reports?team=NPT-CAL-01", "#reports-patrol-button")
    browser.find_element(By.CSS_SELECTOR, "#reports-patrol-button").click()
    target = downloaded(tmp_path, "patrol-brief-NPT-CAL-01.pdf", timeout=120)
    reader = pypdf.PdfReader(target)
    assert "Patrol brief: Calderdale Neighbourhood Policing Team 1" in reader.pages[0].extract_text()
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls and outside_requests(urls, live_server) == []
