"""A database with more LSOAs than a map draws (six, against a limit of four set in a config file), in Chromium: the
incidents page opens on the CSPs, asked for the LSOAs it draws none and says why, and within one CSP draws its three."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.analysis_db import EAST, six_lsoas
from tests.browser.page_checks import console_messages, open_page, table_rows
from tests.servers import free_port, running_server

pytestmark = pytest.mark.browser

PLOTTED = """
const graph = document.querySelector('#overview-map .js-plotly-plot');
const trace = graph?._fullData?.[0];
return trace ? {outlines: (graph.data[0].geojson?.features ?? []).map(f => f.id).sort(), type: trace.type} : null;
"""


@pytest.fixture(scope="module")
def many_areas_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("many-areas")
    config = folder / "limits.toml"
    config.write_text("[dashboard]\nmax_map_areas = 4\n", encoding="utf-8")
    db = six_lsoas(folder / "six.duckdb")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "cli", "serve", "--db", str(db), "--port", str(port), "--config", str(config)]
    with running_server(command, url):
        yield url


def drawn(browser) -> dict | None:
    return browser.execute_script(PLOTTED)


def test_lsoas_are_drawn_only_within_one_csp_and_the_page_says_why(browser, many_areas_server: str):
    open_page(browser, many_areas_server + "/", "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: (drawn(b) or {}).get("outlines") == ["East", "West"])
    assert browser.find_element(By.CSS_SELECTOR, "#overview-level input:checked").get_attribute("value") == "csp"
    assert browser.find_element(By.ID, "overview-within-label").is_displayed()

    open_page(browser, many_areas_server + "/?level=lsoa", "#overview-problem .too-many-areas")
    notice = " ".join(browser.find_element(By.CSS_SELECTOR, "#overview-problem").text.split())
    assert notice.startswith("6 LSOAs in the loaded area are too many for one map.")
    assert "draws at most 4 areas at once" in notice
    assert (drawn(browser) or {}).get("outlines", []) == [] and table_rows(browser, "#overview-table") == []

    open_page(browser, many_areas_server + "/?level=lsoa&within=csp:East", "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: (drawn(b) or {}).get("outlines") == sorted(EAST))
    assert sorted(row["name"] for row in table_rows(browser, "#overview-table")) == sorted(EAST)
    assert browser.find_element(By.CSS_SELECTOR, "#overview-problem").text == ""
    assert console_messages(browser) == []
