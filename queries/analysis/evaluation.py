"""Judge hotspot methods on months they did not see: PAI, hit rate and RRI; the patrol plan uses the winner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import bng_to_lonlat
from queries.analysis.hotspots import Hotspots, gi_star_z
from queries.analysis.kde import quartic_kde
from queries.analysis.methods import BASELINE, BEST_POSSIBLE, method_named
from queries.analysis.points import GridPoints, cell_areas, grid_points
from queries.analysis.selection import Selection, format_months, require_months, settle_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals


@dataclass(frozen=True)
class Evaluation:
    """One row per method and share of the grid flagged (``scores``); ``best_method`` is the one the patrol plan
    uses and ``verdict`` says why in a sentence; ``trained_on`` names the months and incidents each side."""

    scores: pd.DataFrame
    best_method: str
    train_months: tuple[date, ...]
    test_months: tuple[date, ...]
    trained_on: str
    verdict: str
    placement: PlacementTotals  # the incidents of those months: in the loaded areas, outside, unlocated
    method_notes: tuple[str, ...]  # what else the figures rest on (the placement's note among them)

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note, as the CLI prints them: the months, the verdict, then the method notes."""
        return (self.trained_on, self.verdict, *self.method_notes)


def flag_top(scores: np.ndarray, share: float) -> np.ndarray:
    """How much of each cell is flagged when the top ``share`` of cells (at least one) is flagged.

    Cells are taken in descending score. Cells tied at the cut-off share the remaining places equally, which is
    the average over every way of breaking the tie: no arbitrary order decides who is flagged.
    """
    scores = np.asarray(scores, dtype=float)
    k = min(len(scores), max(1, round(share * len(scores))))
    threshold = np.sort(scores)[::-1][k - 1]
    above = scores > threshold
    tied = scores == threshold
    flagged = above.astype(float)
    flagged[tied] = (k - above.sum()) / tied.sum()
    return flagged


def capture_measures(
    flagged: np.ndarray, train: np.ndarray, test: np.ndarray, cell_area: np.ndarray | None = None
) -> dict[str, float]:
    """Hit rate, PAI and RRI for the flagged cells.

    hit rate = n/N (test incidents in flagged cells over all test incidents); PAI = hit rate / a/A, a/A being
    the flagged share of the study area: each cell counts the part of it inside the area (``cell_area``, e.g.
    ``Lattice.cell_inside_area()``; every cell whole when None), so cells clipped by the boundary do not inflate
    the denominator; RRI (Levine 2008) = (n_test/n_train) / (N_test/N_train), the flagged cells'
    incidents in the test months over those in the training months, relative to the same ratio for all cells.
    """
    # Products are summed elementwise, not with BLAS: its threads stall when the machine is busy.
    area = np.ones(len(flagged)) if cell_area is None else np.asarray(cell_area, dtype=float)
    area_share = (flagged * area).sum() / area.sum()
    hits = float((flagged * test).sum())
    total_test, total_train = float(test.sum()), float(train.sum())
    train_hits = float((flagged * train).sum())
    hit_rate = hits / total_test if total_test else np.nan
    rri = np.nan
    if train_hits and total_test and total_train:
        rri = (hits / train_hits) / (total_test / total_train)
    return {
        "flagged_cells": flagged.sum(),
        "hits": hits,
        "hit_rate": hit_rate,
        "pai": hit_rate / area_share,
        "rri": rri,
    }


def method_scores(method: str, points: GridPoints, months: tuple[date, ...], config: AnalysisConfig) -> np.ndarray:
    """Each cell's score by ``method`` from the incidents of ``months`` (higher means flag first)."""
    lattice = points.lattice
    counts = points.counts(months)
    if method == "prior_counts":
        return counts
    if method == "gi_star":
        return gi_star_z(lattice, counts, config.grid.neighbourhood)
    in_months = points.on_grid & np.isin(points.months, np.array(months, dtype="datetime64[D]"))
    density = quartic_kde(lattice, points.x[in_months], points.y[in_months], config.hotspots.kde_bandwidth_m)
    if method == "kde":
        return density
    if method == "counts_kde":
        expected = density * (lattice.cell_size**2 / 1e6)
        return counts + config.evaluation.counts_kde_weight * expected
    raise ValueError(f"unknown method {method!r}")


def evaluate_methods(
    con: duckdb.DuckDBPyConnection,
    train_months: tuple[date, ...],
    test_months: tuple[date, ...],
    selection: Selection,
    config: AnalysisConfig,
    points: GridPoints | None = None,
) -> Evaluation:
    """Score every configured method on the training months and judge it on the test months."""
    overlap = set(train_months) & set(test_months)
    if overlap:
        raise CspmapError(f"Training and test months must differ; both include {format_months(sorted(overlap))}.")
    require_months(con, tuple(train_months) + tuple(test_months))
    if points is None:
        points = grid_points(con, selection.with_months(None), config.grid.cell_size_m)
    train, test = points.counts(train_months), points.counts(test_months)
    area = points.lattice.cell_inside_area()
    rows = []
    flags: dict[str, list[np.ndarray]] = {}
    for method in [*config.evaluation.methods, BEST_POSSIBLE]:
        scores = test if method == BEST_POSSIBLE else method_scores(method, points, train_months, config)
        flags[method] = [flag_top(scores, share) for share in config.evaluation.shares]
        for share, flagged in zip(config.evaluation.shares, flags[method], strict=True):
            rows.append({"method": method, "share": share, **capture_measures(flagged, train, test, area)})
    table = pd.DataFrame(rows)
    contenders = {method: flags[method] for method in config.evaluation.methods}
    wins = bootstrap_wins(contenders, test, config.evaluation.bootstrap_runs, config.evaluation.seed, area)
    table["wins_vs_prior_counts"] = table["method"].map(wins)
    best, verdict = choose_method(table, wins, config.evaluation.required_wins)
    trained_on = (
        f"Trained on {format_months(train_months)} ({int(train.sum()):,} incidents on the grid); "
        f"tested on {format_months(test_months)} ({int(test.sum()):,})."
    )
    notes = points.notes()
    if max(test_months) < max(train_months):
        notes.append("Some training months come after the test months: this is not a forecast of the future.")
    placement = placement_totals(con, tuple(train_months) + tuple(test_months), selection.categories)
    notes.append(placement.left_out_note)
    return Evaluation(
        scores=table,
        best_method=best,
        train_months=tuple(sorted(train_months)),
        test_months=tuple(sorted(test_months)),
        trained_on=trained_on,
        verdict=verdict,
        placement=placement,
        method_notes=tuple(notes),
    )


