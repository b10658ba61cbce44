"""The words a page shows for the analysis' internal names, codes and months."""

from __future__ import annotations

from datetime import date

from dashboard.labels import period_label, plain_note


def test_months_read_as_a_reader_writes_them():
    assert period_label(date(2017, 10, 1), date(2018, 9, 1)) == "Oct 2017 to Sep 2018"
    assert period_label(date(2018, 7, 1), date(2018, 7, 1)) == "Jul 2018"
    assert plain_note("survey responses in 2017-10..2018-09") == "survey responses in Oct 2017 to Sep 2018"
    assert plain_note("trend: 2016-07 against 2018-07.") == "trend: Jul 2016 against Jul 2018."
    assert (
        plain_note("judged on 2018-07-31, at or after the deadline") == "judged on 2018-07-31, at or after the deadline"
    )


def test_internal_names_become_words_and_codes_become_area_names():
    note = "Components: crime_rate x1; asb_standard_failures x0.5. top_share: share of runs."
    assert plain_note(note) == (
        "Components: Crime per 1,000 residents (smoothed) ×1; ASB case standards missed ×0.5. "
        "Rank stability: share of runs."
    )
    assert plain_note("counts_kde scored +0.8% mean PAI against prior_counts") == (
        "Counts, ties broken by density scored +0.8% mean PAI against Prior counts (incidents in the cell)"
    )
    assert plain_note("responded_within_24h = first response; asb_community_meeting or beat_meeting") == (
        "Answered within 24 h = first response; ASB community meeting or beat meeting"
    )
    names = {"E08000033": "Calderdale"}
    assert plain_note("E08000033: 56.2%; E08000034: 56.7%", names) == "Calderdale: 56.2%; E08000034: 56.7%"
    assert plain_note("an unknown_column_name stays readable") == "an unknown column name stays readable"


def test_all_months_says_which_months():
    from dashboard.components.controls import all_months_label

    assert all_months_label([date(2016, 7, 1), date(2017, 7, 1), date(2018, 7, 1)]) == (
        "All 3 months: Jul 2016, Jul 2017, Jul 2018"
    )
    run = [date(2017, month, 1) for month in range(1, 13)]
    assert all_months_label(run) == "All 12 months, Jan 2017 to Dec 2017"
    assert all_months_label([*run[:5], *run[7:]]) == "All 10 months, Jan 2017 to Dec 2017 (with 2 missing)"
