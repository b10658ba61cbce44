"""The overview page through its HTTP callback and its layout, checked against the raw police.uk rows."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest

from tests.page_trees import find, text_of
from tests.sample_rows import loaded_lsoa_codes, raw_rows


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.overview")


def test_a_new_level_redraws_outlines_and_a_new_filter_only_sends_numbers(callbacks):
    figure, rows, note, problem = callbacks.call(
        "overview-map", "csp", ["2018-07"], ["Burglary"], "count", triggered_by="overview-level"
    )
    assert len(figure["data"][0]["geojson"]["features"]) == 2 and problem is None
    july_burglaries = [row for row in raw_rows() if row["Month"] == "2018-07" and row["Crime type"] == "Burglary"]
    expected = sum(1 for row in july_burglaries if row["LSOA code"] in loaded_lsoa_codes())
    assert sum(row["incidents"] for row in rows) == expected
    assert note.startswith(f"{expected:,} incidents are in the loaded areas")
    unlocated = sum(1 for row in july_burglaries if not row["LSOA code"] and not row["Longitude"])
    assert f"and {unlocated:,} published with no location." in note

    patch, _, _, _ = callbacks.call(
        "overview-map", "csp", ["2018-07"], ["Drugs"], "count", triggered_by="overview-categories"
    )
    assert "__dash_patch_update" in patch and "geojson" not in str(patch)


def test_rates_per_thousand_residents_use_the_census_population(callbacks):
    _, rows, _, _ = callbacks.call("overview-map", "lsoa", [], [], "rate")
    counted = Counter(row["LSOA code"] for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes())
    e01010911 = next(row for row in rows if row["code"] == "E01010911")
    assert e01010911["incidents"] == counted["E01010911"]
    assert e01010911["per_1000"] == 1000 * counted["E01010911"] / e01010911["population"]


def test_links_made_with_the_old_keys_month_and_category_still_work(page):
    old = page.layout(level="lsoa", month="2018-07,2017-07", category="Burglary")
    new = page.layout(level="lsoa", months="2018-07,2017-07", categories="Burglary")
    for layout in (old, new):
        assert find(layout, "overview-months").value == ["2018-07", "2017-07"]
        assert find(layout, "overview-categories").value == ["Burglary"]
        assert "ignored" not in text_of(layout)


def test_a_stale_link_says_what_it_ignored_instead_of_falling_back_silently(page):
    layout = page.layout(level="ward", months="2018-07,2030-01", categories="Burglary,Piracy", measure="heat")
    assert find(layout, "overview-level").value == "neighbourhood"
    assert find(layout, "overview-months").value == ["2018-07"]
    assert find(layout, "overview-categories").value == ["Burglary"]
    assert find(layout, "overview-measure").value == "count"
    assert (
        "Part of this link was ignored: level=ward; months=2030-01; categories=Piracy; measure=heat "
        "(not a choice in the data loaded here)."
    ) in text_of(layout)


@pytest.mark.parametrize(
    "values",
    [
        ("ward", [], [], "count"),
        ("lsoa", ["2030-01"], [], "count"),
        ("lsoa", [], ["Piracy'; DROP TABLE incidents; --"], "count"),
        ("lsoa", "2018-07", [], "count"),
        ("lsoa", [7], [], "count"),
        ("lsoa", [], [], "heat"),
        (None, None, None, None),
    ],
)
def test_a_value_that_is_not_a_choice_is_answered_with_a_notice_not_a_500(callbacks, values):
    response = callbacks.post("overview-map", *values)
    assert response.status_code == 200
    answer = response.json["response"]
    assert answer["overview-table"]["rowData"] == []
    problem = answer["overview-problem"]["children"]
    assert problem["props"]["role"] == "alert" and "this page offers" in text_of(problem)


def test_the_rate_view_sorts_by_rate_and_shows_each_rate_with_its_exact_interval(callbacks):
    from scipy import stats

    _, by_count, _, _ = callbacks.call("overview-map", "neighbourhood", [], [], "count")
    _, by_rate, _, _ = callbacks.call("overview-map", "neighbourhood", [], [], "rate", triggered_by="overview-measure")
    counts = [row["incidents"] for row in by_count]
    rates = [row["per_1000"] for row in by_rate]
    assert counts == sorted(counts, reverse=True) and rates == sorted(rates, reverse=True)
    assert [row["code"] for row in by_count] != [row["code"] for row in by_rate]
    for row in by_rate[:5]:
        # Garwood's exact interval written with the gamma distribution (the page uses chi-squared).
        k, residents = row["incidents"], row["population"]
        low = stats.gamma.ppf(0.025, k) * 1000 / residents
        high = stats.gamma.ppf(0.975, k + 1) * 1000 / residents
        assert row["per_1000_interval"] == f"{low:,.1f}–{high:,.1f}"
