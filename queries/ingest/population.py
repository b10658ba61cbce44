"""Ingest resident population by area code: the census file as published, or a plain code,population CSV."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from queries.areas import refresh_area_population
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.csv_rows import read_csv_rows
from queries.ingest.numbers import NumberError, parse_whole_number
from queries.ingest.personal_data import withhold_personal_columns
from queries.ingest.runs import IngestSummary, Reject, file_sha256, finish_run, record_rejects, start_run
from queries.sql_files import load_sql

# Tried in order: a plain `code` column, then the LSOA code column of census extracts.
CODE_COLUMNS = (r"code", r"lsoa[\s_]*\d{0,2}[\s_]*(code|cd)", r"geography[\s_]code")
# The census file's first "Persons" column is all usual residents.
POPULATION_COLUMNS = (r"population", r"(all )?usual residents", r"persons")


def ingest_population(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    code_field: str | None = None,
    population_field: str | None = None,
) -> IngestSummary:
    """Store population figures by code (replacing earlier figures for the same codes).

    Numbers may carry thousands separators grouping digits in threes ("1,563"; queries/ingest/numbers.py). A
    row with an empty code, a figure that is not a whole number, or a code already given earlier in the file is
    rejected.
    """
    table = read_csv_rows(path)
    code_at = table.column(code_field) if code_field else table.find_column(*CODE_COLUMNS)
    people_at = table.column(population_field) if population_field else table.find_column(*POPULATION_COLUMNS)
    if code_at is None or people_at is None:
        raise CspmapError(
            f"{path}: expected an area code column and a population column (columns: {', '.join(table.header)}); "
            "name them with --code-field and --population-field."
        )

    summary = IngestSummary("population", str(path), notes=withhold_personal_columns(table, {code_at, people_at}))
    run_id = start_run(con, "population", str(path), file_sha256(path))
    rejects = list(table.rejects)
    seen: dict[str, int] = {}
    figures = []
    for record in table.records:
        code, text = record.values[code_at], record.values[people_at]
        try:
            number = parse_whole_number(text)
        except NumberError as exc:
            number, problem = None, str(exc)
        if not code:
            rejects.append(Reject(record.line, "no code: the area code is blank", record.raw))
        elif number is None:
            rejects.append(Reject(record.line, f"bad population: {text!r} {problem}", record.raw))
        elif code in seen:
            rejects.append(
                Reject(record.line, f"duplicate code: {code} already given on line {seen[code]}", record.raw)
            )
        else:
            seen[code] = record.line
            figures.append((code, number, path.name))
    frame = pd.DataFrame(figures, columns=["code", "population", "source_file"]).astype(
        {"code": object, "population": "int64", "source_file": object}
    )
    with registered(con, "new_population", frame):
        con.execute(load_sql("population_replace"))
        con.execute(load_sql("population_insert"))
    summary.rows_stored = len(frame)
    summary.rows_rejected = record_rejects(con, run_id, "population", str(path), rejects)
    summary.rows_read = summary.rows_stored + summary.rows_rejected
    refresh_area_population(con)
    finish_run(con, run_id, summary)
    return summary
