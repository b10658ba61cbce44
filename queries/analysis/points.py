"""Incidents on the grid: the lattice over the study area and which cell each selected incident falls in."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import duckdb
import numpy as np
import pandas as pd

from geodata.grid import Lattice, lattice_over, locate_points
from geodata.wkb import from_wkb
from queries.analysis.kde import distinct_points
from queries.analysis.selection import Selection
from queries.areas import areas_at_points, loaded_levels, preferred_level
from queries.errors import CspmapError
from queries.kept import kept
from queries.sql_files import load_sql


@dataclass(frozen=True)
class GridPoints:
    """The selected incidents by map point and month, and the cell each point falls in (-1: no coordinates, or
    outside every cell). Row i is ``incidents[i]`` incidents at (``x[i]``, ``y[i]``) in ``months[i]``."""

    lattice: Lattice
    x: np.ndarray
    y: np.ndarray
    months: np.ndarray  # datetime64[D], first day of the month
    incidents: np.ndarray  # how many incidents each row stands for
    cells: np.ndarray
    no_location: int  # placed in an area by their LSOA code, but police.uk gave no coordinates
    off_grid: int  # with coordinates, but in no grid cell

    @property
    def on_grid(self) -> np.ndarray:
        return self.cells >= 0

    def counts(self, months: tuple[date, ...] | None = None) -> np.ndarray:
        """Incidents per cell, for some months only or all."""
        present, by_month = self._counts_by_month
        if months is None:
            return by_month.sum(axis=1)
        return by_month[:, np.isin(present, _as_days(months))].sum(axis=1)

    @cached_property
    def _counts_by_month(self) -> tuple[np.ndarray, np.ndarray]:
        """The months present and each cell's incidents in each (cells x months): every ``counts`` of the
        evaluation, the emerging hot spots and the methods reads this one table instead of the rows again."""
        on = self.on_grid
        present, column = np.unique(self.months[on], return_inverse=True)
        n_cells, n_months = self.lattice.n_cells, len(present)
        flat = np.bincount(self.cells[on] * n_months + column, weights=self.incidents[on], minlength=n_cells * n_months)
        return present, flat.reshape(n_cells, n_months)

    def places(self, months: tuple[date, ...]) -> MapPlaces:
        """Each map point with coordinates and incidents in ``months`` once, with their total, in the order first
        met (on any grid or none: it does not depend on the lattice, so shifted grids can share it)."""
        chosen = np.isin(self.months, _as_days(months))
        return MapPlaces(*distinct_points(self.x[chosen], self.y[chosen], self.incidents[chosen]))

    def on_lattice(self, lattice: Lattice) -> GridPoints:
        """The same incidents located on another lattice (a shifted grid)."""
        cells = locate_points(lattice, self.x, self.y)
        return GridPoints(
            lattice=lattice,
            x=self.x,
            y=self.y,
            months=self.months,
            incidents=self.incidents,
            cells=cells,
            no_location=self.no_location,
            off_grid=_off_grid(self.x, self.y, self.incidents, cells),
        )

    def notes(self) -> list[str]:
        """What could not go on the grid, in words."""
        notes = []
        if self.no_location:
            notes.append(f"{self.no_location:,} incident(s) have no coordinates, so they are not on the grid.")
        if self.off_grid:
            notes.append(f"{self.off_grid:,} incident(s) have coordinates outside the grid's cells and are left out.")
        return notes


@dataclass(frozen=True)
class MapPlaces:
    """Map points once each: ``incidents[i]`` incidents at (``x[i]``, ``y[i]``)."""

    x: np.ndarray
    y: np.ndarray
    incidents: np.ndarray


def study_lattice(
    con: duckdb.DuckDBPyConnection,
    cell_size: float,
    within: tuple[str, str] | None,
    offset: tuple[float, float] = (0.0, 0.0),
) -> Lattice:
    """The grid over every loaded LSOA, or over one area, its edges shifted by ``offset`` metres east and north."""
    params = {"within_level": within[0] if within else None, "within_code": within[1] if within else None}
    rows = con.execute(load_sql("hotspots_study_area"), params).fetchnumpy()
    if len(rows["code"]) == 0:
        raise CspmapError("No LSOA boundaries are loaded, so there is no area to lay a grid over.")
    key = (_boundaries_digest(rows["code"], rows["geometry"]), float(cell_size), tuple(map(float, offset)))
    with _LATTICES_LOCK:
        if key in _LATTICES:
            _LATTICES.move_to_end(key)
            return _LATTICES[key]
    lattice = lattice_over(from_wkb(rows["geometry"]), cell_size, offset)
    with _LATTICES_LOCK:
        _LATTICES[key] = lattice
        while len(_LATTICES) > _LATTICES_KEPT:
            _LATTICES.popitem(last=False)
    return lattice


# The lattice depends on the boundaries and the grid alone, not on the incidents, so each process keeps the last
# few it built: a hot spots page builds the same five (the grid and its four shifted copies for the evaluation) for
# every selection, and measuring their cells' areas is most of that work. A lattice is never changed once built.
_LATTICES_KEPT = 10
_LATTICES: OrderedDict[tuple, Lattice] = OrderedDict()
_LATTICES_LOCK = threading.Lock()


def _boundaries_digest(codes: np.ndarray, geometries: np.ndarray) -> bytes:
    """A digest of the study area's codes and exact boundaries (WKB), so a lattice is reused only over them."""
    digest = hashlib.blake2b(digest_size=16)
    for code, geometry in zip(codes.tolist(), geometries.tolist(), strict=True):
        for part in (code.encode(), bytes(geometry)):
            digest.update(len(part).to_bytes(8, "little") + part)
    return digest.digest()


