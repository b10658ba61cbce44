"""Read, check and store police.uk street-level files (found by queries/ingest/street_files.py).

The unit of replacement is (force, month): a command replaces whatever earlier commands stored for the forces and
months its files bring (files of one command add to each other, see ``ForceMonths``), all in one transaction, so
re-running an ingest never duplicates or drops rows. DuckDB's CSV reader does
the heavy lifting; rows it cannot parse, and rows that fail the checks in police_uk_check.sql, are recorded
in ``rejects`` with their line number and every other row of the file is stored, already placed in the
loaded LSOAs. bench/bench_ingest.py measures the whole ingest against DuckDB's own CSV load
(docs/performance.md). Line numbers and the text of rejected rows come from queries/ingest/line_scan.py.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from geodata.crs import UK_BOUNDS_LONLAT, lonlat_to_bng
from queries.areas import area_geometries
from queries.database import in_memory_instance
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.csv_rows import MAX_VALUE_CHARS
from queries.ingest.line_scan import FileScan, accepted_row_lines, line_skips, read_lines, scan_file
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
# The reader's buffer must hold the longest line; left to itself it is 16 lines that long (1 GiB), and each thread
# holds one or more, so it is set just above the line limit: less memory, and no slower.
READ_BUFFER_BYTES = MAX_LINE_BYTES + (1 << 20)

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


Batch = tuple[str, date]  # (force, month)


@dataclass
class ForceMonths:
    """The (force, month) batches one command has written, so that its files add to each other's batches.

    police.uk sometimes splits one force's month across two downloads or zip members; every file of one command
    is stored together, and only what earlier commands held for a force-month is replaced. ``held_before`` is
    what was stored for each batch before the command began (read once, as it begins: one pass over the
    incidents, not one a file); ``stored`` is what the command's files have stored in each so far.
    """

    held_before: dict[Batch, int]
    run_ids: list[int] = field(default_factory=list)  # the command's runs, one a file stored
    stored: dict[Batch, int] = field(default_factory=dict)
    files: dict[Batch, list[str]] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # file bytes' hash -> the file that brought them

    @classmethod
    def begin(cls, con: duckdb.DuckDBPyConnection) -> ForceMonths:
        return cls(held_before=_batch_rows(con))

    def to_replace(self, brought: list[Batch]) -> list[Batch]:
        """The batches a file brings that earlier commands hold and no earlier file of this command brought."""
        return [batch for batch in brought if self.held_before.get(batch) and batch not in self.files]

    def add(self, name: str, brought: dict[Batch, int]) -> None:
        """Count the rows file ``name`` stored in each batch it brought."""
        for batch, rows in brought.items():
            self.stored[batch] = self.stored.get(batch, 0) + rows
            self.files.setdefault(batch, []).append(name)

    def notes(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """What the command did to each force-month: replaced (rows before and now), or joined from several files."""
        held_now = _batch_rows(con)
        notes = []
        for batch, files in sorted(self.files.items()):
            force, month = batch
            now = held_now.get(batch, 0)
            if len(files) > 1:
                notes.append(f"{force} {month:%Y-%m}: {now:,} rows from {len(files)} files stored together")
            if self.held_before.get(batch):
                notes.append(f"Replaced {force} {month:%Y-%m}: {self.held_before[batch]:,} rows before, {now:,} now")
        return notes


def _batch_rows(con: duckdb.DuckDBPyConnection) -> dict[Batch, int]:
    return {(force, month): rows for force, month, rows in con.execute(load_sql("police_uk_batch_rows")).fetchall()}


def _batches_list(batches: list[Batch], prefix: str) -> dict[str, list]:
    """Batches as the parallel lists the SQL unnests: ``{prefix}forces`` and ``{prefix}months``."""
    return {f"{prefix}forces": [force for force, _ in batches], f"{prefix}months": [month for _, month in batches]}


# Files read together, by one DuckDB read of a list of files: a read costs about 15 ms however small its file, which
# the national archive's 1,548 files paid 1,548 times. A group ends at this many files or bytes, at a file whose
# columns differ, and at a file already in it.
GROUP_FILES = 64
GROUP_BYTES = 64 << 20


def ingest_street_files(
    con: duckdb.DuckDBPyConnection,
    sources: list[StreetFile],
    *,
    force: str | None = None,
    on_file: Callable[[int, StreetFile], None] | None = None,
) -> tuple[list[IngestSummary], list[str]]:
    """Store street-level files as one command, in one transaction: each (force, month) they bring replaces what
    earlier commands stored for it, and the files add to each other's. A file whose bytes another file of the
    command already brought is passed over. ``on_file(number, source)`` is called as each group of files read
    together (``GROUP_FILES``) begins, with its first file.

    Returns each file's summary and the notes on what the command replaced (``ForceMonths.notes``). One
    transaction, not one per file: each commit costs as much as reading a small file, and nothing is published
    until the write session ends anyway (queries/database.py).
    """
    summaries: list[IngestSummary] = []
    con.execute("BEGIN TRANSACTION")
    try:
        batches = ForceMonths.begin(con)
        define_placement_rule(con)
        for group in _groups(sources):
            if on_file is not None:
                on_file(len(summaries) + 1, group[0])
            summaries += _ingest_group(con, group, force, batches)
        notes = batches.notes(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return summaries, notes


def _groups(sources: list[StreetFile]) -> Iterator[list[StreetFile]]:
    """The files in order, in groups read together: the same columns, at most ``GROUP_FILES`` files and (unless
    one file is larger) ``GROUP_BYTES``, and no file twice."""
    group: list[StreetFile] = []
    size, layout = 0, None
    for source in sources:
        # Files are read with the first one's dialect: the same columns, and the same line ends.
        this_layout = (
            tuple(column_names(source)),
            tuple(extra_columns(source).items()),
            source.first_line().endswith(b"\r\n"),
        )
        if group and (
            this_layout != layout
            or len(group) >= GROUP_FILES
            or size + source.size > GROUP_BYTES
            or any(other.name == source.name for other in group)
        ):
            yield group
            group, size = [], 0
        group.append(source)
        size, layout = size + source.size, this_layout
    if group:
        yield group


def _ingest_group(
    con: duckdb.DuckDBPyConnection, group: list[StreetFile], force: str | None, batches: ForceMonths
) -> list[IngestSummary]:
    """Store files of the same columns read together, each replacing the (force, month) batches it brings (see
    ``ForceMonths``) as if they were stored one after another."""
    foreign = extra_columns(group[0])
    summaries = [IngestSummary(KIND, source.name) for source in group]
    with ExitStack() as unpacked, ThreadPoolExecutor(max_workers=1, thread_name_prefix="cspmap-ingest") as helper:
        paths = [unpacked.enter_context(source.on_disk()) for source in group]
        _read_and_check(con, paths, group, column_names(group[0]), force)
        # DuckDB's read keeps both cores busy; the reprojection that follows keeps one. The other core
        # meanwhile hashes the files and finds their blank lines.
        scanned = helper.submit(lambda: [scan_file(path) for path in paths])
        _lay_accepted_rows(con)
        scans = scanned.result()
        read = {file: counts for file, *counts in con.execute(load_sql("police_uk_files_read")).fetchall()}
        unreadable = _unreadable_rows(con, paths, withhold=bool(foreign))
        if len(group) > 1 and _some_file_short(read, unreadable, scans):
            # DuckDB reads a list of files with the first one's dialect, so a file that differs (its line ends,
            # say) comes back empty; quoted line breaks make a file short too, harmlessly. Each file is then read
            # alone, as a group of its own.
            con.execute(load_sql("police_uk_drop_checked"))
            return [summary for source in group for summary in _ingest_group(con, [source], force, batches)]
        failed: dict[int, list[tuple[int, str]]] = {}
        for file, row, problem in con.execute(load_sql("police_uk_failed")).fetchall():
            failed.setdefault(file, []).append((row, problem))
        brought: dict[int, dict[Batch, int]] = {}
        for file, force_name, month, rows in con.execute(load_sql("police_uk_file_batches")).fetchall():
            brought.setdefault(file, {})[(force_name, month)] = rows
        runs: dict[int, int] = {}
        steps, replaced, earlier = [], [], []
        for file, (source, path, scan, summary) in enumerate(zip(group, paths, scans, summaries, strict=True)):
            if scan.sha256 in batches.sha256:
                summary.notes.append(f"the same bytes as {batches.sha256[scan.sha256]}: passed over, not stored twice")
                continue
            batches.sha256[scan.sha256] = source.name
            first, _, accepted = read.get(file, (None, 0, 0))
            not_rows = _not_rows(unreadable.get(file, []), scan.blank_lines)
            runs[file] = start_run(con, KIND, source.name, scan.sha256, keep=batches.run_ids)
            batches.run_ids.append(runs[file])
            problems = _failed_rows(path, first, not_rows, failed.get(file, []), foreign)
            summary.notes.extend(_extra_columns_note(foreign))
            file_batches = brought.get(file, {})
            replaced += batches.to_replace(list(file_batches))
            earlier += [(file, batch, batches.stored[batch]) for batch in file_batches if batch in batches.stored]
            batches.add(source.name, file_batches)
            if first is not None:
                steps.append(_line_steps(file, first, not_rows))
            summary.rows_stored = accepted
            summary.rows_rejected = record_rejects(
                con, runs[file], KIND, source.name, unreadable.get(file, []) + problems
            )
            summary.rows_read = summary.rows_stored + summary.rows_rejected
            summary.notes.extend(_line_count_note(scan, summary.rows_read))
            finish_run(con, runs[file], summary)
        if replaced:
            con.execute(load_sql("police_uk_replace"), _batches_list(replaced, ""))
        if steps:
            with registered(con, "street_lines", pd.concat(steps, ignore_index=True)):
                con.execute(
                    load_sql("police_uk_insert"),
                    {
                        "run_files": list(runs),
                        "run_ids": list(runs.values()),
                        "stored_files": [file for file, _, _ in earlier],
                        **_batches_list([batch for _, batch, _ in earlier], "stored_"),
                        "stored_rows": [rows for _, _, rows in earlier],
                    },
                )
        con.execute(load_sql("police_uk_drop_checked"))
    return summaries


def _some_file_short(read: dict[int, list[int]], unreadable: dict[int, list[Reject]], scans: list[FileScan]) -> bool:
    """Whether a file of the read gave fewer rows (read, unreadable or blank) than it has lines below its header;
    ``read`` holds each file's (first row, rows read, rows accepted)."""
    for file, scan in enumerate(scans):
        _, rows_read, _ = read.get(file, (None, 0, 0))
        if rows_read + len(unreadable.get(file, [])) + len(scan.blank_lines) < scan.lines - 1:
            return True
    return False


