"""Light, WGS84 copies of boundaries for drawing on a web map (never used for measuring)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.errors import GEOSException

from geodata.crs import bng_to_lonlat

DISPLAY_TOLERANCE_M = 10.0
DISPLAY_DECIMALS = 5  # about a metre: finer detail only makes the page heavier


def display_geometries(geoms_bng: np.ndarray, tolerance_m: float = DISPLAY_TOLERANCE_M) -> np.ndarray:
    """Simplified WGS84 polygons for drawing; neighbours keep shared edges where the input allows."""
    geoms_bng = np.asarray(geoms_bng)
    try:
        simplified = shapely.coverage_simplify(geoms_bng, tolerance_m)
    except GEOSException:
        simplified = shapely.simplify(geoms_bng, tolerance_m, preserve_topology=True)

    def to_lonlat(coords: np.ndarray) -> np.ndarray:
        lon, lat = bng_to_lonlat(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), DISPLAY_DECIMALS)

    return shapely.transform(simplified, to_lonlat)
