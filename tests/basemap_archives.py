"""Small PMTiles archives built in tests: a raster one of solid-colour PNG tiles and a vector one."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from PIL import Image
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write


def png_tile(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def raster_archive(path: Path, tiles: dict[tuple[int, int, int], bytes]) -> Path:
    """A PNG archive holding exactly ``tiles`` ((z, x, y) -> bytes)."""
    return _archive(path, tiles, TileType.PNG, Compression.NONE, {"name": "test raster"})


def vector_archive(path: Path, tiles: dict[tuple[int, int, int], bytes], layers: list[str]) -> Path:
    """An MVT archive (tile bytes as given, gzip-compressed) whose metadata lists ``layers``."""
    compressed = {key: gzip.compress(data) for key, data in tiles.items()}
    metadata = {"name": "test vector", "vector_layers": [{"id": layer, "fields": {}} for layer in layers]}
    return _archive(path, compressed, TileType.MVT, Compression.GZIP, metadata)


def _archive(path: Path, tiles: dict, tile_type: TileType, compression: Compression, metadata: dict) -> Path:
    zooms = [z for z, _, _ in tiles]
    with write(path) as writer:
        for (z, x, y), data in sorted(tiles.items(), key=lambda item: zxy_to_tileid(*item[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": compression,
                "min_zoom": min(zooms),
                "max_zoom": max(zooms),
                "min_lon_e7": int(-180e7),
                "min_lat_e7": int(-85e7),
                "max_lon_e7": int(180e7),
                "max_lat_e7": int(85e7),
                "center_zoom": 0,
                "center_lon_e7": 0,
                "center_lat_e7": 0,
            },
            metadata,
        )
    return path
