"""The dashboard's scripts go out compressed: brotli at its best once worked out, else as flask-compress does.

What a visitor relies on is that the bytes decompress to the very file on disk, and that a browser that accepts
brotli is sent less than gzip's best; the files are read from disk here, not from the app.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from dashboard.precompressed import finish_precompressing
from dashboard.shell import create_app

ROOT = Path(__file__).resolve().parents[2]
PLOTLY = "/assets/plotly-cspmap.min.js"
CHROMIUM = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what headless Chromium sends, over http too


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made in the test share a results folder of their own, so nothing is compressed before it asks."""
    monkeypatch.setenv("CSPMAP_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def app(demo_db: Path, own_cache: None):
    return create_app(demo_db)


def _renderer_address(client) -> str:
    html = client.get("/").get_data(as_text=True)
    (address,) = re.findall(r'<script src="([^"]+dash_renderer[^"]+)"', html)
    return address


def test_a_gzip_only_client_gets_each_script_gzipped(app):
    client = app.server.test_client()
    on_disk = (ROOT / "assets" / "plotly-cspmap.min.js").read_bytes()
    response = client.get(PLOTLY, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == on_disk


def test_scripts_go_out_as_brotli_once_compressed_in_this_worker_and_the_next(app, demo_db):
    client = app.server.test_client()
    address = _renderer_address(client)
    plain = client.get(address, headers={"Accept-Encoding": "identity"}).get_data()
    first = client.get(address, headers=CHROMIUM)
    assert first.status_code == 200 and first.headers.get("Content-Encoding") != "br"  # the work has only started
    finish_precompressing(app.server)

    again = client.get(address, headers=CHROMIUM)
    assert again.headers["Content-Encoding"] == "br" and "Accept-Encoding" in again.headers["Vary"]
    assert brotli.decompress(again.data) == plain
    assert len(again.data) < len(gzip.compress(plain, 9))

    # A second worker (a new app, the same results folder) sends it as brotli from its first request.
    other = create_app(demo_db).server.test_client()
    assert other.get(address, headers=CHROMIUM).headers["Content-Encoding"] == "br"


def test_the_plotly_bundle_read_from_disk_goes_out_as_brotli(app):
    client = app.server.test_client()
    on_disk = (ROOT / "assets" / "plotly-cspmap.min.js").read_bytes()
    client.get(PLOTLY, headers=CHROMIUM)
    finish_precompressing(app.server)
    response = client.get(PLOTLY, headers=CHROMIUM)
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == on_disk