def grid_points(con: duckdb.DuckDBPyConnection, selection: Selection, cell_size: float) -> GridPoints:
    """The selection's incidents located on the grid over the study area (kept for the other analyses of a page:
    see queries/kept.py)."""
    return kept("grid points", (selection, float(cell_size)), lambda: _read_grid_points(con, selection, cell_size))


def _read_grid_points(con: duckdb.DuckDBPyConnection, selection: Selection, cell_size: float) -> GridPoints:
    lattice = study_lattice(con, cell_size, selection.within)
    rows = con.execute(load_sql("grid_places"), selection.params()).fetchnumpy()
    x = _floats(rows["easting"])
    y = _floats(rows["northing"])
    incidents = np.asarray(rows["incidents"], dtype=np.int64)
    located = np.isfinite(x) & np.isfinite(y)
    cells = locate_points(lattice, x, y)
    return GridPoints(
        lattice=lattice,
        x=x,
        y=y,
        months=np.asarray(rows["month"], dtype="datetime64[D]"),
        incidents=incidents,
        cells=cells,
        no_location=int(incidents[~located].sum()),
        off_grid=_off_grid(x, y, incidents, cells),
    )


def _off_grid(x: np.ndarray, y: np.ndarray, incidents: np.ndarray, cells: np.ndarray) -> int:
    """Incidents with coordinates that fall in no cell."""
    return int(incidents[np.isfinite(x) & np.isfinite(y) & (cells < 0)].sum())


def _floats(column: np.ndarray) -> np.ndarray:
    # DuckDB hands back a masked array when a column has NULLs; a NULL coordinate must become NaN, not 0.
    return np.ma.filled(np.ma.asarray(column, dtype=float), np.nan)


def _as_days(months: tuple[date, ...]) -> np.ndarray:
    return np.array([np.datetime64(month, "D") for month in months], dtype="datetime64[D]")


def cell_areas(con: duckdb.DuckDBPyConnection, x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The area (``area_code``, ``area_name``) each cell centre is in, at the level shown when none is chosen
    (neighbourhoods if loaded, else LSOAs), so that a cell can be named."""
    return areas_at_points(con, preferred_level(loaded_levels(con)), x, y)
