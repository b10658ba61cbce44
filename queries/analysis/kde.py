"""Kernel density: a smooth surface of where incidents are, evaluated at the centre of every grid cell."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geodata.grid import Lattice


def quartic_kde(
    lattice: Lattice,
    point_x: np.ndarray,
    point_y: np.ndarray,
    bandwidth: float,
    point_weights: np.ndarray | None = None,
) -> np.ndarray:
    """Incidents per square kilometre at each active cell's centre, from a quartic (biweight) kernel of radius h.

    Each point spreads one incident (or its weight) over a disc of radius h with density
    ``3 / (pi h^2) * (1 - d^2/h^2)^2`` at distance d < h, so the surface integrates to the number of points.
    Points without coordinates (NaN) are ignored; points outside the lattice still add to the cells near them.

    The sum is exact. Because the cells are a regular lattice, the centres within h of a point are found by
    arithmetic: every point is tried against the same small window of cell offsets around the cell it is in,
    one vectorised pass per offset, with no distance tree and no sort.
    """
    if bandwidth <= 0:
        raise ValueError(f"bandwidth must be positive, not {bandwidth}")
    density = np.zeros(lattice.n_cells)
    x, y, weight = distinct_points(point_x, point_y, point_weights)
    if len(x) == 0 or lattice.n_cells == 0:
        return density
    size = lattice.cell_size
    # Position in cells, measured from the centre of cell (0, 0).
    u = (x - lattice.x0) / size - 0.5
    v = (y - lattice.y0) / size - 0.5
    base_col, base_row = np.floor(u), np.floor(v)
    # A centre is within h of a point only at column offsets -reach+1..reach from the cell the point is in (and
    # likewise for rows), where reach is h in cells, rounded up.
    reach = math.ceil(bandwidth / size)
    offsets = np.arange(-reach + 1, reach + 1)
    # Cell numbers with a margin of `reach` cells, so every offset from a point near the lattice indexes the
    # array; inactive and off-lattice cells send their share to a last, discarded slot.
    numbers = np.pad(lattice.cell_number, reach, constant_values=lattice.n_cells)
    numbers[numbers < 0] = lattice.n_cells
    nrows, ncols = numbers.shape
    near = (base_col >= -reach) & (base_col < lattice.shape[1] + reach)
    near &= (base_row >= -reach) & (base_row < lattice.shape[0] + reach)
    weight, u, v = weight[near], u[near], v[near]
    base_col, base_row = base_col[near].astype(np.int64), base_row[near].astype(np.int64)
    dx2 = {dc: ((base_col + dc - u) * size) ** 2 for dc in offsets}
    dy2 = {dr: ((base_row + dr - v) * size) ** 2 for dr in offsets}
    scale = 3.0 / (np.pi * bandwidth**2)
    totals = np.zeros(lattice.n_cells + 1)
    for dr in offsets:
        rows = np.clip(base_row + dr + reach, 0, nrows - 1)
        for dc in offsets:
            cols = np.clip(base_col + dc + reach, 0, ncols - 1)
            u2 = (dx2[dc] + dy2[dr]) / bandwidth**2
            kernel = np.square(np.maximum(1.0 - u2, 0.0)) * weight
            totals += np.bincount(numbers[rows, cols], weights=kernel, minlength=lattice.n_cells + 1)
    return totals[:-1] * scale * 1e6


def distinct_points(
    point_x: np.ndarray, point_y: np.ndarray, point_weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct finite point once, with its total weight.

    police.uk points are snapped to a limited set of anonymised map points, so many incidents share one. They are
    found by hashing each point as one complex number x + iy (``pd.factorize``: one column, not two, and no sort),
    in the order they first appear; the weights are summed in the order given.
    """
    x = np.asarray(point_x, dtype=float)
    y = np.asarray(point_y, dtype=float)
    weights = np.ones(len(x)) if point_weights is None else np.asarray(point_weights, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    codes, points = pd.factorize(x[keep] + 1j * y[keep])
    return points.real.copy(), points.imag.copy(), np.bincount(codes, weights=weights[keep], minlength=len(points))
