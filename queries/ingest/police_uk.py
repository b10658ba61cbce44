"""Ingest police.uk street-level crime and ASB files: single CSVs, archive folders and archive zips.

The unit of replacement is (force, month): a file replaces whatever was stored for the forces and months it
brings, in one transaction, so re-running an ingest never duplicates or drops rows. DuckDB's CSV reader does
the heavy lifting; rows it cannot parse, and rows that fail the checks in police_uk_check.sql, are recorded
in ``rejects`` with their line number and every other row of the file is stored.
"""

from __future__ import annotations

import csv
import mmap
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import UK_BOUNDS_LONLAT, lonlat_to_bng
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.runs import IngestSummary, Reject, file_sha256, finish_run, record_rejects, start_run
from queries.placement import place_incidents
from queries.sql_files import load_sql

KIND = "police-uk"
STREET_SUFFIX = "-street.csv"

# police.uk headings (compared case-insensitively) and the names cspmap gives them.
COLUMNS = {
    "crime id": "crime_id",
    "month": "month",
    "reported by": "reported_by",
    "falls within": "falls_within",
    "longitude": "longitude",
    "latitude": "latitude",
    "location": "location",
    "lsoa code": "lsoa_code",
    "lsoa name": "lsoa_name",
    "crime type": "crime_type",
    "last outcome category": "last_outcome",
    "context": "context",
}
REQUIRED = ("month", "longitude", "latitude", "lsoa_code", "crime_type")

# Friendlier words for the errors DuckDB's CSV reader records.
READER_ERRORS = {
    "MISSING COLUMNS": "too few columns",
    "TOO MANY COLUMNS": "too many columns",
    "INVALID ENCODING": "bad encoding",
    "UNQUOTED VALUE": "badly quoted value",
    "LINE SIZE OVER MAXIMUM": "line too long",
}


@dataclass(frozen=True)
class StreetFile:
    """One street-level CSV to ingest: a file on disk, or a member of a zip archive."""

    name: str  # as shown to the user and stored in ingest_runs/rejects
    path: Path
    member: str | None = None

    @property
    def size(self) -> int:
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).file_size

    @contextmanager
    def on_disk(self) -> Iterator[Path]:
        """A path to the CSV's bytes on disk (zip members are extracted to a temporary folder)."""
        if self.member is None:
            yield self.path
            return
        with tempfile.TemporaryDirectory(prefix="cspmap-") as folder, zipfile.ZipFile(self.path) as archive:
            yield Path(archive.extract(self.member, folder))

    def first_line(self) -> bytes:
        if self.member is None:
            with open(self.path, "rb") as handle:
                return handle.readline()
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
            return handle.readline()


@dataclass(frozen=True)
class StreetFiles:
    """The street-level files found under the paths given, and the other files passed over."""

    files: list[StreetFile]
    skipped: list[str]


def find_street_files(paths: Sequence[Path]) -> StreetFiles:
    """Expand CSVs, folders (searched recursively for ``*-street.csv``) and police.uk archive zips."""
    files: list[StreetFile] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.csv")):
                if found.name.endswith(STREET_SUFFIX):
                    files.append(StreetFile(str(found), found))
                else:
                    skipped.append(str(found))
        elif path.suffix.lower() == ".zip" and path.is_file():
            try:
                with zipfile.ZipFile(path) as archive:
                    members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
            except zipfile.BadZipFile as exc:
                raise CspmapError(f"{path} is not a readable zip archive ({exc}).") from exc
            for member in members:
                if member.endswith(STREET_SUFFIX):
                    files.append(StreetFile(f"{path}:{member}", path, member))
                else:
                    skipped.append(f"{path}:{member}")
        elif path.is_file():
            files.append(StreetFile(str(path), path))
        else:
            raise CspmapError(f"No such file or folder: {path}")
    if not files:
        raise CspmapError(
            f"No police.uk street-level files found in {', '.join(map(str, paths))} "
            f"(looked for names ending {STREET_SUFFIX} in folders and zips)."
        )
    return StreetFiles(files, skipped)


def column_names(source: StreetFile) -> dict[str, str]:
    """The file's columns in order, as {cspmap name: VARCHAR}; refuses a file without the required columns."""
    try:
        heading_line = source.first_line().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CspmapError(f"{source.name}: the header line is not UTF-8 text.") from exc
    headings = next(csv.reader([heading_line]), [])
    names: dict[str, str] = {}
    for position, heading in enumerate(headings, start=1):
        name = COLUMNS.get(heading.strip().lower(), f"extra_{position}")
        if name in names:
            raise CspmapError(f"{source.name}: the column {heading.strip()!r} appears twice in the header.")
        names[name] = "VARCHAR"
    missing = [heading for heading, name in COLUMNS.items() if name in REQUIRED and name not in names]
    if missing:
        raise CspmapError(
            f"{source.name} is not a police.uk street-level file: its header lacks "
            f"{', '.join(repr(m.title()) for m in missing)} (found: {heading_line.strip()})."
        )
    return names