def _line_steps(file: int, first: int, not_rows: np.ndarray) -> pd.DataFrame:
    """The frame street_lines for one file of a group: a row numbered ``row`` in the read (its file's first is
    ``first``) is on line ``row + shift`` of the last step whose ``from_row`` is at most ``row - 1``.

    A file's k-th row is on line k + 1 (the header) + the lines above it that are not rows (``line_skips``)."""
    accepted_before, skipped = line_skips(not_rows)
    if not len(accepted_before) or accepted_before[0] > 0:  # the first rows, above any line that is not a row
        accepted_before, skipped = np.r_[0, accepted_before], np.r_[0, skipped]
    return pd.DataFrame({"file": file, "from_row": accepted_before + first - 1, "shift": 2 - first + skipped})


def _read_and_check(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    sources: list[StreetFile],
    columns: dict[str, str],
    force: str | None,
) -> None:
    """Read the files into street_checked (police_uk_check.sql). A file that cannot be read at all stops the
    command with a message naming it: when several were read together, each is read again alone to find which."""
    con.execute(load_sql("police_uk_reader_reset"))
    min_lon, min_lat, max_lon, max_lat = UK_BOUNDS_LONLAT
    try:
        con.execute(
            load_sql("police_uk_check"),
            {
                "paths": [str(path) for path in paths],
                "columns": columns,
                "force": force,
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
                "first_month": FIRST_MONTH,
                "max_line_bytes": MAX_LINE_BYTES,
                "buffer_bytes": READ_BUFFER_BYTES,
                "max_value_bytes": MAX_VALUE_CHARS,
                "this_month": date.today().replace(day=1),
            },
        )
    except duckdb.Error as exc:
        if len(paths) > 1:  # the transaction is spoilt: each file is read again alone, on a connection of its own
            for path, source in zip(paths, sources, strict=True):
                with in_memory_instance() as alone:
                    _read_and_check(alone, [path], [source], columns, force)
        # The name is what the user gave (archive.zip:member), never the temporary file a member is unpacked to.
        message = _without_sql_pointer(exc)
        for path, source in zip(paths, sources, strict=True):
            message = message.replace(str(path), source.name)
        where = sources[0].name if len(sources) == 1 else "the police.uk files"
        raise CspmapError(f"Could not read {where} as CSV: {message}") from exc


