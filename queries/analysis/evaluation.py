"""Judge hotspot methods on months they did not see: PAI, hit rate and RRI; the patrol plan (patrol.py) uses the
winner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from geodata.grid import locate_points
from queries.analysis.hotspots import gi_star_z
from queries.analysis.kde import quartic_kde
from queries.analysis.methods import BASELINE, BEST_POSSIBLE, METHODS
from queries.analysis.points import GridPoints, MapPlaces, grid_points, study_lattice
from queries.analysis.selection import Selection, format_months, require_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals


@dataclass(frozen=True)
class Evaluation:
    """One row per method and share of the grid flagged (``scores``): each measure is its mean over the grid
    offsets, with PAI's lowest and highest (``pai_min``, ``pai_max``); ``by_offset`` has one row per offset too.
    ``best_method`` is the one the patrol plan uses and ``verdict`` says why in a sentence; ``trained_on`` names
    the months and incidents each side."""

    scores: pd.DataFrame
    by_offset: pd.DataFrame  # the same measures for each grid offset (``offset``: a fraction of a cell)
    offsets: tuple[float, ...]
    best_method: str
    train_months: tuple[date, ...]
    test_months: tuple[date, ...]
    trained_on: str
    verdict: str
    spread: str  # the mean PAI and its range over the offsets, per method, in words
    placement: PlacementTotals  # the incidents of those months: in the loaded areas, outside, unlocated
    method_notes: tuple[str, ...]  # what else the figures rest on (the placement's note among them)

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note, as the CLI prints them: the months, the verdict, the spread, then the method notes."""
        return (self.trained_on, self.verdict, self.spread, *self.method_notes)


@dataclass(frozen=True)
class GridFlags:
    """One grid position's flagged cells (per method, one array per share), its test counts and cell areas."""

    flags: dict[str, list[tuple[np.ndarray, np.ndarray]]]  # per share: the flagged cells and their flags
    test: np.ndarray
    cell_area: np.ndarray


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


def method_scores(
    method: str,
    points: GridPoints,
    months: tuple[date, ...],
    config: AnalysisConfig,
    density: np.ndarray | None = None,
) -> np.ndarray:
    """Each cell's score by ``method`` from the incidents of ``months`` (higher means flag first).

    ``density`` is the KDE of those incidents on this lattice when already computed (``training_density``), so
    methods that share it do not compute it twice.
    """
    lattice = points.lattice
    counts = points.counts(months)
    if method == "prior_counts":
        return counts
    if method == "gi_star":
        return gi_star_z(lattice, counts, config.grid.neighbourhood)
    if method == "counts_points":
        return counts + config.evaluation.counts_points_weight * map_points_per_cell(points, months)
    if method == "decayed_counts":
        ordered = sorted(months)
        return sum(
            config.evaluation.decay ** (len(ordered) - 1 - k) * points.counts((month,))
            for k, month in enumerate(ordered)
        )
    if density is None:
        density = training_density(points, months, config)
    if method == "kde":
        return density
    if method == "counts_kde":
        expected = density * (lattice.cell_size**2 / 1e6)
        return counts + config.evaluation.counts_kde_weight * expected
    raise ValueError(f"unknown method {method!r}")


def map_points_per_cell(points: GridPoints, months: tuple[date, ...]) -> np.ndarray:
    """How many distinct police.uk map points (street places) had an incident in each cell in ``months``."""
    places = points.places(months)
    cells = locate_points(points.lattice, places.x, places.y)
    return np.bincount(cells[cells >= 0], minlength=points.lattice.n_cells).astype(float)


def training_density(
    points: GridPoints, months: tuple[date, ...], config: AnalysisConfig, places: MapPlaces | None = None
) -> np.ndarray:
    """The quartic KDE of the on-grid incidents of ``months`` at every cell centre.

    ``places`` is ``points.places(months)`` when already worked out: the shifted grids of one evaluation share it,
    and only which places fall in a cell of this grid is found again.
    """
    if places is None:
        places = points.places(months)
    on = locate_points(points.lattice, places.x, places.y) >= 0
    return quartic_kde(
        points.lattice, places.x[on], places.y[on], config.hotspots.kde_bandwidth_m, point_weights=places.incidents[on]
    )


EVERY_METHOD = "all"  # asks for every method in the registry, the forecast candidates included


