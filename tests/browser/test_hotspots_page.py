"""The hot spots and patrol plan page in real headless Chromium: map, table and evaluation drawn, an empty console,
nothing fetched from outside."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from queries.analysis.hotspots import grid_hotspots
from queries.analysis.patrol import patrol_plan
from queries.analysis.selection import Selection
from queries.config import load_config
from queries.database import connect_read
from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls, table_rows

pytestmark = pytest.mark.browser

DRAWN_CELLS = """
const plot = document.querySelector('#hotspots-map .js-plotly-plot');
return Object.fromEntries((plot?._fullData ?? []).map(t => [t.name.split(':')[0], t.locations?.length ?? 0]));
"""


def test_the_page_draws_the_plan_and_hot_cells_with_an_empty_console_and_nothing_fetched_from_outside(
    browser, live_server, demo_db
):
    con = connect_read(demo_db)
    try:
        plan = patrol_plan(con, Selection(), load_config(), 0.05)
        hot = grid_hotspots(con, Selection(), load_config()).cells.query("spot == 'hot'")
    finally:
        con.close()
    open_page(browser, live_server + "/hotspots?share=5&show=density", "#hotspots-map .maplibregl-canvas")
    expected = {"Gi* hot spots": len(hot), "Patrol plan": len(plan.cells)}
    WebDriverWait(browser, 60).until(
        lambda b: {k: v for k, v in b.execute_script(DRAWN_CELLS).items() if k in expected} == expected
    )
    WebDriverWait(browser, 60).until(lambda b: len(table_rows(b, "#hotspots-scores")) == 5)
    rows = table_rows(browser, "#hotspots-table")
    assert sum(1 for row in rows if row["plan_rank"]) == len(plan.cells)
    assert [rows[0][key] for key in ("plan_rank", "area_name", "incidents")] == ["1", "Calderdale 008", "173"]
    assert rows[0]["place_names"].startswith("On or near ")  # the top cell is named by its police.uk map points
    assert "Incident density (KDE)" in browser.execute_script(DRAWN_CELLS)
    assert console_messages(browser) == []
    urls = requested_urls(browser)
    assert urls, "the performance log recorded no requests"
    assert outside_requests(urls, live_server) == []