def _without_sql_pointer(exc: duckdb.Error) -> str:
    # DuckDB may end a reader error with "LINE n:" and a caret under cspmap's own SQL, which means nothing to
    # the person whose file it is.
    return re.sub(r"\n\nLINE \d+:.*\Z", "", str(exc), flags=re.DOTALL)


def _unreadable_rows(con: duckdb.DuckDBPyConnection, paths: list[Path], *, withhold: bool) -> dict[int, list[Reject]]:
    """Rows DuckDB's reader could not parse, by file (its place among ``paths``), one per line (a line can have
    several errors).

    With ``withhold`` (the files have columns police.uk does not publish, which may hold anything) a line that could
    not be split into columns keeps no text."""
    file_of = {str(path): file for file, path in enumerate(paths)}
    found: dict[int, list[Reject]] = {}
    for path, line, kind, message, raw in con.execute(load_sql("police_uk_unreadable")).fetchall():
        reason = f"{READER_ERRORS.get(kind, kind.lower())}: {message}"
        found.setdefault(file_of[path], []).append(
            Reject(line, reason, None if withhold else (raw or "").strip("\r\n"))
        )
    return found


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
    path: Path, first: int | None, not_rows: np.ndarray, failed: list[tuple[int, str]], extras: dict[int, str]
) -> list[Reject]:
    """The rejects for one file's rows that were read but failed the checks (``failed``: their row in the read and
    reason; the file's first row is ``first``), with their lines (and the values of columns that are not police.uk's
    shown as [not stored])."""
    if not failed:
        return []
    ords = np.array([row for row, _ in failed], dtype=np.int64) - first + 1  # 1-based within the file
    lines = accepted_row_lines(ords, not_rows)
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


