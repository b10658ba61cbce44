"""A square British National Grid lattice over the loaded areas: cells, points in cells, neighbour sums.

The lattice is aligned to multiples of the cell size (so the same cell always has the same place, whatever
areas are loaded), or to those multiples shifted by a chosen offset, and keeps only the cells whose interior meets
an area: the *active* cells. Active cells are
numbered row by row from the south-west corner; every per-cell array in cspmap is in that order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import shapely
from scipy import ndimage

Neighbourhood = Literal["queen", "rook"]


@dataclass(frozen=True)
class Lattice:
    """Square cells of ``cell_size`` metres; row 0 is the southernmost, column 0 the westernmost."""

    x0: float
    y0: float
    cell_size: float
    active: np.ndarray  # bool (nrows, ncols): the cell's interior meets the study area
    # Square metres of each active cell inside the study area (cells on its edge hold less than a full square);
    # None means every cell counts whole (a lattice built by hand rather than over areas).
    inside_area: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return self.active.shape

    @property
    def n_cells(self) -> int:
        """How many active cells there are."""
        return int(self.active.sum())

    @cached_property
    def rows(self) -> np.ndarray:
        return np.nonzero(self.active)[0]

    @cached_property
    def cols(self) -> np.ndarray:
        return np.nonzero(self.active)[1]

    @cached_property
    def cell_number(self) -> np.ndarray:
        """(nrows, ncols) array: the active cell's number, -1 for an inactive cell."""
        numbers = np.full(self.shape, -1, dtype=np.int64)
        numbers[self.active] = np.arange(self.n_cells)
        return numbers

    def cell_inside_area(self) -> np.ndarray:
        """Square metres of each active cell inside the study area (a full square where not known)."""
        if self.inside_area is None:
            return np.full(self.n_cells, self.cell_size**2)
        return self.inside_area

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Easting and northing of each active cell's centre."""
        return self.x0 + (self.cols + 0.5) * self.cell_size, self.y0 + (self.rows + 0.5) * self.cell_size

    def polygons(self) -> np.ndarray:
        """Each active cell as a square polygon (EPSG:27700)."""
        west, south = self.x0 + self.cols * self.cell_size, self.y0 + self.rows * self.cell_size
        return shapely.box(west, south, west + self.cell_size, south + self.cell_size)

    def to_raster(self, values: np.ndarray) -> np.ndarray:
        """Per-cell values as a (nrows, ncols) float array, 0 in inactive cells."""
        raster = np.zeros(self.shape, dtype=float)
        raster[self.active] = values
        return raster


def lattice_over(geoms: np.ndarray, cell_size: float, offset: tuple[float, float] = (0.0, 0.0)) -> Lattice:
    """The lattice of ``cell_size``-metre cells whose interiors meet any of ``geoms`` (EPSG:27700 polygons).

    Cell edges fall on multiples of the cell size plus ``offset`` (metres east, north). Each active cell's area
    inside the polygons is measured (``Lattice.inside_area``); the polygons are taken not to overlap (LSOAs tile).
    """
    if cell_size <= 0:
        raise ValueError(f"cell size must be positive, not {cell_size}")
    geoms = np.asarray(geoms)
    if len(geoms) == 0:
        raise ValueError("there are no areas to lay a grid over")
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    x0 = math.floor((minx - offset[0]) / cell_size) * cell_size + offset[0]
    y0 = math.floor((miny - offset[1]) / cell_size) * cell_size + offset[1]
    ncols = max(1, math.ceil((maxx - x0) / cell_size))
    nrows = max(1, math.ceil((maxy - y0) / cell_size))
    rows, cols = np.divmod(np.arange(nrows * ncols), ncols)
    west, south = x0 + cols * cell_size, y0 + rows * cell_size
    boxes = shapely.box(west, south, west + cell_size, south + cell_size)
    # The boxes go in the tree and the areas are the queries: each area is prepared once, so testing thousands of
    # cells against one detailed boundary stays cheap (as in geodata.assign).
    shapely.prepare(geoms)
    geom_index, box_index = shapely.STRtree(boxes).query(geoms, predicate="intersects")
    # A cell that only touches an area along an edge or at a corner holds none of it.
    inside = ~shapely.touches(geoms[geom_index], boxes[box_index])
    active = np.zeros(nrows * ncols, dtype=bool)
    active[box_index[inside]] = True
    area = np.bincount(
        box_index, weights=_overlap_areas(geoms[geom_index], boxes[box_index], cell_size), minlength=nrows * ncols
    )
    return Lattice(
        x0=x0,
        y0=y0,
        cell_size=float(cell_size),
        active=active.reshape(nrows, ncols),
        # Rounding in the clipped pieces can sum a hair past the square; a cell never holds more than itself.
        inside_area=np.minimum(area[active], cell_size**2),
    )