def ingest_street_file(
    con: duckdb.DuckDBPyConnection, source: StreetFile, *, force: str | None = None
) -> IngestSummary:
    """Store one street-level file, replacing the (force, month) batches it brings, in one transaction."""
    columns = column_names(source)
    summary = IngestSummary(KIND, source.name)
    with source.on_disk() as path:
        sha256 = file_sha256(path)
        con.execute("BEGIN TRANSACTION")
        try:
            run_id = start_run(con, KIND, source.name, sha256)
            _stage(con, path, columns, force)
            unreadable = _unreadable_rows(con)
            good = con.execute("SELECT count(*) FROM street_checked WHERE problem IS NULL").fetchone()[0]
            extras, problems = _line_numbers_and_grid(con, path, unreadable)
            con.execute(load_sql("police_uk_replace"))
            with registered(con, "street_extras", extras):
                con.execute(load_sql("police_uk_insert"), {"run_id": run_id})
            place_incidents(con, run_id)
            summary.rows_stored = good
            summary.rows_rejected = record_rejects(con, run_id, KIND, source.name, unreadable + problems)
            summary.rows_read = summary.rows_stored + summary.rows_rejected
            finish_run(con, run_id, summary)
            con.execute("DROP TABLE street_raw; DROP TABLE street_checked")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return summary


def _stage(con: duckdb.DuckDBPyConnection, path: Path, columns: dict[str, str], force: str | None) -> None:
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    try:
        con.execute(load_sql("police_uk_stage"), {"path": str(path), "columns": columns})
    except duckdb.Error as exc:
        raise CspmapError(f"Could not read {path} as CSV: {exc}") from exc
    for name in COLUMNS.values():
        if name not in columns:
            con.execute(f'ALTER TABLE street_raw ADD COLUMN "{name}" VARCHAR')  # name from the allow-list
    min_lon, min_lat, max_lon, max_lat = UK_BOUNDS_LONLAT
    con.execute(
        load_sql("police_uk_check"),
        {"force": force, "min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat},
    )


def _unreadable_rows(con: duckdb.DuckDBPyConnection) -> list[Reject]:
    """Rows DuckDB's reader could not parse, one per line (a line can have several errors)."""
    rows = con.execute(
        "SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), any_value(csv_line) "
        "FROM reject_errors GROUP BY line ORDER BY line"
    ).fetchall()
    return [
        Reject(line, f"{READER_ERRORS.get(kind, kind.lower())}: {message}", (raw or "").strip("\r\n"))
        for line, kind, message, raw in rows
    ]


def _line_numbers_and_grid(
    con: duckdb.DuckDBPyConnection, path: Path, unreadable: list[Reject]
) -> tuple[pd.DataFrame, list[Reject]]:
    """Each accepted row's file line and British National Grid coordinates, and the rejects for failed checks."""
    rows = con.execute("SELECT ord, longitude, latitude, problem IS NULL AS ok FROM street_checked").fetchnumpy()
    ords = np.asarray(rows["ord"], dtype=np.int64)
    not_rows = np.union1d([reject.line for reject in unreadable], blank_line_numbers(path))
    lines = accepted_row_lines(ords, not_rows)
    line_of = dict(zip(ords.tolist(), lines.tolist(), strict=True))

    failed = con.execute("SELECT ord, problem FROM street_checked WHERE problem IS NOT NULL ORDER BY ord").fetchall()
    raw = read_lines(path, np.array([line_of[ord_] for ord_, _ in failed], dtype=np.int64))
    problems = [Reject(line_of[ord_], reason, raw.get(line_of[ord_])) for ord_, reason in failed]

    good = np.asarray(rows["ok"], dtype=bool)
    lon = np.ma.filled(np.ma.asarray(rows["longitude"], dtype=float), np.nan)[good]
    lat = np.ma.filled(np.ma.asarray(rows["latitude"], dtype=float), np.nan)[good]
    easting, northing = np.full(len(lon), np.nan), np.full(len(lon), np.nan)
    located = np.isfinite(lon) & np.isfinite(lat)
    easting[located], northing[located] = lonlat_to_bng(lon[located], lat[located])
    extras = pd.DataFrame({"ord": ords[good], "source_line": lines[good], "easting": easting, "northing": northing})
    return extras, problems


def accepted_row_lines(ordinals: np.ndarray, not_rows: np.ndarray, header_lines: int = 1) -> np.ndarray:
    """File line numbers of accepted rows, given their 1-based order and the lines that are not rows.

    ``not_rows`` lists the lines below the header that did not become rows (rejected or blank). The k-th
    accepted row sits after the header and after every such line whose position leaves fewer than k
    accepted rows before it.
    """
    not_rows = np.unique(np.asarray(not_rows, dtype=np.int64))
    accepted_before = not_rows - header_lines - 1 - np.arange(len(not_rows))
    skipped = np.searchsorted(accepted_before, np.asarray(ordinals) - 1, side="right")
    return np.asarray(ordinals, dtype=np.int64) + header_lines + skipped


def blank_line_numbers(path: Path) -> np.ndarray:
    """Line numbers of empty lines (DuckDB skips them without counting them as rows or rejects)."""
    with open(path, "rb") as handle:
        if handle.seek(0, 2) == 0:
            return np.array([], dtype=np.int64)
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            ends = []  # positions of the newline just before each blank line
            for blank in (b"\n\n", b"\n\r\n"):
                position = data.find(blank)
                while position != -1:
                    ends.append(position)
                    position = data.find(blank, position + 1)
            numbers, newlines, counted_to = [], 0, 0
            for end in sorted(ends):
                newlines += data[counted_to : end + 1].count(b"\n")
                counted_to = end + 1
                numbers.append(newlines + 1)
    return np.array(numbers, dtype=np.int64)


def read_lines(path: Path, numbers: np.ndarray) -> dict[int, str]:
    """The text of the given line numbers (invalid bytes replaced), read in one pass."""
    wanted = set(int(n) for n in numbers)
    if not wanted:
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                found[number] = line.decode("utf-8", errors="replace").rstrip("\r\n")
            if number >= last:
                break
    return found
