"""The analysis commands on real police.uk data: the demo, and a database of boundaries and police data only."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import esda
import libpysal
import numpy as np
import pytest
from typer.testing import CliRunner

import cli.analysis  # noqa: F401  (registers the analysis commands)
from cli.app import app
from demo.build import LSOA_BOUNDARIES, POLICE_UK
from geodata.grid import neighbour_lists
from queries.analysis.evaluation import evaluate_methods
from queries.analysis.hotspots import gi_star_z
from queries.analysis.patrol import patrol_plan
from queries.analysis.points import grid_points
from queries.analysis.rates import area_rates
from queries.analysis.selection import Selection, parse_months
from queries.config import load_config
from queries.errors import CspmapError
from tests.cli_runner import run_cli
from tests.sample_rows import loaded_lsoa_codes, raw_rows

runner = CliRunner()


def invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(arg) for arg in args])
    if result.exception is not None:
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str | Path) -> dict:
    return json.loads(invoke(*args, "--json"))


def test_gi_star_equals_esda_on_the_demo_grid(demo_con):
    # The real 250 m grid clipped to Calderdale and Kirklees (12,752 cells) and the real counts.
    points = grid_points(demo_con, Selection(), 250.0)
    counts = points.counts()
    w = libpysal.weights.W(neighbour_lists(points.lattice, "queen"), silence_warnings=True)
    expected = esda.G_Local(counts, w, transform="B", star=True, permutations=0).Zs
    assert np.max(np.abs(gi_star_z(points.lattice, counts, "queen") - expected)) < 1e-9


def test_every_placed_incident_is_counted_once(demo_con):
    placed, located = demo_con.execute(
        "SELECT count(*), count(easting) FROM incidents WHERE area_code IS NOT NULL"
    ).fetchone()
    rates = area_rates(demo_con, "lsoa", Selection(), load_config()).table
    assert rates["incidents"].sum() == placed
    points = grid_points(demo_con, Selection(), 250.0)
    assert points.counts().sum() + points.off_grid == located


def test_evaluate_on_the_demo_says_honestly_that_prior_counts_win(demo_db):
    report = as_json("evaluate", "--db", demo_db, "--train", "2016-07,2017-07", "--test", "2018-07")
    assert report["best_method"] == "prior_counts"
    rows = {(row["method"], row["share"]): row for row in report["rows"]}
    assert set(rows) == {
        (method, share)
        for method in ("prior_counts", "kde", "gi_star", "counts_kde", "best_possible")
        for share in (0.01, 0.05)
    }
    # Flagging 1% of cells catches more than 1% of next year's incidents by a wide margin, short of the ceiling.
    assert 10 < rows[("prior_counts", 0.01)]["pai"] < rows[("best_possible", 0.01)]["pai"]
    assert "patrol plan uses prior counts" in report["notes"][1]
    # PAI is the mean over four grid positions; where the grid starts moves it, and the range says by how much.
    prior = rows[("prior_counts", 0.01)]
    assert prior["pai_min"] < prior["pai"] < prior["pai_max"]
    assert report["notes"][2].startswith("Mean PAI over 4 grid position(s), the grid shifted diagonally by 0, 0.25")
    assert (
        f"prior_counts {prior['pai']:.1f} (from {prior['pai_min']:.1f} to {prior['pai_max']:.1f})" in report["notes"][2]
    )


def test_evaluate_judges_the_forecast_candidates_when_asked(demo_db, demo_con):
    # --methods names what to judge; prior counts are always judged, as every method is judged against them, and
    # their figures do not depend on what else is judged.
    report = as_json(
        "evaluate", "--db", demo_db, "--train", "2016-07,2017-07", "--test", "2018-07", "--methods", "counts_points"
    )
    rows = {(row["method"], row["share"]): row for row in report["rows"]}
    assert {method for method, _ in rows} == {"prior_counts", "counts_points", "best_possible"}
    julys = parse_months("2016-07,2017-07,2018-07")
    default = evaluate_methods(demo_con, julys[:2], julys[2:], Selection(), load_config()).scores
    assert rows[("prior_counts", 0.01)]["pai"] == pytest.approx(
        default.set_index(["method", "share"]).loc[("prior_counts", 0.01), "pai"]
    )
    wins = rows[("counts_points", 0.01)]["wins_vs_prior_counts"]
    assert 0 < wins < 1 and f"ahead in {wins:.0%} of bootstrap resamples" in " ".join(report["notes"])
    refused = run_cli(
        "evaluate",
        "--db",
        demo_db,
        "--train",
        "2016-07",
        "--test",
        "2017-07",
        "--methods",
        "best",
        expect_success=False,
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "Unknown method(s) 'best'" in refused.stderr + refused.stdout
    ceiling = run_cli(
        "evaluate", "--db", demo_db, "--train", "2016-07", "--test", "2017-07", "--methods", "best_possible",
        expect_success=False,
    )  # fmt: skip
    assert ceiling.returncode != 0 and "Traceback" not in ceiling.stderr  # the ceiling is not a method to judge
    assert "Unknown method(s) 'best_possible'" in ceiling.stderr + ceiling.stdout


def test_each_grid_position_is_judged_on_its_own_shifted_grid(demo_con):
    # Judged alone, the grid shifted by half a cell gives the figures that position contributes to the mean; the
    # mean of the four single-position runs is the reported mean.
    config = load_config()
    julys = parse_months("2016-07,2017-07,2018-07")
    alone = {}
    for offset in (0.0, 0.25, 0.5, 0.75):
        grid = config.grid.model_copy(update={"evaluation_offsets": [offset]})
        single = evaluate_methods(demo_con, julys[:2], julys[2:], Selection(), config.model_copy(update={"grid": grid}))
        alone[offset] = single.scores.set_index(["method", "share"]).loc[("prior_counts", 0.01), "pai"]
    together = evaluate_methods(demo_con, julys[:2], julys[2:], Selection(), config)
    row = together.scores.set_index(["method", "share"]).loc[("prior_counts", 0.01)]
    assert len(set(alone.values())) > 1  # the shifted grids really differ
    assert row["pai"] == pytest.approx(sum(alone.values()) / 4)
    assert (row["pai_min"], row["pai_max"]) == (min(alone.values()), max(alone.values()))


def test_patrol_plan_flags_five_percent_of_the_grid(demo_con):
    plan = patrol_plan(demo_con, Selection(), load_config(), share=0.05)
    assert plan.method == "prior_counts"
    cells = grid_points(demo_con, Selection(), 250.0).lattice.n_cells
    assert plan.cells["flagged"].sum() == pytest.approx(round(0.05 * cells))
    # Each cell is named by the neighbourhood its centre is in (a cell on the edge of the loaded areas may have
    # its centre outside them all): the busiest is in Halifax town centre.
    assert plan.cells.loc[0, ["area_code", "area_name"]].tolist() == ["E02002251", "Calderdale 008"]


def placed_rows(**match: str) -> list[dict[str, str]]:
    """The demo's raw rows in the loaded LSOAs (every placed incident: the demo has none placed by its point)."""
    return [
        row
        for row in raw_rows()
        if row["LSOA code"] in loaded_lsoa_codes() and all(row[key] == value for key, value in match.items())
    ]


