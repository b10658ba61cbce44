"""Area names by code, for text that would otherwise show a reader a code such as E08000033."""

from __future__ import annotations

import duckdb

from queries.sql_files import query_records


def area_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every named area's name by its code, across all loaded levels."""
    return {row["code"]: row["name"] for row in query_records(con, "area_names")}
