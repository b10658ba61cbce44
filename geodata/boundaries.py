"""Read area boundaries (GeoJSON, GeoPackage, Shapefile, zipped or not) as clean British National Grid polygons."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyogrio.raw
import shapely
import shapely.errors

from geodata.crs import BNG

# ONS code fields by level (LSOA11CD, LSOA21CD, MSOA11CD, WD22CD, LAD23CD, ...); names end NM instead of CD.
ONS_CODE_FIELD = {
    "oa": r"OA\d{2}CD",
    "lsoa": r"LSOA\d{2}CD",
    "msoa": r"MSOA\d{2}CD",
    "ward": r"WD\d{2}CD",
    "lad": r"LAD\d{2}CD",
    "csp": r"(CSP|LAD)\d{2}CD",
    "pfa": r"PFA\d{2}CD",
}
ANY_ONS_CODE_FIELD = r"[A-Z]+\d{2}CD"
POLYGONAL = {"Polygon", "MultiPolygon"}


class BoundaryFileError(ValueError):
    """A boundary file cannot be used as it is; the message says why and what to do."""


@dataclass(frozen=True)
class Boundaries:
    """Areas read from one file: ``frame`` has columns code, name, geometry (EPSG:27700)."""

    frame: gpd.GeoDataFrame
    code_field: str
    name_field: str | None
    repaired: int
    source_crs: str


def read_boundaries(
    path: Path,
    level: str,
    code_field: str | None = None,
    name_field: str | None = None,
    crs: str | None = None,
) -> Boundaries:
    """Read, check, repair and reproject the areas in one boundary file.

    Refuses (with a message naming the problem) files with no features, no usable code field, empty or
    repeated codes, missing or non-polygon geometries, or no coordinate reference system (unless ``crs``).
    Invalid polygons are repaired with ``make_valid`` and counted.
    """
    raw = _read_file(path)
    if raw.empty:
        raise BoundaryFileError(f"{path} has no features.")
    fields = [column for column in raw.columns if column != "geometry"]
    code_field = _choose_field(path, fields, code_field, level)
    name_field = _name_field_for(fields, code_field) if name_field is None else _require_field(path, fields, name_field)

    codes = raw[code_field].astype("string").str.strip()
    _refuse_bad_codes(path, code_field, codes)
    _refuse_bad_geometries(path, raw, codes)
    source_crs = _source_crs(path, raw, crs)
    _refuse_impossible_coordinates(path, raw, codes, source_crs, crs)

    frame = gpd.GeoDataFrame(
        {
            "code": codes.to_numpy(dtype=object),
            "name": raw[name_field].astype("string").str.strip().to_numpy(dtype=object) if name_field else None,
        },
        geometry=np.asarray(raw.geometry.values),  # without the CRS the file was read with: --crs may differ
        crs=source_crs,
    ).to_crs(BNG)
    geoms = frame.geometry.values
    invalid = ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        frame.loc[invalid, "geometry"] = _repaired(path, geoms, invalid, frame["code"])
    if frame.geometry.is_empty.any():
        lost = ", ".join(
            _feature(position, code) for position, code in _where(frame.geometry.is_empty.to_numpy(), frame["code"])
        )
        raise BoundaryFileError(
            f"{path}: repairing the polygons of {lost} left nothing; fix or remove those features "
            "(for example with QGIS's 'Fix geometries')."
        )
    if name_field is None:
        frame["name"] = frame["code"]
    return Boundaries(frame, code_field, name_field, repaired, source_crs)


def _read_file(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise BoundaryFileError(f"No such file: {path}")
    try:
        with warnings.catch_warnings():
            # GDAL warns about unclosed rings and then fails on them; the failure is reported feature by feature.
            warnings.simplefilter("ignore", RuntimeWarning)
            return gpd.read_file(path, engine="pyogrio")
    except UnicodeDecodeError as exc:
        raise BoundaryFileError(_not_utf8(path, exc)) from exc
    except shapely.errors.GEOSException as exc:
        raise BoundaryFileError(_unreadable_feature(path, exc)) from exc
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        if "codec can't decode" in str(exc):
            raise BoundaryFileError(_not_utf8(path, exc)) from exc
        raise BoundaryFileError(
            f"Could not read {path} as boundaries (GeoJSON, GeoPackage or Shapefile, optionally zipped): {exc}"
        ) from exc


def _not_utf8(path: Path, exc: Exception) -> str:
    return (
        f"{path} is not UTF-8 text ({exc}); GeoJSON must be UTF-8. It is most likely Latin-1 or Windows-1252: "
        "save it again as UTF-8 (for example `iconv -f latin1 -t utf-8 old.geojson > new.geojson`)."
    )


# GEOS's words for a geometry it cannot build, and what they mean for the person whose file it is.
_GEOMETRY_PROBLEMS = {
    "do not form a closed linestring": "a ring is not closed (its last point must repeat its first)",
    "Shell empty": "a ring has too few valid points",
    "must contain 0 or >=": "a ring has too few points (at least 4, the last repeating the first)",
}


def _unreadable_feature(path: Path, exc: Exception) -> str:
    """Which feature GDAL's geometry could not be built for, by reading the features one at a time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            meta, _, wkb, fields = pyogrio.raw.read(path)[:4]
    except Exception:  # the first error is the one to report
        return f"{path}: a feature's geometry cannot be read ({exc}); fix or remove it and load the file again."
    names = list(meta["fields"])
    codes = next((fields[at] for at, name in enumerate(names) if re.fullmatch(ANY_ONS_CODE_FIELD, name)), None)
    for position, geometry in enumerate(wkb):
        try:
            shapely.from_wkb(geometry)
        except shapely.errors.GEOSException as problem:
            what = next((said for key, said in _GEOMETRY_PROBLEMS.items() if key in str(problem)), str(problem))
            code = None if codes is None else codes[position]
            return (
                f"{path}: {_feature(position, code)} cannot be read as a polygon: {what}. "
                "Fix or remove that feature and load the file again."
            )
    return f"{path}: a feature's geometry cannot be read ({exc}); fix or remove it and load the file again."


