"""Emerging hot spots: Esri's categories from a Gi* per month and a Mann-Kendall trend in each cell's z-scores."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from geodata.crs import bng_to_lonlat
from queries.analysis.hotspots import gi_star
from queries.analysis.points import grid_points
from queries.analysis.selection import Selection, format_months, month_range, settle_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals

NO_PATTERN = "no pattern"


@dataclass(frozen=True)
class MannKendall:
    """Mann-Kendall trend test: S, its variance (corrected for ties), z, two-sided p and Kendall's tau."""

    s: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p: np.ndarray
    tau: np.ndarray


def mann_kendall(series: np.ndarray) -> MannKendall:
    """The Mann-Kendall test on each row of ``series`` (a 1-D series is one row), time along the last axis.

    S = sum over i < j of sign(x_j - x_i); Var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 over groups of t
    tied values; z = (S - 1)/sqrt(Var) if S > 0, (S + 1)/sqrt(Var) if S < 0, else 0; p = 2(1 - Phi(|z|));
    tau = S / (n(n-1)/2).
    """
    x = np.atleast_2d(np.asarray(series, dtype=float))
    n = x.shape[1]
    s = np.zeros(x.shape[0])
    for i in range(n - 1):
        s += np.sign(x[:, i + 1 :] - x[:, i : i + 1]).sum(axis=1)
    # Each value in a group of t ties adds (t - 1)(2t + 5), so a group adds t(t - 1)(2t + 5) in all.
    ties = np.zeros(x.shape[0])
    for i in range(n):
        t = (x == x[:, i : i + 1]).sum(axis=1)
        ties += (t - 1) * (2 * t + 5)
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    z = np.zeros_like(s)
    positive, negative = (s > 0) & (variance > 0), (s < 0) & (variance > 0)
    z[positive] = (s[positive] - 1) / np.sqrt(variance[positive])
    z[negative] = (s[negative] + 1) / np.sqrt(variance[negative])
    pairs = n * (n - 1) / 2
    return MannKendall(s=s, variance=variance, z=z, p=2 * stats.norm.sf(np.abs(z)), tau=s / pairs if pairs else s)


def classify_location(
    hot: np.ndarray, cold: np.ndarray, trend_z: float, trend_p: float, alpha: float = 0.05, share: float = 0.9
) -> str:
    """Esri's emerging hot spot category for one location from its significant hot/cold months (oldest first)."""
    hot, cold = np.asarray(hot, dtype=bool), np.asarray(cold, dtype=bool)
    if hot[-1] or (hot.mean() >= share and not cold[-1]):
        return _classify_side("hot", hot, cold, trend_z, trend_p, alpha, share)
    if cold[-1] or cold.mean() >= share:
        return _classify_side("cold", cold, hot, -trend_z, trend_p, alpha, share)
    return NO_PATTERN


def _classify_side(
    kind: str, same: np.ndarray, other: np.ndarray, z: float, p: float, alpha: float, share: float
) -> str:
    # For cold spots the trend is mirrored: "intensifying" means getting colder.
    if same.mean() >= share:
        if not same[-1]:
            return f"historical {kind} spot"
        if p < alpha and z > 0:
            return f"intensifying {kind} spot"
        if p < alpha and z < 0:
            return f"diminishing {kind} spot"
        return f"persistent {kind} spot"
    # Having been the opposite kind of spot comes first (as in sfdep): a cold spot turned hot oscillates.
    if other.any():
        return f"oscillating {kind} spot"
    run = len(same) - np.flatnonzero(~same)[-1] - 1  # length of the final uninterrupted run
    if not same[: len(same) - run].any():
        return f"new {kind} spot" if run == 1 else f"consecutive {kind} spot"
    return f"sporadic {kind} spot"


@dataclass(frozen=True)
class EmergingHotspots:
    """One row per grid cell with its category and trend; ``months`` are the time steps used."""

    cells: pd.DataFrame
    months: tuple
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def emerging_hotspots(con: duckdb.DuckDBPyConnection, selection: Selection, config: AnalysisConfig) -> EmergingHotspots:
    """Gi* for each month, a Mann-Kendall trend in each cell's z-scores, and Esri's categories."""
    settings = config.emerging
    selection, month_notes = settle_months(con, selection)
    months = tuple(sorted(selection.months or ()))
    if len(months) < settings.min_months:
        raise CspmapError(
            f"Emerging hot spots need at least {settings.min_months} months of police data; the selection has "
            f"{len(months)} ({format_months(months)}). Load more months of police.uk data, or choose more with "
            "--months."
        )
    points = grid_points(con, selection.with_months(months), config.grid.cell_size_m)
    lattice = points.lattice
    z = np.empty((lattice.n_cells, len(months)))
    hot, cold = np.zeros_like(z, dtype=bool), np.zeros_like(z, dtype=bool)
    for t, month in enumerate(months):
        result = gi_star(lattice, points.counts((month,)), config.grid.neighbourhood, settings.alpha)
        z[:, t], hot[:, t], cold[:, t] = result.z, result.hot, result.cold
    trend = mann_kendall(z)
    # A cell never significant in any month has no pattern (the persistent share is above 0); only the rest, a
    # small part of a force's grid, are classified one by one.
    patterns = np.full(lattice.n_cells, NO_PATTERN, dtype=object)
    for i in np.flatnonzero(hot.any(axis=1) | cold.any(axis=1)):
        patterns[i] = classify_location(
            hot[i], cold[i], trend.z[i], trend.p[i], settings.alpha, settings.persistent_share
        )
    x, y = lattice.centres()
    lon, lat = bng_to_lonlat(x, y)
    cells = pd.DataFrame(
        {
            "cell": np.arange(lattice.n_cells),
            "easting": x,
            "northing": y,
            "longitude": np.round(lon, 6),
            "latitude": np.round(lat, 6),
            "pattern": patterns,
            "hot_months": hot.sum(axis=1),
            "cold_months": cold.sum(axis=1),
            "trend_z": trend.z,
            "trend_p": trend.p,
            "incidents": points.counts().astype(np.int64),
        }
    )
    notes = [
        f"{len(months)} months, {lattice.n_cells:,} cells; Gi* each month (FDR {settings.alpha:g}) and a Mann-Kendall "
        f"trend in each cell's z-scores; Esri's rules with {settings.persistent_share:.0%} for 'most of the time'.",
        *points.notes(),
        *month_notes,
    ]
    gaps = len(month_range(months[0], months[-1])) - len(months)
    if gaps:
        notes.append(
            f"{gaps} month(s) between {format_months(months[:1])} and {format_months(months[-1:])} have no data."
        )
    placement = placement_totals(con, months, selection.categories)
    notes.append(placement.left_out_note)
    return EmergingHotspots(cells=cells, months=months, placement=placement, notes=tuple(notes))
