"""Build larger areas by merging the small areas that belong to each."""

from __future__ import annotations

import numpy as np
import shapely


def dissolve_areas(geoms: np.ndarray, group_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One merged polygon per distinct group code; returns (codes, geometries), codes sorted."""
    geoms = np.asarray(geoms)
    group_codes = np.asarray(group_codes, dtype=object)
    codes = np.array(sorted(set(group_codes.tolist())), dtype=object)
    merged = np.array([shapely.union_all(geoms[group_codes == code]) for code in codes], dtype=object)
    return codes, merged
