"""Place partner rows in the loaded areas: by an area code at any level, or by coordinates in a loaded LSOA.

A code must be a loaded area (at any level; an LSOA code also gives the row's LSOA). Coordinates, longitude and
latitude or British National Grid easting and northing, must fall in the UK, and are looked up point-in-polygon
in the loaded LSOAs. Formats that must not keep a point (a survey respondent's, a patient's) drop it once the
LSOA is found.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from geodata.assign import assign_points_to_areas
from geodata.crs import UK_BOUNDS_LONLAT, lonlat_to_bng
from queries.areas import BASE_LEVEL, area_geometries
from queries.errors import CspmapError
from queries.ingest.partner_values import FieldError, number_between, parse_code
from queries.sql_files import load_sql

# British National Grid extent (metres): anything outside is not in Great Britain.
BNG_EXTENT = (0.0, 0.0, 700_000.0, 1_300_000.0)
CODE_ALIASES = (
    "lsoa_code",
    "lsoa",
    "lsoa11cd",
    "lsoa21cd",
    "ward_code",
    "neighbourhood_code",
    "neighbourhood",
    "csp_code",
    "area",
)
# Columns (after the code) that locate a row; the format mechanism maps them like any other field.
POINT_COLUMNS = ("longitude", "latitude", "easting", "northing")
POINT_ALIASES = {
    "longitude": ("lon", "lng", "long", "x_lon"),
    "latitude": ("lat",),
    "easting": ("x",),
    "northing": ("y",),
}
# Results added to every located row.
LOCATION_RESULTS = ("lsoa_code", "area_code", "area_level", "located_by", "easting", "northing")

parse_coordinate = number_between(-1e7, 1e7)


@dataclass(frozen=True)
class Location:
    """How a format locates its rows.

    ``required``: a row with neither code nor coordinates is rejected. ``points``: coordinates are accepted.
    ``keep_point``: the point's easting and northing are stored (else used to find the LSOA, then dropped).
    """

    required: bool = True
    points: bool = True
    keep_point: bool = False


class AreaLocator:
    """Loaded areas by code, and the loaded LSOA holding a point."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._by_code: dict[str, tuple[str, str]] = {}
        # Ordered LSOAs first, then finer levels first, so a code loaded at two levels means the finer area.
        for code, level in con.execute(load_sql("partner_area_codes")).fetchall():
            self._by_code.setdefault(code.upper(), (code, level))
        if not self._by_code:
            raise CspmapError(
                "No areas are loaded, so partner data cannot be placed: load LSOA boundaries first "
                "(cspmap ingest boundaries FILE --level lsoa), then the partner files."
            )
        self._lsoas: tuple[np.ndarray, np.ndarray] | None = None

    def find(self, code: str) -> tuple[str, str]:
        """The loaded (code, level) for ``code`` (case ignored); FieldError 'unknown area' if none."""
        try:
            return self._by_code[code.upper()]
        except KeyError:
            raise FieldError("unknown area", code, "is not a loaded area") from None

    def lsoas_at(self, easting: np.ndarray, northing: np.ndarray) -> np.ndarray:
        """The loaded LSOA holding each point, or None."""
        if self._lsoas is None:
            self._lsoas = area_geometries(self._con, BASE_LEVEL)
        codes, geoms = self._lsoas
        return assign_points_to_areas(easting, northing, codes, geoms)


def parse_area_code(text: str) -> str:
    """An area code as given; whether it is loaded is checked by ``AreaLocator.find``."""
    return parse_code(text)


def grid_point(row: dict) -> tuple[float, float] | None:
    """The row's point as British National Grid (easting, northing), or None; FieldError if incomplete or outside."""
    if row.get("easting") is not None or row.get("northing") is not None:
        easting, northing = _pair(row, "easting", "northing")
        min_e, min_n, max_e, max_n = BNG_EXTENT
        if not (min_e <= easting <= max_e and min_n <= northing <= max_n):
            raise _outside(easting, northing, "is outside the British National Grid")
        return easting, northing
    if row.get("longitude") is not None or row.get("latitude") is not None:
        lon, lat = _pair(row, "longitude", "latitude")
        min_lon, min_lat, max_lon, max_lat = UK_BOUNDS_LONLAT
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            raise _outside(lon, lat, "is outside the box around the UK")
        easting, northing = lonlat_to_bng(np.array([lon]), np.array([lat]))
        return float(easting[0]), float(northing[0])
    return None


def _pair(row: dict, first: str, second: str) -> tuple[float, float]:
    if row.get(first) is None or row.get(second) is None:
        raise FieldError("bad coordinates", None, f"has only one of {first} and {second}")
    return row[first], row[second]


def _outside(first: float, second: float, problem: str) -> FieldError:
    return FieldError("coordinates outside the UK", f"{first:g}, {second:g}", problem)
