"""The hot spots and patrol plan page through its HTTP callbacks: a 5 x 5 grid worked out by hand
(tests/partner_analysis_db.py) and the demo's cells counted from the raw police.uk rows."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from dash import html

from geodata.crs import lonlat_to_bng
from queries.analysis.methods import method_named
from tests.analysis_db import X0, Y0, config_with
from tests.conftest import serving
from tests.page_trees import find, text_of
from tests.partner_analysis_db import build_partner_analysis_db
from tests.sample_rows import loaded_lsoa_codes, raw_rows

DEMO_CELLS = 12_752  # the demo's 250 m grid over Calderdale and Kirklees (docs/analysis.md)


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.hotspots")


@pytest.fixture
def five_by_five(demo_app, tmp_path):
    """The page serving the hand-built 5 x 5 grid of 500 m cells: one burglary in each, 10 in the nine middle ones."""
    with serving(
        demo_app, build_partner_analysis_db(tmp_path / "grid.duckdb"), config_with({"grid": {"cell_size_m": 500.0}})
    ):
        yield


def cells_of(rows: list[dict]) -> set[tuple[float, float]]:
    return {(row["easting"], row["northing"]) for row in rows}


def demo_cells(month: str | None = None, category: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The 250 m cell centres of the demo's located incidents in the loaded areas, from the raw rows."""
    located = [
        row
        for row in raw_rows()
        if row["LSOA code"] in loaded_lsoa_codes()
        and row["Longitude"]
        and (month is None or row["Month"] == month)
        and (category is None or row["Crime type"] == category)
    ]
    x, y = lonlat_to_bng(
        np.array([float(row["Longitude"]) for row in located]), np.array([float(row["Latitude"]) for row in located])
    )
    return np.floor(x / 250) * 250 + 125, np.floor(y / 250) * 250 + 125


def test_the_plan_and_the_hot_spot_on_a_grid_worked_out_by_hand(callbacks, five_by_five):
    figure, rows, summary, notes, problem = callbacks.call("hotspots-map", [], [], "all", "1", [], [])
    assert problem is None
    # Top 1% of 25 cells is one place; the nine middle cells tie at 10 incidents, so each holds a ninth of it.
    middle = {(X0 + 500 * col + 250, Y0 + 500 * row + 250) for row in (1, 2, 3) for col in (1, 2, 3)}
    assert cells_of(rows) == middle
    assert all(row["plan_rank"] == 1 and row["incidents"] == 10 for row in rows)
    # Gi* (tests/partner_analysis_db.py): only the centre cell is a hot spot, z = 4.899.
    (hot,) = [row for row in rows if "hot spot" in row["flagged_as"]]
    assert (hot["easting"], hot["northing"]) == (X0 + 1250, Y0 + 1250) and hot["z"] == pytest.approx(4.899, abs=1e-3)
    assert hot["flagged_as"] == "Plan (tied, 0.11), hot spot"
    assert summary == (
        "1 hot and 0 cold spot cells of 25 (106 incidents on the grid). The patrol plan covers the top 1% of the "
        "area by prior counts: 9 cells."
    )
    drawn = {trace["name"].split(":")[0]: len(trace["locations"]) for trace in figure["data"]}
    assert drawn["Gi* hot spots"] == 1 and drawn["Patrol plan"] == 9
    assert "All 106 incidents matching the filters are in the loaded areas: none is left out." in text_of(notes, " ")


def test_within_one_area_the_grid_covers_that_area_only(callbacks, five_by_five):
    _, rows, summary, _, _ = callbacks.call("hotspots-map", [], [], "neighbourhood:N1", "5", ["density"], [])
    # N1 is the western two columns: 10 cells, the three middle ones of column 1 tied at 10 for the one place.
    assert cells_of(rows) == {(X0 + 750, Y0 + 500 * row + 250) for row in (1, 2, 3)}
    assert "of 10 (" in summary and "3 cells" in summary


def test_the_busiest_cells_count_the_incidents_police_uk_published_in_them(callbacks):
    _, rows, _, _, _ = callbacks.call("hotspots-map", [], [], "all", "1", [], [])
    centre_x, centre_y = demo_cells()
    for row in rows[:3]:
        assert row["plan_rank"] == rows.index(row) + 1
        assert row["incidents"] == int(((centre_x == row["easting"]) & (centre_y == row["northing"])).sum())
    assert rows[0]["incidents"] == 173
    assert len(rows) < 2000  # only flagged cells, never the 12,752 of the grid


def test_empty_cells_tied_at_the_cut_off_are_counted_in_the_summary_not_drawn(callbacks):
    figure, rows, summary, _, _ = callbacks.call(
        "hotspots-map", ["2018-07"], ["Possession of weapons"], "all", "5", [], []
    )
    # Fewer cells hold a weapons offence than the 5% of places, so the plan takes each of them whole, and the
    # places left over are shared by every empty cell.
    centre_x, centre_y = demo_cells("2018-07", "Possession of weapons")
    busy = set(zip(centre_x, centre_y, strict=True))
    planned = [row for row in rows if row["plan_rank"] is not None]
    assert cells_of(planned) == busy
    assert f"{DEMO_CELLS - len(busy):,} cells with no incidents tied at the cut-off" in summary
    assert sum(len(trace["locations"]) for trace in figure["data"] if trace["name"] != "Area outlines") < 1000


