"""Place names for grid cells: the police.uk location names ("On or near High Street") most incidents in a cell
carry, so a sergeant can find a target cell by its streets rather than its grid reference."""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.wkb import from_wkb
from queries.analysis.selection import Selection, define_located_selection
from queries.sql_files import load_sql

NAMES_PER_CELL = 3  # enough to find a cell on the ground; more would not fit a table cell or a hover
NAME_SEPARATOR = "; "


@dataclass(frozen=True)
class CellPlaceNames:
    """Up to ``NAMES_PER_CELL`` location names per grid cell, commonest first.

    ``names`` has one row per cell and name: ``grid_x``, ``grid_y`` (the cell as floor(easting / cell size),
    floor(northing / cell size)), ``place_rank`` (1 = commonest), ``location``, ``selected_incidents`` (the
    selection's incidents there) and ``incidents`` (all incidents there, whatever the month or category).
    """

    names: pd.DataFrame
    cell_size: float

    def for_cells(self, easting: np.ndarray, northing: np.ndarray) -> pd.DataFrame:
        """For cells given by their centres: ``place_name`` (the commonest name) and ``place_names`` (all of them,
        joined by "; "), both None where no incident in the cell has a location name; in the order given."""
        keys = pd.DataFrame(
            {
                "grid_x": np.floor(np.asarray(easting, dtype=float) / self.cell_size).astype(np.int64),
                "grid_y": np.floor(np.asarray(northing, dtype=float) / self.cell_size).astype(np.int64),
            }
        )
        named = keys.merge(self._joined(), how="left", left_on=["grid_x", "grid_y"], right_index=True)
        named = named[["place_name", "place_names"]].reset_index(drop=True).astype(object)
        return named.where(named.notna(), None)

    def _joined(self) -> pd.DataFrame:
        """One row per named cell (indexed by grid_x, grid_y): its commonest name and all its names joined."""
        # A cell has at most NAMES_PER_CELL names, ranked 1, 2, ...: joining rank by rank is a few vectorised
        # passes, where a group-by with str.join calls Python once per cell (half a million cells nationally).
        ranks = self.names["place_rank"].to_numpy()
        locations = self.names["location"].to_numpy(dtype=object)
        cell = pd.MultiIndex.from_arrays([self.names["grid_x"].to_numpy(), self.names["grid_y"].to_numpy()])
        first = ranks == 1
        joined = locations[first].copy()
        cells = cell[first]
        for rank in range(2, int(ranks.max(initial=1)) + 1):
            at = ranks == rank
            position = cells.get_indexer(cell[at])
            joined[position] = joined[position] + NAME_SEPARATOR + locations[at]
        return pd.DataFrame(
            {"place_name": locations[first], "place_names": joined}, index=cells.set_names(["grid_x", "grid_y"])
        )


def cell_place_names(con: duckdb.DuckDBPyConnection, selection: Selection, cell_size: float) -> CellPlaceNames:
    """The commonest police.uk location names in every grid cell of ``cell_size`` metres that has any.

    Names are ranked by the selection's incidents in the cell, then by all its incidents (a cell with none of the
    selected incidents is still named by what happens there), then alphabetically, so ties break the same way on
    every run.
    """
    params = {**selection.params(), "cell_size": float(cell_size), "top": NAMES_PER_CELL}
    names = con.execute(load_sql("place_names_cells"), {**params, **_cells_around(con, selection, cell_size)}).df()
    return CellPlaceNames(names=names, cell_size=float(cell_size))


def _cells_around(con: duckdb.DuckDBPyConnection, selection: Selection, cell_size: float) -> dict[str, int | None]:
    """The range of grid cells (``grid_x``, ``grid_y``) that the grid within the chosen area can have: every cell
    meeting the area's bounding box, so a grid within one area is named without reading the nation's incidents
    (all None when no area is chosen)."""
    if selection.within is None:
        return dict.fromkeys(("min_grid_x", "max_grid_x", "min_grid_y", "max_grid_y"))
    rows = con.execute(load_sql("hotspots_study_area"), selection.within_params()).fetchnumpy()
    west, south, east, north = shapely.total_bounds(from_wkb(rows["geometry"]))
    return {
        "min_grid_x": math.floor(west / cell_size),
        "max_grid_x": math.floor(east / cell_size),
        "min_grid_y": math.floor(south / cell_size),
        "max_grid_y": math.floor(north / cell_size),
    }


def with_place_names(cells: pd.DataFrame, place_names: CellPlaceNames) -> pd.DataFrame:
    """``cells`` (with ``easting`` and ``northing`` of each cell's centre) with ``place_name`` and ``place_names``."""
    named = place_names.for_cells(cells["easting"].to_numpy(), cells["northing"].to_numpy())
    return pd.concat([cells.reset_index(drop=True), named], axis=1)


def map_points(con: duckdb.DuckDBPyConnection, selection: Selection) -> pd.DataFrame:
    """The police.uk map points the selection's incidents use: ``longitude``, ``latitude``, ``location`` (the
    commonest name there) and ``incidents``; drawn faintly, they show the streets and public places."""
    define_located_selection(con)
    return con.execute(load_sql("place_names_map_points"), selection.params()).df()
