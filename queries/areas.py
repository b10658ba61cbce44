"""Areas in the database: store a level's boundaries, build levels from LSOA lookups, keep lookups current."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.assign import assign_points_to_areas, best_fit_parents
from geodata.display import display_geometries
from geodata.dissolve import dissolve_areas
from geodata.geojson import feature_collection
from geodata.wkb import from_wkb, to_wkb
from queries.frames import registered
from queries.sql_files import load_sql

BASE_LEVEL = "lsoa"
# Shown when no level is chosen: a CSP's neighbourhoods if loaded, else its LSOAs.
PREFERRED_LEVELS = ("neighbourhood", BASE_LEVEL)


@dataclass(frozen=True)
class AreaShapes:
    """A level's display polygons as GeoJSON (feature ``id`` = area code) and their WGS84 bounds."""

    geojson: dict
    bounds: tuple[float, float, float, float]  # west, south, east, north


def area_geometries(con: duckdb.DuckDBPyConnection, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes and British National Grid polygons of a level's areas, ordered by code."""
    rows = con.execute(load_sql("areas_geometries"), {"level": level}).fetchnumpy()
    return np.asarray(rows["code"], dtype=object), from_wkb(rows["geometry"])


def level_shapes(con: duckdb.DuckDBPyConnection, level: str, within: tuple[str, str] | None = None) -> AreaShapes:
    """The simplified WGS84 outlines of a level's areas (only those inside ``within``, a (level, code), if given),
    for drawing on a map."""
    rows = con.execute(load_sql("areas_display_shapes"), {"level": level, **_within_params(within)}).fetchnumpy()
    geoms = from_wkb(rows["geometry_wgs84"])
    west, south, east, north = (float(value) for value in shapely.total_bounds(geoms))
    return AreaShapes(feature_collection(rows["code"], geoms), (west, south, east, north))


def loaded_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The levels that have areas, finest first (most areas first, so LSOAs lead)."""
    return [level for (level,) in con.execute(load_sql("areas_levels")).fetchall()]


def preferred_level(levels: Sequence[str]) -> str:
    """The level to show when none is chosen: neighbourhoods if loaded, else LSOAs, else the first loaded."""
    return next((level for level in PREFERRED_LEVELS if level in levels), levels[0] if levels else BASE_LEVEL)


def level_sizes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many areas each loaded level has, finest first (the order of ``loaded_levels``)."""
    return {level: int(areas) for level, areas in con.execute(load_sql("areas_level_sizes")).fetchall()}


def opening_level(sizes: dict[str, int], max_areas: int) -> str:
    """The level a page looking at everything opens on: the preferred level (``preferred_level``) if its areas fit
    on one map (at most ``max_areas``), else the finest level that fits, else the coarsest loaded."""
    fitting = [level for level, areas in sizes.items() if areas <= max_areas]
    preferred = preferred_level(list(sizes))
    if preferred in fitting:
        return preferred
    if fitting:
        return fitting[0]
    return list(sizes)[-1] if sizes else BASE_LEVEL


def within_level(sizes: dict[str, int], max_areas: int) -> str | None:
    """The level whose areas a page offers to look within, when some level has more areas than one map draws: the
    coarsest level with more than one area and no more than ``max_areas`` (so the choices fit in one list). None
    when every level fits on one map (nothing to choose), or no level can divide the whole."""
    if all(areas <= max_areas for areas in sizes.values()):
        return None
    return next((level for level in reversed(sizes) if 1 < sizes[level] <= max_areas), None)


@dataclass(frozen=True)
class MapView:
    """The areas of one level a map would draw: all of them, or those inside one area; and whether they fit."""

    level: str
    within: tuple[str, str] | None  # (level, code), or None for every loaded area
    codes: tuple[str, ...]  # the areas in view, by code
    max_areas: int

    @property
    def fits(self) -> bool:
        """Whether one map may draw them all (at most ``max_areas``)."""
        return len(self.codes) <= self.max_areas


def map_view(con: duckdb.DuckDBPyConnection, level: str, within: tuple[str, str] | None, max_areas: int) -> MapView:
    """The areas of ``level`` inside ``within`` (every area of the level when None), against the map's limit."""
    # The same rule as the rates' areas: the areas of the level with an LSOA inside ``within``.
    areas = con.execute(load_sql("rates_areas"), {"level": level, **_within_params(within)}).fetchnumpy()
    return MapView(level, within, tuple(areas["area_code"].tolist()), max_areas)


def grid_cells_estimate(con: duckdb.DuckDBPyConnection, within: tuple[str, str] | None, cell_size_m: float) -> int:
    """About how many grid cells of ``cell_size_m`` a grid over ``within`` (every loaded LSOA when None) has: its
    ground divided by one cell's (cells on the edge make the real lattice a little larger)."""
    (ground,) = con.execute(load_sql("areas_ground_m2"), _within_params(within)).fetchone()
    return 0 if ground is None else round(float(ground) / cell_size_m**2)


def _within_params(within: tuple[str, str] | None) -> dict[str, str | None]:
    return {"within_level": within[0] if within else None, "within_code": within[1] if within else None}


def areas_at_points(
    con: duckdb.DuckDBPyConnection, level: str, easting: np.ndarray, northing: np.ndarray
) -> pd.DataFrame:
    """The code and name of the area of ``level`` each British National Grid point is in (None where none)."""
    codes, geoms = area_geometries(con, level)
    found = assign_points_to_areas(easting, northing, codes, geoms)
    names = dict(con.execute(load_sql("areas_names"), {"level": level}).fetchall())
    return pd.DataFrame({"area_code": found, "area_name": [names.get(code) for code in found]})


def lookup_built_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The levels built by dissolving LSOAs through a lookup file."""
    return [level for (level,) in con.execute(load_sql("areas_lookup_levels")).fetchall()]


def store_level(
    con: duckdb.DuckDBPyConnection,
    level: str,
    areas: pd.DataFrame,
    *,
    replace_level: bool,
) -> None:
    """Write areas (columns code, name, geometry in EPSG:27700 as shapely, source_file) into a level.

    Areas with the same code are replaced; with ``replace_level`` every other area of the level goes too.
    The level's display geometries are recomputed as a whole so that neighbours keep shared edges.
    """
    kept = pd.DataFrame(columns=["code", "name", "geometry", "source_file"])
    if not replace_level:
        kept = con.execute(load_sql("areas_of_level"), {"level": level}).df()
        kept = kept[~kept["code"].isin(areas["code"])]
        kept["geometry"] = from_wkb(kept["geometry"])
    level_areas = pd.concat([kept, areas[["code", "name", "geometry", "source_file"]]], ignore_index=True)
    geoms = level_areas["geometry"].to_numpy(dtype=object)
    rows = pd.DataFrame(
        {
            "level": level,
            "code": level_areas["code"].astype(object),
            "name": level_areas["name"].astype(object),
            "geometry": to_wkb(geoms),
            "geometry_wgs84": to_wkb(display_geometries(geoms)),
            "area_m2": shapely.area(geoms),
            "source_file": level_areas["source_file"].astype(object),
        }
    )
    con.execute(load_sql("areas_delete_level"), {"level": level})
    with registered(con, "level_rows", rows):
        con.execute(load_sql("areas_insert_level"))


def rebuild_lookup_levels(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every level defined by an LSOA lookup by dissolving the loaded LSOAs."""
    for level in lookup_built_levels(con):
        members = con.execute(load_sql("lookup_level_members"), {"level": level}).df()
        if members.empty:
            con.execute(load_sql("areas_delete_level"), {"level": level})
            continue
        codes, merged = dissolve_areas(from_wkb(members["geometry"]), members["area_code"].to_numpy())
        first = members.drop_duplicates("area_code").set_index("area_code")
        store_level(
            con,
            level,
            pd.DataFrame(
                {
                    "code": codes,
                    "name": first.loc[codes, "area_name"].fillna(pd.Series(codes, index=codes)).to_numpy(),
                    "geometry": merged,
                    "source_file": first.loc[codes, "source_file"].to_numpy(),
                }
            ),
            replace_level=True,
        )


def rebuild_area_lookup(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``area_lookup``: each loaded LSOA to the best-fit area of every loaded level."""
    con.execute(load_sql("area_lookup_clear"))
    lsoa_codes, lsoa_geoms = area_geometries(con, BASE_LEVEL)
    if len(lsoa_codes) == 0:
        return
    pieces = [pd.DataFrame({"lsoa_code": lsoa_codes, "level": BASE_LEVEL, "area_code": lsoa_codes})]
    for level in loaded_levels(con):
        if level == BASE_LEVEL:
            continue
        codes, geoms = area_geometries(con, level)
        parents = best_fit_parents(lsoa_geoms, codes, geoms)
        fitted = pd.notna(parents)
        pieces.append(pd.DataFrame({"lsoa_code": lsoa_codes[fitted], "level": level, "area_code": parents[fitted]}))
    lookup = pd.concat(pieces, ignore_index=True).astype(object)
    with registered(con, "new_lookup", lookup):
        con.execute(load_sql("area_lookup_insert"))


def refresh_area_population(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every area's population from ``population`` and ``area_lookup``."""
    con.execute(load_sql("refresh_area_population"))
