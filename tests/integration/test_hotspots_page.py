"""The hot spots and patrol plan page's callbacks called directly on the demo, checked against the analysis and the
raw police.uk rows."""

from __future__ import annotations

import importlib
from datetime import date

import numpy as np
import pytest
from dash import html

from geodata.crs import lonlat_to_bng
from queries.analysis.evaluation import evaluate_methods, patrol_plan
from queries.analysis.hotspots import grid_hotspots
from queries.analysis.methods import method_named
from queries.analysis.selection import Selection
from queries.config import load_config
from tests.conftest import run_callback
from tests.page_trees import find, text_of
from tests.sample_rows import loaded_lsoa_codes, raw_rows

pytestmark = pytest.mark.filterwarnings("ignore:\\s*The dash_table.DataTable will be removed:DeprecationWarning")

JULYS = (date(2016, 7, 1), date(2017, 7, 1), date(2018, 7, 1))


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.hotspots")


def cells_of(rows: list[dict]) -> set[tuple[float, float]]:
    return {(row["easting"], row["northing"]) for row in rows}


def test_the_table_and_map_hold_exactly_the_patrol_plans_cells_and_the_gi_star_hot_cells(page, demo_con):
    figure, rows, summary, _, problem = run_callback(page.show_hotspots, [], [], "all", "1", [])
    assert problem is None
    config = load_config()
    plan = patrol_plan(demo_con, Selection(), config, 0.01)
    hot = grid_hotspots(demo_con, Selection(), config).cells.query("spot != ''")
    planned = [row for row in rows if row["plan_rank"] is not None]
    assert cells_of(planned) == set(zip(plan.cells["easting"], plan.cells["northing"], strict=True))
    assert cells_of(row for row in rows if "hot spot" in row["flagged_as"].lower()) == set(
        zip(hot["easting"], hot["northing"], strict=True)
    )
    assert cells_of(rows) == cells_of(planned) | set(zip(hot["easting"], hot["northing"], strict=True))
    assert len(rows) < 2000  # only flagged cells, never the 12,752 of the grid
    drawn = {trace.name.split(":")[0]: len(trace.locations) for trace in figure.data if trace.name != "Area outlines"}
    assert drawn == {"Gi* hot spots": len(hot), "Patrol plan": len(plan.cells)}
    assert f"{len(plan.cells):,} cells" in summary and "by prior counts" in summary


def test_the_busiest_cells_count_the_incidents_police_uk_published_in_them(page):
    _, rows, _, _, _ = run_callback(page.show_hotspots, [], [], "all", "1", [])
    located = [row for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes() and row["Longitude"]]
    x, y = lonlat_to_bng(
        np.array([float(row["Longitude"]) for row in located]), np.array([float(row["Latitude"]) for row in located])
    )
    centre_x, centre_y = np.floor(x / 250) * 250 + 125, np.floor(y / 250) * 250 + 125
    for row in rows[:3]:
        assert row["plan_rank"] == rows.index(row) + 1
        assert row["incidents"] == int(((centre_x == row["easting"]) & (centre_y == row["northing"])).sum())
    assert rows[0]["incidents"] == 173


def test_empty_cells_tied_at_the_cut_off_are_counted_in_the_summary_not_drawn(page, demo_con):
    figure, rows, summary, _, _ = run_callback(
        page.show_hotspots, ["2018-07"], ["Possession of weapons"], "all", "5", []
    )
    plan = patrol_plan(
        demo_con, Selection(months=(date(2018, 7, 1),), categories=("Possession of weapons",)), load_config(), 0.05
    )
    empty = plan.cells[(plan.cells["flagged"] < 1) & (plan.cells["score"] == 0)]
    assert len(empty) > 10_000
    assert f"{len(empty):,} cells with no incidents tied at the cut-off" in summary
    planned = [row for row in rows if row["plan_rank"] is not None]
    assert len(planned) == len(plan.cells) - len(empty)
    assert all(row["incidents"] > 0 for row in planned)
    assert sum(len(trace.locations) for trace in figure.data if trace.name != "Area outlines") < 1000


