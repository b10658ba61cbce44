"""ASB case handling: reviewed at least monthly (every 31 days) while open, from review dates or a count."""

from __future__ import annotations

from datetime import date, datetime

from queries.ingest.asb_cases import latest_date, reviewed_at_least_monthly

REPORTED = date(2024, 1, 1)


def test_review_dates_with_no_gap_over_31_days_are_monthly():
    # 1 Jan -> 31 Jan (30 days) -> 2 Mar (31) -> closed 1 Apr (30)
    assert reviewed_at_least_monthly(REPORTED, date(2024, 4, 1), [date(2024, 1, 31), date(2024, 3, 2)], None)


def test_one_gap_of_32_days_is_not_monthly():
    # 1 Jan -> 2 Feb is 32 days
    assert not reviewed_at_least_monthly(REPORTED, date(2024, 2, 20), [date(2024, 2, 2)], None)
    # the last review to closure counts too: 31 Jan -> 4 Mar is 33 days
    assert not reviewed_at_least_monthly(REPORTED, date(2024, 3, 4), [date(2024, 1, 31)], None)


def test_a_case_open_at_most_31_days_needs_no_review():
    assert reviewed_at_least_monthly(REPORTED, date(2024, 2, 1), None, 0)
    assert not reviewed_at_least_monthly(REPORTED, date(2024, 2, 2), None, 0)


def test_a_count_must_reach_the_fewest_reviews_that_could_be_monthly():
    # open 74 days (1 Jan -> 15 Mar): three stretches of at most 31 days need 2 reviews
    assert reviewed_at_least_monthly(REPORTED, date(2024, 3, 15), None, 2)
    assert not reviewed_at_least_monthly(REPORTED, date(2024, 3, 15), None, 1)


def test_no_review_information_is_unknown():
    assert reviewed_at_least_monthly(REPORTED, date(2024, 6, 1), None, None) is None


def test_the_latest_date_in_a_file_is_found_in_every_date_column():
    rows = [
        {
            "reported_at": datetime(2024, 1, 1),
            "first_response_at": datetime(2024, 1, 2),
            "closed_at": datetime(2024, 3, 1),
            "review_dates": [],
        },
        {
            "reported_at": datetime(2024, 2, 1),
            "first_response_at": None,
            "closed_at": None,
            "review_dates": [date(2024, 4, 30)],
        },
    ]
    assert latest_date(rows) == date(2024, 4, 30)
    assert latest_date([]) is None