def both_ways(demo_db: Path, *args: str) -> tuple[dict, list[dict[str, str]]]:
    """A command's JSON and its CSV rows, which must hold the same rows; the table names the result too."""
    report = as_json(*args, "--db", demo_db)
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "--db", demo_db, "--csv"))))
    assert len(rows) == len(report["rows"])
    assert report["title"].split(" ")[0] in invoke(*args, "--db", demo_db)
    return report, rows


def test_rates_by_category_count_every_placed_incident_of_each_category(demo_db):
    report, rows = both_ways(demo_db, "rates", "--level", "neighbourhood", "--by-category")
    counted = Counter()
    for row in report["rows"]:
        counted[row["category"]] += row["incidents"]
    assert {category: n for category, n in counted.items() if n} == Counter(row["Crime type"] for row in placed_rows())
    assert sum(int(row["incidents"]) for row in rows) == len(placed_rows())


def test_priorities_name_the_top_five_with_contributions_adding_up(demo_db):
    report, _ = both_ways(demo_db, "priorities", "--level", "neighbourhood", "--top", "5")
    assert [row["rank"] for row in report["rows"]] == [1, 2, 3, 4, 5] and report["top"] == 5
    for row in report["rows"]:
        points = [value for key, value in row.items() if key.startswith("contribution_")]
        assert sum(points) == pytest.approx(row["score"]) and 0 <= row["top_share"] <= 1


