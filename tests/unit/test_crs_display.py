"""Reprojection to British National Grid and display copies of boundaries."""

from __future__ import annotations

import numpy as np
import shapely

from geodata.crs import bng_to_lonlat, lonlat_to_bng
from geodata.display import display_geometries


def test_a_known_point_reprojects_to_its_grid_reference():
    # The OS grid's true origin of latitude 49N 2W has easting 400000 exactly and northing -100000 on
    # OSGB36; from WGS84 the Helmert datum shift moves it by under 200 m.
    easting, northing = lonlat_to_bng(np.array([-2.0]), np.array([49.0]))
    assert abs(easting[0] - 400000) < 200
    assert abs(northing[0] + 100000) < 200


def test_round_trip_is_within_a_millimetre():
    lon, lat = np.array([-1.78, -1.55]), np.array([53.72, 53.60])
    back_lon, back_lat = bng_to_lonlat(*lonlat_to_bng(lon, lat))
    assert np.allclose(back_lon, lon, atol=1e-8) and np.allclose(back_lat, lat, atol=1e-8)


def test_display_copies_are_wgs84_rounded_and_keep_shared_edges():
    left, right = shapely.box(410000, 400000, 411000, 401000), shapely.box(411000, 400000, 412000, 401000)
    shown = display_geometries(np.array([left, right]))
    west, south, east, north = shapely.total_bounds(shown)
    # E 410000 N 400000 is about 1.8507 W, 53.4966 N; E 412000 N 401000 about 1.8205 W, 53.5056 N.
    assert -1.852 < west < east < -1.819 and 53.496 < south < north < 53.506
    coords = shapely.get_coordinates(shown)
    assert np.allclose(coords, np.round(coords, 5))
    # The edge at easting 411000 is the same line in both copies, so they touch and do not overlap.
    assert shapely.intersection(shown[0], shown[1]).area == 0
    assert shapely.intersects(shown[0], shown[1])