def _overlap_areas(geoms: np.ndarray, boxes: np.ndarray, cell_size: float) -> np.ndarray:
    """The area each polygon shares with its box: a whole square where the box lies inside, else the clipped part.

    Most boxes lie wholly inside one area, and the prepared containment test is far cheaper than clipping, so
    only the boxes on a boundary are intersected.
    """
    areas = np.full(len(boxes), cell_size**2)
    edge = ~shapely.contains_properly(geoms, boxes)
    areas[edge] = shapely.area(shapely.intersection(geoms[edge], boxes[edge]))
    return areas


def locate_points(lattice: Lattice, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The active cell number of each point, or -1 where it has no coordinates or is in no active cell.

    A point on a cell edge belongs to the cell to its north or east (cells are closed to the south and west).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    found = np.full(len(x), -1, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        col = np.floor((x - lattice.x0) / lattice.cell_size)
        row = np.floor((y - lattice.y0) / lattice.cell_size)
    nrows, ncols = lattice.shape
    on = np.isfinite(col) & np.isfinite(row) & (col >= 0) & (col < ncols) & (row >= 0) & (row < nrows)
    found[on] = lattice.cell_number[row[on].astype(np.int64), col[on].astype(np.int64)]
    return found


def count_points(lattice: Lattice, cells: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Points (or their weights) per active cell, from cell numbers as ``locate_points`` gives them."""
    cells = np.asarray(cells)
    on = cells >= 0
    chosen = None if weights is None else np.asarray(weights, dtype=float)[on]
    return np.bincount(cells[on], weights=chosen, minlength=lattice.n_cells).astype(float)


def neighbour_kernel(neighbourhood: Neighbourhood, include_self: bool) -> np.ndarray:
    """The 3x3 binary contiguity kernel: queen (8 neighbours) or rook (4), with or without the cell itself."""
    if neighbourhood == "queen":
        kernel = np.ones((3, 3))
    elif neighbourhood == "rook":
        kernel = np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
    else:
        raise ValueError(f"neighbourhood must be 'queen' or 'rook', not {neighbourhood!r}")
    kernel[1, 1] = 1.0 if include_self else 0.0
    return kernel


def neighbour_sums(
    lattice: Lattice, values: np.ndarray, neighbourhood: Neighbourhood = "queen", include_self: bool = True
) -> np.ndarray:
    """For each active cell, the sum of ``values`` over its active neighbours (binary contiguity weights).

    This is the spatial lag ``W @ values`` for binary weights, computed as one 2-D correlation: inactive cells
    hold 0, so they add nothing, exactly as if they were not neighbours.
    """
    summed = ndimage.correlate(
        lattice.to_raster(values), neighbour_kernel(neighbourhood, include_self), mode="constant", cval=0.0
    )
    return summed[lattice.active]


def neighbour_lists(
    lattice: Lattice, neighbourhood: Neighbourhood = "queen", include_self: bool = False
) -> dict[int, list[int]]:
    """Each active cell's active neighbours, by cell number (for building PySAL weights, e.g. in tests)."""
    kernel = neighbour_kernel(neighbourhood, include_self)
    numbers = lattice.cell_number
    nrows, ncols = lattice.shape
    neighbours: dict[int, list[int]] = {}
    for cell, (row, col) in enumerate(zip(lattice.rows, lattice.cols, strict=True)):
        found = []
        for dr, dc in zip(*np.nonzero(kernel), strict=True):
            r, c = row + dr - 1, col + dc - 1
            if 0 <= r < nrows and 0 <= c < ncols and numbers[r, c] >= 0:
                found.append(int(numbers[r, c]))
        neighbours[cell] = found
    return neighbours