def test_the_evaluation_shows_evaluate_methods_numbers_and_its_verdict(page, demo_con):
    rows, hidden, verdict, _ = run_callback(page.show_evaluation, [], [], "all")
    config = load_config()
    evaluation = evaluate_methods(demo_con, JULYS[:2], JULYS[2:], Selection(), config)
    assert hidden is False
    scores = evaluation.scores.set_index(["method", "share"])
    methods = ["prior_counts", "kde", "gi_star", "counts_kde", "best_possible"]
    assert [row["method_label"] for row in rows] == [method_named(method).label for method in methods]
    for method, row in zip(methods, rows, strict=True):
        for share, key in ((0.01, "1"), (0.05, "5")):
            assert row[f"pai_{key}"] == scores.loc[(method, share), "pai"]
            assert row[f"hit_rate_{key}"] == scores.loc[(method, share), "hit_rate"]
            assert row[f"rri_{key}"] == scores.loc[(method, share), "rri"]
    assert rows[3]["wins"] == scores.loc[("counts_kde", 0.01), "wins_vs_prior_counts"]
    prior = rows[0]
    # The range is the lowest and highest PAI over the grid positions, from evaluate_methods' own table.
    low, high = evaluation.by_offset.query("method == 'prior_counts' and share == 0.01")["pai"].agg(["min", "max"])
    assert prior["pai_range_1"] == f"{low:.1f} to {high:.1f}"
    assert round(prior["pai_1"], 1) == 22.4 and round(prior["hit_rate_5"], 3) == 0.575  # docs/analysis.md
    assert prior["used"] == "Used by the plan"
    assert evaluation.best_method == patrol_plan(demo_con, Selection(), config, 0.01).method == "prior_counts"
    text = text_of(verdict, " ")
    assert "The patrol plan uses prior counts." in text and evaluation.verdict in text
    assert "Mean PAI over 4 grid position(s)" in text
    assert "beat them in only 90% of bootstrap resamples" in text  # prior counts win, and the page says why


def test_one_month_gives_a_message_instead_of_an_evaluation(page):
    rows, hidden, verdict, _ = run_callback(page.show_evaluation, ["2018-07"], [], "all")
    assert rows == [] and hidden is True
    assert "needs more than 1 month(s)" in text_of(verdict, " ") and "prior counts" in text_of(verdict, " ")


def test_months_without_data_give_a_message_not_an_exception(page):
    figure, rows, _, _, problem = run_callback(page.show_hotspots, ["2099-01"], [], "all", "1", [])
    assert rows == [] and "No incidents for 2099-01" in text_of(problem, " ")
    assert figure.layout.map.style == "white-bg"
    rows, hidden, verdict, _ = run_callback(page.show_evaluation, ["2099-01"], [], "all")
    assert rows == [] and hidden is True and "No incidents for 2099-01" in text_of(verdict, " ")


def test_within_one_area_the_grid_covers_that_area_only(page, demo_con):
    _, rows, summary, _, _ = run_callback(page.show_hotspots, [], [], "csp:E08000033", "5", ["density"])
    plan = patrol_plan(demo_con, Selection(within=("csp", "E08000033")), load_config(), 0.05)
    assert {row["plan_rank"] for row in rows if row["plan_rank"] is not None} <= set(range(1, len(plan.cells) + 1))
    assert cells_of(row for row in rows if row["plan_rank"] is not None) == set(
        zip(plan.cells["easting"], plan.cells["northing"], strict=True)
    )
    assert "of 6,090 (" in summary  # Calderdale's cells, not the whole grid's 12,752


def test_the_layout_reads_the_url_and_ignores_values_that_are_not_choices(page):
    layout = page.layout(
        months="2018-07,2099-01", category="Burglary,Nonsense", within="csp:NOPE", share="7", show="density,bogus"
    )
    assert find(layout, page.MONTHS).value == ["2018-07"]
    assert find(layout, page.CATEGORIES).value == ["Burglary"]
    assert find(layout, page.WITHIN).value == "all"
    assert find(layout, page.SHARE).value == "1"
    assert find(layout, page.SHOW).value == ["density"]
    chosen = page.layout(within="neighbourhood:E02002270", share="5")
    assert find(chosen, page.WITHIN).value == "neighbourhood:E02002270"
    assert find(chosen, page.SHARE).value == "5"
    assert isinstance(chosen, html.Div)


def test_the_busiest_cells_are_named_by_the_commonest_police_uk_locations_in_them(page):
    figure, rows, _, _, _ = run_callback(page.show_hotspots, [], [], "all", "1", [])
    located = [row for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes() and row["Longitude"]]
    x, y = lonlat_to_bng(
        np.array([float(row["Longitude"]) for row in located]), np.array([float(row["Latitude"]) for row in located])
    )
    centre_x, centre_y = np.floor(x / 250) * 250 + 125, np.floor(y / 250) * 250 + 125
    hover = {text for trace in figure.data if trace.name.startswith("Patrol plan") for text in trace.text}
    for row in rows[:5]:
        here = (centre_x == row["easting"]) & (centre_y == row["northing"])
        counts: dict[str, int] = {}
        for number in np.flatnonzero(here):
            counts[located[number]["Location"]] = counts.get(located[number]["Location"], 0) + 1
        commonest = sorted(counts, key=lambda name: (-counts[name], name))[:3]
        assert row["place_names"] == "; ".join(commonest)
        assert any("<br>".join(commonest) in text for text in hover)
    assert all(row["place_names"].startswith("On or near ") for row in rows[:5])
