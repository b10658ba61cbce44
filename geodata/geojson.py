"""GeoJSON for web maps."""

from __future__ import annotations

import numpy as np
import shapely


def feature_collection(codes: np.ndarray, geoms: np.ndarray) -> dict:
    """A GeoJSON FeatureCollection whose features carry the area code as their ``id``.

    Each ring's coordinates are one (n, 2) numpy array, not n tuples as ``shapely.geometry.mapping`` gives: plotly
    deep-copies a trace's GeoJSON when the trace is made and again when the figure is sent, and a copy of an
    array is one block of memory where a copy of the tuples is a Python object per point (0.05 s against 0.005 s
    for the demo's 86 neighbourhoods, every time). The JSON sent is the same to the byte; only x and y are kept
    (a web map draws no heights).
    """
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(code), "properties": {}, "geometry": geometry}
            for code, geometry in zip(codes, _geometries(geoms), strict=True)
        ],
    }


def _geometries(geoms: np.ndarray) -> list[dict]:
    """``shapely.geometry.mapping`` of each geometry, with polygons' rings as numpy arrays."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms)
    areal = np.isin(kinds, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON]) & ~shapely.is_empty(geoms)
    mapped: list[dict] = [{} for _ in range(len(geoms))]
    for index in np.flatnonzero(~areal).tolist():
        mapped[index] = shapely.geometry.mapping(geoms[index])
    chosen = np.flatnonzero(areal)
    # Every polygon of every geometry, every ring of every polygon (exterior first), every point of every ring,
    # each with the index of what holds it; then the points are cut into rings and the rings gathered back.
    polygons, polygon_of = shapely.get_parts(geoms[chosen], return_index=True)
    rings, ring_of = shapely.get_rings(polygons, return_index=True)
    points, point_of = shapely.get_coordinates(rings, return_index=True)
    ring_points = np.split(points, np.cumsum(np.bincount(point_of, minlength=len(rings)))[:-1])
    polygon_rings: list[list[np.ndarray]] = [[] for _ in range(len(polygons))]
    for ring, polygon in zip(ring_points, ring_of.tolist(), strict=True):
        polygon_rings[polygon].append(ring)
    parts: list[list[list[np.ndarray]]] = [[] for _ in range(len(chosen))]
    for polygon, geom in zip(polygon_rings, polygon_of.tolist(), strict=True):
        parts[geom].append(polygon)
    for index, polygons_of_geom in zip(chosen.tolist(), parts, strict=True):
        if kinds[index] == shapely.GeometryType.POLYGON:
            mapped[index] = {"type": "Polygon", "coordinates": polygons_of_geom[0]}
        else:
            mapped[index] = {"type": "MultiPolygon", "coordinates": polygons_of_geom}
    return mapped
