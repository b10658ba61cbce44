"""The analysis commands on real police.uk data: the demo, and a database of boundaries and police data only."""

from __future__ import annotations

import csv
import io
import json
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
from queries.analysis.evaluation import evaluate_methods, patrol_plan
from queries.analysis.hotspots import gi_star_z
from queries.analysis.points import grid_points
from queries.analysis.rates import area_rates
from queries.analysis.selection import Selection, parse_months
from queries.config import load_config
from queries.errors import CspmapError
from tests.cli_runner import run_cli

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


@pytest.mark.parametrize(
    "args",
    [
        ("rates", "--level", "neighbourhood", "--by-category"),
        ("priorities", "--level", "neighbourhood", "--top", "5"),
        ("hotspots", "--category", "asb", "--within", "csp:E08000033"),
        ("patrol", "--share", "0.01"),
        ("repeats", "--months", "2017-07..2018-07"),
        ("harm",),
    ],
)
def test_commands_give_json_csv_and_a_table_on_the_demo(demo_db, args):
    db = () if args == ("harm",) else ("--db", demo_db)
    report = as_json(*args, *db)
    assert report["rows"] and report["notes"]
    rows = list(csv.DictReader(io.StringIO(invoke(*args, *db, "--csv"))))
    assert len(rows) == len(report["rows"])
    assert report["title"].split(" ")[0] in invoke(*args, *db)


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
    assert as_json("hotspots", "--db", police_only_db)["cells"] > 10_000
    assert as_json("repeats", "--db", police_only_db)["rows"]
