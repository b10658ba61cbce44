"""The small-number rule on tables built by hand: which cells are withheld, and the one extra that protects a total."""

from __future__ import annotations

import pandas as pd

from queries.analysis.small_numbers import CountRule, show_withheld, withhold_small_counts

SURVEY = (CountRule("responses", hides=("reason",)), CountRule("dont_know"))


def test_counts_of_one_to_four_are_withheld_and_zero_and_five_are_shown():
    # Area A is the case: 1 answered, 1 "don't know". B and C have two small counts in each column between
    # them with A, so no second cell is needed; D shows that 5 is not small and 0 reveals no one.
    table = pd.DataFrame(
        {
            "area": ["A", "B", "C", "D"],
            "responses": [1, 40, 4, 5],
            "dont_know": [1, 2, 30, 0],
            "reason": ["suppressed: 1 responses", "", "suppressed: 4 responses", "suppressed: 5 responses"],
        }
    )
    withheld = withhold_small_counts(table, SURVEY, threshold=5)
    assert withheld.mask["responses"].tolist() == [True, False, True, False]
    assert withheld.mask["reason"].tolist() == [True, False, True, False]
    assert withheld.mask["dont_know"].tolist() == [True, True, False, False]
    assert withheld.areas == 3
    shown = show_withheld(table, withheld)
    assert shown["responses"].tolist() == ["under 5", 40, "under 5", 5]
    assert shown["dont_know"].tolist() == ["under 5", "under 5", 30, 0]
    assert shown["reason"].tolist() == ["under 5", "", "under 5", "suppressed: 5 responses"]
    assert table["responses"].tolist() == [1, 40, 4, 5]  # the input is not changed


def test_a_single_withheld_count_takes_the_smallest_other_with_it_so_the_total_cannot_give_it_away():
    # Cases 3, 9, 7, 20 sum to 39; with only the 3 hidden it would be 39 - 36. The 7 goes too: 39 - 29 = 3 + 7.
    table = pd.DataFrame(
        {"cases": [3, 9, 7, 20], "failing_any": [0, 6, 5, 10], "failing_share": [0.0, 0.67, 0.71, 0.5]}
    )
    rules = (
        CountRule("cases", hides=("failing_any", "failing_share")),
        CountRule("failing_any", hides=("failing_share",)),
    )
    withheld = withhold_small_counts(table, rules, threshold=5)
    assert withheld.mask["cases"].tolist() == [True, False, True, False]
    assert withheld.mask["failing_share"].tolist() == [True, False, True, False]
    # failing_any: row 0 withheld with its cases (0 is not small, but it goes with the row's cases), and row 2's 5
    # was withheld by the second cell of cases; so two are hidden in that column and none more is needed.
    assert withheld.mask["failing_any"].tolist() == [True, False, True, False]


def test_unknown_counts_are_not_small_and_a_higher_threshold_withholds_more():
    table = pd.DataFrame({"cases": [None, 6, 12, 30]})
    rules = (CountRule("cases"),)
    assert withhold_small_counts(table, rules, threshold=5).mask["cases"].tolist() == [False, False, False, False]
    assert withhold_small_counts(table, rules, threshold=10).mask["cases"].tolist() == [False, True, True, False]
