"""Ingest assaults seen in A&E, anonymised as hospitals share them under the Cardiff model; shown only in aggregate.

Rows have no ids (two patients can share every field), so a file replaces, for each site, the whole months it
covers. Coordinates, if a site sends them, are used to find the LSOA and then dropped; a place description is
kept as text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat, PartnerRows
from queries.ingest.partner_ingest import Batch, ingest_partner_file, replace_rows
from queries.ingest.partner_location import Location
from queries.ingest.partner_values import choice, parse_age_band, parse_date, parse_text, parse_time_band
from queries.ingest.runs import IngestSummary

KIND = "ae-assaults"

# Weapon categories (stored value) and the words sites use for them.
WEAPONS = {
    "none": "none",
    "body": "none",
    "bodily force": "none",
    "fist": "none",
    "fists": "none",
    "feet": "none",
    "kicked": "none",
    "punched": "none",
    "sharp": "sharp",
    "knife": "sharp",
    "blade": "sharp",
    "sharp object": "sharp",
    "blunt": "blunt",
    "blunt object": "blunt",
    "bat": "blunt",
    "glass": "glass",
    "bottle": "glass",
    "glass bottle": "glass",
    "firearm": "firearm",
    "gun": "firearm",
    "other": "other",
    "other weapon": "other",
    "unknown": "unknown",
    "not known": "unknown",
}


FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("site", parse_text, required=True, aliases=("hospital", "ed_site", "emergency_department")),
        Field("date", parse_date, required=True, aliases=("assault_date", "attendance_date", "date_of_assault")),
        Field("time_band", parse_time_band, aliases=("time", "time_of_assault", "attendance_time_band")),
        Field(
            "place",
            parse_text,
            aliases=("place_description", "location_description", "location_text", "assault_location"),
        ),
        Field("weapon", choice(WEAPONS, "weapon"), aliases=("weapon_category", "weapon_used")),
        Field("age_band", parse_age_band, aliases=("age_group", "patient_age_band")),
    ),
    location=Location(required=False, points=True, keep_point=False),
)


def ingest_ae_assaults(
    con: duckdb.DuckDBPyConnection, path: Path, *, site: str | None = None, encoding: str = "utf-8"
) -> IngestSummary:
    """Store A&E assault rows; per site, each month the file covers replaces what was stored for that month.

    ``site`` names the hospital for rows whose file has no site column (or a blank site).
    """
    fields = tuple(replace(f, required=False, default=site) if f.name == "site" and site else f for f in FORMAT.fields)

    def store(con: duckdb.DuckDBPyConnection, parsed: PartnerRows, batch: Batch) -> list[str]:
        replace_rows(con, "ae_assaults", parsed.frame(), batch)
        months = sorted({(row["site"], f"{row['date']:%Y-%m}") for row in parsed.rows})
        shown = ", ".join(f"{site_name} {month}" for site_name, month in months)
        return [f"Site and months replaced by this file: {shown}"] if months else []

    return ingest_partner_file(con, path, replace(FORMAT, fields=fields), store, encoding=encoding)
