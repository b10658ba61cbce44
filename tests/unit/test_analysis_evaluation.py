"""Judging hotspot methods: flagging with ties, PAI, hit rate, RRI and the choice of method, by hand."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.grid import Lattice, locate_points
from queries.analysis.evaluation import (
    Evaluation,
    GridFlags,
    bootstrap_wins,
    capture_measures,
    choose_method,
    flag_top,
    method_scores,
    share_key,
    summarise_offsets,
    wide_scores,
)
from queries.analysis.evaluation import _poisson_ones as poisson_ones
from queries.analysis.hotspots import Hotspots
from queries.analysis.patrol import PatrolPlan, flagged_cells
from queries.analysis.points import GridPoints
from queries.config import load_config
from queries.incidents import PlacementTotals


def test_ties_at_the_cut_off_share_the_remaining_places():
    # Five cells, flag 40% = 2 cells. Scores 5, 3, 3, 1, 0: the 5 is in; two cells tie at 3 for one place,
    # so each holds half of it.
    assert flag_top(np.array([5.0, 3.0, 3.0, 1.0, 0.0]), 0.4).tolist() == [1.0, 0.5, 0.5, 0.0, 0.0]
    # At least one cell is always flagged.
    assert flag_top(np.array([1.0, 2.0, 0.0]), 0.01).tolist() == [0.0, 1.0, 0.0]


def test_pai_hit_rate_and_rri_by_hand():
    flagged = np.array([1.0, 0.5, 0.5, 0.0, 0.0])
    train = np.array([6.0, 2.0, 2.0, 0.0, 0.0])  # N_train = 10
    test = np.array([4.0, 2.0, 0.0, 1.0, 3.0])  # N_test = 10
    measures = capture_measures(flagged, train, test)
    # hits n = 4 + 0.5*2 + 0.5*0 = 5; hit rate = 5/10 = 0.5; flagged area a/A = 2/5 = 0.4; PAI = 0.5/0.4 = 1.25.
    # Training incidents in the flagged cells = 6 + 1 + 1 = 8; RRI = (5/8) / (10/10) = 0.625.
    assert measures == pytest.approx({"flagged_cells": 2.0, "hits": 5.0, "hit_rate": 0.5, "pai": 1.25, "rri": 0.625})


def test_pai_divides_by_the_flagged_share_of_the_area_inside_the_region():
    # Two cells, the second clipped by the boundary to half a square: flagging the whole first cell flags
    # 10,000 of 15,000 square metres (2/3), not 1 of 2 cells. Hit rate 3/4, so PAI = 0.75 / (2/3) = 1.125.
    measures = capture_measures(
        np.array([1.0, 0.0]), np.array([1.0, 1.0]), np.array([3.0, 1.0]), np.array([10000.0, 5000.0])
    )
    assert measures["pai"] == pytest.approx(1.125)
    assert measures["hit_rate"] == pytest.approx(0.75)


def test_rri_is_undefined_when_the_flagged_cells_had_no_training_incidents():
    measures = capture_measures(np.array([0.0, 1.0]), np.array([3.0, 0.0]), np.array([1.0, 1.0]))
    assert measures["pai"] == pytest.approx(1.0)
    assert np.isnan(measures["rri"])


def scores_table(pai: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"method": method, "share": 0.01, "pai": value} for method, value in pai.items()])


def test_prior_counts_stay_unless_beaten_reliably():
    table = scores_table({"prior_counts": 10.0, "kde": 11.0, "gi_star": 9.0})
    best, verdict = choose_method(table, {"kde": 0.99, "gi_star": 0.0}, required=0.95)
    assert best == "kde" and "+10.0%" in verdict
    best, verdict = choose_method(table, {"kde": 0.80, "gi_star": 0.0}, required=0.95)
    assert best == "prior_counts" and "not a reliable gain" in verdict
    best, verdict = choose_method(scores_table({"prior_counts": 10.0, "kde": 9.0}), {"kde": 0.0}, required=0.95)
    assert best == "prior_counts" and verdict.startswith("Nothing beat prior counts")


def test_bootstrap_wins_are_paired_and_reproducible():
    # All test incidents are in cell 0. kde flags cell 0; prior counts tie cells 0 and 1 (half each). Cell i is
    # drawn d_i ~ Poisson(1) times: kde's PAI = cells/d0 and prior counts' = cells/(d0 + d1), so kde is ahead
    # exactly when d0 > 0 (else both are undefined) and d1 > 0: probability (1 - e^-1)^2 = 0.3996.
    test = np.array([10.0, 0.0, 0.0, 0.0])
    flags = {"prior_counts": [np.array([0.5, 0.5, 0.0, 0.0])], "kde": [np.array([1.0, 0.0, 0.0, 0.0])]}
    grid = GridFlags(flags=flags, test=test, cell_area=np.ones(4))
    wins = bootstrap_wins([grid], runs=4000, seed=1, methods=["prior_counts", "kde"])
    assert wins["kde"] == pytest.approx((1 - np.exp(-1)) ** 2, abs=0.03)
    assert bootstrap_wins([grid], runs=4000, seed=1, methods=["prior_counts", "kde"]) == wins
    # A method identical to prior counts is never strictly ahead.
    same = GridFlags(flags={**flags, "kde": flags["prior_counts"]}, test=test, cell_area=np.ones(4))
    assert bootstrap_wins([same], runs=100, seed=1, methods=["prior_counts", "kde"])["kde"] == 0.0
    # The mean is over both grids. On a second grid kde flags an empty cell (PAI 0) and prior counts the busy one,
    # so kde is ahead only when its lead on the first grid (> 0 only if d1 > 0) outweighs that deficit: less often
    # than on the first grid alone.
    against = GridFlags(
        flags={"prior_counts": [np.array([1.0, 0.0, 0.0, 0.0])], "kde": [np.array([0.0, 0.0, 0.0, 1.0])]},
        test=test,
        cell_area=np.ones(4),
    )
    assert bootstrap_wins([grid, against], runs=4000, seed=1, methods=["prior_counts", "kde"])["kde"] < wins["kde"]


class _Uniforms:
    """Stands in for a random generator whose uniforms are chosen, to probe the Poisson(1) draws at their steps."""

    def __init__(self, values: list[float]) -> None:
        self.values = np.array(values)

    def random(self, shape: tuple[int, int]) -> np.ndarray:
        return self.values.reshape(shape)


def test_the_bootstraps_poisson_draws_step_where_the_poisson_one_cdf_does():
    # P(X <= k) = sum of e^-1 / j! for j <= k. A uniform u draws the smallest k with P(X <= k) > u: just below the
    # step P(X <= k) it draws k, at the step k + 1.
    steps = [sum(math.exp(-1) / math.factorial(j) for j in range(k + 1)) for k in range(7)]
    below = [math.nextafter(step, 0) for step in steps]
    uniforms = [0.0, *below, *steps[:-1]]
    expected = [0, *range(7), *range(1, 7)]
    drawn = poisson_ones(_Uniforms(uniforms), (1, len(uniforms)))
    assert drawn.ravel().tolist() == expected
    # And over many draws each count comes up as often as Poisson(1) says (within 5 standard errors).
    draws = poisson_ones(np.random.default_rng(3), (1000, 1000)).ravel()
    for k in range(5):
        p = math.exp(-1) / math.factorial(k)
        assert abs(np.mean(draws == k) - p) < 5 * math.sqrt(p * (1 - p) / draws.size)


def test_offsets_are_summarised_by_mean_and_range():
    # Prior counts score PAI 20 and 24 on two grid positions (mean 22, range 20 to 24), hit rate 0.2 and 0.3.
    by_offset = pd.DataFrame(
        [
            {"offset": 0.0, "method": "prior_counts", "share": 0.01, "pai": 20.0, "hit_rate": 0.2},
            {"offset": 0.5, "method": "prior_counts", "share": 0.01, "pai": 24.0, "hit_rate": 0.3},
            {"offset": 0.0, "method": "kde", "share": 0.01, "pai": 18.0, "hit_rate": 0.1},
            {"offset": 0.5, "method": "kde", "share": 0.01, "pai": 17.0, "hit_rate": 0.1},
        ]
    )
    table = summarise_offsets(by_offset).set_index("method")
    assert table.loc["prior_counts", ["pai", "pai_min", "pai_max"]].tolist() == [22.0, 20.0, 24.0]
    assert table.loc["prior_counts", "hit_rate"] == pytest.approx(0.25)
    assert table.loc["kde", ["pai", "pai_min", "pai_max"]].tolist() == [17.5, 17.0, 18.0]


def test_flagged_cells_lists_hot_spots_and_the_plan_without_its_empty_ties():
    # Six cells: 0 and 1 hot, 5 cold; the plan holds cell 2 (score 9), cell 1 (score 4) and, tied at the cut-off,
    # cell 3 (score 4, half a place) and cell 4 (score 0, a third of a place: an empty tie, left out).
    hotspots = Hotspots(
        cells=pd.DataFrame(
            {"cell": range(6), "z": [3.0, 2.5, 1.0, 0.5, 0.0, -2.0], "spot": ["hot", "hot", "", "", "", "cold"]}
        ),
        lattice=None,
        incidents=0,
        placement=PlacementTotals(0, 0, 0),
        notes=(),
    )
    plan = PatrolPlan(
        cells=pd.DataFrame({"cell": [2, 1, 3, 4], "score": [9.0, 4.0, 4.0, 0.0], "flagged": [1.0, 1.0, 0.5, 1 / 3]}),
        method="prior_counts",
        evaluation=None,
        placement=PlacementTotals(0, 0, 0),
        notes=(),
    )
    assert plan.empty_ties.tolist() == [False, False, False, True]
    flagged = flagged_cells(hotspots, plan)
    # Plan first by rank (cells 1 and 3 tie for rank 2, the higher z first), then hot and cold spots by z.
    assert flagged["cell"].tolist() == [2, 1, 3, 0, 5]
    assert flagged["plan_rank"].tolist()[:3] == [1.0, 2.0, 2.0] and flagged["plan_rank"][3:].isna().all()
    assert flagged["plan_place"].tolist()[:3] == [1.0, 1.0, 0.5]
    assert flagged["in_plan"].tolist() == [True, True, True, False, False]


def test_wide_scores_put_each_share_side_by_side_in_the_evaluations_order():
    scores = pd.DataFrame(
        {
            "method": ["prior_counts", "prior_counts", "kde", "kde"],
            "share": [0.01, 0.05, 0.01, 0.05],
            "pai": [20.0, 10.0, 18.0, 11.0],
            "pai_min": [19.0, 9.0, 17.0, 10.0],
            "pai_max": [21.0, 11.0, 19.5, 12.0],
            "hit_rate": [0.2, 0.5, 0.18, 0.55],
            "rri": [1.0, 0.9, 1.1, 0.8],
            "wins_vs_prior_counts": [np.nan, np.nan, 0.3, 0.3],
        }
    )
    evaluation = Evaluation(
        scores=scores,
        by_offset=scores,
        offsets=(0.0,),
        best_method="prior_counts",
        train_months=(),
        test_months=(),
        trained_on="",
        verdict="",
        spread="",
        placement=PlacementTotals(0, 0, 0),
        method_notes=(),
    )
    wide = wide_scores(evaluation)
    assert wide["method"].tolist() == ["prior_counts", "kde"]
    assert wide[["pai_1", "pai_5", "hit_rate_5", "rri_1"]].to_numpy().tolist() == [
        [20.0, 10.0, 0.5, 1.0],
        [18.0, 11.0, 0.55, 1.1],
    ]
    assert wide[["pai_min_1", "pai_max_1"]].to_numpy().tolist() == [[19.0, 21.0], [17.0, 19.5]]
    assert wide["used"].tolist() == [True, False] and wide["wins"].tolist()[1] == 0.3
    assert share_key(0.025) == "2_5"


def test_counts_points_and_decayed_counts_by_hand():
    # Two cells of 100 m. Cell 0: in 2016 three incidents at one map point; in 2017 one incident at another
    # point. Cell 1: in 2017 two incidents at two different points. A NaN point is on no cell.
    lattice = Lattice(x0=0.0, y0=0.0, cell_size=100.0, active=np.ones((1, 2), dtype=bool))
    # One row per map point and month, with its incidents, as grid_points reads them.
    x = np.array([10.0, 20.0, 150.0, 160.0, np.nan])
    y = np.array([10.0, 20.0, 50.0, 50.0, np.nan])
    months = np.array(["2016-07-01"] + ["2017-07-01"] * 4, dtype="datetime64[D]")
    incidents = np.array([3, 1, 1, 1, 1])
    points = GridPoints(lattice, x, y, months, incidents, locate_points(lattice, x, y), no_location=1, off_grid=0)
    assert points.counts().tolist() == [4.0, 2.0]
    assert points.counts((date(2016, 7, 1),)).tolist() == [3.0, 0.0]
    both = (date(2016, 7, 1), date(2017, 7, 1))
    config = load_config()
    # counts_points (weight 1): counts 4 and 2, distinct map points 2 and 2 -> 6 and 4.
    assert method_scores("counts_points", points, both, config).tolist() == [6.0, 4.0]
    # decayed_counts (0.5): 2017 counts whole, 2016 half: cell 0 = 1 + 0.5 x 3 = 2.5, cell 1 = 2.
    assert method_scores("decayed_counts", points, both, config).tolist() == [2.5, 2.0]
