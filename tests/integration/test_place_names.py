"""Place names for grid cells on a database built by hand: commonest first, ties alphabetical, selection first."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from queries.analysis.place_names import cell_place_names, with_place_names
from queries.analysis.selection import Selection
from queries.database import connect_read
from tests.analysis_db import X0, Y0, incident, write_database
from tests.cli_runner import run_cli

JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)


def named(location: str, month: date, category: str, x: float, y: float, area: str | None = "L1") -> dict:
    return {**incident(area, month, category, x, y), "location": location}


def one_square_km(path: Path) -> Path:
    """One 1 km LSOA: four 500 m cells. Cell (0, 0) holds 3 at "B Street", 3 at "A Road" (a tie), 2 at "C Lane"
    and 1 at "D Park" (all burglaries in January); cell (1, 0) holds 2 February robberies at "E Street" and one
    January burglary at "F Park"; cell (0, 1) has incidents with no location name only; an incident outside the
    area sits in cell (0, 0) too and must not count."""
    area = {"level": "lsoa", "code": "L1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 1000), "population": 1}
    rows = [
        *[named("On or near B Street", JAN, "Burglary", X0 + 100, Y0 + 100) for _ in range(3)],
        *[named("On or near A Road", JAN, "Burglary", X0 + 200, Y0 + 400) for _ in range(3)],
        *[named("On or near C Lane", JAN, "Burglary", X0 + 499, Y0 + 1) for _ in range(2)],
        named("On or near D Park", JAN, "Burglary", X0 + 300, Y0 + 300),
        *[named("On or near E Street", FEB, "Robbery", X0 + 700, Y0 + 100) for _ in range(2)],
        named("On or near F Park", JAN, "Burglary", X0 + 900, Y0 + 200),
        named("", JAN, "Burglary", X0 + 100, Y0 + 700),
        named("On or near Z Outside", JAN, "Burglary", X0 + 150, Y0 + 150, area=None),
    ]
    return write_database(path, [area], [("L1", "lsoa", "L1")], rows)


def names_at(names, easting: float, northing: float) -> tuple:
    found = names.for_cells(np.array([easting]), np.array([northing])).iloc[0]
    return found["place_name"], found["place_names"]


def test_the_three_commonest_names_in_order_with_ties_alphabetical(tmp_path):
    con = connect_read(one_square_km(tmp_path / "t.duckdb"))
    names = cell_place_names(con, Selection(), 500)
    assert names_at(names, X0 + 250, Y0 + 250) == (
        "On or near A Road",
        "On or near A Road; On or near B Street; On or near C Lane",
    )
    assert names_at(names, X0 + 750, Y0 + 250) == ("On or near E Street", "On or near E Street; On or near F Park")
    assert names_at(names, X0 + 250, Y0 + 750) == (None, None)  # only a blank location
    assert names_at(names, X0 + 750, Y0 + 750) == (None, None)  # no incidents


def test_the_selections_incidents_rank_first_and_other_months_still_name_a_cell(tmp_path):
    con = connect_read(one_square_km(tmp_path / "t.duckdb"))
    burglaries = cell_place_names(con, Selection(categories=("Burglary",)), 500)
    assert names_at(burglaries, X0 + 750, Y0 + 250)[1] == "On or near F Park; On or near E Street"
    february = cell_place_names(con, Selection(months=(FEB,)), 500)
    # No February incident in the first cell: named by all its incidents, as before.
    assert names_at(february, X0 + 250, Y0 + 250)[0] == "On or near A Road"


def test_with_place_names_adds_two_columns_in_the_cells_order(tmp_path):
    con = connect_read(one_square_km(tmp_path / "t.duckdb"))
    cells = pd.DataFrame({"cell": [7, 3], "easting": [X0 + 750, X0 + 250], "northing": [Y0 + 250, Y0 + 250]})
    result = with_place_names(cells, cell_place_names(con, Selection(), 500))
    assert result["cell"].tolist() == [7, 3]
    assert result["place_name"].tolist() == ["On or near E Street", "On or near A Road"]


def test_the_patrol_and_hotspots_commands_name_their_cells(tmp_path):
    db = one_square_km(tmp_path / "t.duckdb")
    options = ("--db", db, "--cell-size", "500", "--json")
    plan = json.loads(run_cli("patrol", "--share", "0.25", "--method", "prior_counts", *options).stdout)["rows"]
    assert [(row["incidents"], row["place_names"]) for row in plan] == [
        (9, "On or near A Road; On or near B Street; On or near C Lane")
    ]
    cells = json.loads(run_cli("hotspots", *options).stdout)["rows"]
    by_place = {(row["easting"] - X0, row["northing"] - Y0): row["place_name"] for row in cells}
    assert by_place == {
        (250, 250): "On or near A Road",
        (750, 250): "On or near E Street",
        (250, 750): None,
        (750, 750): None,
    }


def test_within_an_area_only_its_cells_are_named_and_named_as_over_the_whole(tmp_path):
    # A second LSOA 5 km east with its own named incident: looking within L1, its cell is not read at all; L1's
    # cells are named exactly as when every area is looked at (an incident outside every area still never counts).
    far = {"level": "lsoa", "code": "L2", "geometry": shapely.box(X0 + 5000, Y0, X0 + 6000, Y0 + 1000), "population": 1}
    near = {"level": "lsoa", "code": "L1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 1000), "population": 1}
    rows = [
        *[named("On or near B Street", JAN, "Burglary", X0 + 100, Y0 + 100) for _ in range(3)],
        named("On or near A Road", JAN, "Burglary", X0 + 200, Y0 + 400),
        named("On or near E Street", FEB, "Robbery", X0 + 700, Y0 + 100),
        named("On or near Far Lane", JAN, "Burglary", X0 + 5100, Y0 + 100, area="L2"),
    ]
    con = connect_read(
        write_database(tmp_path / "two.duckdb", [near, far], [("L1", "lsoa", "L1"), ("L2", "lsoa", "L2")], rows)
    )
    everywhere = cell_place_names(con, Selection(), 500)
    within = cell_place_names(con, Selection(within=("lsoa", "L1")), 500)
    assert "On or near Far Lane" in set(everywhere.names["location"])
    assert "On or near Far Lane" not in set(within.names["location"])
    cells = pd.DataFrame({"easting": [X0 + 250, X0 + 750], "northing": [Y0 + 250, Y0 + 250]})
    assert with_place_names(cells, within).equals(with_place_names(cells, everywhere))
    assert with_place_names(cells, within)["place_names"].tolist() == [
        "On or near B Street; On or near A Road",
        "On or near E Street",
    ]
