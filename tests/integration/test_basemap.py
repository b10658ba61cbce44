"""The optional basemap: nothing unless configured; a tile URL drawn as a raster layer; a local PMTiles archive
(built here) served by the app's own routes, its tiles byte for byte, with glyphs for labels served locally too."""

from __future__ import annotations

import flask
import pytest

from dashboard.basemap import (
    GLYPHS_ENV,
    PMTILES_ENV,
    URL_ENV,
    basemap_settings,
    map_layers,
    map_style,
    register_basemap_routes,
)
from dashboard.figures.area_maps import map_layout
from queries.errors import CspmapError
from tests.basemap_archives import png_tile, raster_archive, vector_archive

HALIFAX = (12, 2029, 1316)  # a zoom-12 tile over Halifax


@pytest.fixture(autouse=True)
def no_basemap(monkeypatch):
    for name in (URL_ENV, PMTILES_ENV, GLYPHS_ENV):
        monkeypatch.delenv(name, raising=False)


def test_nothing_is_configured_so_maps_stay_blank_and_fetch_nothing():
    layout = map_layout((-2.0, 53.6, -1.6, 53.8))
    assert layout["map"]["style"] == "white-bg" and "layers" not in layout["map"]
    server = flask.Flask("test")
    register_basemap_routes(server)
    assert server.test_client().get("/basemap/12/2029/1316").status_code == 404  # no route at all


def test_a_tile_url_is_a_raster_layer_beneath_the_traces(monkeypatch):
    monkeypatch.setenv(URL_ENV, "https://tiles.example/{z}/{x}/{y}.png")
    (layer,) = map_layout((-2.0, 53.6, -1.6, 53.8))["map"]["layers"]
    assert layer["sourcetype"] == "raster" and layer["source"] == ["https://tiles.example/{z}/{x}/{y}.png"]
    assert layer["below"] == "traces"
    monkeypatch.setenv(URL_ENV, "https://tiles.example/style.json")
    assert map_layout((-2.0, 53.6, -1.6, 53.8))["map"]["style"] == "https://tiles.example/style.json"
    with pytest.raises(CspmapError, match=r"give a tile URL with \{z\}"):
        basemap_settings({URL_ENV: "https://tiles.example/tile.png"})


def test_a_local_raster_archive_is_served_by_the_app_tile_for_tile(tmp_path, monkeypatch):
    red, blue = png_tile((200, 30, 30)), png_tile((30, 30, 200))
    archive = raster_archive(tmp_path / "base.pmtiles", {(0, 0, 0): red, HALIFAX: blue})
    monkeypatch.setenv(PMTILES_ENV, str(archive))
    (layer,) = map_layout((-2.0, 53.6, -1.6, 53.8))["map"]["layers"]
    assert layer["source"] == ["/basemap/{z}/{x}/{y}"]  # the app's own route, not the internet
    server = flask.Flask("test")
    register_basemap_routes(server)
    client = server.test_client()
    found = client.get("/basemap/12/2029/1316")
    assert found.status_code == 200 and found.mimetype == "image/png" and found.data == blue
    assert client.get("/basemap/0/0/0").data == red
    assert client.get("/basemap/12/2030/1316").status_code == 204  # outside the archive: an empty tile


def test_a_local_vector_archive_gets_a_local_style_and_its_glyphs_are_served(tmp_path, monkeypatch):
    archive = vector_archive(tmp_path / "streets.pmtiles", {HALIFAX: b"\x1a\x00"}, ["roads", "water"])
    glyphs = tmp_path / "glyphs" / "Noto Sans Regular"
    glyphs.mkdir(parents=True)
    (glyphs / "0-255.pbf").write_bytes(b"glyph bytes")
    monkeypatch.setenv(PMTILES_ENV, str(archive))
    monkeypatch.setenv(GLYPHS_ENV, str(tmp_path / "glyphs"))
    style = map_layout((-2.0, 53.6, -1.6, 53.8))["map"]["style"]
    assert style["sources"]["basemap"]["tiles"] == ["/basemap/{z}/{x}/{y}"]
    assert style["glyphs"] == "/basemap/glyphs/{fontstack}/{range}.pbf"
    assert [layer["id"] for layer in style["layers"]] == [
        "background",
        "basemap-roads",
        "basemap-water",
        "basemap-roads-labels",
        "basemap-water-labels",
    ]
    server = flask.Flask("test")
    register_basemap_routes(server)
    client = server.test_client()
    tile = client.get("/basemap/12/2029/1316")
    assert tile.headers["Content-Encoding"] == "gzip" and tile.mimetype == "application/x-protobuf"
    assert client.get("/basemap/glyphs/Noto Sans Regular/0-255.pbf").data == b"glyph bytes"
    assert client.get("/basemap/glyphs/..%2F..%2Fsecret/0-255.pbf").status_code == 404


def test_a_file_that_is_not_an_archive_is_a_clear_error(tmp_path):
    bad = tmp_path / "not.pmtiles"
    bad.write_bytes(b"hello, not a tile archive at all" * 10)
    with pytest.raises(CspmapError, match="is not a PMTiles"):
        basemap_settings({PMTILES_ENV: str(bad)})
    with pytest.raises(CspmapError, match="no PMTiles file"):
        basemap_settings({PMTILES_ENV: str(tmp_path / "missing.pmtiles")})
    assert map_layers(basemap_settings({})) == [] and map_style(basemap_settings({})) == "white-bg"
