"""`cspmap export parquet`: the stored incidents as Hive-partitioned Parquet (``force=…/month=…``), which DuckDB,
Spark, Apache Sedona or dask read directly, for work beyond one machine (docs/scaling.md).

The export is written beside the folder asked for and renamed into place when complete, so a reader never sees
half of one, and re-running replaces the previous export whole (no file left over from a month since removed).
A folder holding anything but a previous export is refused, untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from queries.database import connect_read
from queries.errors import CspmapError
from queries.sql_files import load_sql, query_records

MARKER = "_cspmap_export.json"  # written last into every export; Spark and Hive readers skip files starting with _


@dataclass(frozen=True)
class Partition:
    """One force-month of the export: its folder ``force=<force>/month=<month>`` and how many rows it holds."""

    force: str
    month: str
    rows: int


@dataclass(frozen=True)
class ParquetExport:
    """What ``export_parquet`` wrote."""

    folder: Path
    partitions: tuple[Partition, ...]
    replaced: bool  # a previous export in the folder was replaced

    @property
    def rows(self) -> int:
        return sum(partition.rows for partition in self.partitions)


def export_parquet(db: Path, out: Path) -> ParquetExport:
    """Write every incident in ``db`` to ``out`` as Parquet partitioned by force and month (YYYY-MM)."""
    replacing = _check_destination(out)
    staging = out.with_name(f".{out.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    con = connect_read(db)
    try:
        partitions = tuple(Partition(**record) for record in query_records(con, "export_partitions"))
        if not partitions:
            raise CspmapError(
                f"{db} holds no incidents to export: load police.uk files with `cspmap ingest police-uk`."
            )
        target = str(staging).replace("'", "''")
        con.execute(
            f"COPY ({load_sql('export_incidents')}) TO '{target}' (FORMAT parquet, PARTITION_BY (force, month))"
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        con.close()
    marker = {
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": db.name,
        "rows": sum(partition.rows for partition in partitions),
        "partitions": [partition.__dict__ for partition in partitions],
    }
    (staging / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    _move_into_place(staging, out)
    return ParquetExport(folder=out, partitions=partitions, replaced=replacing)


def _check_destination(out: Path) -> bool:
    """Whether ``out`` holds a previous export (to be replaced); refuses anything else that is there."""
    if out.exists() and not out.is_dir():
        raise CspmapError(f"{out} is a file: --out takes a folder to write the export into. Nothing was written.")
    if not out.exists() or not any(out.iterdir()):
        return False
    if (out / MARKER).exists():
        return True
    raise CspmapError(
        f"{out} already holds files that are not a cspmap export: choose a new or empty folder. Nothing was written."
    )


def _move_into_place(staging: Path, out: Path) -> None:
    if out.exists():
        previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
        out.rename(previous)
        staging.rename(out)
        shutil.rmtree(previous)
    else:
        staging.rename(out)
