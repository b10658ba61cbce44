"""The priority neighbourhoods page through its HTTP callback: numbers worked out by hand on a four-LSOA database
(tests/analysis_db.py), and what the demo shows around them (labels, bars, what was left out)."""

from __future__ import annotations

import importlib
import re
import shutil
from pathlib import Path

import pytest

from queries.database import write_session
from tests.analysis_db import config_with, four_lsoas
from tests.conftest import serving
from tests.page_trees import find, text_of

PARTNER_TABLES = ("survey_responses", "asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")
PATCH = "__dash_patch_update"  # how a figure that only updates some values reaches the browser


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.priorities")


@pytest.fixture(scope="module")
def police_only_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo without partner data, labels or residents: what a CSP has on day one."""
    path = tmp_path_factory.mktemp("police-only") / "police.duckdb"
    shutil.copy(demo_db, path)
    with write_session(path) as con:
        for table in (*PARTNER_TABLES, "dataset_labels"):
            con.execute(f"DELETE FROM {table}")
        con.execute("UPDATE areas SET population = NULL")
    return path


def show(callbacks, *args, triggered_by=None):
    names = ("figure", "rows", "columns", "shading", "bars", "banner", "notes")
    answer = callbacks.call("priorities-map", *args, triggered_by=triggered_by)
    return dict(zip(names, answer, strict=True))


def test_the_table_and_map_show_scores_worked_out_by_hand(callbacks, demo_app, tmp_path):
    # tests/integration/test_analysis_small_db.py works these out: harm, trend and repeat locations, weighted 1 each
    # (no deprivation here): L1 (0 + .5 + 1) / 3, L2 (.5 + 0 + .25) / 3, L3 (1 + 1 + .25) / 3; L4 has no residents.
    weights = {"crime_rate": 0, "asb_rate": 0, "low_confidence": 0, "asb_standard_failures": 0, "deprivation": 0}
    components = {name: {"weight": weight} for name, weight in weights.items()}
    components.update(harm_rate={"weight": 1.0}, trend={"weight": 1.0}, repeat_locations={"weight": 1.0})
    config = config_with({"priorities": {"components": components, "top": 1, "perturbation": 0.0, "runs": 10}})
    with serving(demo_app, four_lsoas(tmp_path / "four.duckdb"), config):
        shown = show(callbacks, "lsoa", [], "5", "score")
    rows = shown["rows"]
    assert [row["code"] for row in rows] == ["L3", "L1", "L2", "L4"]
    assert [row["rank"] for row in rows] == [1, 2, 3, None]
    assert [row["score"] for row in rows[:3]] == pytest.approx([100 * 2.25 / 3, 100 * 1.5 / 3, 100 * 0.75 / 3])
    # L3's points: harm 100 * 1/3, trend 100 * 1/3, repeat locations 100 * .25/3; they add up to its score.
    l3 = rows[0]
    assert l3["contribution_harm_rate"] == pytest.approx(100 / 3) and l3["contribution_trend"] == pytest.approx(100 / 3)
    assert l3["contribution_repeat_locations"] == pytest.approx(25 / 3)
    # With no perturbation every run ranks the same three: the top 5 holds all of them every time.
    assert [row["top_share"] for row in rows] == [1.0, 1.0, 1.0, None]
    assert "In the top 5 (% of runs, weights ±0%)" in [column.get("headerTooltip") for column in shown["columns"]]
    trace = shown["figure"]["data"][0]
    assert trace["locations"] == ["L3", "L1", "L2", "L4"]
    assert trace["z"][:3] == pytest.approx([75.0, 50.0, 25.0])
    notes = text_of(shown["notes"], " ")
    assert "Left out: 1 incident(s) outside the loaded areas" in notes and "1 published with no location" in notes


def test_contributions_add_up_to_each_score_on_the_demo(callbacks):
    shown = show(callbacks, "neighbourhood", [], "10", "score")
    rows = shown["rows"]
    assert len(rows) == 86 and [row["rank"] for row in rows] == sorted(row["rank"] for row in rows)
    for row in rows:
        contributions = [value for key, value in row.items() if key.startswith("contribution_")]
        assert len(contributions) == 7
        assert sum(contributions) == pytest.approx(row["score"])
    names = [column["headerName"] for column in shown["columns"]]
    full_names = [column.get("headerTooltip") for column in shown["columns"]]
    assert "Crime (points)" in names and "Crime per 1,000 residents (smoothed) (points)" in full_names
    assert "In top 10 (% of runs)" in names and "In the top 10 (% of runs, weights ±20%)" in full_names
    assert not any("_" in name for name in names)
    assert len(shown["figure"]["data"][0]["geojson"]["features"]) == 86
    notes = text_of(shown["notes"], " ")
    # The result's notes, in words: no internal names, weights as "×", months as a reader writes them.
    assert "Crime per 1,000 residents (smoothed) ×1" in notes
    assert "Rank stability: share of 1,000 runs" in notes and "Jul 2016 against Jul 2018" in notes
    assert not re.search(r"\b[a-z]+_[a-z_0-9]+\b", notes), notes


def test_top_n_sets_the_stability_column_the_shading_and_the_bars(callbacks):
    shown = show(callbacks, "neighbourhood", [], "5", "score")
    assert "In top 5 (% of runs)" in [column["headerName"] for column in shown["columns"]]
    assert shown["shading"] == {"row-highlight": "params.data.rank != null && params.data.rank <= 5"}
    bars = [trace for trace in shown["bars"]["data"] if trace["type"] == "bar"]
    assert len(bars) == 7
    top = [row for row in shown["rows"] if row["rank"] <= 5]  # more than 5 rows if places tie
    for trace in bars:
        assert trace["y"] == [f"{row['rank']}. {row['name']}" for row in top]
    assert sum(trace["x"][0] for trace in bars) == pytest.approx(top[0]["score"], abs=0.5)  # segments are rounded
    assert all(0 <= row["top_share"] <= 1 for row in shown["rows"] if row["rank"] is not None)


def test_partner_components_are_flagged_as_illustrative_on_the_demo(callbacks):
    shown = show(callbacks, "neighbourhood", [], "10", "score")
    notices = [notice for notice in shown["banner"] if notice is not None]
    assert [notice["props"]["className"] for notice in notices] == ["illustrative"]
    words = text_of(notices[0])
    assert words.startswith("Illustrative data.")
    assert "“Low confidence” and “ASB case standards missed” are built on partner data labelled illustrative" in words
    hatched = {
        trace["name"]
        for trace in shown["bars"]["data"]
        if trace["type"] == "bar" and trace["marker"].get("pattern", {}).get("shape") == "/"
    }
    assert hatched == {"Low confidence ×0.5 (illustrative)", "ASB case standards missed ×0.5 (illustrative)"}


def test_changing_months_only_sends_numbers_for_the_months_chosen(callbacks):
    shown = show(callbacks, "neighbourhood", ["2018-07"], "10", "rank", triggered_by="priorities-months")
    assert PATCH in shown["figure"] and "geojson" not in str(shown["figure"])
    assert "trend skipped: it needs at least two months." in text_of(shown["notes"])
    assert "Rising (points)" not in [column["headerName"] for column in shown["columns"]]
    assert "and are left out of the score: Rising incidents." in text_of(shown["banner"])


def test_the_url_sets_the_choices_and_says_what_it_ignored(page):
    chosen = page.layout(level="lsoa", months="2018-07,2019-13,nonsense", top="20", measure="rank", colour="red")
    assert find(chosen, "priorities-level").value == "lsoa"
    assert find(chosen, "priorities-months").value == ["2018-07"]
    assert find(chosen, "priorities-top").value == "20"
    assert find(chosen, "priorities-measure").value == "rank"
    assert text_of(chosen).count("Part of this link was ignored: months=2019-13,nonsense (not a choice") == 1
    defaults = page.layout(level="county", top="7", measure="heat")
    assert find(defaults, "priorities-level").value == "neighbourhood"
    assert find(defaults, "priorities-months").value == []
    assert find(defaults, "priorities-top").value == "10"
    assert find(defaults, "priorities-measure").value == "score"
    assert "ignored: level=county; top=7; measure=heat (not a choice" in text_of(defaults)
    assert "ignored" not in text_of(page.layout(level="lsoa"))


@pytest.mark.parametrize(
    "values",
    [
        ("county", [], "10", "score"),
        ("neighbourhood", ["2099-01"], "10", "score"),
        ("neighbourhood", "2018-07", "10", "score"),
        ("neighbourhood", [], "7", "score"),
        ("neighbourhood", [], "10", {"x": 1}),
        (None, None, None, None),
    ],
)
def test_a_value_that_is_not_a_choice_is_answered_with_a_notice(callbacks, values):
    response = callbacks.post("priorities-map", *values)
    assert response.status_code == 200
    banner = response.json["response"]["priorities-banner"]["children"]
    assert banner["props"]["role"] == "alert" and "this page offers" in text_of(banner)


def test_without_partner_data_or_residents_the_page_ranks_on_what_is_left_and_says_so(
    callbacks, demo_app, police_only_db
):
    with serving(demo_app, police_only_db):
        shown = show(callbacks, "neighbourhood", [], "10", "score")
    ranked = [row for row in shown["rows"] if row["rank"] is not None]
    assert len(ranked) == 86  # harm, trend and repeat locations need no residents; the others are skipped
    left_out = shown["banner"][0]
    assert left_out["props"]["className"] == "notice partial" and shown["banner"][1] is None  # nothing illustrative
    assert text_of(left_out).startswith("6 of 7 components have no data here")
    notes = text_of(shown["notes"])
    assert (
        "Crime per 1,000 residents (smoothed) skipped: no neighbourhood area has a value (is the population loaded?)."
        in notes
    )
    assert "Low confidence skipped: No survey responses are loaded" in notes


def test_an_empty_database_gives_a_message_not_an_exception(page, callbacks, demo_app, empty_db):
    with serving(demo_app, empty_db):
        assert "No areas are loaded yet" in text_of(page.layout())
        shown = show(callbacks, "neighbourhood", [], "10", "score")
    assert shown["banner"]["props"]["className"] == "notice"
    assert "'neighbourhood' is not a level this page offers" in text_of(shown["banner"])
    assert shown["rows"] == []
