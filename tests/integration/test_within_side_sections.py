"""Within one CSP, every part of a page is about that CSP: the demo with the map limit set to 50 areas.

Its 387 LSOAs and 86 neighbourhoods are then too many for one map and its two CSPs are not, as the nation's 34,753
LSOAs and 7,201 neighbourhoods are against the default 1,000. The confidence chart and summary, the coverage gaps
and the case standards' summary follow the "Within" choice, not only the map and table; counts are made here from
the raw tables.
"""

from __future__ import annotations

import importlib
import re

import pytest

from tests.analysis_db import config_with
from tests.conftest import serving
from tests.dash_callbacks import PageCallbacks
from tests.page_trees import find, text_of

CALDERDALE = "E08000033"
THREE_YEARS = "2015-10..2018-09"
NEIGHBOURHOODS_IN = """
SELECT DISTINCT n.area_code, a.name
FROM area_lookup AS n
JOIN area_lookup AS c ON c.lsoa_code = n.lsoa_code AND c.level = 'csp'
JOIN areas AS a ON a.level = 'neighbourhood' AND a.code = n.area_code
WHERE n.level = 'neighbourhood' AND c.area_code = $csp
"""


@pytest.fixture
def small_maps(demo_app, demo_db):
    with serving(demo_app, demo_db, config_with({"dashboard": {"max_map_areas": 50}})):
        yield PageCallbacks(demo_app)


def neighbourhoods_in(con, csp: str) -> dict[str, str]:
    return dict(con.execute(NEIGHBOURHOODS_IN, {"csp": csp}).fetchall())


def test_the_confidence_chart_and_summary_are_of_the_chosen_csps_neighbourhoods(small_maps, demo_con):
    _, rows, chart, summary, _, _, problem = small_maps.call(
        "confidence-map", "neighbourhood", THREE_YEARS, f"csp:{CALDERDALE}", triggered_by="confidence-within"
    )
    inside = neighbourhoods_in(demo_con, CALDERDALE)
    assert problem is None and {row["area_name"] for row in rows} == set(inside.values())
    assert summary.startswith(f"{sum(row['share_shown'] != 'Suppressed' for row in rows)} of {len(inside)} ")
    assert "neighbourhood areas in Calderdale have enough responses" in summary
    drawn = {label for trace in chart["data"] for label in trace["y"][1]}
    published = {row["area_name"] for row in rows if row["share_shown"] != "Suppressed"}
    assert published and drawn == {"All responses", "Calderdale", *published}  # not Kirklees, nor its areas


def test_the_coverage_gaps_and_case_standards_are_of_the_chosen_csp(small_maps, demo_con):
    names = ("figure", "rows", "gaps", "standard_rows", "standards_summary", "banner", "notes")
    shown = dict(
        zip(
            names,
            small_maps.call(
                "coverage-map", "neighbourhood", [], "resourcing", f"csp:{CALDERDALE}", triggered_by="coverage-within"
            ),
            strict=True,
        )
    )
    inside = neighbourhoods_in(demo_con, CALDERDALE)
    outside = set(dict(demo_con.execute("SELECT code, name FROM areas WHERE level = 'neighbourhood'").fetchall()))
    outside -= set(inside)
    gap_words = " ".join(text_of(shown["gaps"], " ").split())
    listed = {name for name in re.findall(r"(Calderdale \d{3}|Kirklees \d{3})", gap_words)}
    assert listed and listed <= set(inside.values())  # only Calderdale's neighbourhoods are listed
    below = re.search(r"Below the minimum service: (\d+) of (\d+) areas", gap_words)
    assert below is not None and int(below[2]) == len(inside) and int(below[1]) <= len(inside)

    # The cases of the latest 12 months placed in Calderdale, counted from the raw table.
    (cases,) = demo_con.execute(
        """
        SELECT count(*)
        FROM asb_cases AS c JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = 'csp'
        WHERE l.area_code = $csp
          AND date_trunc('month', c.reported_at) > (SELECT date_trunc('month', max(reported_at)) FROM asb_cases)
              - INTERVAL 12 MONTH
        """,
        {"csp": CALDERDALE},
    ).fetchone()
    (every,) = demo_con.execute(
        "SELECT count(*) FROM asb_cases WHERE date_trunc('month', reported_at) > "
        "(SELECT date_trunc('month', max(reported_at)) FROM asb_cases) - INTERVAL 12 MONTH"
    ).fetchone()
    summary = " ".join(text_of(shown["standards_summary"], " ").split())
    assert summary.startswith("In Calderdale, ") and f": {cases:,} cases, of which" in summary
    assert 0 < cases < every


def test_the_hot_spots_within_list_leaves_out_a_level_too_large_for_one_map(small_maps):
    within = find(importlib.import_module("dashboard.pages.hotspots").layout(), "hotspots-within")
    # The whole area and the two CSPs; not the 86 neighbourhoods, more than one map draws.
    assert [option["value"] for option in within.options] == ["all", "csp:E08000033", "csp:E08000034"]


def test_a_csp_with_fewer_cases_than_the_small_number_rule_is_summarised_over_every_area(demo_app, demo_db):
    # With the partner threshold above Calderdale's cases, its own figures would show a count the table withholds.
    limits = {"dashboard": {"max_map_areas": 50}, "access": {"partner_threshold": 100_000}}
    with serving(demo_app, demo_db, config_with(limits)):
        answer = PageCallbacks(demo_app).call(
            "coverage-map", "neighbourhood", [], "resourcing", f"csp:{CALDERDALE}", triggered_by="coverage-within"
        )
    summary = " ".join(text_of(answer[4], " ").split())
    assert summary.startswith("Across every area, ") and "Calderdale" not in summary