def _feature(position: int, code: object) -> str:
    """How a message names a feature: its number in the file (from 1) and its code."""
    return f"feature {position + 1}" + (f" ({code})" if code is not None and str(code) else "")


def _where(mask: np.ndarray, codes) -> list[tuple[int, object]]:
    return [(int(at), codes.iloc[int(at)]) for at in np.flatnonzero(mask)[:5]]


def _repaired(path: Path, geoms: np.ndarray, invalid: np.ndarray, codes) -> np.ndarray:
    try:
        return shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
    except shapely.errors.GEOSException:
        pass
    for position in np.flatnonzero(invalid):  # find the feature that cannot be repaired, to name it
        try:
            shapely.make_valid(geoms[position], method="structure", keep_collapsed=False)
        except shapely.errors.GEOSException as exc:
            raise BoundaryFileError(
                f"{path}: {_feature(int(position), codes.iloc[int(position)])} is not a valid polygon and cannot "
                f"be repaired ({exc}). Fix or remove that feature (for example with QGIS's 'Fix geometries')."
            ) from exc
    raise BoundaryFileError(f"{path}: the polygons cannot be repaired; check the file in a GIS.")


# Where real coordinates lie: longitude/latitude, and (for any projected CRS) metres within a few thousand km.
_LONLAT_LIMITS = (-180.0, -90.0, 180.0, 90.0)
_PROJECTED_LIMIT = 1e7
# British National Grid's extent, in metres: coordinates here in a file said to be in degrees are BNG.
_BNG_EXTENT = (-100_000.0, -100_000.0, 800_000.0, 1_400_000.0)


def _refuse_impossible_coordinates(
    path: Path, raw: gpd.GeoDataFrame, codes, source_crs: str, given: str | None
) -> None:
    """Refuse coordinates that are no place on Earth, naming the feature; suggest --crs EPSG:27700 for a file
    in British National Grid metres that does not say so (GeoJSON without a ``crs`` member reads as degrees)."""
    bounds = shapely.bounds(raw.geometry.values)
    not_finite = ~np.isfinite(bounds).all(axis=1)
    if not_finite.any():
        position, code = _where(not_finite, codes)[0]
        raise BoundaryFileError(
            f"{path}: {_feature(position, code)} has a coordinate that is not a finite number; fix that feature."
        )
    geographic = gpd.GeoSeries([], crs=source_crs).crs.is_geographic
    if geographic:
        low_x, low_y, high_x, high_y = _LONLAT_LIMITS
        outside = (bounds[:, 0] < low_x) | (bounds[:, 1] < low_y) | (bounds[:, 2] > high_x) | (bounds[:, 3] > high_y)
    else:
        outside = (np.abs(bounds) > _PROJECTED_LIMIT).any(axis=1)
    if not outside.any():
        return
    position, code = _where(outside, codes)[0]
    furthest = bounds[position][np.argmax(np.abs(bounds[position]))]
    where = f"{_feature(position, code)} has a coordinate of {furthest:g}"
    low_x, low_y, high_x, high_y = _BNG_EXTENT
    all_in_bng = bool(
        (bounds[:, 0] >= low_x).all()
        and (bounds[:, 1] >= low_y).all()
        and (bounds[:, 2] <= high_x).all()
        and (bounds[:, 3] <= high_y).all()
    )
    if geographic and all_in_bng and given is None:
        raise BoundaryFileError(
            f"{path}: {where}, which is not a longitude or latitude ({source_crs}, what a file without a crs member "
            "is read as); its coordinates look like British National Grid metres. Load it again with --crs EPSG:27700."
        )
    raise BoundaryFileError(
        f"{path}: {where}, which is no place on Earth in {source_crs}; fix that feature "
        "(or, if the whole file is in another coordinate system, name it with --crs)."
    )


