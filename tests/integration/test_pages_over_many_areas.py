"""Pages over more areas than one map draws: a six-LSOA database with the map limit set to four areas.

Six 1 km square LSOAs in a row, W1 W2 W3 E1 E2 E3 from west to east; the CSP "West" holds the first three and "East"
the last three. With ``max_map_areas = 4`` the six LSOAs are too many for one map and the two CSPs are not, as the
34,753 LSOAs and 7,201 neighbourhoods of England and Wales are against the default 1,000 and its 348 CSPs.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.analysis_db import EAST, WEST, config_with, six_lsoas
from tests.conftest import serving
from tests.dash_callbacks import NOT_UPDATED, PageCallbacks
from tests.page_trees import find, text_of

LIMITS = {"dashboard": {"max_map_areas": 4, "max_grid_cells": 60}}


@pytest.fixture(scope="module")
def six_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return six_lsoas(tmp_path_factory.mktemp("six") / "six.duckdb")


@pytest.fixture
def over_the_limit(demo_app, six_db):
    with serving(demo_app, six_db, config_with(LIMITS)):
        yield PageCallbacks(demo_app)


def features(figure: dict) -> list[str]:
    """The area codes of the outlines a map was sent (none for a blank map)."""
    return [feature["id"] for trace in figure["data"] for feature in (trace.get("geojson") or {}).get("features", [])]


def test_the_page_opens_on_the_csps_and_offers_the_lsoas_within_one_of_them(over_the_limit):
    page = importlib.import_module("dashboard.pages.overview")
    tree = page.layout()
    assert find(tree, "overview-level").value == "csp"  # 6 LSOAs > 4; the 2 CSPs fit
    within = find(tree, "overview-within")
    assert [option["value"] for option in within.options] == ["csp:East", "csp:West"]  # by name
    assert within.value is None

    figure, rows, _, problem = over_the_limit.call("overview-map", "csp", ["2018-07"], [], "count", None)
    assert sorted(features(figure)) == ["East", "West"] and problem is None
    assert {row["name"]: row["incidents"] for row in rows} == {"West": 1 + 2 + 3, "East": 4 + 5 + 6}


def test_a_level_with_more_areas_than_a_map_draws_sends_no_outlines_and_says_why(over_the_limit):
    figure, rows, _, problem = over_the_limit.call("overview-map", "lsoa", [], [], "count", None)
    assert features(figure) == [] and rows == []
    words = " ".join(text_of(problem, " ").split())
    assert "6 LSOAs in the loaded area are too many for one map" in words
    assert "draws at most 4 areas at once (the max_map_areas setting)" in words
    assert (
        "To see them, choose one Community Safety Partnership under “Within” to see its LSOAs or show Community "
        "Safety Partnerships (2)." in words
    )


def test_within_one_csp_the_map_sends_only_its_three_lsoas(over_the_limit):
    figure, rows, _, problem = over_the_limit.call(
        "overview-map", "lsoa", [], [], "count", "csp:East", triggered_by="overview-within"
    )
    assert problem is None and sorted(features(figure)) == sorted(EAST)
    assert {row["code"]: row["incidents"] for row in rows} == {"E1": 4, "E2": 5, "E3": 6}


def test_an_area_that_is_not_offered_is_refused(over_the_limit):
    figure, rows, _, problem = over_the_limit.call("overview-map", "lsoa", [], [], "count", "csp:North")
    assert features(figure) == [] and rows == []
    assert "is not a choice of area this page offers" in text_of(problem, " ")


def test_priorities_rank_only_the_areas_within_the_chosen_csp(over_the_limit):
    answer = over_the_limit.call("priorities-map", "lsoa", [], "5", "score", None)
    assert features(answer[0]) == [] and answer[1] == []
    assert "6 LSOAs in the loaded area are too many" in " ".join(text_of(answer[5], " ").split())

    answer = over_the_limit.call("priorities-map", "lsoa", [], "5", "score", "csp:West")
    assert sorted(features(answer[0])) == sorted(WEST)
    assert sorted(row["code"] for row in answer[1]) == sorted(WEST)
    assert sorted(row["rank"] for row in answer[1]) == [1, 2, 3]  # ranked among the three, not the six


def test_coverage_without_partner_data_shows_the_police_side_within_the_csp(over_the_limit):
    answer = over_the_limit.call("coverage-map", "lsoa", [], "resourcing", None)
    assert features(answer[0]) == [] and answer[1] == []
    answer = over_the_limit.call("coverage-map", "lsoa", [], "resourcing", "csp:West")
    assert sorted(features(answer[0])) == sorted(WEST) and len(answer[1]) == 3


def test_hot_spots_wait_for_an_area_when_the_whole_grid_is_too_big(over_the_limit):
    # 6 km² of 250 m cells is 96 cells, over the limit of 60; one CSP is 48.
    figure, rows, summary, _, problem = over_the_limit.call(
        "hotspots-map", ["2018-07"], [], "all", "1", [], [], triggered_by="hotspots-within"
    )
    assert rows == [] and summary is None and figure["data"][0]["type"] == "scattermap"
    words = " ".join(text_of(problem, " ").split())
    assert "Choose an area under “Within” to see its hot spots" in words
    assert "about 96 cells of 250 m" in words and "at most 60 cells at once" in words
    scores, hidden, verdict, _ = over_the_limit.call("hotspots-scores", ["2018-07"], [], "all", [])
    assert scores == [] and hidden is NOT_UPDATED
    assert text_of(verdict) == "The methods are judged once an area is chosen under “Within”."

    _, rows, summary, _, problem = over_the_limit.call("hotspots-map", ["2018-07"], [], "csp:East", "1", [], [])
    assert problem is None and "of 48 (" in summary  # the 4 x 12 cells of East's 3 km x 1 km
    assert sum(row["incidents"] for row in rows if row["flagged_as"].startswith("Plan")) >= 6


def test_the_profile_lists_lsoas_by_what_is_typed(over_the_limit):
    options, value = over_the_limit.call("profile-area", "lsoa", None)
    assert options == [] and value is None  # 6 LSOAs are too many to list (the limit is 4)
    options, value = over_the_limit.call("profile-area", "csp", None)
    assert [option["value"] for option in options] == ["East", "West"]
    assert typed(over_the_limit, "w", "lsoa", None) == list(WEST)
    assert typed(over_the_limit, "e2", "lsoa", "W1") == ["W1", "E2"]  # the chosen area stays listed
    assert typed(over_the_limit, "", "lsoa", "W1") == ["W1"]


def typed(callbacks: PageCallbacks, search: str, level: str, current: str | None) -> list[str]:
    """The areas the profile's list offers for what is typed (read from the answer: the callback's second output
    is a duplicate, which the helper's ``call`` does not name)."""
    response = callbacks.post("profile-area-searched", search, level, current)
    assert response.status_code == 200, response.text[:300]
    return [option["value"] for option in response.json["response"]["profile-area"]["options"]]
