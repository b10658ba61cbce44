"""What the database holds: areas, incidents and how they were placed, partner data, rejected rows."""

from __future__ import annotations

from typing import Any

import duckdb

from queries.sql_files import query_records


def database_status(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """A summary as plain lists of records, ready for a table or JSON."""

    incidents = query_records(con, "status_incidents")
    return {
        "areas": query_records(con, "status_areas"),
        "incidents": incidents,
        "partner_data": query_records(con, "status_partner_data"),
        "duplicate_crime_ids": query_records(con, "status_duplicate_crime_ids"),
        "rejects": query_records(con, "status_rejects"),
        "totals": {
            "incidents": sum(row["incidents"] for row in incidents),
            "outside_areas": sum(row["outside_areas"] for row in incidents),
            "no_location": sum(row["no_location"] for row in incidents),
        },
    }


def illustrative_kinds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The kinds of partner data held whose label is ``illustrative`` (the demo's generated data)."""
    return [
        row["kind"]
        for row in query_records(con, "status_partner_data")
        if row["rows"] and row["label"] == "illustrative"
    ]
