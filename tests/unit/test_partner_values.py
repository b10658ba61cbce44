"""Partner fields: dates in UK or ISO order only, yes/no, answer scales, numbers, bands, ids and contacts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from queries.ingest.partner_values import (
    FieldError,
    answer_scale,
    choice,
    number_between,
    parse_age_band,
    parse_bool,
    parse_code_list,
    parse_date,
    parse_date_list,
    parse_date_time,
    parse_email,
    parse_opaque_id,
    parse_phone,
    parse_role_counts,
    parse_time_band,
    snake_name,
    yes_no_answer,
)
from queries.ingest.survey import ASB_PROBLEM_ANSWERS, CONFIDENCE_ANSWERS, SAFETY_ANSWERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5)),
        ("05/03/2024", datetime(2024, 3, 5)),
        ("5/3/2024", datetime(2024, 3, 5)),
        ("2024-03-05 14:30", datetime(2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:15", datetime(2024, 3, 5, 14, 30, 15)),
        ("05/03/2024 09:05", datetime(2024, 3, 5, 9, 5)),
        ("03/09/2024", datetime(2024, 9, 3)),  # 3 September: day first, never the US order
    ],
)
def test_dates_are_iso_or_day_first(text, expected):
    assert parse_date_time(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "09/31/2024", "2024-13-01", "05/03/24", "5 March 2024", "2024/03/05"])
def test_other_dates_are_refused_with_the_forms_expected(text):
    with pytest.raises(FieldError) as raised:
        parse_date_time(text)
    assert raised.value.category == "bad date"
    assert raised.value.reason("date").startswith(f"bad date: date '{text}' is not a date")


def test_a_date_field_ignores_the_time_and_a_list_is_sorted():
    assert parse_date("05/03/2024 23:59") == date(2024, 3, 5)
    assert parse_date_list("2024-02-15; 20/01/2024;") == [date(2024, 1, 20), date(2024, 2, 15)]


@pytest.mark.parametrize(("text", "expected"), [("Yes", True), ("y", True), ("TRUE", True), ("1", True), ("no", False)])
def test_yes_no(text, expected):
    assert parse_bool(text) is expected


def test_yes_no_refuses_other_words():
    with pytest.raises(FieldError, match="bad flag"):
        parse_bool("maybe")


def test_confidence_takes_the_words_or_one_to_five_with_five_strongly_agree():
    confidence = answer_scale(CONFIDENCE_ANSWERS, 5)
    assert [confidence(t) for t in ("Strongly agree", "tend to agree", "Neither agree nor disagree", "DISAGREE")] == [
        5,
        4,
        3,
        2,
    ]
    assert confidence("strongly disagree") == 1
    assert confidence("4") == 4
    assert confidence("Don't know") is None
    with pytest.raises(FieldError, match="bad answer"):
        confidence("6")


def test_safety_and_asb_problem_answers():
    safety = answer_scale(SAFETY_ANSWERS, 4)
    assert [safety(t) for t in ("Very safe", "fairly safe", "A bit unsafe", "very unsafe", "2")] == [4, 3, 2, 1, 2]
    problem = yes_no_answer(ASB_PROBLEM_ANSWERS)
    assert [problem(t) for t in ("Very big problem", "not a problem at all", "yes", "N", "dk")] == [
        True,
        False,
        True,
        False,
        None,
    ]


def test_numbers_and_their_bounds():
    weight = number_between(0, 1e6, low_open=True)
    assert weight("1,250.5") == 1250.5
    with pytest.raises(FieldError, match="must be more than 0"):
        weight("0")
    with pytest.raises(FieldError, match="is not a number"):
        weight("heavy")
    with pytest.raises(FieldError, match="is not a number"):
        weight("nan")


def test_time_and_age_bands_are_normalised():
    assert parse_time_band("22:00-23:59") == "22:00-23:59"
    assert parse_time_band("0-2") == "00:00-02:00"
    assert parse_time_band("Unknown") is None
    with pytest.raises(FieldError, match="bad time band"):
        parse_time_band("25:00-26:00")
    assert [parse_age_band(t) for t in ("25 - 34", "18 to 24", "65+", "Under 16", "unknown")] == [
        "25-34",
        "18-24",
        "65+",
        "under 16",
        None,
    ]
    with pytest.raises(FieldError, match="runs backwards"):
        parse_age_band("34-25")


def test_an_opaque_id_is_never_a_name_and_the_name_is_withheld():
    assert parse_opaque_id("CW104") == "CW104"
    with pytest.raises(FieldError) as raised:
        parse_opaque_id("Jane Smith")
    assert raised.value.withhold
    assert "Jane" not in raised.value.reason("caseworker")
    assert raised.value.reason("caseworker").startswith("bad id: caseworker (value withheld)")


def test_a_private_column_is_never_echoed_in_a_reason():
    error = FieldError("bad number", "53.7", "is not a number")
    assert error.reason("latitude", private=True) == "bad number: latitude (value withheld) is not a number"
    assert error.reason("weight") == "bad number: weight '53.7' is not a number"


def test_contacts_lists_and_staff():
    assert parse_email("asb.team@council.example") == "asb.team@council.example"
    assert parse_phone("01632  960001") == "01632 960001"
    for bad, parse in (("not-an-email", parse_email), ("123", parse_phone)):
        with pytest.raises(FieldError, match="bad contact"):
            parse(bad)
    assert parse_code_list("E01000001; E01000002,E01000001 E02000001") == ["E01000001", "E01000002", "E02000001"]
    assert parse_role_counts("Neighbourhood warden=3; youth_worker = 1.5") == {
        "neighbourhood_warden": 3.0,
        "youth_worker": 1.5,
    }
    for bad in ("wardens", "warden=three", "warden=-1", "warden=1; Warden=2"):
        with pytest.raises(FieldError, match="bad staff"):
            parse_role_counts(bad)


def test_choices_know_several_words_for_each_value():
    weapon = choice({"knife": "sharp", "sharp": "sharp", "bottle": "glass"}, "weapon")
    assert weapon("Knife") == "sharp"
    with pytest.raises(FieldError, match="bad weapon: 'spoon' is not one of glass, sharp"):
        weapon("spoon")
    assert snake_name("Face the People") == "face_the_people"
