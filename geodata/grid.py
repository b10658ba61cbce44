"""A square British National Grid lattice over the loaded areas: cells, points in cells, neighbour sums.

The lattice is aligned to multiples of the cell size (so the same cell always has the same place, whatever
areas are loaded), or to those multiples shifted by a chosen offset, and keeps only the cells whose interior meets
an area: the *active* cells. Active cells are
numbered row by row from the south-west corner; every per-cell array in cspmap is in that order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import shapely

Neighbourhood = Literal["queen", "rook"]


@dataclass(frozen=True)
class Lattice:
    """Square cells of ``cell_size`` metres; row 0 is the southernmost, column 0 the westernmost."""

    x0: float
    y0: float
    cell_size: float
    active: np.ndarray  # bool (nrows, ncols): the cell's interior meets the study area
    # Square metres of each active cell inside the study area (cells on its edge hold less than a full square);
    # None means it is measured from ``study_area``, or, with no study area either, that every cell counts whole
    # (a lattice built by hand rather than over areas).
    inside_area: np.ndarray | None = None
    # The polygons the lattice was laid over (EPSG:27700), kept to measure ``cell_inside_area`` when first asked:
    # clipping every edge cell costs most of the time of building a national lattice, and only evaluation uses it.
    study_area: np.ndarray | None = field(default=None, repr=False, compare=False)

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
        if self.inside_area is not None:
            return self.inside_area
        if self.study_area is not None:
            return self._measured_inside_area
        return np.full(self.n_cells, self.cell_size**2)

    @cached_property
    def _measured_inside_area(self) -> np.ndarray:
        return _inside_area(self, self.study_area)

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
    inside the polygons is measured when first asked for (``Lattice.cell_inside_area``); the polygons are taken
    not to overlap (LSOAs tile).
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
    # Each area is prepared once, so testing thousands of cells against one detailed boundary stays cheap (as in
    # geodata.assign).
    shapely.prepare(geoms)
    active = _cells_centred_inside(geoms, x0, y0, float(cell_size), nrows, ncols)
    for geom_index, cell, boxes in _cells_meeting(geoms, x0, y0, float(cell_size), nrows, ncols, settled=active):
        # A cell that only touches an area along an edge or at a corner holds none of it.
        active[cell[~shapely.touches(geoms[geom_index], boxes)]] = True
    return Lattice(
        x0=x0,
        y0=y0,
        cell_size=float(cell_size),
        active=active.reshape(nrows, ncols),
        study_area=geoms,
    )


# (area, cell centre) pairs tested at a time when looking for the cells centred inside an area.
_CENTRES_PER_BATCH = 1_000_000


def _cells_centred_inside(
    geoms: np.ndarray, x0: float, y0: float, cell_size: float, nrows: int, ncols: int
) -> np.ndarray:
    """Flat (row by row) mask of the cells whose centre lies in the interior of one of ``geoms`` (prepared).

    Such a cell's interior meets the area, so it is active; finding it takes a point-in-polygon test on two
    numbers rather than a box. All but the cells along the study area's outer edge are found this way (2,419,861
    of the 2,437,643 cells of a national 250 m lattice), leaving few for the exact test with boxes.
    """
    found = np.zeros(nrows * ncols, dtype=bool)
    polygonal = np.isin(shapely.get_type_id(geoms), [3, 6])  # Polygon, MultiPolygon; anything else: the box test
    bounds = shapely.bounds(geoms)
    # The cells whose centre x0 + (c + 0.5) * cell_size lies within each area's bounds (rounding at the ends only
    # drops a cell from this shortcut, never adds a wrong one: the point-in-polygon test decides).
    col_lo = np.maximum(np.ceil((bounds[:, 0] - x0) / cell_size - 0.5), 0).astype(np.int64)
    col_hi = np.minimum(np.floor((bounds[:, 2] - x0) / cell_size - 0.5), ncols - 1).astype(np.int64)
    row_lo = np.maximum(np.ceil((bounds[:, 1] - y0) / cell_size - 0.5), 0).astype(np.int64)
    row_hi = np.minimum(np.floor((bounds[:, 3] - y0) / cell_size - 0.5), nrows - 1).astype(np.int64)
    width = np.maximum(col_hi - col_lo + 1, 0)
    per_geom = np.where(polygonal, width * np.maximum(row_hi - row_lo + 1, 0), 0)
    batch_of = np.cumsum(per_geom) // _CENTRES_PER_BATCH
    for batch in np.unique(batch_of[per_geom > 0]):
        chosen = np.flatnonzero((batch_of == batch) & (per_geom > 0))
        counts = per_geom[chosen]
        geom_index = np.repeat(chosen, counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = row_lo[geom_index] + offset // width[geom_index]
        cols = col_lo[geom_index] + offset % width[geom_index]
        centre_x, centre_y = x0 + (cols + 0.5) * cell_size, y0 + (rows + 0.5) * cell_size
        inside = shapely.contains_xy(geoms[geom_index], centre_x, centre_y)
        found[(rows * ncols + cols)[inside]] = True
    return found


# Cells made into boxes at a time: a national 250 m lattice has millions of cells, and a box for each at once
# would take gigabytes; a band at a time keeps the peak to tens of megabytes.
_BOXES_PER_BAND = 250_000


def _cells_meeting(
    geoms: np.ndarray,
    x0: float,
    y0: float,
    cell_size: float,
    nrows: int,
    ncols: int,
    settled: np.ndarray | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every (area, cell) pair whose closed shapes intersect: area indices, cell numbers (row by row over the
    whole ``nrows`` x ``ncols`` grid) and the cells' boxes, a band of rows at a time; cells ``settled`` (a flat
    mask) are passed over.

    Within a band the pairs come in increasing area order, so a cell's pairs are always met in that order.
    Only cells within some area's bounding box (and a cell's margin, against rounding) are made into boxes.
    """
    bounds = shapely.bounds(geoms)
    col_lo = np.clip(np.floor((bounds[:, 0] - x0) / cell_size).astype(np.int64) - 1, 0, ncols - 1)
    col_hi = np.clip(np.floor((bounds[:, 2] - x0) / cell_size).astype(np.int64) + 1, 0, ncols - 1)
    row_lo = np.clip(np.floor((bounds[:, 1] - y0) / cell_size).astype(np.int64) - 1, 0, nrows - 1)
    row_hi = np.clip(np.floor((bounds[:, 3] - y0) / cell_size).astype(np.int64) + 1, 0, nrows - 1)
    band_rows = max(1, _BOXES_PER_BAND // ncols)
    for first in range(0, nrows, band_rows):
        last = min(first + band_rows, nrows) - 1
        in_band = np.flatnonzero((row_lo <= last) & (row_hi >= first))
        if len(in_band) == 0:
            continue
        near = np.zeros((last - first + 1, ncols), dtype=bool)
        for g in in_band:
            near[max(row_lo[g], first) - first : min(row_hi[g], last) - first + 1, col_lo[g] : col_hi[g] + 1] = True
        if settled is not None:
            near &= ~settled[first * ncols : (last + 1) * ncols].reshape(near.shape)
        rows, cols = np.nonzero(near)
        if len(rows) == 0:
            continue
        rows += first
        west, south = x0 + cols * cell_size, y0 + rows * cell_size
        boxes = shapely.box(west, south, west + cell_size, south + cell_size)
        local, box_index = shapely.STRtree(boxes).query(geoms[in_band], predicate="intersects")
        yield in_band[local], rows[box_index] * ncols + cols[box_index], boxes[box_index]


def _inside_area(lattice: Lattice, geoms: np.ndarray) -> np.ndarray:
    """Square metres of each active cell of ``lattice`` inside ``geoms`` (which do not overlap)."""
    nrows, ncols = lattice.shape
    area = np.zeros(nrows * ncols)
    for geom_index, cell, boxes in _cells_meeting(geoms, lattice.x0, lattice.y0, lattice.cell_size, nrows, ncols):
        # Pieces are added cell by cell in increasing area order, so the sums do not depend on the banding.
        area += np.bincount(
            cell, weights=_overlap_areas(geoms[geom_index], boxes, lattice.cell_size), minlength=len(area)
        )
    # Rounding in the clipped pieces can sum a hair past the square; a cell never holds more than itself.
    return np.minimum(area[lattice.active.ravel()], lattice.cell_size**2)


def _overlap_areas(geoms: np.ndarray, boxes: np.ndarray, cell_size: float) -> np.ndarray:
    """The area each polygon shares with its box: a whole square where the box lies inside, else the clipped part.

    Most boxes lie wholly inside one area, and the prepared containment test is far cheaper than clipping, so
    only the boxes on a boundary are clipped. GEOS's rectangle clipping (``clip_by_rect``) does that about three
    times faster than a general intersection. ``shapely.clip_by_rect`` takes one rectangle a call, but the ufunc
    behind it, ``shapely.lib.clip_by_rect``, takes an array of each bound, so every box is clipped in one call
    (the same GEOS function; a Python call a box was half the time).
    """
    areas = np.full(len(boxes), cell_size**2)
    edge = np.flatnonzero(~shapely.contains_properly(geoms, boxes))
    west, south, east, north = shapely.bounds(boxes[edge]).T
    areas[edge] = shapely.area(shapely.lib.clip_by_rect(geoms[edge], west, south, east, north))
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

    This is the spatial lag ``W @ values`` for binary weights, computed as a 2-D correlation over the raster
    padded with a ring of zeros: inactive cells and the ring hold 0, so they add nothing, exactly as if they were
    not neighbours. The shifted rasters are added in the order ``scipy.ndimage.correlate`` adds its kernel's
    weights, so the sums are its own bit for bit (tests/unit/test_analysis_grid.py), without importing scipy.ndimage
    (half a second of every command's start).
    """
    kernel = neighbour_kernel(neighbourhood, include_self)
    raster = lattice.to_raster(values)
    nrows, ncols = raster.shape
    padded = np.pad(raster, 1)
    summed = np.zeros_like(raster)
    for dr, dc in zip(*np.nonzero(kernel), strict=True):
        summed += padded[dr : dr + nrows, dc : dc + ncols] * kernel[dr, dc]
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
