"""Geometries to and from the WKB blobs stored in DuckDB."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely


def from_wkb(blobs: Iterable[bytes | bytearray | memoryview]) -> np.ndarray:
    """Shapely geometries from WKB values as DuckDB returns them (bytes, bytearray or memoryview)."""
    return shapely.from_wkb(np.array([bytes(blob) for blob in blobs], dtype=object))


def to_wkb(geoms: np.ndarray) -> np.ndarray:
    """WKB bytes for each geometry, ready to insert into a BLOB column."""
    return shapely.to_wkb(np.asarray(geoms))