def _choose_field(path: Path, fields: list[str], given: str | None, level: str) -> str:
    if given is not None:
        return _require_field(path, fields, given)
    for pattern in (ONS_CODE_FIELD.get(level), ANY_ONS_CODE_FIELD, r"code"):
        if pattern is None:
            continue
        matches = [field for field in fields if re.fullmatch(pattern, field, flags=re.IGNORECASE)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise BoundaryFileError(
                f"{path}: more than one field could hold the {level} code ({', '.join(matches)}); "
                "choose one with --code-field."
            )
    raise BoundaryFileError(
        f"{path}: could not tell which field holds the {level} code (fields: {', '.join(fields)}); "
        "name it with --code-field."
    )


def _name_field_for(fields: list[str], code_field: str) -> str | None:
    if code_field.upper().endswith("CD"):
        wanted = code_field[:-2] + "NM"
        for field in fields:
            if field.upper() == wanted.upper():
                return field
    for field in fields:
        if field.lower() == "name":
            return field
    return None


def _require_field(path: Path, fields: list[str], field: str) -> str:
    if field not in fields:
        raise BoundaryFileError(f"{path} has no field {field!r} (fields: {', '.join(fields)}).")
    return field


def _refuse_bad_codes(path: Path, code_field: str, codes) -> None:
    empty = np.flatnonzero((codes.isna() | (codes == "")).to_numpy())
    if len(empty):
        shown = ", ".join(str(i + 1) for i in empty[:10])
        raise BoundaryFileError(
            f"{path}: {len(empty)} feature(s) have an empty {code_field} (feature number {shown}). "
            "Every area needs a code."
        )
    repeated = [(code, n) for code, n in Counter(codes.tolist()).most_common() if n > 1]
    if repeated:
        shown = ", ".join(f"{code} ({n} times)" for code, n in repeated[:10])
        raise BoundaryFileError(
            f"{path}: {len(repeated)} code(s) appear more than once in {code_field}: {shown}. "
            "Each area must be one feature; merge the parts before loading."
        )


def _refuse_bad_geometries(path: Path, raw: gpd.GeoDataFrame, codes) -> None:
    missing = raw.geometry.isna() | raw.geometry.is_empty
    if missing.any():
        shown = ", ".join(codes[missing.to_numpy()].head(10))
        raise BoundaryFileError(f"{path}: {int(missing.sum())} area(s) have no geometry: {shown}.")
    kinds = raw.geometry.geom_type
    wrong = ~kinds.isin(POLYGONAL)
    if wrong.any():
        found = ", ".join(sorted(set(kinds[wrong])))
        raise BoundaryFileError(
            f"{path}: boundaries must be polygons, but {int(wrong.sum())} feature(s) are {found} "
            f"(for example {codes[wrong.to_numpy()].iloc[0]})."
        )


def _source_crs(path: Path, raw: gpd.GeoDataFrame, given: str | None) -> str:
    if given is not None:
        if raw.crs is not None and not raw.crs.equals(given) and not _read_as_lonlat_by_default(path, raw):
            raise BoundaryFileError(
                f"{path} says its coordinates are in {raw.crs.to_string()}, not {given}; drop --crs."
            )
        return given
    if raw.crs is None:
        raise BoundaryFileError(
            f"{path} does not say which coordinate system it uses; pass --crs (for example EPSG:27700 "
            "for British National Grid, EPSG:4326 for longitude/latitude)."
        )
    return raw.crs.to_string()


def _read_as_lonlat_by_default(path: Path, raw: gpd.GeoDataFrame) -> bool:
    """A GeoJSON file without a ``crs`` member is read as longitude/latitude, so --crs may say otherwise."""
    if path.suffix.lower() not in (".geojson", ".json") or raw.crs is None or not raw.crs.is_geographic:
        return False
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    return b'"crs"' not in head
