"""Hot and cold spots on the grid: Getis-Ord Gi* z-scores, p-values with Benjamini-Hochberg FDR, and a KDE."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import bng_to_lonlat
from geodata.grid import Lattice, Neighbourhood, neighbour_sums
from queries.analysis.kde import quartic_kde
from queries.analysis.points import cell_areas, grid_points
from queries.analysis.selection import Selection, settle_months
from queries.config import AnalysisConfig
from queries.incidents import PlacementTotals, placement_totals


@dataclass(frozen=True)
class GiStar:
    """Gi* for every active cell, as esda names them: ``z``; ``p`` two-sided; ``q`` the FDR-adjusted ``p``."""

    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    hot: np.ndarray  # z > 0 and q < alpha
    cold: np.ndarray  # z < 0 and q < alpha
    alpha: float


@dataclass(frozen=True)
class Hotspots:
    """One row per grid cell (``cells``), the grid itself, and notes on what was left out."""

    cells: pd.DataFrame
    lattice: Lattice
    incidents: int
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def gi_star_z(lattice: Lattice, values: np.ndarray, neighbourhood: Neighbourhood = "queen") -> np.ndarray:
    """Gi* z-scores with binary contiguity weights that include each cell itself.

    The same statistic and moments as ``esda.G_Local(values, w, transform="B", star=True)``: with n cells,
    mean ybar, population variance s^2, and k_i cells (self included) in cell i's neighbourhood,
    ``G_i = sum_j w_ij y_j / sum(y)``, ``E[G_i] = k_i / n`` and
    ``Var[G_i] = k_i (n - k_i) / (n - 1) / n^2 * s^2 / ybar^2``; z is (G_i - E[G_i]) / sqrt(Var[G_i]).
    Where the variance is 0 (every value equal, or a one-cell grid) z is 0: there is nothing to detect.
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    total = y.sum()
    if n < 2 or total == 0:
        return np.zeros(n)
    statistic = neighbour_sums(lattice, y, neighbourhood, include_self=True) / total
    cardinality = neighbour_sums(lattice, np.ones(n), neighbourhood, include_self=True)
    mean = total / n
    variance = (y**2).sum() / n - mean**2
    expected = cardinality / n
    expected_variance = cardinality * (n - cardinality) / (n - 1) / n**2 * variance / mean**2
    z = np.zeros(n)
    np.divide(statistic - expected, np.sqrt(expected_variance), out=z, where=expected_variance > 0)
    return z


def gi_star(
    lattice: Lattice, values: np.ndarray, neighbourhood: Neighbourhood = "queen", alpha: float = 0.05
) -> GiStar:
    """Gi* z-scores, two-sided normal p-values, and hot/cold cells at false discovery rate ``alpha``."""
    # Imported here, not at the top: scipy.stats takes about 0.9 s to import, and `cspmap evaluate` never needs it.
    from scipy import stats

    z = gi_star_z(lattice, values, neighbourhood)
    p = 2.0 * stats.norm.sf(np.abs(z))
    q = stats.false_discovery_control(p, method="bh") if len(p) else p
    significant = q < alpha
    return GiStar(z=z, p=p, q=q, hot=significant & (z > 0), cold=significant & (z < 0), alpha=alpha)


def grid_hotspots(con: duckdb.DuckDBPyConnection, selection: Selection, config: AnalysisConfig) -> Hotspots:
    """Counts, Gi* and KDE for every cell of the grid over the study area."""
    selection, month_notes = settle_months(con, selection)
    points = grid_points(con, selection, config.grid.cell_size_m)
    lattice = points.lattice
    counts = points.counts()
    result = gi_star(lattice, counts, config.grid.neighbourhood, config.hotspots.alpha)
    x, y = lattice.centres()
    on = points.on_grid
    density = quartic_kde(
        lattice, points.x[on], points.y[on], config.hotspots.kde_bandwidth_m, point_weights=points.incidents[on]
    )
    lon, lat = bng_to_lonlat(x, y)
    cells = pd.DataFrame(
        {
            "cell": np.arange(lattice.n_cells),
            "row": lattice.rows,
            "col": lattice.cols,
            "easting": x,
            "northing": y,
            "longitude": np.round(lon, 6),
            "latitude": np.round(lat, 6),
            "incidents": counts.astype(np.int64),
            "z": result.z,
            "p": result.p,
            "q": result.q,
            "spot": np.select([result.hot, result.cold], ["hot", "cold"], default=""),
            "kde_per_km2": density,
        }
    )
    cells = pd.concat([cells, cell_areas(con, x, y)], axis=1)
    notes = [
        f"{lattice.n_cells:,} cells of {config.grid.cell_size_m:g} m; Gi* with {config.grid.neighbourhood} "
        f"contiguity including the cell; hot/cold at a false discovery rate of {config.hotspots.alpha:g}; "
        f"quartic KDE, {config.hotspots.kde_bandwidth_m:g} m bandwidth.",
        *points.notes(),
        *month_notes,
    ]
    placement = placement_totals(con, selection.months, selection.categories)
    notes.append(placement.left_out_note)
    return Hotspots(cells=cells, lattice=lattice, incidents=int(counts.sum()), placement=placement, notes=tuple(notes))
