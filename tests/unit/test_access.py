"""Which page a callback belongs to, from its output ids alone, and which role may open which page."""

from __future__ import annotations

from dashboard.access import ROUTING, callback_page, may_open

PAGES = ["overview", "hotspots", "hotspots_matrix", "coverage", "confidence"]


def test_a_callback_belongs_to_the_page_that_prefixes_all_of_its_outputs():
    assert callback_page("..coverage-map.figure...coverage-table.data..", PAGES) == "coverage"
    assert callback_page("overview-note.children", PAGES) == "overview"
    assert callback_page("..hotspots-matrix-map.figure...hotspots-matrix-table.data..", PAGES) == "hotspots_matrix"
    assert callback_page('{"index":1,"type":"confidence-row"}.children', PAGES) == "confidence"


def test_a_callback_with_no_page_or_two_pages_belongs_to_nobody():
    assert callback_page("mystery-note.children", PAGES) is None
    assert callback_page("..coverage-map.figure...confidence-table.data..", PAGES) is None
    assert callback_page("coverage.children", PAGES) is None  # the prefix is the page name and a hyphen
    assert callback_page('{"type":1}.children', PAGES) is None
    assert callback_page("{not json}.children", PAGES) is None


def test_dash_page_routing_is_recognised_by_its_output():
    assert callback_page(".._pages_content.children..._pages_store.data..", PAGES) == ROUTING


def test_a_role_opens_its_listed_pages_everything_with_a_star_and_an_unknown_role_nothing():
    roles = {"analyst": ["*"], "team": ["overview", "coverage"]}
    assert may_open(roles, "team", "coverage") and not may_open(roles, "team", "coverage-standards")
    assert may_open(roles, "analyst", "coverage-standards") and may_open(roles, "analyst", "a_page_added_later")
    assert not may_open(roles, "visitor", "overview")
