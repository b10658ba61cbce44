"""An optional basemap under every map: a tile server's URL, or a local PMTiles archive the app serves itself.

Nothing is fetched unless one is set; by default maps stay on the blank ``white-bg`` style.

- ``CSPMAP_BASEMAP_URL``: raster tiles from a deployment's tile server (``https://tiles.example/{z}/{x}/{y}.png``),
  or a MapLibre style JSON for vector tiles (a URL ending ``.json``, whose sources and glyphs it names itself).
- ``CSPMAP_BASEMAP_PMTILES``: a ``.pmtiles`` file, served at ``/basemap/{z}/{x}/{y}`` (read with the ``pmtiles``
  package). Raster archives are drawn as they are; vector archives with a faint line for every layer, and, when
  ``CSPMAP_BASEMAP_GLYPHS`` names a folder of glyph files (``{fontstack}/{range}.pbf``), their ``name`` labels
  in glyphs the app also serves (``/basemap/glyphs/...``), so labels need no internet either.
- ``CSPMAP_BASEMAP_ATTRIBUTION``: the credit the tiles' licence asks for.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import flask
from pmtiles.reader import Reader
from pmtiles.tile import Compression, TileType

from queries.errors import CspmapError

URL_ENV, PMTILES_ENV, GLYPHS_ENV, ATTRIBUTION_ENV = (
    "CSPMAP_BASEMAP_URL",
    "CSPMAP_BASEMAP_PMTILES",
    "CSPMAP_BASEMAP_GLYPHS",
    "CSPMAP_BASEMAP_ATTRIBUTION",
)
BLANK_STYLE = "white-bg"
TILE_ROUTE = "/basemap/<int:z>/<int:x>/<int:y>"
GLYPH_ROUTE = "/basemap/glyphs/<fontstack>/<glyph_range>.pbf"
TILE_URL = "/basemap/{z}/{x}/{y}"
GLYPH_URL = "/basemap/glyphs/{fontstack}/{range}.pbf"
LABEL_FONT = "Noto Sans Regular"  # the glyph folder must hold this font stack for labels to show
RASTER_OPACITY = 0.55  # faint enough that the data on top stays the thing a reader sees
LINE_COLOUR = "#b8c2cc"
MIME_TYPES = {TileType.PNG: "image/png", TileType.JPEG: "image/jpeg", TileType.WEBP: "image/webp"}


@dataclass(frozen=True)
class Basemap:
    """What is drawn under the maps: ``kind`` is ``none``, ``raster`` or ``vector``."""

    kind: str
    tiles: str | None = None  # tile URL template (raster, or a local vector archive)
    style_url: str | None = None  # a vector style JSON served elsewhere
    pmtiles: Path | None = None
    glyphs: Path | None = None
    max_zoom: int = 22
    vector_layers: tuple[str, ...] = ()
    attribution: str = ""


def basemap_settings(environ: Mapping[str, str] | None = None) -> Basemap:
    """The basemap the environment configures (a local archive wins over a URL); ``none`` when neither is set."""
    environ = os.environ if environ is None else environ
    url, archive = environ.get(URL_ENV, "").strip(), environ.get(PMTILES_ENV, "").strip()
    glyphs = environ.get(GLYPHS_ENV, "").strip()
    attribution = environ.get(ATTRIBUTION_ENV, "").strip()
    if archive:
        return _archive_basemap(Path(archive), Path(glyphs) if glyphs else None, attribution)
    if url:
        if url.lower().split("?")[0].endswith(".json"):
            return Basemap("vector", style_url=url, attribution=attribution)
        if not all(part in url for part in ("{z}", "{x}", "{y}")):
            raise CspmapError(f"{URL_ENV}={url!r}: give a tile URL with {{z}}, {{x}} and {{y}}, or a style .json URL.")
        return Basemap("raster", tiles=url, attribution=attribution)
    return Basemap("none")


def current_basemap() -> Basemap:
    """The environment's basemap, read once per distinct setting."""
    return _cached(tuple(os.environ.get(name, "") for name in (URL_ENV, PMTILES_ENV, GLYPHS_ENV, ATTRIBUTION_ENV)))