def with_methods(config: AnalysisConfig, names: list[str]) -> AnalysisConfig:
    """``config`` judging ``names`` instead of ``evaluation.methods`` (``all``: every method cspmap has), prior
    counts always first: every other method is judged against it."""
    if EVERY_METHOD in names:
        names = list(METHODS)
    unknown = [name for name in names if name not in METHODS]
    if unknown:
        raise CspmapError(f"Unknown method(s) {', '.join(map(repr, unknown))}: choose {', '.join(METHODS)} or all.")
    chosen = [BASELINE, *dict.fromkeys(name for name in names if name != BASELINE)]
    return config.model_copy(update={"evaluation": config.evaluation.model_copy(update={"methods": chosen})})


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
    size = config.grid.cell_size_m
    if points is None:
        points = grid_points(con, selection.with_months(tuple(sorted({*train_months, *test_months}))), size)
    offsets = tuple(config.grid.evaluation_offsets)
    rows = []
    grids: list[GridFlags] = []
    train_places = points.places(train_months)
    for offset in offsets:
        # The incidents are read once; each shifted grid only re-measures the lattice and re-locates them.
        shifted = points
        if offset:
            shifted = points.on_lattice(study_lattice(con, size, selection.within, (offset * size, offset * size)))
        grid, measures = _judge_on_grid(shifted, train_months, test_months, config, train_places)
        grids.append(grid)
        rows += [{"offset": offset, **row} for row in measures]
    by_offset = pd.DataFrame(rows)
    table = summarise_offsets(by_offset)
    wins = bootstrap_wins(grids, config.evaluation.bootstrap_runs, config.evaluation.seed, config.evaluation.methods)
    table["wins_vs_prior_counts"] = table["method"].map(wins)
    best, verdict = choose_method(table, wins, config.evaluation.required_wins)
    train, test = points.counts(train_months), points.counts(test_months)
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
        by_offset=by_offset,
        offsets=offsets,
        best_method=best,
        train_months=tuple(sorted(train_months)),
        test_months=tuple(sorted(test_months)),
        trained_on=trained_on,
        verdict=verdict,
        spread=describe_spread(table, offsets),
        placement=placement,
        method_notes=tuple(notes),
    )


def _judge_on_grid(
    points: GridPoints,
    train_months: tuple[date, ...],
    test_months: tuple[date, ...],
    config: AnalysisConfig,
    train_places: MapPlaces,
) -> tuple[GridFlags, list[dict]]:
    """Every method's flags and measures on one grid position (the KDE computed once for the methods using it)."""
    train, test = points.counts(train_months), points.counts(test_months)
    area = points.lattice.cell_inside_area()
    density = None
    if {"kde", "counts_kde"} & set(config.evaluation.methods):
        density = training_density(points, train_months, config, train_places)
    rows = []
    flags: dict[str, list[np.ndarray]] = {}
    for method in [*config.evaluation.methods, BEST_POSSIBLE]:
        scores = test if method == BEST_POSSIBLE else method_scores(method, points, train_months, config, density)
        flags[method] = [flag_top(scores, share) for share in config.evaluation.shares]
        for share, flagged in zip(config.evaluation.shares, flags[method], strict=True):
            rows.append({"method": method, "share": share, **capture_measures(flagged, train, test, area)})
    return GridFlags(flags=flags, test=test, cell_area=area), rows


def summarise_offsets(by_offset: pd.DataFrame) -> pd.DataFrame:
    """One row per method and share: every measure's mean over the offsets, and PAI's lowest and highest."""
    grouped = by_offset.drop(columns="offset").groupby(["method", "share"], sort=False)
    table = grouped.mean().reset_index()
    table["pai_min"] = grouped["pai"].min().to_numpy()
    table["pai_max"] = grouped["pai"].max().to_numpy()
    return table


def describe_spread(table: pd.DataFrame, offsets: tuple[float, ...]) -> str:
    """Each method's mean PAI and its range over the grid offsets, in a sentence per share."""
    shifts = ", ".join(f"{offset:g}" for offset in offsets)
    parts = []
    for share, rows in table.groupby("share", sort=False):
        figures = "; ".join(
            f"{row.method} {row.pai:.1f} (from {row.pai_min:.1f} to {row.pai_max:.1f})"
            for row in rows.itertuples(index=False)
        )
        parts.append(f"PAI at {share:.0%}: {figures}.")
    return (
        f"Mean PAI over {len(offsets)} grid position(s), the grid shifted diagonally by {shifts} of a cell, "
        f"with its lowest and highest: {' '.join(parts)}"
    )


