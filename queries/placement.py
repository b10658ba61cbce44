"""Put incidents in the loaded LSOAs: by the LSOA code they carry when that LSOA is loaded, else by point.

The rule itself is SQL (queries/sql/place_rule.sql), shared by the police.uk ingest, which places rows as it
stores them, and by ``place_incidents``, which places stored incidents again after boundaries change.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.assign import assign_points_to_areas
from queries.areas import area_geometries
from queries.frames import registered
from queries.sql_files import load_sql


def define_placement_rule(con: duckdb.DuckDBPyConnection) -> None:
    """Create, on this connection, the SQL macros of the placement rule (``lsoa_is_loaded``, ``placed_area``,
    ``placement_of``)."""
    con.execute(load_sql("place_rule"))


def point_areas(easting: np.ndarray, northing: np.ndarray, lsoas: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """The code of the LSOA each British National Grid point falls in, or None; ``lsoas`` are the loaded LSOAs'
    codes and shapes (``area_geometries(con, "lsoa")``; only read when there are points).

    Only points inside the LSOAs' bounding box are tested; no point outside it can fall in one.
    """
    easting, northing = np.asarray(easting, dtype=float), np.asarray(northing, dtype=float)
    found = np.full(len(easting), None, dtype=object)
    if len(easting) == 0:
        return found
    codes, geoms = lsoas
    if len(codes) == 0:
        return found
    min_x, min_y, max_x, max_y = shapely.total_bounds(geoms)
    near = np.flatnonzero((easting >= min_x) & (easting <= max_x) & (northing >= min_y) & (northing <= max_y))
    found[near] = assign_points_to_areas(easting[near], northing[near], codes, geoms)
    return found


def place_incidents(con: duckdb.DuckDBPyConnection, run_id: int | None = None) -> None:
    """Set ``area_code`` and ``placement`` for one ingest run's incidents, or for all (``run_id=None``)."""
    params = {"run_id": run_id}
    define_placement_rule(con)
    con.execute(load_sql("place_by_lsoa_code"), params)
    candidates = con.execute(load_sql("point_placement_candidates"), params).fetchnumpy()
    if len(candidates["row_id"]) == 0:
        return
    found = point_areas(candidates["easting"], candidates["northing"], area_geometries(con, "lsoa"))
    inside = pd.notna(found)
    placed = pd.DataFrame({"row_id": candidates["row_id"][inside], "area_code": found[inside]})
    if placed.empty:
        return
    with registered(con, "placed_points", placed):
        con.execute(load_sql("place_by_point"))
