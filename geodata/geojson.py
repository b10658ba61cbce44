"""GeoJSON for web maps."""

from __future__ import annotations

import numpy as np
import shapely


def feature_collection(codes: np.ndarray, geoms: np.ndarray) -> dict:
    """A GeoJSON FeatureCollection whose features carry the area code as their ``id``."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(code), "properties": {}, "geometry": shapely.geometry.mapping(geom)}
            for code, geom in zip(codes, geoms, strict=True)
        ],
    }