def test_the_evaluation_shows_the_documented_demo_scores_and_its_verdict(callbacks):
    rows, hidden, verdict, _ = callbacks.call("hotspots-scores", [], [], "all", [])
    assert hidden is False
    methods = ["prior_counts", "kde", "gi_star", "counts_kde", "best_possible"]
    assert [row["method_label"] for row in rows] == [method_named(method).label for method in methods]
    prior = rows[0]
    assert round(prior["pai_1"], 1) == 22.4 and round(prior["hit_rate_5"], 3) == 0.575  # docs/analysis.md
    assert prior["pai_range_1"] == "22.2 to 22.8"  # the lowest and highest over the four grid positions
    for row in rows:
        # The mean PAI lies within its own range over the grid positions (the range is rounded to 0.1).
        low, high = (float(part) for part in row["pai_range_1"].split(" to "))
        assert low - 0.05 <= row["pai_1"] <= high + 0.05
    assert rows[-1]["hit_rate_5"] >= max(row["hit_rate_5"] for row in rows)  # nothing beats hindsight
    assert [row["used"] for row in rows] == ["Used by the plan", "", "", "", ""]
    text = text_of(verdict, " ")
    assert "The patrol plan uses prior counts." in text
    assert "Counts, ties broken by density scored" in text and "counts_kde" not in text  # words, not names
    assert "beat them in only 90% of bootstrap resamples" in text  # prior counts win, and the page says why
    assert "Mean PAI over 4 grid position(s)" in text
    assert "Trained on Jul 2016, Jul 2017" in text and "tested on Jul 2018" in text  # months as a reader writes them


def test_ticking_the_candidates_judges_them_too_and_the_plan_follows_the_winner(callbacks):
    rows, _, verdict, _ = callbacks.call("hotspots-scores", [], [], "all", ["candidates"])
    methods = ["prior_counts", "kde", "gi_star", "counts_kde", "counts_points", "decayed_counts", "best_possible"]
    assert [row["method_label"] for row in rows] == [method_named(method).label for method in methods]
    scores = {row["method_label"]: row for row in rows}
    assert round(scores["Counts plus street places"]["pai_1"], 1) == 22.7  # docs/analysis.md, the candidates table
    assert round(rows[0]["pai_1"], 1) == 22.4  # prior counts as without the candidates
    # counts_points is ahead in 97% of resamples, past the 95% rule, so the plan uses it (docs/analysis.md).
    assert "The patrol plan uses counts plus street places." in text_of(verdict, " ")
    assert scores["Counts plus street places"]["used"] == "Used by the plan"


def test_one_month_gives_a_message_instead_of_an_evaluation(callbacks):
    rows, hidden, verdict, _ = callbacks.call("hotspots-scores", ["2018-07"], [], "all", [])
    assert rows == [] and hidden is True
    assert "needs more than 1 month(s)" in text_of(verdict, " ") and "prior counts" in text_of(verdict, " ")


@pytest.mark.parametrize(
    "values",
    [
        (["2099-01"], [], "all", "1", [], []),
        ([], ["Piracy"], "all", "1", [], []),
        ([], [], "csp:NOPE", "1", [], []),
        ([], [], "all", "7", [], []),
        ([], [], "all", "1", ["bogus"], []),
        ([], [], "all", "1", [], ["everything"]),
        ("2018-07", None, 5, None, "density", "candidates"),
    ],
)
def test_a_value_that_is_not_a_choice_gives_a_notice_not_an_exception(callbacks, values):
    response = callbacks.post("hotspots-map", *values)
    assert response.status_code == 200
    answer = response.json["response"]
    assert answer["hotspots-table"]["rowData"] == []
    assert "this page offers" in text_of(answer["hotspots-problem"]["children"], " ")
    scores = callbacks.post("hotspots-scores", *values[:3], values[5])
    assert scores.status_code == 200
    if values[0] == ["2099-01"] or values[2] != "all":
        assert "this page offers" in text_of(scores.json["response"]["hotspots-verdict"]["children"], " ")


def test_the_layout_reads_the_url_and_says_what_it_ignored(page):
    layout = page.layout(
        months="2018-07,2099-01", categories="Burglary,Nonsense", within="csp:NOPE", share="7", show="density,bogus"
    )
    assert find(layout, page.MONTHS).value == ["2018-07"]
    assert find(layout, page.CATEGORIES).value == ["Burglary"]
    assert find(layout, page.WITHIN).value == "all"
    assert find(layout, page.SHARE).value == "1"
    assert find(layout, page.SHOW).value == ["density"]
    assert "ignored: months=2099-01; categories=Nonsense; within=csp:NOPE; share=7; show=bogus" in text_of(layout)
    chosen = page.layout(within="neighbourhood:E02002270", share="5", category="Burglary")  # an old link's key
    assert find(chosen, page.WITHIN).value == "neighbourhood:E02002270"
    assert find(chosen, page.SHARE).value == "5"
    assert find(chosen, page.CATEGORIES).value == ["Burglary"]
    assert isinstance(chosen, html.Div) and "ignored" not in text_of(chosen)


def test_the_busiest_cells_are_named_by_the_commonest_police_uk_locations_in_them(callbacks):
    figure, rows, _, _, _ = callbacks.call("hotspots-map", [], [], "all", "1", [], [])
    located = [row for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes() and row["Longitude"]]
    centre_x, centre_y = demo_cells()
    hover = {text for trace in figure["data"] if trace["name"].startswith("Patrol plan") for text in trace["text"]}
    for row in rows[:5]:
        here = (centre_x == row["easting"]) & (centre_y == row["northing"])
        counts: dict[str, int] = {}
        for number in np.flatnonzero(here):
            counts[located[number]["Location"]] = counts.get(located[number]["Location"], 0) + 1
        commonest = sorted(counts, key=lambda name: (-counts[name], name))[:3]
        assert row["place_names"] == "; ".join(commonest)
        assert any("<br>".join(commonest) in text for text in hover)
    assert all(row["place_names"].startswith("On or near ") for row in rows[:5])
