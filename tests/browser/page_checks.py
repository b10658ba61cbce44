"""What every page's browser test checks: it draws, its console is empty, nothing is fetched from outside."""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def open_page(browser, url: str, ready_selector: str, timeout: float = 60) -> None:
    """Load ``url`` with empty logs and wait until ``ready_selector`` matches an element."""
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(url)
    WebDriverWait(browser, timeout).until(lambda b: b.find_elements(By.CSS_SELECTOR, ready_selector))


def console_messages(browser) -> list[dict]:
    """The browser console since the page was opened, less the software renderer's own notes.

    Chromium's software GL (SwiftShader, used because there is no GPU) reports its own ReadPixels stalls as
    "GL Driver Message" warnings from the 'rendering' source; they are not messages from the page.
    """
    return [
        entry
        for entry in browser.get_log("browser")
        if not (entry.get("source") == "rendering" and "GL Driver Message" in entry["message"])
    ]


def requested_urls(browser) -> list[str]:
    """Every URL the page asked for since it was opened."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def outside_requests(urls: list[str], server: str) -> list[str]:
    """The URLs that are not the app's own (or data/blob URLs it made)."""
    return [url for url in urls if not url.startswith((server, "data:", "blob:" + server))]


TABLE_CELLS = """
return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr'))
    .map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText.trim()))
    .filter(cells => cells.length > 0);
"""


def table_rows(browser, table_selector: str) -> list[list[str]]:
    """The text of every body row of a DataTable, read in one call."""
    return browser.execute_script(TABLE_CELLS, table_selector)
