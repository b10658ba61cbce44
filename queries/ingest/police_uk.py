"""Read, check and store one police.uk street-level file (found by queries/ingest/street_files.py).

The unit of replacement is (force, month): a command replaces whatever earlier commands stored for the forces and
months its files bring (files of one command add to each other, see ``ForceMonths``), each file in one
transaction, so re-running an ingest never duplicates or drops rows. DuckDB's CSV reader does
the heavy lifting; rows it cannot parse, and rows that fail the checks in police_uk_check.sql, are recorded
in ``rejects`` with their line number and every other row of the file is stored, already placed in the
loaded LSOAs. bench/bench_ingest.py measures the whole ingest against DuckDB's own CSV load
(docs/performance.md). Line numbers and the text of rejected rows come from queries/ingest/line_scan.py.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import UK_BOUNDS_LONLAT, lonlat_to_bng
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.csv_rows import MAX_VALUE_CHARS
from queries.ingest.line_scan import FileScan, accepted_row_lines, read_lines, scan_file
from queries.ingest.partner_fields import NOT_STORED
from queries.ingest.personal_data import personal_data_category
from queries.ingest.runs import IngestSummary, Reject, finish_run, record_rejects, start_run
from queries.ingest.street_files import StreetFile
from queries.placement import define_placement_rule, point_areas
from queries.sql_files import load_sql

KIND = "police-uk"
FIRST_MONTH = date(2010, 12, 1)  # police.uk's first street-level month
# DuckDB's reader stops the whole file at a line longer than its limit (2 MB by default), so the limit is raised
# well past anything real and rows holding an over-long value are rejected one by one instead.
MAX_LINE_BYTES = 64 << 20

# police.uk headings as published (matched ignoring case) and the names cspmap gives them.
COLUMNS = {
    "Crime ID": "crime_id",
    "Month": "month",
    "Reported by": "reported_by",
    "Falls within": "falls_within",
    "Longitude": "longitude",
    "Latitude": "latitude",
    "Location": "location",
    "LSOA code": "lsoa_code",
    "LSOA name": "lsoa_name",
    "Crime type": "crime_type",
    "Last outcome category": "last_outcome",
    "Context": "context",
}
_BY_LOWER_HEADING = {heading.lower(): name for heading, name in COLUMNS.items()}
REQUIRED = ("month", "longitude", "latitude", "lsoa_code", "crime_type")

# Friendlier words for the errors DuckDB's CSV reader records.
READER_ERRORS = {
    "MISSING COLUMNS": "too few columns",
    "TOO MANY COLUMNS": "too many columns",
    "INVALID ENCODING": "bad encoding",
    "UNQUOTED VALUE": "badly quoted value",
    "LINE SIZE OVER MAXIMUM": "line too long",
}


def column_names(source: StreetFile) -> dict[str, str]:
    """The file's columns in order, as {cspmap name: VARCHAR}; refuses a file without the required columns.

    A column police.uk does not publish is read as ``extra_<position>`` and never stored.
    """
    headings = _headings(source)
    names: dict[str, str] = {}
    for position, heading in enumerate(headings, start=1):
        name = _BY_LOWER_HEADING.get(heading.strip().lower(), f"extra_{position}")
        if name in names:
            raise CspmapError(f"{source.name}: the column {heading.strip()!r} appears twice in the header.")
        names[name] = "VARCHAR"
    missing = [heading for heading, name in COLUMNS.items() if name in REQUIRED and name not in names]
    if missing:
        raise CspmapError(
            f"{source.name} is not a police.uk street-level file: its header lacks "
            f"{', '.join(repr(heading) for heading in missing)} (found: {','.join(headings)})."
        )
    return names


def extra_columns(source: StreetFile) -> dict[int, str]:
    """The columns (0-based position: heading) that are not police.uk's own: ignored, and never stored."""
    return {
        position: heading.strip()
        for position, heading in enumerate(_headings(source))
        if heading.strip().lower() not in _BY_LOWER_HEADING
    }


def _headings(source: StreetFile) -> list[str]:
    try:
        heading_line = source.first_line().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CspmapError(f"{source.name}: the header line is not UTF-8 text.") from exc
    return next(csv.reader([heading_line.rstrip("\r\n")]), [])


def _extra_columns_note(extras: dict[int, str]) -> list[str]:
    if not extras:
        return []
    named = ", ".join(
        f"{heading!r} ({category})" if (category := personal_data_category(heading)) else repr(heading)
        for heading in extras.values()
    )
    return [f"Warning: columns that are not part of a police.uk file were ignored and never stored: {named}"]


