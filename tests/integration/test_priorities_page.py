"""The priority neighbourhoods page's layout and callback called directly, checked against priority_index.

The page is compared with priority_index's result for the same arguments as the app's DataAccess hands it out:
repeats_by_area.sql breaks ties in mode() arbitrarily, so two separate runs on the demo can differ by a repeat
location in two neighbourhoods (Kirklees 038 and 039), and with them a few scores.
"""

from __future__ import annotations

import importlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from dash import Patch, html

from dashboard.data import data_access
from queries.analysis.priorities import priority_index
from queries.analysis.selection import Selection
from queries.config import load_config
from queries.database import write_session
from tests.conftest import run_callback, serving
from tests.page_trees import find, text_of

PARTNER_TABLES = ("survey_responses", "asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")


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


def priorities(level: str, months: tuple[date, ...] | None = None, top: int = 10):
    """priority_index's result for these arguments, as the page's app gets it."""
    return data_access().call(
        priority_index, level=level, selection=Selection(months=months), config=load_config(), top=top
    )


def show(page, *args, triggered_by=None):
    names = ("figure", "rows", "columns", "shading", "bars", "banner", "notes")
    return dict(zip(names, run_callback(page.show_priorities, *args, triggered_by=triggered_by), strict=True))


def test_the_map_and_table_show_the_index_in_rank_order_with_contributions_adding_up_to_the_score(page):
    shown = show(page, "neighbourhood", [], "10", "score")
    result = priorities("neighbourhood")
    expected, rows = result.table, shown["rows"]
    assert [row["code"] for row in rows] == expected["area_code"].tolist()
    assert len(rows) == 86
    ranks = [row["rank"] for row in rows]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    assert [row["score"] for row in rows] == pytest.approx(expected["score"].tolist())
    assert [row["top_share"] for row in rows] == expected["top10_share"].tolist()
    for row in rows:
        contributions = [value for key, value in row.items() if key.startswith("contribution_")]
        assert len(contributions) == 7
        assert sum(contributions) == pytest.approx(row["score"])
    names = [column["headerName"] for column in shown["columns"]]
    full_names = [column.get("headerTooltip") for column in shown["columns"]]
    assert "Crime (points)" in names and "Crime per 1,000 residents (smoothed) (points)" in full_names
    assert "In top 10 (% of runs)" in names and "In the top 10 (% of runs, weights ±20%)" in full_names
    assert not any("_" in name for name in names)
    trace = shown["figure"].data[0]
    assert len(trace.geojson["features"]) == 86
    assert list(trace.locations) == expected["area_code"].tolist()
    assert list(trace.z) == pytest.approx(expected["score"].round(1).tolist())
    notes = text_of(shown["notes"], " ")
    # The result's notes, in words: no internal names, weights as "×", months as a reader writes them.
    assert "top10_share" in " ".join(result.notes) and "top10_share" not in notes
    assert "crime_rate x1" in " ".join(result.notes) and "Crime per 1,000 residents (smoothed) ×1" in notes
    assert "share of runs in the top 10" in notes and "Jul 2016 against Jul 2018" in notes
    assert not re.search(r"\b[a-z]+_[a-z_0-9]+\b", notes), notes


def test_top_n_sets_the_stability_column_the_shading_and_the_bars(page):
    shown = show(page, "neighbourhood", [], "5", "score")
    expected = priorities("neighbourhood", top=5).table
    assert [row["top_share"] for row in shown["rows"]] == expected["top5_share"].tolist()
    assert "In top 5 (% of runs)" in [column["headerName"] for column in shown["columns"]]
    assert shown["shading"] == {"row-highlight": "params.data.rank != null && params.data.rank <= 5"}
    bars = [trace for trace in shown["bars"].data if trace.type == "bar"]
    assert len(bars) == 7
    top = expected[expected["rank"] <= 5]  # the CLI's top N: more than N rows if places tie
    for trace in bars:
        assert list(trace.y) == [f"{rank}. {name}" for rank, name in zip(top["rank"], top["area_name"], strict=True)]
    assert sum(trace.x[0] for trace in bars) == pytest.approx(top["score"].iloc[0], abs=0.5)  # segments are rounded


def test_partner_components_are_flagged_as_illustrative_on_the_demo(page):
    shown = show(page, "neighbourhood", [], "10", "score")
    notices = [notice for notice in shown["banner"] if notice is not None]
    assert [notice.className for notice in notices] == ["illustrative"]
    words = text_of(notices[0])
    assert words.startswith("Illustrative data.")
    assert "“Low confidence” and “ASB case standards missed” are built on partner data labelled illustrative" in words
    hatched = {trace.name for trace in shown["bars"].data if trace.type == "bar" and trace.marker.pattern.shape == "/"}
    assert hatched == {"Low confidence ×0.5 (illustrative)", "ASB case standards missed ×0.5 (illustrative)"}


def test_changing_months_only_sends_numbers_for_the_months_chosen(page):
    shown = show(page, "neighbourhood", ["2018-07"], "10", "rank", triggered_by="priorities-months")
    assert isinstance(shown["figure"], Patch)
    assert "geojson" not in str(shown["figure"].to_plotly_json())
    expected = priorities("neighbourhood", months=(date(2018, 7, 1),)).table
    assert [row["score"] for row in shown["rows"]] == pytest.approx(expected["score"].tolist())
    assert "trend skipped: it needs at least two months." in text_of(shown["notes"])
    assert "Rising (points)" not in [column["headerName"] for column in shown["columns"]]
    assert "and are left out of the score: Rising incidents." in text_of(shown["banner"])


def test_the_url_sets_the_choices_and_unknown_values_are_ignored(page):
    chosen = page.layout(level="lsoa", months="2018-07,2019-13,nonsense", top="20", measure="rank", colour="red")
    assert find(chosen, "priorities-level").value == "lsoa"
    assert find(chosen, "priorities-months").value == ["2018-07"]
    assert find(chosen, "priorities-top").value == "20"
    assert find(chosen, "priorities-measure").value == "rank"
    defaults = page.layout(level="county", top="7", measure="heat")
    assert find(defaults, "priorities-level").value == "neighbourhood"
    assert find(defaults, "priorities-months").value == []
    assert find(defaults, "priorities-top").value == "10"
    assert find(defaults, "priorities-measure").value == "score"


def test_without_partner_data_or_residents_the_page_ranks_on_what_is_left_and_says_so(page, police_only_db):
    with serving(police_only_db):
        shown = show(page, "neighbourhood", [], "10", "score")
        expected = priorities("neighbourhood").table
    assert [row["score"] for row in shown["rows"]] == pytest.approx(expected["score"].tolist())
    left_out = shown["banner"][0]
    assert left_out.className == "notice partial" and shown["banner"][1] is None  # nothing illustrative
    assert text_of(left_out).startswith("6 of 7 components have no data here")
    notes = text_of(shown["notes"])
    assert (
        "Crime per 1,000 residents (smoothed) skipped: no neighbourhood area has a value (is the population loaded?)."
        in notes
    )
    assert "Low confidence skipped: No survey responses are loaded" in notes


def test_an_empty_database_gives_a_message_not_an_exception(page, empty_db):
    with serving(empty_db):
        assert "No areas are loaded yet" in text_of(page.layout())
        shown = show(page, "neighbourhood", [], "10", "score")
    assert isinstance(shown["banner"], html.Div) and shown["banner"].className == "notice"
    assert "There are no incidents in the loaded areas" in text_of(shown["banner"])
    assert shown["rows"] == []
