"""Put incidents in the loaded LSOAs: by the LSOA code they carry when that LSOA is loaded, else by point."""

from __future__ import annotations

import duckdb
import pandas as pd

from geodata.assign import assign_points_to_areas
from queries.areas import area_geometries
from queries.frames import registered
from queries.sql_files import load_sql


def place_incidents(con: duckdb.DuckDBPyConnection, run_id: int | None = None) -> None:
    """Set ``area_code`` and ``placement`` for one ingest run's incidents, or for all (``run_id=None``)."""
    params = {"run_id": run_id}
    con.execute(load_sql("place_by_lsoa_code"), params)
    candidates = con.execute(load_sql("point_placement_candidates"), params).fetchnumpy()
    if len(candidates["row_id"]) == 0:
        return
    codes, geoms = area_geometries(con, "lsoa")
    found = assign_points_to_areas(candidates["easting"], candidates["northing"], codes, geoms)
    inside = pd.notna(found)
    placed = pd.DataFrame({"row_id": candidates["row_id"][inside], "area_code": found[inside]})
    if placed.empty:
        return
    with registered(con, "placed_points", placed):
        con.execute(load_sql("place_by_point"))
