"""The patrol plan: the top share of the grid's cells by the hot spot method that did best on held-out months."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import bng_to_lonlat
from queries.analysis.evaluation import Evaluation, evaluate_methods, flag_top, method_scores
from queries.analysis.hotspots import Hotspots
from queries.analysis.methods import BASELINE, method_named
from queries.analysis.points import GridPoints, cell_areas, grid_points
from queries.analysis.selection import Selection, settle_months
from queries.config import AnalysisConfig
from queries.incidents import PlacementTotals, placement_totals


@dataclass(frozen=True)
class PatrolPlan:
    """The cells to patrol: the top ``share`` of the grid by the method that did best on held-out months."""

    cells: pd.DataFrame
    method: str
    evaluation: Evaluation | None
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them

    @property
    def empty_ties(self) -> pd.Series:
        """Cells holding a fraction of a place at the cut-off with a score of 0: typically thousands of empty cells
        sharing the last places when a category is rare. They carry no information about where to patrol."""
        return (self.cells["flagged"] < 1) & (self.cells["score"] <= 0)


def plan_evaluation(
    con: duckdb.DuckDBPyConnection, selection: Selection, config: AnalysisConfig, points: GridPoints | None = None
) -> Evaluation | None:
    """The evaluation a patrol plan picks its method by: every method trained on the selection's months before the
    latest ``evaluation.holdout_months`` and judged on those; None when there are not more months than that.

    A page showing the evaluation and a plan calls this once and passes the winner to :func:`patrol_plan` as
    ``method``, so the evaluation is worked out once per selection, not again for every share of the area.
    """
    selection, _ = settle_months(con, selection)
    months = tuple(sorted(selection.months or ()))
    holdout = config.evaluation.holdout_months
    if len(months) <= holdout:
        return None
    return evaluate_methods(con, months[:-holdout], months[-holdout:], selection, config, points)


def patrol_plan(
    con: duckdb.DuckDBPyConnection,
    selection: Selection,
    config: AnalysisConfig,
    share: float,
    method: str | None = None,
) -> PatrolPlan:
    """Flag the top ``share`` of cells using every selected month.

    Without ``method``, the latest ``evaluation.holdout_months`` months are held out, every method is trained on
    the months before and judged on them, and the winner is used (prior counts when nothing beats them).
    """
    if method is not None:
        method_named(method)  # an unknown name is an error before any work
    selection, month_notes = settle_months(con, selection)
    months = tuple(sorted(selection.months or ()))
    points = grid_points(con, selection, config.grid.cell_size_m)
    evaluation = None
    notes: list[str] = list(month_notes)
    if method is None:
        evaluation = plan_evaluation(con, selection, config, points)
        if evaluation is None:
            method = BASELINE
            notes.append(
                f"Choosing a method needs more than {config.evaluation.holdout_months} month(s) of data; with "
                f"{len(months)}, prior counts are used."
            )
        else:
            method = evaluation.best_method
            notes.extend((evaluation.trained_on, evaluation.verdict, evaluation.spread))
    scores = method_scores(method, points, months, config)
    flagged = flag_top(scores, share)
    x, y = points.lattice.centres()
    chosen = flagged > 0
    lon, lat = bng_to_lonlat(x[chosen], y[chosen])
    cells = pd.DataFrame(
        {
            "cell": np.flatnonzero(chosen),
            "easting": x[chosen],
            "northing": y[chosen],
            "longitude": np.round(lon, 6),
            "latitude": np.round(lat, 6),
            "score": scores[chosen],
            "incidents": points.counts(months)[chosen].astype(np.int64),
            "flagged": flagged[chosen],
        }
    )
    cells = pd.concat([cells, cell_areas(con, x[chosen], y[chosen])], axis=1)
    cells = cells.sort_values("score", ascending=False, ignore_index=True)
    notes.insert(0, f"{method}: {method_named(method).note}; top {share:.1%} of {points.lattice.n_cells:,} cells.")
    if (flagged[chosen] < 1).any():
        notes.append("Cells tied at the cut-off are listed with the fraction of a place each holds (flagged < 1).")
    placement = placement_totals(con, months, selection.categories)
    notes.append(placement.left_out_note)
    return PatrolPlan(cells=cells, method=method, evaluation=evaluation, placement=placement, notes=tuple(notes))


def flagged_cells(hotspots: Hotspots, plan: PatrolPlan) -> pd.DataFrame:
    """The cells worth drawing and listing: significant Gi* cells and the plan's cells, plan first.

    Both results must be on the same grid (same selection and cell size): they join on ``cell``. Adds
    ``plan_rank`` (1 = highest score, ties share the best rank), ``plan_place`` (the share of a place the cell
    holds, below 1 when tied at the cut-off) and ``in_plan``. The plan's empty ties (``PatrolPlan.empty_ties``)
    are left out.
    """
    in_plan = plan.cells[~plan.empty_ties].set_index("cell")
    ranks = in_plan["score"].rank(method="min", ascending=False)
    cells = hotspots.cells
    flagged = cells[(cells["spot"] != "") | cells["cell"].isin(in_plan.index)].copy()
    flagged["plan_rank"] = flagged["cell"].map(ranks)
    flagged["plan_place"] = flagged["cell"].map(in_plan["flagged"])
    flagged["in_plan"] = flagged["plan_place"].notna()
    return flagged.sort_values(["plan_rank", "z"], ascending=[True, False], na_position="last", ignore_index=True)
