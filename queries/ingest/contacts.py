"""Ingest named points of contact: per area (usually a neighbourhood) and partner agency, a role and its work contact.

A contact is a role ("ASB caseworker", "Neighbourhood housing officer") with a work email or phone, never a
person's name: names are refused at the door like any other personal data. Contacts are for the partner view
only and are never shown publicly.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat
from queries.ingest.partner_ingest import ingest_partner_file, store_rows
from queries.ingest.partner_location import AreaLocator, Location
from queries.ingest.partner_values import FieldError, parse_email, parse_phone, parse_text
from queries.ingest.runs import IngestSummary

KIND = "contacts"


def _check_contact(row: dict, locator: AreaLocator) -> None:
    """A point of contact needs a way to reach it."""
    if row["work_email"] is None and row["work_phone"] is None:
        raise FieldError("no contact", None, "give work_email or work_phone")


FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("agency", parse_text, required=True, aliases=("organisation", "partner", "partner_agency")),
        Field("role", parse_text, required=True, aliases=("job_title", "position")),
        Field("work_email", parse_email, aliases=("email", "contact_email", "role_email")),
        Field("work_phone", parse_phone, aliases=("phone", "contact_phone", "telephone")),
    ),
    key=("area_code", "agency", "role"),
    location=Location(required=True, points=False),
    check=_check_contact,
)


def ingest_contacts(con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str = "utf-8") -> IngestSummary:
    """Store contacts, replacing those for the same (area, agency, role) and those the same file brought before."""
    return ingest_partner_file(con, path, FORMAT, store_rows("contacts"), encoding=encoding)