@dataclass
class ForceMonths:
    """The (force, month) batches one command has written, so that its files add to each other's batches.

    police.uk sometimes splits one force's month across two downloads or zip members; every file of one command
    is stored together, and only what earlier commands held for a force-month is replaced. ``held_before`` is
    what was stored for each batch before the command began.
    """

    run_ids: list[int] = field(default_factory=list)
    held_before: dict[tuple[str, date], int] = field(default_factory=dict)
    files: dict[tuple[str, date], list[str]] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # file bytes' hash -> the file that brought them

    def notes(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """What the command did to each force-month: replaced (rows before and now), or joined from several files."""
        held_now = {
            (force, month): rows for force, month, rows in con.execute(load_sql("police_uk_batch_rows")).fetchall()
        }
        notes = []
        for batch, files in sorted(self.files.items()):
            force, month = batch
            now = held_now.get(batch, 0)
            if len(files) > 1:
                notes.append(f"{force} {month:%Y-%m}: {now:,} rows from {len(files)} files stored together")
            if self.held_before.get(batch):
                notes.append(f"Replaced {force} {month:%Y-%m}: {self.held_before[batch]:,} rows before, {now:,} now")
        return notes


def ingest_street_file(
    con: duckdb.DuckDBPyConnection,
    source: StreetFile,
    *,
    force: str | None = None,
    batches: ForceMonths | None = None,
) -> IngestSummary:
    """Store one street-level file in one transaction, replacing the (force, month) batches it brings.

    Files ingested with the same ``batches`` (one command) add to each other's force-months; a file whose bytes
    another file of the command already brought is passed over.
    """
    batches = batches if batches is not None else ForceMonths()
    columns = column_names(source)
    summary = IngestSummary(KIND, source.name)
    with source.on_disk() as path, ThreadPoolExecutor(max_workers=1, thread_name_prefix="cspmap-ingest") as helper:
        con.execute("BEGIN TRANSACTION")
        try:
            _read_and_check(con, path, source.name, columns, force)
            # DuckDB's read keeps both cores busy; the reprojection that follows keeps one. The other core
            # meanwhile hashes the file and finds its blank lines.
            scanned = helper.submit(scan_file, path)
            define_placement_rule(con)
            accepted = _accepted_rows(con)
            scan = scanned.result()
            if scan.sha256 in batches.sha256:
                con.execute("ROLLBACK")
                summary.notes.append(f"the same bytes as {batches.sha256[scan.sha256]}: passed over, not stored twice")
                return summary
            foreign = extra_columns(source)
            unreadable = _unreadable_rows(con, withhold=bool(foreign))
            not_rows = _not_rows(unreadable, scan.blank_lines)
            run_id = start_run(con, KIND, source.name, scan.sha256)
            problems = _failed_rows(con, path, not_rows, foreign)
            summary.notes.extend(_extra_columns_note(foreign))
            extras = accepted.extras(not_rows)
            command_runs = {"command_runs": batches.run_ids}
            held = con.execute(load_sql("police_uk_batches_held"), command_runs).fetchall()
            con.execute(load_sql("police_uk_replace"), command_runs)
            with registered(con, "street_extras", extras), registered(con, "street_points", accepted.points):
                con.execute(load_sql("police_uk_insert"), {"run_id": run_id, **command_runs})
            summary.rows_stored = len(extras)
            summary.rows_rejected = record_rejects(con, run_id, KIND, source.name, unreadable + problems)
            summary.rows_read = summary.rows_stored + summary.rows_rejected
            summary.notes.extend(_line_count_note(scan, summary.rows_read))
            finish_run(con, run_id, summary)
            con.execute(load_sql("police_uk_drop_checked"))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    batches.run_ids.append(run_id)
    batches.sha256[scan.sha256] = source.name
    for force_name, month, rows in held:
        batches.held_before.setdefault((force_name, month), rows)
        batches.files.setdefault((force_name, month), []).append(source.name)
    return summary


def _read_and_check(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, columns: dict[str, str], force: str | None
) -> None:
    con.execute(load_sql("police_uk_reader_reset"))
    min_lon, min_lat, max_lon, max_lat = UK_BOUNDS_LONLAT
    try:
        con.execute(
            load_sql("police_uk_check"),
            {
                "path": str(path),
                "columns": columns,
                "force": force,
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
                "first_month": FIRST_MONTH,
                "max_line_bytes": MAX_LINE_BYTES,
                "max_value_bytes": MAX_VALUE_CHARS,
                "this_month": date.today().replace(day=1),
            },
        )
    except duckdb.Error as exc:
        # ``name`` is what the user gave (archive.zip:member), never the temporary file a member is unpacked to.
        raise CspmapError(
            f"Could not read {name} as CSV: {_without_sql_pointer(exc).replace(str(path), name)}"
        ) from exc


def _without_sql_pointer(exc: duckdb.Error) -> str:
    # DuckDB may end a reader error with "LINE n:" and a caret under cspmap's own SQL, which means nothing to
    # the person whose file it is.
    return re.sub(r"\n\nLINE \d+:.*\Z", "", str(exc), flags=re.DOTALL)


def _unreadable_rows(con: duckdb.DuckDBPyConnection, *, withhold: bool) -> list[Reject]:
    """Rows DuckDB's reader could not parse, one per line (a line can have several errors).

    With ``withhold`` (the file has columns police.uk does not publish, which may hold anything) a line that could
    not be split into columns keeps no text."""
    rows = con.execute(load_sql("police_uk_unreadable")).fetchall()
    return [
        Reject(
            line, f"{READER_ERRORS.get(kind, kind.lower())}: {message}", None if withhold else (raw or "").strip("\r\n")
        )
        for line, kind, message, raw in rows
    ]


def _line_count_note(scan: FileScan, rows_read: int) -> list[str]:
    """A warning when the file has more lines than rows: quoted values with line breaks in them, which police.uk
    files never have. Line numbers assume one row per line, so those after such a value would be off."""
    extra = scan.lines - 1 - len(scan.blank_lines) - rows_read
    if extra <= 0:
        return []
    return [
        f"{extra} line break(s) inside quoted values: the line numbers given for rows after the first of them "
        "(in rejects and incidents.source_line) may be too low by up to that many"
    ]


def _not_rows(unreadable: list[Reject], blank_lines: np.ndarray) -> np.ndarray:
    """The lines below the header that did not become rows: unreadable and blank ones."""
    return np.union1d(np.array([reject.line for reject in unreadable], dtype=np.int64), blank_lines)


def _failed_rows(
    con: duckdb.DuckDBPyConnection, path: Path, not_rows: np.ndarray, extras: dict[int, str]
) -> list[Reject]:
    """The rejects for rows that were read but failed the checks, with their lines (and the values of columns that
    are not police.uk's shown as [not stored])."""
    failed = con.execute(load_sql("police_uk_failed")).fetchall()
    lines = accepted_row_lines(np.array([ord_ for ord_, _ in failed], dtype=np.int64), not_rows)
    raw = read_lines(path, lines)
    return [
        Reject(line, reason, _without_extras(raw.get(line), extras))
        for line, (_, reason) in zip(lines.tolist(), failed, strict=True)
    ]


def _without_extras(line: str | None, extras: dict[int, str]) -> str | None:
    if line is None or not extras:
        return line
    values = next(csv.reader([line]), [])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [NOT_STORED if position in extras and value else value for position, value in enumerate(values)]
    )
    return buffer.getvalue()