def bootstrap_wins(grids: list[GridFlags], runs: int, seed: int, methods: list[str]) -> dict[str, float]:
    """For each method, the share of bootstrap resamples in which its mean PAI beats prior counts'.

    The mean is over every grid position and share, as the choice of method is. Each cell of each grid is given a
    Poisson(1) count of copies (the Poisson bootstrap, a close stand-in for drawing cells with replacement), the
    same draw for every method, so the comparison is paired; the flags stay as trained. A resample's area share
    weights each drawn cell by its area inside the study area, as PAI does. Cells are treated as independent,
    which neighbouring cells (and the same ground on shifted grids) are not: read this as a guide to noise, not
    an exact test.
    """
    if BASELINE not in methods:
        return {}
    rng = np.random.default_rng(seed)
    ahead = dict.fromkeys(methods, 0)
    reduced = [_resampled_cells(grid, methods) for grid in grids]
    for block in range(0, runs, 100):
        size = min(100, runs - block)
        summed = {method: np.zeros(size) for method in methods}
        for grid in reduced:
            draws = _poisson_ones(rng, (size, len(grid.test)))
            total = (draws * grid.test).sum(axis=1)
            drawn_area = (draws * grid.cell_area).sum(axis=1) + grid.rest_area * rng.poisson(grid.rest_cells, size)
            # Products are summed elementwise, not with BLAS: its threads stall when the machine is busy. Only the
            # flagged cells (a few percent of the grid) enter a method's sums, so only their draws are read.
            with np.errstate(invalid="ignore", divide="ignore"):  # no flagged cell drawn: PAI undefined
                for method in methods:
                    for cells, flag in grid.flags[method]:
                        chosen = draws[:, cells]
                        hits = (chosen * (flag * grid.test[cells])).sum(axis=1) / total
                        summed[method] += hits / ((chosen * (flag * grid.cell_area[cells])).sum(axis=1) / drawn_area)
        for method in methods:
            ahead[method] += int(np.sum(summed[method] > summed[BASELINE]))
    return {method: ahead[method] / runs for method in methods if method != BASELINE}


@dataclass(frozen=True)
class _ResampledCells:
    """A grid cut down to the cells whose individual draws matter, and the whole squares left over."""

    flags: dict[str, list[tuple[np.ndarray, np.ndarray]]]  # per share: the flagged cells and their flags
    test: np.ndarray
    cell_area: np.ndarray
    rest_cells: int
    rest_area: float


def _resampled_cells(grid: GridFlags, methods: list[str]) -> _ResampledCells:
    # A whole cell with no test incident that no method flags adds only its area to a resample, so all of them
    # together add (their area) x (a sum of Poisson(1) draws), which is one Poisson draw of their number: exact, and
    # most of the grid need not be drawn cell by cell.
    full = grid.cell_area.max()
    keep = (grid.test > 0) | (grid.cell_area != full)
    for method in methods:
        for f in grid.flags[method]:
            keep |= f > 0
    return _ResampledCells(
        flags={method: [_flagged(f[keep]) for f in grid.flags[method]] for method in methods},
        test=grid.test[keep],
        cell_area=grid.cell_area[keep],
        rest_cells=int((~keep).sum()),
        rest_area=float(full),
    )


def _flagged(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    cells = np.flatnonzero(flags)
    return cells, flags[cells]


# Poisson(1) drawn by inverse CDF from uniforms: several times cheaper than Generator.poisson cell by cell. The
# inverse is read from a table of 2**16 equal bins of [0, 1) (a uniform times 2**16 is exact, so its bin is too),
# and searched for only in the 8 bins a step of the CDF falls inside: the same draws as searching every one, a
# third of the time.
_POISSON_ONE_CDF = np.cumsum(np.exp(-1.0) / np.cumprod(np.r_[1.0, np.arange(1.0, 20.0)]))
_BINS = 1 << 16
_BIN_DRAW = np.searchsorted(_POISSON_ONE_CDF, np.arange(_BINS) / _BINS, side="right")
_BIN_HAS_STEP = (
    np.searchsorted(_POISSON_ONE_CDF, np.nextafter((np.arange(_BINS) + 1) / _BINS, 0), side="right") > _BIN_DRAW
)


def _poisson_ones(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    uniform = rng.random(shape)
    bins = (uniform * _BINS).astype(np.intp)
    draws = _BIN_DRAW[bins].astype(float)
    step = _BIN_HAS_STEP[bins]
    draws[step] = np.searchsorted(_POISSON_ONE_CDF, uniform[step], side="right")
    return draws


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


def wide_scores(evaluation: Evaluation) -> pd.DataFrame:
    """One row per method in the evaluation's order, with ``pai_<share>`` (the mean over grid offsets),
    ``pai_min_<share>``, ``pai_max_<share>``, ``hit_rate_<share>`` and ``rri_<share>`` side by side
    (``share_key`` names the share), ``wins`` against prior counts, and ``used`` (True for the method the patrol
    plan uses)."""
    scores = evaluation.scores
    wide = scores.pivot(index="method", columns="share", values=["pai", "pai_min", "pai_max", "hit_rate", "rri"])
    wide.columns = [f"{measure}_{share_key(share)}" for measure, share in wide.columns]
    wins = scores.groupby("method", sort=False)["wins_vs_prior_counts"].first()
    rows = wide.reindex(list(dict.fromkeys(scores["method"]))).reset_index()
    rows["wins"] = rows["method"].map(wins)
    rows["used"] = rows["method"] == evaluation.best_method
    return rows


def share_key(share: float) -> str:
    """A share of the grid as a column suffix: 0.01 -> ``1``, 0.025 -> ``2_5``."""
    return f"{share * 100:g}".replace(".", "_")
