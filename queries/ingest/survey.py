"""Ingest resident survey responses: one row per response, located by area code or by the respondent's point.

The respondent's coordinates are used only to find the LSOA and are never stored. Responses are only ever
shown in aggregate.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from queries.ingest.partner_fields import Field, PartnerFormat
from queries.ingest.partner_ingest import ingest_partner_file, store_rows
from queries.ingest.partner_location import Location
from queries.ingest.partner_values import (
    answer_scale,
    number_between,
    parse_date,
    parse_identifier,
    yes_no_answer,
)
from queries.ingest.runs import IngestSummary

KIND = "survey"

# "The police and local council are dealing with the anti-social behaviour and crime issues that matter in this
# area": 5 = strongly agree ... 1 = strongly disagree (higher is more confident; see docs/data-formats.md).
CONFIDENCE_ANSWERS = {
    "strongly agree": 5,
    "agree": 4,
    "tend to agree": 4,
    "somewhat agree": 4,
    "neither agree nor disagree": 3,
    "neither": 3,
    "neutral": 3,
    "disagree": 2,
    "tend to disagree": 2,
    "somewhat disagree": 2,
    "strongly disagree": 1,
}
# "How safe do you feel walking alone in this area after dark?" (the Crime Survey's four answers): 4 = very safe.
SAFETY_ANSWERS = {"very safe": 4, "fairly safe": 3, "a bit unsafe": 2, "fairly unsafe": 2, "very unsafe": 1}
# "How much of a problem is anti-social behaviour in your area?" as yes/no: is it a big problem?
ASB_PROBLEM_ANSWERS = {
    "very big problem": True,
    "a very big problem": True,
    "fairly big problem": True,
    "a fairly big problem": True,
    "big problem": True,
    "not a very big problem": False,
    "not a big problem": False,
    "not a problem": False,
    "not a problem at all": False,
}

FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("response_id", parse_identifier, required=True, aliases=("id", "response", "response_no")),
        Field("date", parse_date, required=True, aliases=("response_date", "survey_date", "date_completed")),
        Field("weight", number_between(0, 1e6, low_open=True), default=1.0, aliases=("survey_weight",)),
        Field(
            "confidence",
            answer_scale(CONFIDENCE_ANSWERS, 5),
            aliases=("police_council_dealing", "dealing_with_issues", "agree_dealing_with_issues"),
        ),
        Field(
            "safe_after_dark", answer_scale(SAFETY_ANSWERS, 4), aliases=("feel_safe_after_dark", "safety_after_dark")
        ),
        Field("asb_big_problem", yes_no_answer(ASB_PROBLEM_ANSWERS), aliases=("asb_problem",)),
        Field(
            "knows_how_to_contact",
            yes_no_answer({}),
            aliases=("know_how_to_contact", "knows_how_to_contact_team", "contact_neighbourhood_team"),
        ),
    ),
    key=("response_id",),
    location=Location(required=True, points=True, keep_point=False),
)


def ingest_survey(con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str = "utf-8") -> IngestSummary:
    """Store survey responses, replacing those with the same response ids and those the same file brought before."""
    return ingest_partner_file(con, path, FORMAT, store_rows("survey"), encoding=encoding)
