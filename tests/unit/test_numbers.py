"""One strict number reading for every importer: thousands separators only where they group digits in threes."""

from __future__ import annotations

import pytest

from queries.ingest.numbers import NumberError, parse_decimal, parse_whole_number
from queries.ingest.partner_values import FieldError, number_between, parse_count, parse_role_counts


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,429", 1429), ("12,345", 12345), ("1,234,567", 1234567), ("0", 0), ("46", 46), (" 1,563 ", 1563)],
)
def test_correctly_grouped_whole_numbers_are_read(text, value):
    assert parse_whole_number(text) == value
    assert parse_count(text) == value


@pytest.mark.parametrize(("text", "value"), [("12,345.25", 12345.25), ("-3.5", -3.5), (".5", 0.5), ("1429", 1429)])
def test_decimals_are_read(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["1,2,3", "12,34", "1,2345", "1,", ",123", "12,345,6"])
def test_badly_grouped_separators_are_rejected_with_the_reason(text):
    with pytest.raises(NumberError, match="thousands separators must group digits in threes"):
        parse_decimal(text)
    with pytest.raises(FieldError, match="thousands separators must group digits in threes"):
        parse_count(text)
    with pytest.raises(FieldError, match="thousands separators must group digits in threes"):
        number_between(0, 1e6)(text)


@pytest.mark.parametrize("text", ["1e5", "nan", "inf", "twelve", "1 429", ""])
def test_other_text_is_not_a_number(text):
    with pytest.raises(NumberError, match="is not a number"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["1.5", "-2", "+3"])
def test_a_whole_number_has_no_fraction_or_sign(text):
    with pytest.raises(NumberError, match="not a whole number"):
        parse_whole_number(text)


def test_staff_counts_use_the_same_reading():
    assert parse_role_counts("neighbourhood warden=1,200; youth worker=1.5") == {
        "neighbourhood_warden": 1200.0,
        "youth_worker": 1.5,
    }
    with pytest.raises(FieldError, match="thousands separators must group digits in threes"):
        parse_role_counts("warden=1,2,3")
