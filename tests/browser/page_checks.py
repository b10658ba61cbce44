"""What every page's browser test checks: it draws, its console is empty, nothing is fetched from outside."""

from __future__ import annotations

import json
import time
from pathlib import Path

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
    """The URLs that are not the app's own (or data/blob URLs it made). Chromium's own chrome:// and
    chrome-untrusted:// pages (its start page in a fresh profile) are not the network and are passed over."""
    return [
        url
        for url in urls
        if not url.startswith((server, "data:", "blob:" + server, "chrome://", "chrome-untrusted://"))
    ]


TABLE_CELLS = """
const api = window.dash_ag_grid && document.getElementById(arguments[0]) && dash_ag_grid.getApi(arguments[0]);
if (!api) { return []; }
const columns = api.getAllDisplayedColumns();
const rows = [];
api.forEachNodeAfterFilterAndSort(node => rows.push(Object.fromEntries(columns.map(column => {
    const text = api.getCellValue({rowNode: node, colKey: column, useFormatter: true});
    return [column.getColId(), text == null ? '' : String(text).trim()];
}))));
return rows;
"""


def table_rows(browser, table_id: str) -> list[dict[str, str]]:
    """Every row of a table as the reader sees it: in the order shown, each row as column id -> the text shown
    (formatted as on screen), only the columns in view. Read through the grid's API in one call, because the
    grid draws only the rows scrolled into view."""
    return browser.execute_script(TABLE_CELLS, table_id.removeprefix("#"))


def show_column(browser, table_id: str, header: str) -> None:
    """Tick ``header`` in the table's "Columns" chooser, as a reader would, and close the chooser."""
    chooser = browser.find_element(By.CSS_SELECTOR, f"[data-columns-of='{table_id}']").find_element(By.XPATH, "..")
    chooser.find_element(By.TAG_NAME, "summary").click()
    box = WebDriverWait(browser, 10).until(
        lambda b: next(
            (label for label in chooser.find_elements(By.TAG_NAME, "label") if label.text.strip() == header), None
        )
    )
    box.click()
    chooser.find_element(By.TAG_NAME, "summary").click()


AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices: everything a public body must meet, and more.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations', 'incomplete']})
    .then(result => done({
        violations: result.violations.map(rule => ({
            id: rule.id, impact: rule.impact, help: rule.help,
            nodes: rule.nodes.map(node => node.target.join(' ') + ': ' + node.failureSummary),
        })),
        incomplete: result.incomplete.map(rule => ({id: rule.id, nodes: rule.nodes.map(node => node.target.join(' '))})),
    }))
    .catch(error => done({error: String(error)}));
"""


def axe_results(browser) -> dict:
    """axe-core's violations (and the checks it could not decide) for the page as it is now.

    axe comes from npm (tests/browser/package.json, installed by ``npm ci`` in tests/run.sh) and is injected
    here; nothing is fetched at run time.
    """
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in tests/browser (sh tests/run.sh does).")
    browser.execute_script(AXE_JS.read_text())
    browser.set_script_timeout(60)
    results = browser.execute_async_script(RUN_AXE, AXE_TAGS)
    if "error" in results:
        raise RuntimeError(f"axe-core failed: {results['error']}")
    return results


def axe_violations(browser) -> list[str]:
    """Every axe violation on the page, one line each (rule, impact, element and what to fix); empty is a pass."""
    return [
        f"{rule['id']} ({rule['impact']}): {node}"
        for rule in axe_results(browser)["violations"]
        for node in rule["nodes"]
    ]


SETTLED = """
const done = arguments[arguments.length - 1];
let last = performance.now();
const observer = new MutationObserver(() => { last = performance.now(); });
observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
const check = () => {
    const loading = document.querySelector('[data-dash-is-loading="true"], ._dash-loading');
    if (!loading && performance.now() - last > arguments[0]) { observer.disconnect(); done(true); }
    else if (performance.now() - start > arguments[1]) { observer.disconnect(); done(false); }
    else { setTimeout(check, 100); }
};
const start = performance.now();
check();
"""


def wait_until_settled(browser, quiet_ms: int = 1500, timeout_ms: int = 60000) -> None:
    """Wait until Dash has nothing loading and the page has not changed for ``quiet_ms``."""
    browser.set_script_timeout(timeout_ms / 1000 + 5)
    if not browser.execute_async_script(SETTLED, quiet_ms, timeout_ms):
        raise TimeoutError(f"the page was still changing after {timeout_ms} ms")


def downloaded(folder: Path, name: str, timeout: float = 60) -> Path:
    """The file ``name`` the browser downloads into ``folder``, once it has finished writing it: present, not empty,
    no partial (.crdownload) file beside it, and the same size twice running. Reading it as soon as it appears can
    find it empty."""
    target, deadline, last_size = folder / name, time.monotonic() + timeout, -1
    while time.monotonic() < deadline:
        size = target.stat().st_size if target.exists() else -1
        if size > 0 and size == last_size and not list(folder.glob("*.crdownload")):
            return target
        last_size = size
        time.sleep(0.3)
    raise AssertionError(f"{name} was not downloaded within {timeout:.0f} s")
