"""Which level a page opens on, and what it offers to look within, from the number of areas of each level."""

from __future__ import annotations

from queries.areas import opening_level, within_level

NATIONAL = {"lsoa": 34_753, "neighbourhood": 7_201, "csp": 348}  # England and Wales, finest first
DEMO = {"lsoa": 387, "neighbourhood": 86, "csp": 2}  # Calderdale and Kirklees


def test_the_demo_opens_on_neighbourhoods_and_offers_nothing_to_look_within():
    assert opening_level(DEMO, 1000) == "neighbourhood"
    assert within_level(DEMO, 1000) is None


def test_the_nation_opens_on_its_csps_and_offers_the_finer_levels_within_one():
    assert opening_level(NATIONAL, 1000) == "csp"
    assert within_level(NATIONAL, 1000) == "csp"


def test_the_finest_level_that_fits_when_neighbourhoods_do_not():
    assert opening_level(NATIONAL, 7_201) == "neighbourhood"  # exactly at the limit still fits
    assert opening_level({"lsoa": 500, "ward": 40, "csp": 2}, 100) == "ward"  # no neighbourhoods: finest that fits
    assert opening_level({"lsoa": 500, "neighbourhood": 200}, 100) == "neighbourhood"  # none fits: the coarsest


def test_nothing_to_look_within_when_the_coarsest_level_is_one_area():
    assert within_level({"lsoa": 5_000, "csp": 1}, 1000) is None


def test_a_level_with_too_many_areas_to_list_is_not_offered_to_look_within():
    assert within_level({"lsoa": 5_000, "neighbourhood": 2_000, "csp": 1}, 1000) is None
    assert within_level({"lsoa": 5_000, "neighbourhood": 900, "csp": 1}, 1000) == "neighbourhood"
