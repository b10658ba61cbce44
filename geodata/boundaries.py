"""Read area boundaries (GeoJSON, GeoPackage, Shapefile, zipped or not) as clean British National Grid polygons."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

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

    frame = gpd.GeoDataFrame(
        {
            "code": codes.to_numpy(dtype=object),
            "name": raw[name_field].astype("string").str.strip().to_numpy(dtype=object) if name_field else None,
        },
        geometry=raw.geometry.values,
        crs=source_crs,
    ).to_crs(BNG)
    geoms = frame.geometry.values
    invalid = ~shapely.is_valid(geoms)
    repaired = int(invalid.sum())
    if repaired:
        fixed = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        frame.loc[invalid, "geometry"] = fixed
    if frame.geometry.is_empty.any():
        lost = ", ".join(frame.loc[frame.geometry.is_empty, "code"].head(5))
        raise BoundaryFileError(f"{path}: repairing the polygons of {lost} left nothing; check those features.")
    if name_field is None:
        frame["name"] = frame["code"]
    return Boundaries(frame, code_field, name_field, repaired, source_crs)


def _read_file(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise BoundaryFileError(f"No such file: {path}")
    try:
        return gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise BoundaryFileError(
            f"Could not read {path} as boundaries (GeoJSON, GeoPackage or Shapefile, optionally zipped): {exc}"
        ) from exc


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
        if raw.crs is not None and not raw.crs.equals(given):
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
