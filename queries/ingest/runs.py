"""Record each file ingested (``ingest_runs``) and every row that was read but not stored (``rejects``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath

import duckdb
import pandas as pd

from queries.frames import registered
from queries.sql_files import load_sql


@dataclass(frozen=True)
class Reject:
    """A row that was read and not stored."""

    line: int | None
    reason: str
    raw: str | None


@dataclass
class IngestSummary:
    """What one file brought: rows read = rows stored + rows rejected."""

    kind: str
    source_file: str
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    notes: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def start_run(
    con: duckdb.DuckDBPyConnection, kind: str, source_file: str, sha256: str, keep: Iterable[int] = ()
) -> int:
    """Open an ``ingest_runs`` row; a previous ingest of a file with the same name loses its rejects, unless it is
    one of the runs ``keep`` (the same command's: police.uk's split force-months share a name)."""
    file_name = PurePath(source_file.rsplit(":", 1)[-1]).name
    con.execute(load_sql("rejects_drop_for_file"), {"kind": kind, "file_name": file_name, "keep": list(keep)})
    (run_id,) = con.execute(
        load_sql("ingest_run_start"),
        {"kind": kind, "source_file": source_file, "file_name": file_name, "sha256": sha256, "now": _now()},
    ).fetchone()
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, summary: IngestSummary) -> None:
    """Close the run with its row counts."""
    con.execute(
        load_sql("ingest_run_finish"),
        {
            "read": summary.rows_read,
            "stored": summary.rows_stored,
            "rejected": summary.rows_rejected,
            "run_id": run_id,
            "now": _now(),
        },
    )


RAW_KEPT_CHARS = 2_000  # of a rejected row's text: enough to find and fix it, never megabytes


def _shortened(raw: str | None) -> str | None:
    if raw is None or len(raw) <= RAW_KEPT_CHARS:
        return raw
    return f"{raw[:RAW_KEPT_CHARS]}... ({len(raw) - RAW_KEPT_CHARS:,} more characters not kept)"


def _now() -> datetime:
    # Wall-clock time: SQL's current_timestamp is fixed at the start of the transaction.
    return datetime.now()


def record_rejects(
    con: duckdb.DuckDBPyConnection, run_id: int, kind: str, source_file: str, rejects: Iterable[Reject]
) -> int:
    """Store rejected rows; returns how many."""
    rejects = list(rejects)
    if not rejects:  # most files: no frame to build (a few ms, which a national archive pays 1,548 times)
        return 0
    frame = pd.DataFrame(
        [(r.line, r.reason, _shortened(r.raw)) for r in rejects], columns=["line", "reason", "raw"]
    ).astype({"line": "Int64", "reason": object, "raw": object})
    with registered(con, "new_rejects", frame):
        con.execute(
            load_sql("rejects_insert"),
            {"run_id": run_id, "kind": kind, "source_file": source_file},
        )
    return len(frame)
