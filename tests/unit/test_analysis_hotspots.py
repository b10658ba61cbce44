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
    # Cells of 50 m centred on multiples of 50 m. One incident at the origin, bandwidth h = 100 m: the peak is
    # 3/(pi h^2) per m^2 = 95.4930 per km^2. At 50 m: u = (50/100)^2 = 0.25, K = 95.4930 * (1 - 0.25)^2 = 53.7148.
    # At (50, 50): u = 5000/10000 = 0.5, K = 95.4930 * 0.25 = 23.8732. At 100 m and beyond: 0.
    lattice = Lattice(x0=-25.0, y0=-25.0, cell_size=50.0, active=np.ones((3, 7), dtype=bool))
    x, y = lattice.centres()
    cell = {(cx, cy): i for i, (cx, cy) in enumerate(zip(x, y, strict=True))}
    one = quartic_kde(lattice, np.array([0.0]), np.array([0.0]), 100.0)
    assert one[cell[0.0, 0.0]] == pytest.approx(95.4930, abs=1e-4)
    assert one[cell[50.0, 0.0]] == pytest.approx(53.7148, abs=1e-4)
    assert one[cell[0.0, 50.0]] == pytest.approx(53.7148, abs=1e-4)
    assert one[cell[50.0, 50.0]] == pytest.approx(23.8732, abs=1e-4)
    assert one[cell[0.0, 100.0]] == 0.0 and one[cell[300.0, 0.0]] == 0.0
    two = quartic_kde(lattice, np.array([0.0, 0.0, np.nan]), np.array([0.0, 0.0, 5.0]), 100.0)
    assert two == pytest.approx(2 * one)
    assert quartic_kde(lattice, np.array([]), np.array([]), 100.0).tolist() == [0.0] * 21


def test_quartic_kde_equals_the_formula_summed_point_by_point():
    # An offset lattice with holes, a bandwidth that is not a whole number of cells, weights, repeated points and
    # points beyond the lattice's edge (they still reach the cells within h of them).
    rng = np.random.default_rng(7)
    active = rng.random((9, 12)) > 0.3
    lattice = Lattice(x0=1000.0, y0=2000.0, cell_size=250.0, active=active)
    px = np.concatenate([rng.uniform(500, 4500, 300), [1100.0, 1100.0, 900.0, 4200.0]])
    py = np.concatenate([rng.uniform(1500, 4700, 300), [2100.0, 2100.0, 1950.0, 4400.0]])
    weights = rng.integers(1, 4, len(px)).astype(float)
    h = 610.0
    density = quartic_kde(lattice, px, py, h, weights)
    cx, cy = lattice.centres()
    expected = np.zeros(len(cx))
    for i in range(len(cx)):
        for x, y, w in zip(px, py, weights, strict=True):
            d2 = (cx[i] - x) ** 2 + (cy[i] - y) ** 2
            if d2 < h * h:
                expected[i] += w * 3 / (np.pi * h * h) * (1 - d2 / (h * h)) ** 2 * 1e6
    assert density == pytest.approx(expected, rel=1e-12, abs=1e-12)
