"""Which area each point, or each small area, falls in."""

from __future__ import annotations

import numpy as np
import shapely

# A point object and its tree entry cost about 250 bytes: a national grid's 2.4M cell centres at once would take
# 600 MB, so points go in a batch at a time (each point's answer does not depend on the others).
_POINTS_PER_BATCH = 500_000


def assign_points_to_areas(x: np.ndarray, y: np.ndarray, area_codes: np.ndarray, area_geoms: np.ndarray) -> np.ndarray:
    """The code of the area containing each point, or None where it is in no area.

    Parameters
    ----------
    x, y
        Point coordinates in the areas' coordinate system; NaN means no location (result None).
    area_codes, area_geoms
        Codes and polygons of the areas, in the same order.

    A point on a boundary shared by two areas goes to the one listed first.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    area_codes = np.asarray(area_codes, dtype=object)
    result = np.full(len(x), None, dtype=object)
    located = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(located) == 0 or len(area_codes) == 0:
        return result
    geoms = np.asarray(area_geoms)
    for start in range(0, len(located), _POINTS_PER_BATCH):
        batch = located[start : start + _POINTS_PER_BATCH]
        # Points go in the tree and polygons are the queries: shapely prepares each query polygon once, so
        # every point test is cheap however detailed the boundary.
        tree = shapely.STRtree(shapely.points(x[batch], y[batch]))
        area_index, point_index = tree.query(geoms, predicate="intersects")
        order = np.lexsort((area_index, point_index))
        point_index, area_index = point_index[order], area_index[order]
        _, first = np.unique(point_index, return_index=True)
        result[batch[point_index[first]]] = area_codes[area_index[first]]
    return result


def best_fit_parents(child_geoms: np.ndarray, parent_codes: np.ndarray, parent_geoms: np.ndarray) -> np.ndarray:
    """For each child polygon, the parent holding its point-on-surface (the ONS best-fit rule), or None."""
    inside = shapely.point_on_surface(np.asarray(child_geoms))
    return assign_points_to_areas(shapely.get_x(inside), shapely.get_y(inside), parent_codes, parent_geoms)
