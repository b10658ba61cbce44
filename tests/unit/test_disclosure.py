"""The 10-5 rule and secondary suppression, on small tables worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from queries.analysis.disclosure import PRIMARY, SECONDARY, SHOWN, Line, determined_cells, round_to_base, suppress


def test_round_to_base_is_the_nearest_multiple_of_five():
    assert [round_to_base(n) for n in (0, 10, 11, 12, 13, 14, 15, 17, 18, 24, 79)] == [
        0,
        10,
        10,
        10,
        15,
        15,
        15,
        15,
        20,
        25,
        80,
    ]
    with pytest.raises(ValueError):
        round_to_base(-1)


def two_by_two() -> tuple[dict, list[Line]]:
    """Neighbourhoods A and B in CSP C, months 1 and 2, with every row and column total.

    A: 4 + 20 = 24;  B: 30 + 25 = 55;  C: 34 + 45 = 79.
    """
    values = {
        ("A", 1): 4,
        ("A", 2): 20,
        ("A", "all"): 24,
        ("B", 1): 30,
        ("B", 2): 25,
        ("B", "all"): 55,
        ("C", 1): 34,
        ("C", 2): 45,
        ("C", "all"): 79,
    }
    lines = [Line((area, "all"), ((area, 1), (area, 2))) for area in "ABC"]
    lines += [Line(("C", month), (("A", month), ("B", month))) for month in (1, 2, "all")]
    return values, lines


def test_a_single_small_count_is_not_enough_hiding():
    # Hiding only A1 = 4 lets anyone work it back: A-all minus A2 = 24 - 20 = 4, and C1 minus B1 = 34 - 30 = 4.
    values, lines = two_by_two()
    assert determined_cells(values, {("A", 1)}, lines) == {("A", 1)}


def test_secondary_suppression_hides_a_rectangle_no_subtraction_can_undo():
    values, lines = two_by_two()
    disclosed = suppress(values, lines, threshold=10, base=5)
    assert disclosed.status[("A", 1)] == PRIMARY
    # Worked by hand: row A needs a second hidden cell (A2, its smallest non-zero), column 1 needs one (B1), and then
    # column 2 holds A2 alone, so B2 goes too: the four inner cells, with every total still published.
    assert disclosed.hidden == {("A", 1), ("A", 2), ("B", 1), ("B", 2)}
    assert {key for key, status in disclosed.status.items() if status == SECONDARY} == {("A", 2), ("B", 1), ("B", 2)}
    assert disclosed.published[("A", "all")] == 25  # 24 rounded to the nearest 5
    assert disclosed.published[("B", "all")] == 55
    assert disclosed.published[("C", 1)] == 35
    assert disclosed.published[("C", 2)] == 45
    assert disclosed.published[("C", "all")] == 80
    # What an attacker can write down: A1 + A2 = 24, B1 + B2 = 55, A1 + B1 = 34, A2 + B2 = 45. Four unknowns, three
    # independent equations: A1 could be anything from 0 to 24. No cell is pinned down.
    assert determined_cells(values, disclosed.hidden, lines) == set()
    for a1 in (0, 4, 9, 24):
        a2, b1 = 24 - a1, 34 - a1
        b2 = 55 - b1
        assert a2 + b2 == 45  # every one of these tables is consistent with what was published


def test_the_complementary_cell_is_never_a_zero_that_would_give_the_small_count_away():
    # T = a + b + c with a = 3, b = 0, c = 50. Hiding a and b would publish T - c = 53 - 50 = 3 = a + b: a is 3.
    values = {"T": 53, "a": 3, "b": 0, "c": 50}
    disclosed = suppress(values, [Line("T", ("a", "b", "c"))], threshold=10, base=5)
    assert disclosed.hidden == {"a", "c"}
    assert disclosed.status["b"] == SHOWN and disclosed.published["b"] == 0
    assert disclosed.published["T"] == 55


def test_a_small_total_hides_a_part_too_so_it_is_not_the_sum_of_published_parts():
    # T = 6 is below 10; its parts 6 and 0 would give it away, so the 6 is hidden as well (it is itself small).
    values = {"T": 6, "a": 6, "b": 0}
    disclosed = suppress(values, [Line("T", ("a", "b"))], threshold=10, base=5)
    assert disclosed.status == {"T": PRIMARY, "a": PRIMARY, "b": SHOWN}


def test_zero_counts_are_published_and_nothing_below_the_threshold_is():
    values = {("x", m): m for m in range(0, 25)}
    total = sum(values.values())
    values["total"] = total
    disclosed = suppress(values, [Line("total", tuple(key for key in values if key != "total"))], threshold=10, base=5)
    assert disclosed.published[("x", 0)] == 0
    published = [value for value in disclosed.published.values() if value is not None]
    assert all(value == 0 or value >= 10 for value in published)
    assert all(value % 5 == 0 for value in published)


def table_with_margins(grid: list[list[int]]) -> tuple[dict, list[Line]]:
    """Children x months with each child's total, the parent's months and the grand total (keys (row, column))."""
    values = {}
    months = range(len(grid[0]))
    for row, counts in enumerate(grid):
        for month in months:
            values[(row, month)] = counts[month]
        values[(row, "all")] = sum(counts)
    for month in [*months, "all"]:
        values[("parent", month)] = sum(values[(row, month)] for row in range(len(grid)))
    lines = [Line((row, "all"), tuple((row, month) for month in months)) for row in [*range(len(grid)), "parent"]]
    lines += [Line(("parent", month), tuple((row, month) for row in range(len(grid)))) for month in [*months, "all"]]
    return values, lines


def value_range(values: dict, hidden: set, lines: list[Line], cell) -> tuple[float, float]:
    """The least and greatest value ``cell`` can take, given the published cells, the lines and counts >= 0 (LP)."""
    order = sorted(hidden, key=repr)
    column = {key: position for position, key in enumerate(order)}
    rows, rhs = [], []
    for line in lines:
        row, constant = np.zeros(len(order)), 0.0
        for key, sign in [(line.total, 1.0), *((part, -1.0) for part in line.parts)]:
            if key in column:
                row[column[key]] += sign
            else:
                constant -= sign * values[key]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    objective = np.zeros(len(order))
    objective[column[cell]] = 1.0
    if not rows:
        return 0.0, math.inf
    low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
    return low.fun, (-high.fun if high.status == 0 else math.inf)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), min_size=2, max_size=4))
def test_no_hidden_count_can_be_pinned_down_by_any_arithmetic_on_what_is_published(grid):
    values, lines = table_with_margins(grid)
    disclosed = suppress(values, lines, threshold=10, base=5)
    published = [value for value in disclosed.published.values() if value is not None]
    assert all(value == 0 or value >= 10 for value in published)
    # Worked independently of suppress(): a linear programme finds the range each hidden cell could have,
    # from the exact (unrounded) published values, every line, and counts never below zero.
    for cell in disclosed.hidden:
        low, high = value_range(values, disclosed.hidden, lines, cell)
        assert high - low >= 1, (cell, low, high)


def test_the_range_checker_catches_a_count_hidden_alone():
    values, lines = two_by_two()
    assert value_range(values, {("A", 1)}, lines, ("A", 1)) == (4, 4)
    hidden = suppress(values, lines).hidden
    low, high = value_range(values, hidden, lines, ("A", 1))
    assert (low, high) == (0, 24)  # as worked out by hand above