def map_style(basemap: Basemap) -> str | dict:
    """The MapLibre style for plotly's ``layout.map.style``: the blank style, a style URL, or a style built for a
    local vector archive (every source and glyph URL is the app's own)."""
    if basemap.style_url:
        return basemap.style_url
    if basemap.kind != "vector":
        return BLANK_STYLE
    layers: list[dict] = [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}}]
    for name in basemap.vector_layers:
        layers.append(
            {
                "id": f"basemap-{name}",
                "type": "line",
                "source": "basemap",
                "source-layer": name,
                "paint": {"line-color": LINE_COLOUR, "line-width": 0.8},
            }
        )
    style: dict = {
        "version": 8,
        "sources": {
            "basemap": {
                "type": "vector",
                "tiles": [TILE_URL],
                "maxzoom": basemap.max_zoom,
                "attribution": basemap.attribution,
            }
        },
        "layers": layers,
    }
    if basemap.glyphs is not None:
        style["glyphs"] = GLYPH_URL
        for name in basemap.vector_layers:
            layers.append(
                {
                    "id": f"basemap-{name}-labels",
                    "type": "symbol",
                    "source": "basemap",
                    "source-layer": name,
                    "layout": {"text-field": ["get", "name"], "text-font": [LABEL_FONT], "text-size": 10},
                    "paint": {"text-color": "#7b8794"},
                }
            )
    return style


def map_layers(basemap: Basemap) -> list[dict]:
    """plotly ``layout.map.layers`` for a raster basemap, drawn beneath every trace; none otherwise."""
    if basemap.kind != "raster":
        return []
    return [
        {
            "sourcetype": "raster",
            "source": [basemap.tiles if basemap.pmtiles is None else TILE_URL],
            "below": "traces",
            "opacity": RASTER_OPACITY,
            "sourceattribution": basemap.attribution,
        }
    ]


def register_basemap_routes(server: flask.Flask) -> None:
    """Serve the local archive's tiles and glyphs, when the environment names them (nothing otherwise)."""
    basemap = current_basemap()
    if basemap.pmtiles is None:
        return
    reader, tile_type, compression = _open_archive(basemap.pmtiles)

    def tile(z: int, x: int, y: int) -> flask.Response:
        found = reader.get(z, x, y)
        if found is None:
            # 204: MapLibre draws nothing there and logs nothing (a 404 would fill the console).
            return flask.Response(status=204)
        response = flask.Response(bytes(found), mimetype=MIME_TYPES.get(tile_type, "application/x-protobuf"))
        if compression == Compression.GZIP:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    server.add_url_rule(TILE_ROUTE, "basemap_tile", tile)
    if basemap.glyphs is not None:
        folder = basemap.glyphs.resolve()

        def glyph(fontstack: str, glyph_range: str) -> flask.Response:
            # send_from_directory refuses paths that leave the folder.
            return flask.send_from_directory(
                folder, f"{fontstack}/{glyph_range}.pbf", mimetype="application/x-protobuf"
            )

        server.add_url_rule(GLYPH_ROUTE, "basemap_glyph", glyph)


@cache
def _cached(settings: tuple[str, ...]) -> Basemap:
    return basemap_settings(dict(zip((URL_ENV, PMTILES_ENV, GLYPHS_ENV, ATTRIBUTION_ENV), settings, strict=True)))


def _open_archive(path: Path) -> tuple[Reader, TileType, Compression]:
    if not path.is_file():
        raise CspmapError(f"{PMTILES_ENV}: no PMTiles file at {path}.")
    handle = path.open("rb")
    try:
        reader = Reader(_mapped(handle))
        header = reader.header()
    except Exception as exc:  # the pmtiles package raises its own bare exceptions for a file that is not one
        raise CspmapError(f"{PMTILES_ENV}: {path} is not a PMTiles (version 3) archive.") from exc
    return reader, header["tile_type"], header["tile_compression"]


def _mapped(handle):
    mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return lambda offset, length: mapping[offset : offset + length]


def _archive_basemap(path: Path, glyphs: Path | None, attribution: str) -> Basemap:
    reader, tile_type, _ = _open_archive(path)
    header = reader.header()
    if tile_type in MIME_TYPES:
        return Basemap("raster", tiles=TILE_URL, pmtiles=path, max_zoom=header["max_zoom"], attribution=attribution)
    if tile_type != TileType.MVT:
        raise CspmapError(f"{PMTILES_ENV}: {path} holds {tile_type.name} tiles; cspmap draws PNG, JPEG, WebP or MVT.")
    if glyphs is not None and not glyphs.is_dir():
        raise CspmapError(f"{GLYPHS_ENV}: {glyphs} is not a folder.")
    layers = tuple(layer["id"] for layer in reader.metadata().get("vector_layers", []))
    return Basemap(
        "vector",
        tiles=TILE_URL,
        pmtiles=path,
        glyphs=glyphs,
        max_zoom=header["max_zoom"],
        vector_layers=layers,
        attribution=attribution,
    )
