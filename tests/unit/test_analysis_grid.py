"""The BNG lattice: which cells are kept, where points fall, and neighbour sums, on shapes small enough to draw."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata.grid import Lattice, lattice_over, locate_points, neighbour_lists, neighbour_sums

CELL = 100.0


@pytest.fixture
def l_shape():
    # Three 100 m squares in an L, starting at (400000, 300000):
    #   row 1: [A]  .
    #   row 0: [B] [C]
    # plus a sliver of a fourth area just touching C's east edge (which must not add a column of cells).
    a = shapely.box(400000, 300100, 400100, 300200)
    b = shapely.box(400000, 300000, 400100, 300100)
    c = shapely.box(400100, 300000, 400200, 300100)
    return np.array([a, b, c])


def test_cells_are_those_whose_interior_meets_an_area(l_shape):
    lattice = lattice_over(l_shape, CELL)
    assert (lattice.x0, lattice.y0) == (400000.0, 300000.0)
    assert lattice.shape == (2, 2)
    # Row 0 (south): B and C; row 1: only A. The north-east cell only touches A and C at a corner.
    assert lattice.active.tolist() == [[True, True], [True, False]]
    assert lattice.n_cells == 3
    x, y = lattice.centres()
    assert x.tolist() == [400050.0, 400150.0, 400050.0]
    assert y.tolist() == [300050.0, 300050.0, 300150.0]


def test_grid_is_aligned_to_multiples_of_the_cell_size():
    lattice = lattice_over(np.array([shapely.box(400030, 300070, 400180, 300120)]), CELL)
    assert (lattice.x0, lattice.y0) == (400000.0, 300000.0)
    assert lattice.shape == (2, 2)  # 400000-400200 by 300000-300200
    assert lattice.n_cells == 4


def test_a_shape_that_only_touches_a_cell_edge_adds_no_cell():
    touching = np.array([shapely.box(400000, 300000, 400100, 300100), shapely.box(400100, 300000, 400200, 300100)])
    assert lattice_over(touching[:1], CELL).n_cells == 1


def test_points_fall_in_cells_and_off_grid_points_are_minus_one(l_shape):
    lattice = lattice_over(l_shape, CELL)
    x = np.array([400010.0, 400199.0, 400050.0, 400150.0, np.nan, 399990.0, 400100.0])
    y = np.array([300010.0, 300050.0, 300150.0, 300150.0, 300050.0, 300050.0, 300100.0])
    cells = locate_points(lattice, x, y)
    # B=0, C=1, A=2; (400150, 300150) is the inactive NE cell; NaN and west of the grid are off it; a point on the
    # corner shared by all four cells belongs to the cell to its north-east (inactive here), so it is off too.
    assert cells.tolist() == [0, 1, 2, -1, -1, -1, -1]


def test_neighbour_sums_are_binary_contiguity_lags(l_shape):
    lattice = lattice_over(l_shape, CELL)
    values = np.array([1.0, 10.0, 100.0])  # B, C, A
    # Queen with self: B sees B, C, A -> 111; C sees C, B, A (diagonal) -> 111; A sees A, B, C -> 111.
    assert neighbour_sums(lattice, values, "queen", include_self=True).tolist() == [111.0, 111.0, 111.0]
    # Rook without self: B -> C + A = 110; C -> B = 1; A -> B = 1 (C is only diagonal to A).
    assert neighbour_sums(lattice, values, "rook", include_self=False).tolist() == [110.0, 1.0, 1.0]
    assert neighbour_lists(lattice, "rook") == {0: [1, 2], 1: [0], 2: [0]}
    assert sorted(neighbour_lists(lattice, "queen", include_self=True)[1]) == [0, 1, 2]


@pytest.mark.parametrize("neighbourhood", ["queen", "rook"])
@pytest.mark.parametrize("include_self", [True, False])
def test_neighbour_sums_are_scipy_ndimage_correlations_bit_for_bit(neighbourhood, include_self):
    # Gi* z-scores were checked against esda with scipy.ndimage.correlate doing these sums; the shifted-raster
    # sums must be its own to the last bit, on values of every size (ragged shape, holes, one row, one column).
    from scipy import ndimage

    from geodata.grid import neighbour_kernel

    rng = np.random.default_rng(7)
    for shape in [(23, 37), (1, 9), (9, 1), (1, 1)]:
        active = rng.random(shape) < 0.7
        active.flat[0] = True
        lattice = Lattice(x0=0.0, y0=0.0, cell_size=CELL, active=active)
        values = rng.standard_normal(lattice.n_cells) * 10.0 ** rng.uniform(-6, 9, lattice.n_cells)
        expected = ndimage.correlate(
            lattice.to_raster(values), neighbour_kernel(neighbourhood, include_self), mode="constant", cval=0.0
        )[lattice.active]
        got = neighbour_sums(lattice, values, neighbourhood, include_self)
        assert got.tobytes() == expected.tobytes()


def test_bad_cell_size_or_no_areas_is_refused(l_shape):
    with pytest.raises(ValueError, match="positive"):
        lattice_over(l_shape, 0)
    with pytest.raises(ValueError, match="no areas"):
        lattice_over(np.array([]), CELL)


def test_each_cell_counts_its_area_inside_the_region():
    # A 150 x 50 m rectangle from (400030, 300070) on 100 m cells: the four cells hold 70 x 30, 80 x 30, 70 x 20
    # and 80 x 20 square metres of it (south-west, south-east, north-west, north-east).
    lattice = lattice_over(np.array([shapely.box(400030, 300070, 400180, 300120)]), CELL)
    assert lattice.cell_inside_area().tolist() == pytest.approx([2100.0, 2400.0, 1400.0, 1600.0])
    # A right triangle with legs of 200 m, split into two areas along x = 400100: the south-west cell is whole,
    # the south-east and north-west cells are cut along the hypotenuse (half each), and the north-east cell only
    # meets the triangle at a corner, so it is not a cell at all.
    triangle = shapely.Polygon([(400000, 300000), (400200, 300000), (400000, 300200)])
    halves = np.array([triangle.intersection(shapely.box(a, 0, b, 1e6)) for a, b in ((0, 400100), (400100, 1e6))])
    lattice = lattice_over(halves, CELL)
    assert lattice.active.tolist() == [[True, True], [True, False]]
    assert lattice.cell_inside_area().tolist() == pytest.approx([10000.0, 5000.0, 5000.0])


def test_an_offset_grid_starts_at_the_shifted_multiples():
    # Shifted 50 m east and north, the triangle's grid starts at (399950, 299950); the first cell holds only the
    # triangle's 50 x 50 m corner, and the cells' inside parts add up to the triangle's 20,000 square metres.
    triangle = shapely.Polygon([(400000, 300000), (400200, 300000), (400000, 300200)])
    lattice = lattice_over(np.array([triangle]), CELL, offset=(50.0, 50.0))
    assert (lattice.x0, lattice.y0) == (399950.0, 299950.0)
    assert lattice.shape == (3, 3)
    assert lattice.cell_inside_area()[0] == pytest.approx(2500.0)
    assert lattice.cell_inside_area().sum() == pytest.approx(20000.0)
    # A hand-built lattice has no region: every cell counts whole.
    assert Lattice(x0=0.0, y0=0.0, cell_size=10.0, active=np.ones((1, 2), dtype=bool)).cell_inside_area().tolist() == [
        100.0,
        100.0,
    ]
