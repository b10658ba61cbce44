"""A local PMTiles basemap in real headless Chromium: the map asks the app itself for its tiles, nothing outside,
and the console stays empty."""

from __future__ import annotations

import math
import sys
import time
import urllib.request

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.basemap_archives import png_tile, raster_archive
from tests.browser.page_checks import console_messages, open_page, outside_requests, requested_urls
from tests.servers import free_port, running_server

pytestmark = pytest.mark.browser

PLOTTED = "return document.querySelector('#overview-map .js-plotly-plot')?._fullData?.[0]?.locations?.length ?? 0;"


def tile_x(lon: float, n: int) -> int:
    return int((lon + 180) / 360 * n)


def tile_y(lat: float, n: int) -> int:
    return int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def tiles_over(west: float, south: float, east: float, north: float, zooms: range) -> list[tuple[int, int, int]]:
    """Every web-mercator tile covering a box at each zoom."""
    return [
        (z, x, y)
        for z in zooms
        for x in range(tile_x(west, 2**z), tile_x(east, 2**z) + 1)
        for y in range(tile_y(north, 2**z), tile_y(south, 2**z) + 1)
    ]


@pytest.fixture
def basemap_server(demo_db, tmp_path):
    tiles = dict.fromkeys(tiles_over(-2.3, 53.45, -1.5, 53.9, range(6, 13)), png_tile((225, 235, 245)))
    archive = raster_archive(tmp_path / "base.pmtiles", tiles)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "cli", "serve", "--db", str(demo_db), "--port", str(port)]
    with running_server(command, url, env={"CSPMAP_BASEMAP_PMTILES": str(archive)}):
        yield url


def test_the_map_draws_on_tiles_the_app_serves_itself(browser, basemap_server):
    open_page(browser, basemap_server + "/", "#overview-map .maplibregl-canvas")
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(PLOTTED) == 86)
    time.sleep(2)  # let the tiles load
    urls = requested_urls(browser)
    tiles = [url for url in urls if url.startswith(basemap_server + "/basemap/")]
    assert tiles, "the map asked for no basemap tiles"
    assert outside_requests(urls, basemap_server) == []
    assert console_messages(browser) == []
    with urllib.request.urlopen(tiles[0]) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "image/png"
