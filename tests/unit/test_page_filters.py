"""The filter adapter every page uses: a shared link read against what is loaded, and callback values checked."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.components.filters import FilterProblem, LinkReader, choice, choices, selection_from
from queries.analysis.selection import Selection
from queries.incidents import FilterOptions
from tests.page_trees import text_of

OPTIONS = FilterOptions(
    levels=("lsoa", "csp"),
    months=(date(2018, 7, 1), date(2017, 7, 1)),
    categories=(("Burglary", 10), ("Anti-social behaviour", 30)),
)


def test_a_link_keeps_its_choices_and_names_what_it_ignored():
    link = LinkReader()
    assert link.one("level", "csp", OPTIONS.levels, "lsoa") == "csp"
    assert link.one("level", "ward", OPTIONS.levels, "lsoa") == "lsoa"
    assert link.one("measure", None, ["count"], "count") == "count"  # no value: the default, nothing to say
    assert link.many("months", "2018-07,1999-01,,2017-07", ["2017-07", "2018-07"]) == ["2018-07", "2017-07"]
    assert link.ignored == ["level=ward", "months=1999-01"]
    assert text_of(link.notice()) == (
        "Part of this link was ignored: level=ward; months=1999-01 (not a choice in the data loaded here). "
        "The page shows the rest."
    )
    assert LinkReader().notice() is None


@pytest.mark.parametrize("value", ["ward", None, 3, ["lsoa"], {"level": "lsoa"}, "x" * 10_000])
def test_a_callback_value_that_is_not_a_choice_is_a_filter_problem(value):
    with pytest.raises(FilterProblem, match="is not a level this page offers"):
        choice("level", value, OPTIONS.levels)


def test_choices_take_a_list_of_choices_or_nothing():
    assert choices("month", None, ["2018-07"]) == [] and choices("month", [], ["2018-07"]) == []
    assert choices("month", ["2018-07"], ["2018-07"]) == ["2018-07"]
    for bad in ("2018-07", ["2018-07", 7], [["2018-07"]]):
        with pytest.raises(FilterProblem):
            choices("month", bad, ["2018-07"])


def test_the_controls_values_become_a_selection_of_loaded_months_categories_and_an_offered_area():
    assert selection_from(OPTIONS) == Selection()
    chosen = selection_from(OPTIONS, ["2018-07", "2017-07"], ["Burglary"], "csp:E08000033", ["csp:E08000033"])
    assert chosen == Selection(
        months=(date(2017, 7, 1), date(2018, 7, 1)), categories=("Burglary",), within=("csp", "E08000033")
    )
    assert selection_from(OPTIONS, within="all").within is None
    with pytest.raises(FilterProblem, match="'2030-01' is not a month"):
        selection_from(OPTIONS, ["2030-01"])
    with pytest.raises(FilterProblem, match="'Piracy' is not a crime type"):
        selection_from(OPTIONS, categories=["Piracy"])
    with pytest.raises(FilterProblem, match="'csp:NOPE' is not a choice of area"):
        selection_from(OPTIONS, within="csp:NOPE", within_allowed=["csp:E08000033"])