def test_hotspots_within_calderdale_hold_its_located_asb(demo_db):
    report, _ = both_ways(demo_db, "hotspots", "--category", "asb", "--within", "csp:E08000033")
    calderdale = [
        row
        for row in placed_rows(**{"Crime type": "Anti-social behaviour"})
        if row["LSOA name"].startswith("Calderdale")
    ]
    assert sum(row["incidents"] for row in report["rows"]) == sum(1 for row in calderdale if row["Longitude"])
    assert report["cells"] == 6090  # Calderdale's cells of the 250 m grid


def test_the_patrol_plan_flags_one_percent_of_the_grid(demo_db):
    report, _ = both_ways(demo_db, "patrol", "--share", "0.01")
    assert sum(row["flagged"] for row in report["rows"]) == pytest.approx(round(0.01 * 12_752))


def repeat_points(months: tuple[str, ...]) -> Counter:
    """Incidents at each published map point with incidents in two or more of ``months``, from the raw rows."""
    seen: dict[tuple[str, str], set[str]] = {}
    for row in placed_rows():
        if row["Longitude"] and row["Month"] in months:
            seen.setdefault((row["Longitude"], row["Latitude"]), set()).add(row["Month"])
    return Counter(
        (row["Longitude"], row["Latitude"])
        for row in placed_rows()
        if row["Month"] in months and len(seen.get((row["Longitude"], row["Latitude"]), ())) >= 2
    )


def test_repeat_locations_are_the_map_points_with_incidents_in_both_julys(demo_db):
    report, _ = both_ways(demo_db, "repeats", "--months", "2017-07..2018-07")
    points = repeat_points(("2017-07", "2018-07"))
    assert len(report["rows"]) == len(points)
    assert report["rows"][0]["incidents"] == max(points.values())


def test_emerging_says_how_many_months_it_needs(demo_db):
    with pytest.raises(CspmapError, match=r"at least 10 months of police data; the selection has 3"):
        invoke("emerging", "--db", demo_db)


@pytest.fixture(scope="module")
def police_only_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a user might bring first: LSOA boundaries and police.uk files, no population, no other levels."""
    db = tmp_path_factory.mktemp("police-only") / "cspmap.duckdb"
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "police-uk", POLICE_UK, "--db", db, "--quiet")
    return db


def test_commands_run_on_police_data_without_population_or_levels(police_only_db):
    rates = as_json("rates", "--db", police_only_db)
    assert {row["compared"] for row in rates["rows"]} == {"no population"}
    assert any("no population figure" in note for note in rates["notes"])
    priorities = as_json("priorities", "--db", police_only_db, "--top", "3")
    assert [row["rank"] for row in priorities["rows"]] == [1, 2, 3]
    assert any("crime_rate skipped" in note for note in priorities["notes"])
    assert as_json("hotspots", "--db", police_only_db)["cells"] == 12_752
    repeats = as_json("repeats", "--db", police_only_db)["rows"]
    assert len(repeats) == len(repeat_points(("2016-07", "2017-07", "2018-07"))) == 3031
