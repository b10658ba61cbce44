"""Columns whose headings announce personal data are recognised, and the columns a format asks for are not."""

from __future__ import annotations

import pytest

from queries.ingest.personal_data import personal_data_category, personal_data_columns, refusal_warning


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("Name", "name"),
        ("Victim_Name", "name"),
        ("Surname", "name"),
        ("Caseworker", "name"),
        ("Inspector name", "name"),
        ("Address Line 1", "address"),
        ("Postcode", "address"),
        ("UPRN", "address"),
        ("DOB", "date of birth"),
        ("Date of Birth", "date of birth"),
        ("Age", "exact age"),
        ("Mobile No", "phone number"),
        ("Telephone", "phone number"),
        ("E-mail", "email address"),
        ("NHS Number", "NHS or other personal number"),
        ("National Insurance Number", "NHS or other personal number"),
        ("Case notes", "free text"),
        ("Narrative", "free text"),
        ("Description", "free text"),
        # Issue 7's examples, as sent in real exports, and generalisations of them.
        ("Home Addr", "address"),
        ("Resp. Name", "name"),
        ("E-mail addr", "email address"),
        ("Ph", "phone number"),
        ("Mob", "phone number"),
        ("Contact Number", "phone number"),
        ("Complainant's Name", "name"),
        ("Victim DOB", "date of birth"),
        ("Pt Name", "name"),
        ("Patient Postcode", "address"),
        ("Next of kin", "name"),
        ("Occupant", "name"),
        ("Reporting person", "name"),
        ("Address of incident", "address"),
        ("Full Name of Respondent", "name"),
        ("Name of caller", "name"),
        ("Surname of victim", "name"),
        ("Suspect's Mobile No", "phone number"),
        ("Victim's address", "address"),
        ("NOK phone", "phone number"),
        ("Tel No.", "phone number"),
        ("Email 2", "email address"),
    ],
)
def test_personal_data_headings_are_recognised(heading, category):
    assert personal_data_category(heading) == category


@pytest.mark.parametrize(
    "heading",
    [
        "Ward name",
        "LSOA name",
        "age_band",
        "Weapon",
        "Area",
        "Caseworker ID",
        "Date",
        "Team name",
        "MSOA Name",
        "Local authority name",
        "Crime type",
        "Location",
        "Falls within",
        "Time band",
        "Persons",
        "Households",
    ],
)
def test_ordinary_headings_are_not_personal_data(heading):
    assert personal_data_category(heading) is None


def test_columns_of_the_format_are_never_refused_and_the_warning_names_the_others():
    header = ["team_id", "contact_phone", "Inspector name", "Ward name", "Notes"]
    refused = personal_data_columns(header, format_positions={0, 1})
    assert refused == {2: "name", 4: "free text"}
    assert refusal_warning(header, refused) == (
        "Warning: personal data refused, these columns were dropped and never stored: "
        "'Inspector name' (name), 'Notes' (free text)"
    )
