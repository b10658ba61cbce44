"""At 1440 px every table's key columns fit beside the map under headers of at most two lines.

A module of its own, so that it gets a Chromium of its own (tests/browser/conftest.py): one instance drawing every
page's maps for the accessibility checks and then these stalled.
"""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import PAGES, open_settled

TABLE_FIT = """
return Array.from(document.querySelectorAll('.data-grid')).filter(grid => grid.offsetParent !== null).map(grid => {
    const viewport = grid.querySelector('.ag-center-cols-viewport');
    const lines = Array.from(grid.querySelectorAll('.ag-header-cell-text')).map(text => {
        const style = getComputedStyle(text);
        return Math.round(text.getBoundingClientRect().height / parseFloat(style.lineHeight));
    });
    return {id: grid.id, sideways: viewport.scrollWidth - viewport.clientWidth, lines: Math.max(0, ...lines)};
});
"""


@pytest.mark.parametrize("path", [path for path, tables in PAGES.items() if tables])
def test_at_1440_px_the_key_columns_fit_without_sideways_scrolling_under_two_line_headers(browser, live_server, path):
    browser.set_window_size(1440, 1000)
    open_settled(browser, live_server + path)
    fits = browser.execute_script(TABLE_FIT)
    assert [table["id"] for table in fits] == PAGES[path]
    assert [table for table in fits if table["sideways"] > 0 or table["lines"] > 2] == [], fits
