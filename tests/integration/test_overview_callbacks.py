"""The overview page's callback called directly, as the vizro anchor tests callbacks."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest
from dash import Patch

from tests.conftest import run_callback
from tests.sample_rows import loaded_lsoa_codes, raw_rows


@pytest.fixture
def show_areas(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.overview").show_areas


def test_a_new_level_redraws_outlines_and_a_new_filter_only_sends_numbers(show_areas):
    figure, rows, note = run_callback(
        show_areas, "csp", ["2018-07"], ["Burglary"], "count", triggered_by="overview-level"
    )
    assert len(figure.data[0].geojson["features"]) == 2
    expected = sum(
        1
        for row in raw_rows()
        if row["Month"] == "2018-07" and row["Crime type"] == "Burglary" and row["LSOA code"] in loaded_lsoa_codes()
    )
    assert sum(row["incidents"] for row in rows) == expected
    assert note.startswith(f"{expected:,} incidents are in the loaded areas")

    patch, _, _ = run_callback(show_areas, "csp", ["2018-07"], ["Drugs"], "count", triggered_by="overview-categories")
    assert isinstance(patch, Patch)


def test_rates_per_thousand_residents_use_the_census_population(show_areas):
    _, rows, _ = run_callback(show_areas, "lsoa", [], [], "rate")
    counted = Counter(row["LSOA code"] for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes())
    e01010911 = next(row for row in rows if row["code"] == "E01010911")
    assert e01010911["incidents"] == counted["E01010911"]
    assert e01010911["per_1000"] == 1000 * counted["E01010911"] / e01010911["population"]


def test_the_rate_view_sorts_by_rate_and_shows_each_rate_with_its_exact_interval(show_areas):
    from scipy import stats

    _, by_count, _ = run_callback(show_areas, "neighbourhood", [], [], "count")
    _, by_rate, _ = run_callback(show_areas, "neighbourhood", [], [], "rate", triggered_by="overview-measure")
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
