"""The analyses on small databases built row by row, with answers worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely

from queries.analysis.emerging import emerging_hotspots
from queries.analysis.hotspots import grid_hotspots
from queries.analysis.priorities import priority_index
from queries.analysis.rates import area_rates
from queries.analysis.repeats import repeat_locations, repeats_by_area
from queries.analysis.selection import Selection
from queries.config import load_config
from queries.database import connect_read
from queries.errors import CspmapError
from tests.analysis_db import FEB, JAN, X0, Y0, config_with, four_lsoas, incident, write_database


def burst_in_the_middle(path: Path) -> Path:
    """One 2.5 km square LSOA (a 5x5 grid of 500 m cells); months 1 and 2 have one incident in every cell, month 3
    has one in every cell plus 9 more in each of the nine middle cells (a 3x3 block of 10s)."""
    square = shapely.box(X0, Y0, X0 + 2500, Y0 + 2500)
    areas = [{"level": "lsoa", "code": "S1", "geometry": square, "population": 1000}]
    incidents = []
    for month in (date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)):
        for row in range(5):
            for col in range(5):
                x, y = X0 + 500 * col + 250, Y0 + 500 * row + 250
                extra = 9 if month.month == 3 and 1 <= row <= 3 and 1 <= col <= 3 else 0
                incidents += [incident("S1", month, "Burglary", x, y) for _ in range(1 + extra)]
    return write_database(path, areas, [("S1", "lsoa", "S1")], incidents)


# --------------------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def four_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return four_lsoas(tmp_path_factory.mktemp("four") / "four.duckdb")


@pytest.fixture
def four_con(four_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect_read(four_db)
    yield con
    con.close()


def test_rates_by_hand(four_con):
    table = area_rates(four_con, "lsoa", Selection(), load_config()).table.set_index("area_code")
    # L1: 2 in 1000 = 2.0 per 1,000; exact interval for 2 is (0.2422, 7.2247) -> (0.242, 7.225) per 1,000.
    #     C1's rate is (2 + 50) / 3000 * 1000 = 17.333: the whole interval is below it.
    # L2: 50 in 2000 = 25.0; interval for 50 is (37.111, 65.919) -> (18.556, 32.959): above 17.333.
    # L3: 20 in 500 = 40.0; interval for 20 is (12.217, 30.889) -> (24.43, 61.78); C2's rate is (20 + 4) / 500 *
    #     1000 = 48.0 (C2's residents are L3's, L4's being unknown), inside the interval: similar.
    # L4: no population -> no rate, listed all the same.
    assert table["incidents"].to_dict() == {"L1": 2, "L2": 50, "L3": 20, "L4": 4}
    assert table["rate"][["L1", "L2", "L3"]].tolist() == pytest.approx([2.0, 25.0, 40.0])
    assert table.loc["L1", ["rate_low", "rate_high"]].tolist() == pytest.approx([0.2422, 7.2247], abs=1e-4)
    assert table.loc["L2", ["rate_low", "rate_high"]].tolist() == pytest.approx([18.5555, 32.9594], abs=1e-4)
    assert table["reference_rate"][["L1", "L2", "L3"]].tolist() == pytest.approx([17.3333, 17.3333, 48.0], abs=1e-4)
    assert table["compared"].to_dict() == {"L1": "below", "L2": "above", "L3": "similar", "L4": "no population"}
    # EB over L1..L3 (2, 50, 20 in 1000, 2000, 500): worked in tests/unit/test_analysis_rates.py.
    assert table["eb_rate"][["L1", "L2", "L3"]].tolist() == pytest.approx([4.2930, 24.7086, 35.7296], abs=1e-4)
    assert np.isnan(table.loc["L4", "eb_rate"])


def test_every_result_on_police_data_says_how_many_incidents_it_left_out_and_why(four_con):
    # In the loaded areas: 2 + 40 + 10 + 20 + 3 + 1 = 76; January: 1 + 40 + 3 + 1 = 45 in, 1 outside;
    # February: 1 + 10 + 20 = 31 in, 1 with no location.
    settings = load_config()
    everything = area_rates(four_con, "lsoa", Selection(), settings)
    assert (everything.placement.in_areas, everything.placement.outside_areas) == (76, 1)
    assert everything.placement.no_location == 1
    assert everything.placement.left_out_note in everything.notes
    assert everything.placement.left_out_note == (
        "Left out: 1 incident(s) outside the loaded areas (the force's data covers more ground) and 1 published "
        "with no location; 76 are in the loaded areas."
    )
    january = Selection(months=(JAN,))
    for result in (
        area_rates(four_con, "lsoa", january, settings),
        grid_hotspots(four_con, january, settings),
        repeat_locations(four_con, january, settings),
    ):
        assert (result.placement.in_areas, result.placement.outside_areas, result.placement.no_location) == (45, 1, 0)
        assert result.placement.left_out_note in result.notes
    robberies = area_rates(four_con, "lsoa", Selection(months=(FEB,), categories=("Robbery",)), settings)
    assert (robberies.placement.in_areas, robberies.placement.outside_areas, robberies.placement.no_location) == (
        10,
        0,
        1,
    )


def test_rates_by_category_and_month_and_with_no_reference_level(four_con):
    config = config_with({"rates": {"reference_level": "ward"}})  # no such level: compare with all LSOAs
    result = area_rates(four_con, "lsoa", Selection(categories=("Robbery",)), config, by_category=True, by_month=True)
    table = result.table.set_index(["area_code", "period"])
    # Robbery: only L2's 10 in February. All LSOAs with residents: 10 / 3500 * 1000 = 2.857 in February.
    assert table.loc[("L2", "2024-02"), "incidents"] == 10
    assert table.loc[("L2", "2024-01"), "incidents"] == 0
    assert table.loc[("L1", "2024-02"), "reference_rate"] == pytest.approx(2.857143, abs=1e-6)
    assert result.reference == "all lsoa areas together"
    assert any("no population" in note for note in result.notes)


def test_hotspots_by_hand(four_con):
    config = config_with({"grid": {"cell_size_m": 500.0}})
    result = grid_hotspots(four_con, Selection(), config)
    cells = result.cells
    # One cell per LSOA: counts y = 2, 50, 20, 3 (the incident with no coordinates and the one outside are off).
    assert cells["incidents"].tolist() == [2, 50, 20, 3]
    assert result.incidents == 75
    assert any("1 incident(s) have no coordinates" in note for note in result.notes)
    # n = 4, mean = 18.75, mean of squares = 2913/4 = 728.25, s^2 = 728.25 - 351.5625 = 376.6875, s = 19.40844.
    # A row of cells: queen = rook. z = (lag - k*mean) / (s * sqrt(k(n-k)/(n-1))):
    #   cell 1: k = 2, lag 52: 14.5 / (19.40844 * 1.154701) = 14.5 / 22.41094 = 0.647006
    #   cell 2: k = 3, lag 72: 15.75 / (19.40844 * 1) = 0.811503
    #   cell 3: k = 3, lag 73: 16.75 / 19.40844 = 0.863026
    #   cell 4: k = 2, lag 23: -14.5 / 22.41094 = -0.647006
    assert cells["z"].tolist() == pytest.approx([0.647006, 0.811503, 0.863026, -0.647006], abs=1e-6)
    assert (cells["spot"] == "").all()  # nothing significant in four cells


def test_repeat_locations_by_hand(four_con):
    result = repeat_locations(four_con, Selection(), load_config())
    # Only L1's point has incidents in two months; 75 incidents have a map point, 2 of them there.
    assert result.table[["lsoa_code", "incidents", "months", "first_month", "last_month"]].values.tolist() == [
        ["L1", 2, 2, "2024-01", "2024-02"]
    ]
    assert result.incidents == 75
    assert "2 of 75 located incidents (2.7%)" in result.notes[0]


def test_repeat_locations_in_a_box_are_the_points_inside_it_with_all_their_incidents(tmp_path):
    # Point A (3 incidents in two months) at the box's west edge, B (2 in two months) on its east edge, C (1) in
    # it: a box [A's easting, B's easting) holds A and C, and A keeps its three incidents.
    a, b, c = (X0 + 250, Y0 + 250), (X0 + 750, Y0 + 250), (X0 + 500, Y0 + 300)
    incidents = [incident("L1", month, "Burglary", *a) for month in (JAN, FEB, FEB)]
    incidents += [incident("L1", month, "Burglary", *b) for month in (JAN, FEB)]
    incidents += [incident("L1", JAN, "Burglary", *c)]
    areas = [{"level": "lsoa", "code": "L1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 500), "population": 1}]
    con = connect_read(write_database(tmp_path / "box.duckdb", areas, [("L1", "lsoa", "L1")], incidents))
    try:
        everywhere = repeat_locations(con, Selection(), load_config())
        in_box = repeat_locations(con, Selection(), load_config(), box=(X0 + 250, Y0, X0 + 750, Y0 + 500))
    finally:
        con.close()
    assert everywhere.table[["easting", "incidents", "months"]].values.tolist() == [[a[0], 3, 2], [b[0], 2, 2]]
    assert in_box.table[["easting", "incidents", "months"]].values.tolist() == [[a[0], 3, 2]]
    assert (everywhere.incidents, in_box.incidents) == (6, 4)


def test_a_repeat_location_split_evenly_between_two_lsoas_always_goes_to_the_same_one(tmp_path):
    # One map point on the L1/L2 boundary: 2 incidents filed under L2 and 2 under L1, over two months. The
    # tie goes to the first code alphabetically (L1), on every run and whatever the threads did.
    edge = (X0 + 500, Y0 + 250)
    incidents = [
        incident("L2", JAN, "Burglary", *edge),
        incident("L2", FEB, "Burglary", *edge),
        incident("L1", JAN, "Burglary", *edge),
        incident("L1", FEB, "Burglary", *edge),
    ]
    areas = [
        {
            "level": "lsoa",
            "code": code,
            "geometry": shapely.box(X0 + 500 * k, Y0, X0 + 500 * (k + 1), Y0 + 500),
            "population": 100,
        }
        for k, code in enumerate(["L1", "L2"])
    ]
    lookup = [("L1", "lsoa", "L1"), ("L2", "lsoa", "L2"), ("L1", "csp", "C1"), ("L2", "csp", "C2")]
    con = connect_read(write_database(tmp_path / "tie.duckdb", areas, lookup, incidents))
    try:
        for _ in range(5):
            assert repeat_locations(con, Selection(), load_config()).table["lsoa_code"].tolist() == ["L1"]
            by_csp = repeats_by_area(con, "csp", Selection(), load_config())
            assert by_csp.values.tolist() == [["C1", 1, 4]]
    finally:
        con.close()


def test_priority_index_by_hand(four_con, tmp_path):
    (tmp_path / "deprivation.csv").write_text("code,score\nL1,5\nL2,9\nL3,1\nX9,3\n")
    components = {
        name: {"weight": 0.0} for name in ("crime_rate", "asb_rate", "low_confidence", "asb_standard_failures")
    }
    components.update(
        harm_rate={"weight": 1.0},
        trend={"weight": 1.0},
        repeat_locations={"weight": 1.0},
        deprivation={"weight": 1.0, "file": str(tmp_path / "deprivation.csv"), "higher_is_worse": False},
    )
    config = config_with({"priorities": {"components": components, "top": 1, "perturbation": 0.0, "runs": 10}})
    result = priority_index(four_con, "lsoa", Selection(), config)
    table = result.table.set_index("area_code")
    # Raw values (per 1,000 residents):
    #   harm_rate: L1 2*279/1000 = 558; L2 10*746/2000 = 3730; L3 20*213/500 = 8520     -> percentiles 0, .5, 1
    #   trend (Feb minus Jan): L1 (1-1) = 0; L2 (10-40)/2000 = -15; L3 (20-0)/500 = 40  -> .5, 0, 1
    #   repeat_locations: 1, 0, 0 (L2 and L3 tie at rank 1.5)                             -> 1, .25, .25
    #   deprivation, lower is worse: -5, -9, -1                                           -> .5, 0, 1
    # score = 100 * mean: L1 (0 + .5 + 1 + .5)/4 = 50; L2 (.5 + 0 + .25 + 0)/4 = 18.75; L3 (1 + 1 + .25 + 1)/4 = 81.25
    # L4 has no population, so no harm or trend rate: listed, not ranked.
    assert table["value_harm_rate"][["L1", "L2", "L3"]].tolist() == pytest.approx([558.0, 3730.0, 8520.0])
    assert table["value_trend"][["L1", "L2", "L3"]].tolist() == pytest.approx([0.0, -15.0, 40.0])
    assert table["score"][["L1", "L2", "L3"]].tolist() == pytest.approx([50.0, 18.75, 81.25])
    assert result.table["area_code"].tolist() == ["L3", "L1", "L2", "L4"]
    assert result.table["rank"].tolist()[:3] == [1, 2, 3] and pd.isna(result.table["rank"].iloc[3])
    assert table.loc["L3", "contribution_harm_rate"] == pytest.approx(25.0)
    assert table.loc["L3", "contribution_repeat_locations"] == pytest.approx(6.25)
    assert table["top_share"].to_dict() == pytest.approx({"L1": 0.0, "L2": 0.0, "L3": 1.0, "L4": np.nan}, nan_ok=True)
    notes = " ".join(result.notes)
    assert "1 code(s) in deprivation.csv are not lsoa areas (e.g. X9)" in notes
    assert "not ranked: L4" in notes


def test_partner_components_are_skipped_with_a_note(four_con):
    result = priority_index(four_con, "lsoa", Selection(), load_config())
    notes = " ".join(result.notes)
    assert "low_confidence skipped" in notes and "asb_standard_failures skipped" in notes
    assert "low_confidence" not in result.weights


def test_emerging_hot_spots_say_how_many_months_they_need(four_con):
    with pytest.raises(CspmapError, match=r"at least 10 months .* has 2 \(2024-01, 2024-02\)"):
        emerging_hotspots(four_con, Selection(), load_config())


def test_an_unknown_month_is_refused_naming_the_months_there_are(four_con):
    with pytest.raises(CspmapError, match="Months with data: 2024-01, 2024-02"):
        area_rates(four_con, "lsoa", Selection(months=(date(2023, 5, 1),)), load_config())


@pytest.fixture(scope="module")
def burst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return burst_in_the_middle(tmp_path_factory.mktemp("burst") / "burst.duckdb")


def test_a_new_hot_spot_emerges_in_the_last_month(burst_db):
    config = config_with({"grid": {"cell_size_m": 500.0}, "emerging": {"min_months": 3}})
    con = connect_read(burst_db)
    try:
        result = emerging_hotspots(con, Selection(), config)
    finally:
        con.close()
    # Months 1 and 2: every cell 1, so every z is 0 and nothing is significant.
    # Month 3: a 3x3 block of 10s in a 5x5 grid of 1s: n = 25, sum 106, mean 4.24, mean of squares 916/25 = 36.64,
    # s^2 = 36.64 - 17.9776 = 18.6624, s = 4.32. The middle cell (k = 9, lag 90):
    # z = (90 - 9*4.24) / (4.32 * sqrt(9*16/24)) = 51.84 / 10.5818 = 4.899; p = 9.6e-7, significant after FDR.
    # The block's other cells see at most 6 tens (z <= 1.6): not significant. So only the middle is a new hot spot.
    patterns = result.cells.set_index("cell")["pattern"]
    assert patterns[12] == "new hot spot"
    assert (patterns.drop(12) == "no pattern").all()
    assert result.cells.loc[12, "incidents"] == 12


def test_looking_within_one_area_still_compares_it_with_its_whole_csp(four_con):
    table = area_rates(four_con, "lsoa", Selection(within=("lsoa", "L1")), load_config()).table
    # Only L1 is listed, and its CSP's rate is still (2 + 50) / 3000 * 1000 = 17.333, not L1's own 2.0.
    assert table["area_code"].tolist() == ["L1"]
    assert table["reference_rate"].tolist() == pytest.approx([17.3333], abs=1e-4)
