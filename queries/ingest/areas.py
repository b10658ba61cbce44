"""Ingest area boundaries, and LSOA lookups that build a level by dissolving LSOAs."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from geodata.boundaries import BoundaryFileError, read_boundaries
from queries.areas import (
    BASE_LEVEL,
    lookup_built_levels,
    rebuild_area_lookup,
    rebuild_lookup_levels,
    refresh_area_population,
    store_level,
)
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.csv_rows import read_csv_rows
from queries.ingest.personal_data import withhold_personal_columns
from queries.ingest.runs import IngestSummary, Reject, file_sha256, finish_run, record_rejects, start_run
from queries.placement import place_incidents
from queries.sql_files import load_sql

LEVEL_PATTERN = r"[a-z][a-z0-9_]*"

# Column names (regexes, tried in order, spaces or underscores between words) for LSOA lookups such as the
# census file or ONS lookup CSVs.
LSOA_CODE_COLUMNS = (r"lsoa[\s_]*\d{0,2}[\s_]*(code|cd)",)
AREA_CODE_COLUMNS = {
    "msoa": (r"msoa[\s_]*\d{0,2}[\s_]*(code|cd)",),
    "ward": (r"(ward|wd)[\s_]*\d{0,2}[\s_]*(code|cd)",),
    "lad": (r"lad[\s_]*\d{0,2}[\s_]*(code|cd)", r"local[\s_]authority[\s_](district[\s_])?code"),
    "csp": (r"(csp|lad)[\s_]*\d{0,2}[\s_]*(code|cd)", r"local[\s_]authority[\s_](district[\s_])?code"),
}


def ingest_boundaries(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    level: str,
    *,
    code_field: str | None = None,
    name_field: str | None = None,
    crs: str | None = None,
    replace_level: bool = False,
) -> IngestSummary:
    """Load one boundary file into ``areas`` at ``level`` and bring lookups, populations and placements up to date.

    Areas whose code is already loaded at that level are replaced; others are added (``replace_level``
    drops the level's other areas first).
    """
    _check_level_name(level)
    if level in lookup_built_levels(con):
        raise CspmapError(
            f"The {level} level is built from an LSOA lookup; load these boundaries under another level name."
        )
    try:
        boundaries = read_boundaries(path, level, code_field=code_field, name_field=name_field, crs=crs)
    except BoundaryFileError as exc:
        raise CspmapError(str(exc)) from exc
    summary = IngestSummary("boundaries", str(path))
    run_id = start_run(con, "boundaries", str(path), file_sha256(path))
    areas = pd.DataFrame(boundaries.frame.drop(columns="geometry"))
    areas["geometry"] = boundaries.frame.geometry.values
    areas["source_file"] = path.name
    store_level(con, level, areas, replace_level=replace_level)
    summary.rows_read = summary.rows_stored = len(areas)
    summary.notes.append(
        f"{len(areas)} {level} areas from {path.name} (code field {boundaries.code_field}, "
        f"name field {boundaries.name_field or '(none: codes used as names)'}, "
        f"reprojected from {boundaries.source_crs} to EPSG:27700)"
    )
    if boundaries.repaired:
        summary.notes.append(f"{boundaries.repaired} invalid polygon(s) repaired with make_valid")
    refresh_area_structure(con, lsoas_changed=level == BASE_LEVEL)
    finish_run(con, run_id, summary)
    return summary


def ingest_lsoa_lookup(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    level: str,
    *,
    code_field: str | None = None,
    name_field: str | None = None,
    lsoa_field: str | None = None,
) -> IngestSummary:
    """Load an LSOA-to-area lookup and build ``level`` by dissolving the loaded LSOAs of each area.

    The lookup is kept whole (``lsoa_memberships``), so LSOAs loaded later join their areas automatically.
    Rows with an empty code, or an LSOA already given earlier in the file, are rejected.
    """
    _check_level_name(level)
    if level == BASE_LEVEL:
        raise CspmapError("LSOAs are the building blocks; a lookup builds a higher level (e.g. --level msoa).")
    has_areas = con.execute(load_sql("areas_count_at_level"), {"level": level}).fetchone()[0]
    if has_areas and level not in lookup_built_levels(con):
        raise CspmapError(
            f"The {level} level was loaded from a boundary file; build the lookup under another level name."
        )
    table = read_csv_rows(path)
    lsoa_at = _column(table, lsoa_field, LSOA_CODE_COLUMNS, "LSOA code", "--lsoa-field")
    code_at = _column(table, code_field, AREA_CODE_COLUMNS.get(level, ()), f"{level} code", "--code-field")
    name_at = _name_column(table, name_field, code_at)

    used = {lsoa_at, code_at} | ({name_at} if name_at is not None else set())
    summary = IngestSummary("lookup", str(path), notes=withhold_personal_columns(table, used))
    run_id = start_run(con, "lookup", str(path), file_sha256(path))
    rejects = list(table.rejects)
    seen: dict[str, int] = {}
    members = []
    for record in table.records:
        lsoa, code = record.values[lsoa_at], record.values[code_at]
        if not lsoa or not code:
            rejects.append(Reject(record.line, "no code: the LSOA code or the area code is blank", record.raw))
        elif lsoa in seen:
            rejects.append(
                Reject(record.line, f"duplicate LSOA: {lsoa} already given on line {seen[lsoa]}", record.raw)
            )
        else:
            seen[lsoa] = record.line
            name = record.values[name_at] if name_at is not None else None
            members.append((level, lsoa, code, name or None, path.name))
    frame = pd.DataFrame(members, columns=["level", "lsoa_code", "area_code", "area_name", "source_file"]).astype(
        object
    )
    with registered(con, "new_members", frame):
        con.execute(load_sql("lsoa_memberships_replace"), {"level": level})
        con.execute(load_sql("lsoa_memberships_insert"))
    summary.rows_stored = len(frame)
    summary.rows_rejected = record_rejects(con, run_id, "lookup", str(path), rejects)
    summary.rows_read = summary.rows_stored + summary.rows_rejected
    refresh_area_structure(con, lsoas_changed=False)
    built = con.execute(load_sql("areas_count_at_level"), {"level": level}).fetchone()[0]
    summary.notes.append(f"{level} level built from loaded LSOAs: {built} areas")
    finish_run(con, run_id, summary)
    return summary


def refresh_area_structure(con: duckdb.DuckDBPyConnection, *, lsoas_changed: bool) -> None:
    """After areas change: rebuild lookup-built levels, the LSOA lookup, populations and (if LSOAs changed)
    every incident's placement."""
    rebuild_lookup_levels(con)
    rebuild_area_lookup(con)
    refresh_area_population(con)
    if lsoas_changed:
        place_incidents(con)


def _check_level_name(level: str) -> None:
    if not re.fullmatch(LEVEL_PATTERN, level):
        raise CspmapError(
            f"Level names are lower-case words such as lsoa, msoa, ward, neighbourhood or csp; got {level!r}."
        )


def _column(table, given: str | None, patterns: tuple[str, ...], what: str, option: str) -> int:
    if given is not None:
        return table.column(given)
    found = table.find_column(*patterns) if patterns else None
    if found is None:
        raise CspmapError(
            f"{table.path}: could not tell which column holds the {what} (columns: {', '.join(table.header)}); "
            f"name it with {option}."
        )
    return found


def _name_column(table, given: str | None, code_at: int) -> int | None:
    if given is not None:
        return table.column(given)
    code_heading = table.header[code_at]
    for old, new in (("code", "name"), ("CODE", "NAME"), ("Code", "Name"), ("CD", "NM"), ("cd", "nm")):
        if code_heading.endswith(old):
            candidate = code_heading[: -len(old)] + new
            if candidate.lower() in (heading.lower() for heading in table.header):
                return table.column(candidate)
    return None
