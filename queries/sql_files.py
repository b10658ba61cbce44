"""Load (and run) the SQL files that ship in queries/sql and queries/migrations."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import duckdb


@cache
def load_sql(name: str) -> str:
    """The text of ``queries/sql/<name>.sql``."""
    return resources.files("queries").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def migration_files() -> list[tuple[int, str, str]]:
    """Every migration as (version, name, sql), oldest first; files are named ``NNNN_name.sql``."""
    folder = resources.files("queries").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.partition("_")
            found.append((int(number), rest.removesuffix(".sql"), entry.read_text(encoding="utf-8")))
    return sorted(found)


def query_records(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run ``queries/sql/<name>.sql`` and return its rows as dicts of plain Python values."""
    cursor = con.execute(load_sql(name), params or {})
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
