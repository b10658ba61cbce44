"""Hot and cold cells on the hot-spot map differ by more than their colour (WCAG 1.4.1)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.cell_maps import hotspot_map
from geodata.crs import bng_to_lonlat
from queries.areas import AreaShapes


def test_each_cold_cell_gets_a_white_dot_at_its_centre_and_hot_cells_do_not():
    flagged = pd.DataFrame(
        {
            "cell": [1, 2, 3],
            "easting": [400125.0, 400375.0, 400625.0],
            "northing": [420125.0, 420125.0, 420125.0],
            "z": [5.1, -4.2, 0.3],
            "spot": ["hot", "cold", ""],
            "in_plan": [True, False, True],
            "hover": ["a", "b", "c"],
        }
    )
    lon, lat = bng_to_lonlat(flagged["easting"].to_numpy(), flagged["northing"].to_numpy())
    cells = flagged.assign(longitude=lon, latitude=lat, kde_per_km2=1.0)
    outlines = AreaShapes({"type": "FeatureCollection", "features": []}, (lon.min(), lat.min(), lon.max(), lat.max()))
    figure = hotspot_map(outlines, cells, flagged, 250.0)
    (dots,) = [trace for trace in figure.data if trace.name.startswith("Cold spots (white dot)")]
    assert dots.name == "Cold spots (white dot): 1 cells"
    assert (dots.lon[0], dots.lat[0]) == pytest.approx((lon[1], lat[1]), abs=1e-6)
    assert len(dots.lon) == 1
