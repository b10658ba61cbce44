"""Ingest CSP targets: an indicator, a target value or change, the direction that is better, and a deadline.

Two kinds of target: ``value`` ("confidence 60%": reach 60) and ``change_pct`` ("ASB down 10% on last year":
-10, measured against ``baseline``). Indicators cspmap knows how to measure are listed in KNOWN_INDICATORS;
others are stored too, with a note that their progress has to be measured elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat, PartnerRows
from queries.ingest.partner_ingest import Batch, ingest_partner_file, replace_rows
from queries.ingest.partner_location import AreaLocator, Location
from queries.ingest.partner_values import (
    FieldError,
    choice,
    number_between,
    parse_date,
    parse_text,
    snake_name,
)
from queries.ingest.runs import IngestSummary

KIND = "targets"
# Indicators that cspmap's data can measure (docs/data-formats.md says how each is counted).
KNOWN_INDICATORS = (
    "confidence",
    "feel_safe_after_dark",
    "asb_big_problem",
    "knows_how_to_contact",
    "asb_incidents",
    "crime_incidents",
    "asb_responded_24h",
    "asb_named_caseworker",
    "asb_reviewed_monthly",
    "ae_assaults",
)
TARGET_TYPES = {"value": "value", "level": "value", "change pct": "change_pct", "change": "change_pct"}
DIRECTIONS = {
    "increase": "increase",
    "up": "increase",
    "higher": "increase",
    "higher is better": "increase",
    "decrease": "decrease",
    "down": "decrease",
    "lower": "decrease",
    "lower is better": "decrease",
}
parse_number = number_between(-1e12, 1e12)


def parse_indicator(text: str) -> str:
    """An indicator name as snake_case ("ASB incidents" -> "asb_incidents")."""
    return snake_name(text)


def _check_target(row: dict, locator: AreaLocator) -> None:
    """A change target must point the way its direction says."""
    rises = row["target"] > 0
    if row["target_type"] == "change_pct" and row["target"] != 0 and rises != (row["direction"] == "increase"):
        raise FieldError(
            "inconsistent target", None, f"a change of {row['target']:g}% does not {row['direction']} the indicator"
        )


FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("indicator", parse_indicator, required=True, aliases=("measure",)),
        Field("target", parse_number, required=True, aliases=("target_value",)),
        Field("target_type", choice(TARGET_TYPES, "target type"), default="value", aliases=("type",)),
        Field("direction", choice(DIRECTIONS, "direction"), required=True, aliases=("better",)),
        Field("baseline", parse_number, aliases=("baseline_value",)),
        Field("baseline_period", parse_text, aliases=("baseline_year",)),
        Field("deadline", parse_date, required=True, aliases=("by", "target_date", "due")),
        Field("set_on", parse_date, aliases=("date_set", "agreed_on")),
    ),
    key=("area_code", "indicator", "deadline"),
    location=Location(required=True, points=False),
    check=_check_target,
)


def ingest_targets(con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str = "utf-8") -> IngestSummary:
    """Store targets, replacing those for the same (area, indicator, deadline) and those the same file brought."""

    def store(con: duckdb.DuckDBPyConnection, parsed: PartnerRows, batch: Batch) -> list[str]:
        replace_rows(con, "targets", parsed.frame(), batch)
        unknown = sorted({row["indicator"] for row in parsed.rows} - set(KNOWN_INDICATORS))
        if not unknown:
            return []
        return [f"Indicators cspmap does not measure (stored; track them elsewhere): {', '.join(unknown)}"]

    return ingest_partner_file(con, path, FORMAT, store, encoding=encoding)