def bootstrap_wins(
    flags: dict[str, list[np.ndarray]],
    test: np.ndarray,
    runs: int,
    seed: int,
    cell_area: np.ndarray | None = None,
) -> dict[str, float]:
    """For each method, the share of bootstrap resamples of the cells in which its mean PAI beats prior counts'.

    Each cell is given a Poisson(1) count of copies (the Poisson bootstrap, a close stand-in for drawing cells with
    replacement), the same draw for every method, so the comparison is paired; the flags stay as trained. Cells
    are treated as independent, which neighbouring cells are not: read this as a guide to noise, not an exact test.
    A resample's area share weights each drawn cell by its area inside the study area (``cell_area``), as PAI does.
    """
    if BASELINE not in flags:
        return {}
    area = np.ones(len(test)) if cell_area is None else np.asarray(cell_area, dtype=float)
    rng = np.random.default_rng(seed)
    ahead = dict.fromkeys(flags, 0)
    for block in range(0, runs, 100):
        draws = rng.poisson(1.0, size=(min(100, runs - block), len(test))).astype(float)
        total, drawn_area = (draws * test).sum(axis=1), (draws * area).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):  # a resample without the flagged cells: PAI undefined
            mean_pai = {
                method: np.mean(
                    [
                        (draws * (f * test)).sum(axis=1) / total / ((draws * (f * area)).sum(axis=1) / drawn_area)
                        for f in chosen
                    ],
                    axis=0,
                )
                for method, chosen in flags.items()
            }
        for method in flags:
            ahead[method] += int(np.sum(mean_pai[method] > mean_pai[BASELINE]))
    return {method: ahead[method] / runs for method in flags if method != BASELINE}


def choose_method(table: pd.DataFrame, wins: dict[str, float], required: float) -> tuple[str, str]:
    """The method with the highest mean PAI, if it beats prior counts reliably; else prior counts."""
    mean_pai = table[table["method"].isin([BASELINE, *wins])].groupby("method", sort=False)["pai"].mean()
    best = str(mean_pai.idxmax())
    if BASELINE not in mean_pai.index:
        return best, f"{best} scored best on the held-out months (prior counts were not evaluated)."
    if best == BASELINE:
        return best, "Nothing beat prior counts on the held-out months, so the patrol plan uses prior counts."
    gain = mean_pai[best] / mean_pai[BASELINE] - 1
    if wins[best] < required:
        return BASELINE, (
            f"{best} scored {gain:+.1%} mean PAI against prior counts, but beat them in only {wins[best]:.0%} of "
            f"bootstrap resamples ({required:.0%} needed): not a reliable gain, so the patrol plan uses prior counts."
        )
    return best, (
        f"{best} beat prior counts on the held-out months (mean PAI {gain:+.1%}, ahead in {wins[best]:.0%} of "
        "bootstrap resamples); the patrol plan uses it."
    )


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
        holdout = config.evaluation.holdout_months
        if len(months) <= holdout:
            method = BASELINE
            notes.append(
                f"Choosing a method needs more than {holdout} month(s) of data; with {len(months)}, prior counts "
                "are used."
            )
        else:
            evaluation = evaluate_methods(con, months[:-holdout], months[-holdout:], selection, config, points)
            method = evaluation.best_method
            notes.extend((evaluation.trained_on, evaluation.verdict))
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


def wide_scores(evaluation: Evaluation) -> pd.DataFrame:
    """One row per method in the evaluation's order, with ``pai_<share>``, ``hit_rate_<share>`` and
    ``rri_<share>`` side by side (``share_key`` names the share), ``wins`` against prior counts, and ``used``
    (True for the method the patrol plan uses)."""
    scores = evaluation.scores
    wide = scores.pivot(index="method", columns="share", values=["pai", "hit_rate", "rri"])
    wide.columns = [f"{measure}_{share_key(share)}" for measure, share in wide.columns]
    wins = scores.groupby("method", sort=False)["wins_vs_prior_counts"].first()
    rows = wide.reindex(list(dict.fromkeys(scores["method"]))).reset_index()
    rows["wins"] = rows["method"].map(wins)
    rows["used"] = rows["method"] == evaluation.best_method
    return rows


def share_key(share: float) -> str:
    """A share of the grid as a column suffix: 0.01 -> ``1``, 0.025 -> ``2_5``."""
    return f"{share * 100:g}".replace(".", "_")
