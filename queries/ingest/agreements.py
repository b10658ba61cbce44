"""Ingest neighbourhood priorities agreed with residents (Neighbourhood Agreements, community meetings).

Each priority belongs to an area (usually a neighbourhood) and carries the standard of service promised, the date
it was set and the date it is due for review.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat
from queries.ingest.partner_ingest import ingest_partner_file, store_rows
from queries.ingest.partner_location import AreaLocator, Location
from queries.ingest.partner_values import FieldError, parse_date, parse_identifier, parse_text
from queries.ingest.runs import IngestSummary

KIND = "agreements"


def _check_priority(row: dict, locator: AreaLocator) -> None:
    """A review cannot come before the priority was set."""
    if row["review_date"] is not None and row["review_date"] < row["date_set"]:
        raise FieldError("bad dates", None, f"review_date {row['review_date']} is before date_set {row['date_set']}")


FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("priority_id", parse_identifier, required=True, aliases=("id", "priority_ref")),
        Field("priority", parse_text, required=True, aliases=("issue", "agreed_priority")),
        Field("service_standard", parse_text, aliases=("standard", "promise", "standard_of_service")),
        Field("agreed_at", parse_text, aliases=("agreed_through", "source", "meeting")),
        Field("date_set", parse_date, required=True, aliases=("set_on", "date_agreed", "agreed_on")),
        Field("review_date", parse_date, aliases=("review_by", "review_on", "next_review")),
    ),
    key=("priority_id",),
    location=Location(required=True, points=False),
    check=_check_priority,
)


def ingest_agreements(con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str = "utf-8") -> IngestSummary:
    """Store neighbourhood priorities, replacing those with the same ids and those the same file brought before."""
    return ingest_partner_file(con, path, FORMAT, store_rows("agreements"), encoding=encoding)
