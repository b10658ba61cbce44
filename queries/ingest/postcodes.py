"""Ingest the ONS postcode directory (ONSPD or NSPL): postcode -> LSOA, so residents can search by postcode."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.csv_rows import read_csv_rows
from queries.ingest.runs import IngestSummary, Reject, file_sha256, finish_run, record_rejects, start_run
from queries.sql_files import load_sql

# The directory's postcode columns, best first: pcds ("HX1 1AA"), pcd2 and pcd (fixed width), or a plain name.
POSTCODE_COLUMNS = (r"pcds", r"pcd2", r"pcd", r"postcode")
# LSOA columns of the 2021 and 2011 vintages; the one matching more of the loaded LSOAs is used.
LSOA_COLUMNS = (r"lsoa21(cd)?", r"lsoa11(cd)?", r"lsoa(_?code)?")
# A UK postcode: outward code (area, district) and inward code (sector digit, unit letters).
POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")


def normalise_postcode(text: str) -> str | None:
    """``"hx11aa"``, ``"HX1  1AA"`` -> ``"HX1 1AA"``; None when the text is not a postcode's shape."""
    squeezed = re.sub(r"\s+", "", text).upper()
    match = POSTCODE.fullmatch(squeezed)
    return f"{match.group(1)} {match.group(2)}" if match else None


def ingest_postcodes(con: duckdb.DuckDBPyConnection, path: Path, *, lsoa_field: str | None = None) -> IngestSummary:
    """Store each postcode's LSOA, replacing what this file brought before.

    A row whose postcode is not a postcode's shape, whose LSOA is blank (the directory leaves it blank for some
    non-geographic postcodes) or whose postcode was already given earlier in the file is rejected.
    """
    table = read_csv_rows(path)
    postcode_at = table.find_column(*POSTCODE_COLUMNS)
    if postcode_at is None:
        raise CspmapError(
            f"{path}: expected a postcode column (pcds, pcd2, pcd or postcode); columns: {', '.join(table.header)}."
        )
    lsoa_at = table.column(lsoa_field) if lsoa_field else _best_lsoa_column(con, table)
    if lsoa_at is None:
        raise CspmapError(
            f"{path}: expected an LSOA column (lsoa21, lsoa11 or lsoa); columns: {', '.join(table.header)}; "
            "name it with --lsoa-field."
        )
    summary = IngestSummary("postcodes", str(path))
    run_id = start_run(con, "postcodes", str(path), file_sha256(path))
    rejects = list(table.rejects)
    seen: dict[str, int] = {}
    rows = []
    for record in table.records:
        text, lsoa = record.values[postcode_at], record.values[lsoa_at]
        postcode = normalise_postcode(text)
        if postcode is None:
            rejects.append(Reject(record.line, f"bad postcode: {text!r} is not a UK postcode", record.raw))
        elif not lsoa:
            rejects.append(Reject(record.line, f"no LSOA: {postcode} has no LSOA code", record.raw))
        elif postcode in seen:
            rejects.append(
                Reject(
                    record.line, f"duplicate postcode: {postcode} already given on line {seen[postcode]}", record.raw
                )
            )
        else:
            seen[postcode] = record.line
            rows.append((postcode, lsoa, path.name, run_id, record.line))
    frame = pd.DataFrame(rows, columns=["postcode", "lsoa_code", "source_file", "run_id", "source_line"]).astype(
        {"postcode": object, "lsoa_code": object, "source_file": object, "run_id": "int32", "source_line": "int64"}
    )
    with registered(con, "new_postcodes", frame):
        con.execute(load_sql("postcodes_replace"), {"name": path.name})
        con.execute(load_sql("postcodes_insert"))
    summary.rows_stored = len(frame)
    summary.rows_rejected = record_rejects(con, run_id, "postcodes", str(path), rejects)
    summary.rows_read = summary.rows_stored + summary.rows_rejected
    outside = con.execute(load_sql("postcodes_outside_areas"), {"name": path.name}).fetchone()[0]
    if outside:
        summary.notes.append(
            f"{outside:,} postcode(s) are in LSOAs that are not loaded: stored, but not published until they are."
        )
    finish_run(con, run_id, summary)
    return summary


def _best_lsoa_column(con: duckdb.DuckDBPyConnection, table) -> int | None:
    """The LSOA column whose codes match most loaded LSOAs (a directory carries both 2011 and 2021 codes)."""
    candidates = []
    for pattern in LSOA_COLUMNS:
        for position, heading in enumerate(table.header):
            if re.fullmatch(pattern, heading, flags=re.IGNORECASE) and position not in candidates:
                candidates.append(position)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    loaded = {code for (code,) in con.execute(load_sql("areas_codes_of_level"), {"level": "lsoa"}).fetchall()}
    matches = [sum(record.values[position] in loaded for record in table.records) for position in candidates]
    return candidates[matches.index(max(matches))]
