"""Gi*: hand-worked z-scores on a 3x3 lattice, equality with esda.G_Local(star=True), FDR, and the KDE."""

from __future__ import annotations

import esda
import libpysal
import numpy as np
import pytest
import shapely

from geodata.grid import Lattice, lattice_over, neighbour_lists
from queries.analysis.hotspots import gi_star, gi_star_z
from queries.analysis.kde import quartic_kde


def full_lattice(nrows: int, ncols: int) -> Lattice:
    return Lattice(x0=0.0, y0=0.0, cell_size=1.0, active=np.ones((nrows, ncols), dtype=bool))


def test_gi_star_by_hand_on_a_3x3_rook_lattice():
    # One cell (the centre) holds 9; the rest 0. n = 9, mean = 1, population variance s^2 = 81/9 - 1 = 8.
    # esda's z = (G - k/n) / sqrt(k(n-k)/(n-1)/n^2 * s^2/mean^2) with G = lag/sum(y); multiplying through by
    # sum(y) = n*mean gives z = (lag - k*mean) / (s * sqrt(k(n-k)/(n-1))).
    #   centre, k = 5 (itself + 4): (9 - 5) / (sqrt(8) * sqrt(5*4/8)) = 4 / 4.47214 = 0.894427
    #   edge, k = 4, lag 9 (the centre): (9 - 4) / (sqrt(8) * sqrt(4*5/8)) = 5 / 4.47214 = 1.118034
    #   corner, k = 3, lag 0: (0 - 3) / (sqrt(8) * sqrt(3*6/8)) = -3 / 4.24264 = -0.707107
    y = np.zeros(9)
    y[4] = 9.0
    z = gi_star_z(full_lattice(3, 3), y, "rook")
    assert z[4] == pytest.approx(0.894427, abs=1e-6)
    assert z[[1, 3, 5, 7]] == pytest.approx([1.118034] * 4, abs=1e-6)
    assert z[[0, 2, 6, 8]] == pytest.approx([-0.707107] * 4, abs=1e-6)


def esda_z(lattice: Lattice, y: np.ndarray, neighbourhood: str) -> np.ndarray:
    """esda's Gi* on the same cells and the same binary weights (self added by star=True)."""
    w = libpysal.weights.W(neighbour_lists(lattice, neighbourhood), silence_warnings=True)
    return esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs


@pytest.mark.parametrize("neighbourhood", ["queen", "rook"])
def test_gi_star_equals_esda_on_a_full_lattice(neighbourhood):
    y = np.random.default_rng(4).poisson(3.0, size=5 * 7).astype(float)
    lattice = full_lattice(5, 7)
    assert np.max(np.abs(gi_star_z(lattice, y, neighbourhood) - esda_z(lattice, y, neighbourhood))) < 1e-9


@pytest.mark.filterwarnings("ignore:The weights matrix is not fully connected")  # the island, on purpose
@pytest.mark.parametrize("neighbourhood", ["queen", "rook"])
def test_gi_star_equals_esda_on_a_grid_clipped_to_areas(neighbourhood):
    # A ring-shaped study area with a hole and a detached island cell: edge cells have fewer neighbours and the
    # island has none but itself, which is where a hand-rolled convolution would go wrong.
    outer = shapely.box(0, 0, 800, 600)
    hole = shapely.box(300, 200, 500, 400)
    island = shapely.box(1000, 1000, 1100, 1100)
    lattice = lattice_over(np.array([outer.difference(hole), island]), 100.0)
    assert lattice.n_cells == 48 - 4 + 1
    y = np.random.default_rng(7).negative_binomial(2, 0.4, size=lattice.n_cells).astype(float)
    assert np.max(np.abs(gi_star_z(lattice, y, neighbourhood) - esda_z(lattice, y, neighbourhood))) < 1e-9


def test_equal_values_or_no_incidents_give_z_zero_not_nan():
    lattice = full_lattice(3, 3)
    assert gi_star_z(lattice, np.full(9, 2.0)).tolist() == [0.0] * 9
    result = gi_star(lattice, np.zeros(9))
    assert result.z.tolist() == [0.0] * 9
    assert result.p.tolist() == [1.0] * 9
    assert not result.hot.any() and not result.cold.any()


def test_p_values_are_two_sided_and_fdr_is_benjamini_hochberg():
    # A 10x10 grid with one block of high counts: the block is hot, nothing is cold at FDR 0.05.
    y = np.ones(100)
    y[[44, 45, 54, 55]] = 30.0
    result = gi_star(full_lattice(10, 10), y, "queen", alpha=0.05)
    # Two-sided: p = 2 * (1 - Phi(|z|)).
    from scipy.stats import norm

    assert result.p == pytest.approx(2 * norm.sf(np.abs(result.z)))
    # BH by hand: sort p ascending, q_(i) = min over j >= i of p_(j) * m / j.
    order = np.argsort(result.p)
    ranked = result.p[order] * 100 / np.arange(1, 101)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    expected = np.empty(100)
    expected[order] = q
    assert result.q == pytest.approx(expected)
    assert result.hot[[44, 45, 54, 55]].all()
    assert not result.cold.any()


def test_quartic_kde_by_hand():
    # One incident at the origin, bandwidth h = 100 m; the peak is 3/(pi h^2) per m^2 = 95.4930 per km^2.
    # At 50 m: u = (50/100)^2 = 0.25, K = 3/(pi 100^2) * (1 - 0.25)^2 = 95.4930 * 0.5625 = 53.7148 per km^2.
    # At 100 m and beyond: 0. A second incident at the same point doubles everything.
    cells_x, cells_y = np.array([0.0, 50.0, 0.0, 300.0]), np.array([0.0, 0.0, 100.0, 0.0])
    one = quartic_kde(cells_x, cells_y, np.array([0.0]), np.array([0.0]), 100.0)
    assert one == pytest.approx([95.4930, 53.7148, 0.0, 0.0], abs=1e-4)
    two = quartic_kde(cells_x, cells_y, np.array([0.0, 0.0, np.nan]), np.array([0.0, 0.0, 5.0]), 100.0)
    assert two == pytest.approx(2 * one)
    assert quartic_kde(cells_x, cells_y, np.array([]), np.array([]), 100.0).tolist() == [0.0] * 4
