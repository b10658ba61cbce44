"""Area outlines as GeoJSON for the maps: what shapely's own mapping says, with each ring as one array."""

from __future__ import annotations

import json

import numpy as np
import shapely

from geodata.geojson import feature_collection


def test_features_carry_the_code_and_shapelys_own_geometry_whatever_the_shape():
    square_with_hole = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 1)]])
    two_parts = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), square_with_hole])
    geoms = np.array([square_with_hole, two_parts, shapely.Polygon(), shapely.MultiPolygon(), shapely.Point(1, 2)])
    codes = np.array(["E01000001", "E01000002", "E01000003", "E01000004", "E01000005"], dtype=object)

    collection = feature_collection(codes, geoms)

    assert [feature["id"] for feature in collection["features"]] == list(codes)
    as_json = json.dumps(collection, default=lambda array: array.tolist())
    expected = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {}, "geometry": shapely.geometry.mapping(geom)}
            for code, geom in zip(codes, geoms, strict=True)
        ],
    }
    assert json.loads(as_json) == json.loads(json.dumps(expected))
    ring = collection["features"][1]["geometry"]["coordinates"][1][1]  # the second part's hole
    assert isinstance(ring, np.ndarray) and ring.tolist() == [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 1.0]]