def _to_grid(longitude: np.ndarray, latitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eastings and northings, NaN where there is no point.

    police.uk snaps every location to one of a fixed set of map points, so a file holds far fewer distinct points
    than rows: each distinct point is reprojected once (found by hashing, not sorting) and the result spread back.
    """
    easting, northing = np.full(len(longitude), np.nan), np.full(len(longitude), np.nan)
    located = np.flatnonzero(np.isfinite(longitude) & np.isfinite(latitude))
    lon, lat = longitude[located], latitude[located]
    lon_codes, _ = pd.factorize(lon)
    lat_codes, lat_values = pd.factorize(lat)
    point, distinct = pd.factorize(lon_codes * len(lat_values) + lat_codes)
    row_of = np.empty(len(distinct), dtype=np.int64)
    row_of[point] = np.arange(len(point))  # a row holding each distinct point (any one: they are equal)
    x, y = lonlat_to_bng(lon[row_of], lat[row_of])
    easting[located], northing[located] = x[point], y[point]
    return easting, northing


@dataclass(frozen=True)
class AcceptedRows:
    """The rows that passed the checks: order in the file, grid coordinates, and (street_points) the loaded LSOA
    the point falls in where the row's own LSOA code is not loaded."""

    ords: np.ndarray
    easting: np.ndarray
    northing: np.ndarray
    points: pd.DataFrame

    def extras(self, not_rows: np.ndarray) -> pd.DataFrame:
        """The frame street_extras: each row's file line and grid coordinates, by ord."""
        return pd.DataFrame(
            {
                "ord": self.ords,
                "source_line": accepted_row_lines(self.ords, not_rows),
                "easting": self.easting,
                "northing": self.northing,
            }
        )


def _accepted_rows(con: duckdb.DuckDBPyConnection) -> AcceptedRows:
    rows = con.execute(load_sql("police_uk_accepted")).fetchnumpy()
    ords = np.asarray(rows["ord"], dtype=np.int64)
    lon = np.ma.filled(np.ma.asarray(rows["longitude"], dtype=float), np.nan)
    lat = np.ma.filled(np.ma.asarray(rows["latitude"], dtype=float), np.nan)
    easting, northing = _to_grid(lon, lat)

    # Only a row whose own LSOA is not loaded can be placed by its point (place_rule.sql).
    lsoa_loaded = np.ma.filled(np.ma.asarray(rows["lsoa_loaded"], dtype=bool), False)
    testable = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat) & ~lsoa_loaded)
    found = point_areas(con, easting[testable], northing[testable])
    inside = pd.notna(found)
    points = pd.DataFrame({"ord": ords[testable][inside], "area_code": found[inside].astype(object)})
    return AcceptedRows(ords, easting, northing, points)
