"""A table's "Download CSV" in real headless Chromium: every row and column, numbers as numbers, and text that a
spreadsheet would run as a formula neutralised (area names planted in a copy of the demo database)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import serving_app
from tests.browser.page_checks import downloaded, open_page, table_rows, wait_until_settled

pytestmark = pytest.mark.browser

# Names a hostile or careless boundary file could carry, and what the CSV must hold instead (OWASP CSV
# injection: a leading apostrophe makes Excel, LibreOffice and Google Sheets show the text as text).
PLANTED = {
    "E02002251": ('=HYPERLINK("http://example.invalid","Click")', '\'=HYPERLINK("http://example.invalid","Click")'),
    "E02002299": ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
    "E02002287": ("-2+3", "'-2+3"),
    "E02002272": ("@cmd", "'@cmd"),
    "E02002268": ("\tTabbed", "'\tTabbed"),
    "E02002312": ("Plain Town 042", "Plain Town 042"),
}


@pytest.fixture(scope="module")
def planted_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("planted") / "planted.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as con:
        for code, (name, _) in PLANTED.items():
            con.execute("UPDATE areas SET name = ? WHERE level = 'neighbourhood' AND code = ?", [name, code])
    with serving_app(path) as url:
        yield url


def test_download_csv_writes_every_row_with_formulas_neutralised(browser, planted_server, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(browser, planted_server + "/?level=neighbourhood", "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#overview-table")) == 86)
    wait_until_settled(browser)
    shown = {row["name"]: row["incidents"] for row in table_rows(browser, "#overview-table")}
    browser.find_element(By.CSS_SELECTOR, "[data-export-table='overview-table']").click()
    target = downloaded(tmp_path, "incidents-by-area.csv", timeout=30)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert len(rows) == 86
    assert set(rows[0]) == {
        "Area",
        "Incidents",
        "Residents",
        "Per 1,000 residents",
        "95% interval",
        "Code",
    }  # hidden Code too
    by_code = {row["Code"]: row for row in rows}
    for code, (planted, safe) in PLANTED.items():
        assert by_code[code]["Area"] == safe
        # The same row on screen shows the name as it is (less the tab) and the same count, with separators.
        assert shown[planted.strip()].replace(",", "") == by_code[code]["Incidents"]
    assert all(row["Incidents"].isdigit() for row in rows)  # numbers stay numbers: no apostrophe, no separators
