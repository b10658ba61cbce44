"""Ingest ASB cases as exported by a council, housing or police case system, with case-handling flags derived.

Per case cspmap derives whether the first response came within 24 hours of the report, whether a named
caseworker was assigned, and whether the case was reviewed at least monthly while open. Open cases are judged
as of a date: the one given, else the latest date anywhere in the file (the day the export was taken, near
enough). The caseworker is an id or yes/no, never a name; victims and locations appear, if at all, only as
opaque pseudonymous references.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat, PartnerRows
from queries.ingest.partner_ingest import Batch, ingest_partner_file, replace_rows
from queries.ingest.partner_location import AreaLocator, Location
from queries.ingest.partner_values import (
    FieldError,
    parse_bool,
    parse_count,
    parse_date_list,
    parse_date_time,
    parse_opaque_id,
    parse_text,
    words,
)
from queries.ingest.runs import IngestSummary

KIND = "asb-cases"
RESPONSE_STANDARD = timedelta(hours=24)
# "At least monthly": no more than this many days from the report to the first review, between reviews, and from
# the last review to closure (or to the as-of date while the case is open).
REVIEW_INTERVAL_DAYS = 31
UNASSIGNED = ("none", "unassigned", "not assigned")


def parse_caseworker(text: str) -> bool | str:
    """yes/no (a caseworker is or is not assigned) or the caseworker's opaque id; never a name."""
    if words(text) in UNASSIGNED:
        return False
    try:
        return parse_bool(text)
    except FieldError:
        return parse_opaque_id(text)


def _check_case(row: dict, locator: AreaLocator) -> None:
    """Dates must follow the report (and reviews precede closure); a review count must match the dates given."""
    reported = row["reported_at"]
    for name in ("first_response_at", "closed_at"):
        if row[name] is not None and row[name] < reported:
            raise FieldError("bad dates", None, f"{name} {row[name]:%Y-%m-%d %H:%M} is before reported_at")
    reviews = row["review_dates"]
    if reviews:
        if reviews[0] < reported.date():
            raise FieldError("bad dates", None, f"review_dates has {reviews[0]} before reported_at")
        if row["closed_at"] is not None and reviews[-1] > row["closed_at"].date():
            raise FieldError("bad dates", None, f"review_dates has {reviews[-1]} after closed_at")
        if row["review_count"] is not None and row["review_count"] != len(reviews):
            raise FieldError(
                "inconsistent reviews",
                None,
                f"review_count is {row['review_count']} but review_dates lists {len(reviews)} date(s)",
            )


FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("case_id", parse_text, required=True, aliases=("id", "case_ref", "case_reference", "case_number")),
        Field(
            "reported_at",
            parse_date_time,
            required=True,
            aliases=("reported", "date_reported", "reported_date", "opened_at", "received_at"),
        ),
        Field("first_response_at", parse_date_time, aliases=("first_response", "responded_at", "first_contact_at")),
        Field("caseworker", parse_caseworker, aliases=("caseworker_id", "caseworker_assigned", "named_caseworker")),
        Field("review_dates", parse_date_list, aliases=("reviews", "reviewed_on")),
        Field("review_count", parse_count, aliases=("reviews_count", "number_of_reviews")),
        Field("closed_at", parse_date_time, aliases=("closed", "date_closed", "closed_date")),
        Field("asb_type", parse_text, required=True, aliases=("type", "asb_category", "category")),
        Field("agency", parse_text, aliases=("organisation", "source_agency")),
        Field("repeat_victim", parse_bool, aliases=("repeat",)),
        Field("vulnerable_victim", parse_bool, aliases=("vulnerable",)),
        Field("victim_ref", parse_opaque_id, aliases=("victim_id", "victim_reference")),
        Field("location_ref", parse_opaque_id, aliases=("location_id", "location_reference")),
    ),
    key=("case_id",),
    location=Location(required=True, points=True, keep_point=True),
    check=_check_case,
    derived=("caseworker_id", "named_caseworker", "responded_within_24h", "reviewed_monthly", "as_of"),
)


def reviewed_at_least_monthly(
    reported: date, end: date, review_dates: list[date] | None, review_count: int | None
) -> bool | None:
    """Whether a case open from ``reported`` to ``end`` was reviewed at least every 31 days; None if unknown.

    With review dates, every gap (report to first review, review to review, last review to ``end``) must be at
    most 31 days. With only a count, the count must reach the fewest reviews that could do that.
    """
    if review_dates:
        stops = [reported, *review_dates, max(end, review_dates[-1])]
        return all((later - earlier).days <= REVIEW_INTERVAL_DAYS for earlier, later in pairwise(stops))
    if review_count is None:
        return None
    open_days = max((end - reported).days, 0)
    needed = max(-(-open_days // REVIEW_INTERVAL_DAYS) - 1, 0)
    return review_count >= needed


def latest_date(rows: list[dict]) -> date | None:
    """The latest date anywhere in the rows: reports, responses, reviews and closures."""
    found: list[date] = []
    for row in rows:
        found += [row[name].date() for name in ("reported_at", "first_response_at", "closed_at") if row[name]]
        found += row["review_dates"] or []
    return max(found, default=None)


def _derive(row: dict, as_of: date, reviews_recorded: bool) -> dict:
    """The case-handling flags; with ``reviews_recorded`` (the file has a reviews column) blank means none."""
    row = dict(row)
    reported_at: datetime = row["reported_at"]
    caseworker = row.pop("caseworker")  # becomes caseworker_id and named_caseworker
    end = row["closed_at"].date() if row["closed_at"] is not None else as_of
    reviews = row["review_dates"] or None
    count = len(reviews) if reviews else row["review_count"]
    if count is None and reviews_recorded:
        count = 0
    return {
        **row,
        "caseworker_id": caseworker if isinstance(caseworker, str) else None,
        "named_caseworker": None if caseworker is None else caseworker is not False,
        "review_dates": reviews,
        "review_count": count,
        # No recorded response counts as not responded to within 24 hours.
        "responded_within_24h": row["first_response_at"] is not None
        and row["first_response_at"] - reported_at <= RESPONSE_STANDARD,
        "reviewed_monthly": reviewed_at_least_monthly(reported_at.date(), end, reviews, count),
        "as_of": as_of,
    }


def ingest_asb_cases(
    con: duckdb.DuckDBPyConnection, path: Path, *, as_of: date | None = None, encoding: str = "utf-8"
) -> IngestSummary:
    """Store ASB cases, replacing those with the same case ids and those the same file brought before."""

    def store(con: duckdb.DuckDBPyConnection, parsed: PartnerRows, batch: Batch) -> list[str]:
        judged_on = as_of or latest_date(parsed.rows)
        recorded = bool(parsed.columns & {"review_dates", "review_count"})
        parsed.rows = [_derive(row, judged_on, recorded) for row in parsed.rows]
        replace_rows(con, "asb_cases", parsed.frame(), batch)
        if not parsed.rows:
            return []
        source = "given" if as_of else "the latest date in the file"
        return [f"Open cases judged as of {judged_on} ({source})."]

    return ingest_partner_file(con, path, FORMAT, store, encoding=encoding)