# The accepted rows are reprojected and placed this many at a time, so the ingest's own memory stays the same
# whatever the file's size (DuckDB's tables spill to disk under its memory limit).
PLACING_CHUNK_ROWS = 250_000


def _lay_accepted_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the temp tables street_grid (read_row, file, easting, northing) and street_points (read_row, area_code: the
    loaded LSOA the point falls in, for rows whose own LSOA code is not loaded) for the rows that passed the checks,
    one chunk of the read at a time."""
    con.execute(load_sql("police_uk_grid_create"))
    (last_row,) = con.execute(load_sql("police_uk_last_row")).fetchone()
    lsoas = None  # the loaded LSOAs' codes and shapes, read once and only if a row is placed by its point
    for first in range(1, (last_row or 0) + 1, PLACING_CHUNK_ROWS):
        chunk = {"first_row": first, "last_row": first + PLACING_CHUNK_ROWS - 1}
        rows = con.execute(load_sql("police_uk_accepted"), chunk).fetchnumpy()
        read_rows = np.asarray(rows["read_row"], dtype=np.int64)
        lon = np.ma.filled(np.ma.asarray(rows["longitude"], dtype=float), np.nan)
        lat = np.ma.filled(np.ma.asarray(rows["latitude"], dtype=float), np.nan)
        easting, northing = _to_grid(lon, lat)
        # Only a row whose own LSOA is not loaded can be placed by its point (place_rule.sql).
        lsoa_loaded = np.ma.filled(np.ma.asarray(rows["lsoa_loaded"], dtype=bool), False)
        testable = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat) & ~lsoa_loaded)
        if len(testable) and lsoas is None:
            lsoas = area_geometries(con, "lsoa")
        found = point_areas(easting[testable], northing[testable], lsoas)
        inside = pd.notna(found)
        files = np.asarray(rows["file"], dtype=np.int64)
        grid = pd.DataFrame({"read_row": read_rows, "file": files, "easting": easting, "northing": northing})
        points = pd.DataFrame({"read_row": read_rows[testable][inside], "area_code": found[inside].astype(object)})
        with registered(con, "grid_chunk", grid), registered(con, "points_chunk", points):
            con.execute(load_sql("police_uk_grid_append"))
