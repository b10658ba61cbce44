"""Ingest one partner file: read it against its format, then store it in one transaction with its run and rejects.

Re-ingesting is idempotent: each kind's ``<kind>_replace.sql`` first deletes what a file of the same name brought
before, and any stored row with the id of a row in the new file; ``<kind>_insert.sql`` then adds the new rows.
Ingesting the same file twice therefore leaves every table as it was after the first time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from queries.frames import registered
from queries.ingest.partner_fields import PartnerFormat, PartnerRows, read_partner_rows
from queries.ingest.partner_location import AreaLocator
from queries.ingest.runs import IngestSummary, file_sha256, finish_run, record_rejects, start_run
from queries.sql_files import load_sql


@dataclass(frozen=True)
class Batch:
    """The ingest run storing a file, and the file's base name (what replacement is keyed on)."""

    run_id: int
    file_name: str


# Stores a file's accepted rows; returns notes for the user.
Store = Callable[[duckdb.DuckDBPyConnection, PartnerRows, Batch], list[str]]


def ingest_partner_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: PartnerFormat,
    store: Store,
    *,
    encoding: str = "utf-8",
) -> IngestSummary:
    """Read ``path`` as ``fmt`` and store it with ``store``; rows read = rows stored + rows rejected."""
    parsed = read_partner_rows(path, fmt, AreaLocator(con), encoding=encoding)
    summary = IngestSummary(fmt.kind, str(path), notes=list(parsed.notes))
    con.execute("BEGIN TRANSACTION")
    try:
        run_id = start_run(con, fmt.kind, str(path), file_sha256(path))
        summary.notes += store(con, parsed, Batch(run_id, path.name))
        summary.rows_stored = len(parsed.rows)
        summary.rows_rejected = record_rejects(con, run_id, fmt.kind, str(path), parsed.rejects)
        summary.rows_read = summary.rows_stored + summary.rows_rejected
        finish_run(con, run_id, summary)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return summary


def replace_rows(
    con: duckdb.DuckDBPyConnection, table_sql: str, frame: pd.DataFrame, batch: Batch, *, cleanup: str | None = None
) -> None:
    """Run ``<table_sql>_replace.sql`` then ``<table_sql>_insert.sql`` with ``frame`` registered as ``batch``.

    ``cleanup`` names a SQL file without parameters run in between (to delete rows that hang off deleted ones).
    """
    params = {"file_name": batch.file_name}
    with registered(con, "batch", frame):
        con.execute(load_sql(f"{table_sql}_replace"), params)
        if cleanup is not None:
            con.execute(load_sql(cleanup))
        con.execute(load_sql(f"{table_sql}_insert"), {**params, "run_id": batch.run_id})


def store_rows(table_sql: str) -> Store:
    """A ``Store`` that replaces rows through ``<table_sql>_replace.sql`` and ``<table_sql>_insert.sql``."""

    def store(con: duckdb.DuckDBPyConnection, parsed: PartnerRows, batch: Batch) -> list[str]:
        replace_rows(con, table_sql, parsed.frame(), batch)
        return []

    return store
