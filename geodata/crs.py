"""Coordinate systems: everything is measured in British National Grid; WGS84 only for input and display."""

from __future__ import annotations

from functools import cache

import numpy as np
from pyproj import Transformer

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"

# Longitude/latitude box around the United Kingdom (Scilly to Shetland, Northern Ireland to Lowestoft).
UK_BOUNDS_LONLAT = (-8.7, 49.8, 1.8, 60.9)


@cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def lonlat_to_bng(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eastings and northings in metres for WGS84 longitudes and latitudes (NaN stays NaN)."""
    return _transformer(WGS84, BNG).transform(np.asarray(lon, float), np.asarray(lat, float))


def bng_to_lonlat(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitudes and latitudes for British National Grid coordinates."""
    return _transformer(BNG, WGS84).transform(np.asarray(easting, float), np.asarray(northing, float))
