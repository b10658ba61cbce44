"""The coverage and standards page through its HTTP callback: a database worked out by hand
(tests/partner_analysis_db.py), the demo's documented figures (docs/analysis.md) and counts made here from the raw
cases."""

from __future__ import annotations

import importlib
import math
import re
import shutil
from pathlib import Path

import pytest

from queries.database import write_session
from tests.analysis_db import config_with
from tests.conftest import serving
from tests.page_trees import find, text_of
from tests.partner_analysis_db import build_partner_analysis_db

PATCH = "__dash_patch_update"  # how a figure that only updates some values reaches the browser
CALDERDALE_004, CALDERDALE_005 = "E02002247", "E02002248"


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.coverage")


def demo_without(demo_db: Path, folder: Path, tables: tuple[str, ...]) -> Path:
    """A copy of the demo with these partner tables emptied."""
    path = folder / "demo.duckdb"
    shutil.copy(demo_db, path)
    with write_session(path) as con:
        for table in tables:
            con.execute(f"DELETE FROM {table}")
    return path


def show(callbacks, *args, triggered_by=None):
    names = ("figure", "rows", "gaps", "standard_rows", "standards_summary", "banner", "notes")
    return dict(zip(names, callbacks.call("coverage-map", *args, triggered_by=triggered_by), strict=True))


def wilson(met: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The 95% Wilson interval, written out here rather than taken from the analysis."""
    p = met / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_the_table_and_gaps_on_a_database_worked_out_by_hand(callbacks, demo_app, tmp_path):
    # tests/partner_analysis_db.py: NPT1 covers N1 (1,000 residents) with 1 sergeant, 2 PCs and 3 PCSOs; N1 has 37
    # burglaries (37 harm-weighted incidents, as test_analysis_partner_small_db.py works out); N2 has no police team.
    config = config_with({"grid": {"cell_size_m": 500.0}, "coverage": {"priority_top": 2}})
    with serving(demo_app, build_partner_analysis_db(tmp_path / "partner.duckdb"), config):
        shown = show(callbacks, "neighbourhood", [], "resourcing")
    rows = {row["code"]: row for row in shown["rows"]}
    assert list(rows) == ["N1", "N2"]
    n1, n2 = rows["N1"], rows["N2"]
    assert (n1["officers_per_1000"], n1["pcsos_per_1000"], n1["resourcing"]) == (3.0, 3.0, 6.0)
    assert n1["officers_per_100_harm"] == pytest.approx(100 * 3 / 37)
    assert (n1["police_teams"], n1["meeting"], n1["minimum"], n1["checks_failed"]) == ("NPT1", "Yes", "Met", 0)
    assert (n2["police_teams"], n2["resourcing"], n2["checks_failed"]) == ("none", 0.0, 4)
    assert n2["minimum"] == "no police team; fewer than 1 PCSO (0.00); no council contact; no monthly community meeting"
    assert n1["contact_agencies"] == "Council; Housing" and n2["contact_agencies"] == "Housing"
    gaps = text_of(shown["gaps"], " ")
    assert "N2 : 1 Gi* hot cell(s) in LSOA(s) L2" in gaps
    trace = shown["figure"]["data"][0]
    # Fewer officers is the greater need: the map colours minus the value, so the lowest is darkest.
    assert {code: -z for code, z in zip(trace["locations"], trace["z"], strict=True)} == {"N1": 6.0, "N2": 0.0}
    # 25 + 9 x 9 = 106 burglaries, every one in the loaded areas: the notes say none was left out.
    assert "All 106 incidents matching the filters are in the loaded areas" in text_of(shown["notes"], " ")


def test_the_documented_demo_figures(callbacks):
    rows = {row["code"]: row for row in show(callbacks, "neighbourhood", [], "resourcing")["rows"]}
    # docs/analysis.md, "Coverage ... On the demo"
    assert len(rows) == 86
    assert sum(row["minimum"] == "Met" for row in rows.values()) == 43
    assert sum(row["meeting"] == "Yes" for row in rows.values()) == 67
    assert rows[CALDERDALE_004]["police_teams"] == "none"
    assert rows[CALDERDALE_004]["checks_failed"] == 4
    assert rows[CALDERDALE_005]["resourcing"] == pytest.approx(
        rows[CALDERDALE_005]["officers_per_1000"] + rows[CALDERDALE_005]["pcsos_per_1000"]
    )


def test_the_gaps_are_listed_in_plain_words(callbacks):
    gaps = show(callbacks, "neighbourhood", [], "resourcing")["gaps"]
    sections = {text_of(section["props"]["children"][0]): section for section in gaps[:3]}
    assert list(sections) == [
        "Priority areas with below-median police resourcing 4",
        "Hot spots in no police team's area 1",
        "No named partner contact 2",
    ]
    # E01010923 is named "Calderdale 004F" in the demo's boundary file: the page names it, not codes it.
    assert "Calderdale 004: 2 Gi* hot cell(s) in LSOA(s) Calderdale 004F" in text_of(
        sections["Hot spots in no police team's area 1"]
    )
    contacts = text_of(sections["No named partner contact 2"])
    assert "Kirklees 008" in contacts and "Kirklees 053" in contacts
    assert "(median 0.42)" in text_of(sections["Priority areas with below-median police resourcing 4"])
    assert text_of(gaps[3]).startswith("Below the minimum service: 43 of 86 areas")


def test_case_standards_show_counts_shares_and_intervals_matching_the_raw_cases(callbacks, demo_con):
    shown = show(callbacks, "neighbourhood", [], "cases")
    met, cases = demo_con.execute(
        "SELECT count(*) FILTER (WHERE c.responded_within_24h), count(*) FROM asb_cases AS c "
        "JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = 'neighbourhood' "
        "WHERE l.area_code = $code AND c.reported_at >= DATE '2017-08-01' AND c.reported_at < DATE '2018-08-01'",
        {"code": CALDERDALE_005},
    ).fetchone()
    row = next(row for row in shown["standard_rows"] if row["code"] == CALDERDALE_005)
    assert (met, cases) == (10, 14) and row["cases"] == cases
    low, high = wilson(10, 14)
    assert row["responded_within_24h"] == f"10 of 14: {10 / 14:.0%} ({low:.0%}–{high:.0%})"
    assert len(shown["standard_rows"]) == 86  # one row per area, never per case
    # docs/analysis.md, "ASB case standards ... On the demo": 430 cases, 74.0%, 87.9%, 86.7%, 44.4% failing
    summary = text_of(shown["standards_summary"])
    assert "430 cases" in summary
    assert all(part in summary for part in ("74% answered within 24 h", "88% named caseworker", "87% reviewed monthly"))
    assert "44% failed at least one" in summary
    trace = shown["figure"]["data"][0]
    z = dict(zip(trace["locations"], trace["z"], strict=True))
    assert z[CALDERDALE_005] == round(100 * row["failing_any"] / row["cases"])


def test_no_contact_details_or_case_records_reach_the_page(callbacks, demo_con):
    shown = show(callbacks, "neighbourhood", [], "resourcing")
    everything = str(shown["rows"]) + str(shown["standard_rows"]) + text_of(shown["gaps"]) + text_of(shown["notes"])
    everything += str(shown["figure"]["data"][0]["text"])
    emails, phones = zip(
        *demo_con.execute("SELECT work_email, coalesce(work_phone, '') FROM contacts").fetchall(), strict=True
    )
    assert "@" not in everything
    assert not re.search(r"\b0\d{3,4} ?\d{6}\b", everything)
    assert not any(phone and phone in everything for phone in phones) and len(emails) == 378
    case_ids = {case_id for (case_id,) in demo_con.execute("SELECT case_id FROM asb_cases").fetchall()}
    victims = {
        ref for (ref,) in demo_con.execute("SELECT victim_ref FROM asb_cases WHERE victim_ref IS NOT NULL").fetchall()
    }
    words = set(re.findall(r"[\w-]+", everything))
    assert not words & case_ids and not words & victims


def test_the_illustrative_label_is_shown_on_the_demo(callbacks):
    banner = show(callbacks, "neighbourhood", [], "resourcing")["banner"]
    notices = [notice for notice in banner if notice is not None]
    assert [notice["props"]["className"] for notice in notices] == ["illustrative"]
    assert text_of(notices[0]).startswith("Illustrative data. The teams, staff, named contacts, meetings and ASB cases")


def test_a_new_measure_or_months_only_sends_numbers(callbacks):
    full = show(callbacks, "csp", [], "checks", triggered_by="coverage-level")["figure"]
    assert len(full["data"][0]["geojson"]["features"]) == 2
    patch = show(callbacks, "csp", ["2018-07"], "checks", triggered_by="coverage-months")["figure"]
    assert PATCH in patch and "geojson" not in str(patch)
    patch = show(callbacks, "neighbourhood", [], "checks", triggered_by="coverage-measure")["figure"]
    assert PATCH in patch and "checks failed" in str(patch)


def test_months_choose_the_police_data_behind_the_per_harm_ratios(callbacks):
    july = show(callbacks, "neighbourhood", ["2018-07"], "resourcing", triggered_by="coverage-months")["rows"]
    every = show(callbacks, "neighbourhood", [], "resourcing", triggered_by="coverage-months")["rows"]
    # Staff stay the same whatever the months; one month's harm is smaller, so there are more staff per 100.
    assert [row["officers_per_1000"] for row in july] == [row["officers_per_1000"] for row in every]
    pairs = [(a["officers_per_100_harm"], b["officers_per_100_harm"]) for a, b in zip(july, every, strict=True)]
    assert all(one > all_months for one, all_months in pairs if one and all_months)


@pytest.mark.parametrize(
    "values", [("ward", [], "checks"), ("csp", ["2099-01"], "checks"), ("csp", [], "heat"), (None, 3, None)]
)
def test_a_value_that_is_not_a_choice_gives_a_notice_not_an_exception(callbacks, values):
    response = callbacks.post("coverage-map", *values)
    assert response.status_code == 200
    answer = response.json["response"]
    assert answer["coverage-table"]["rowData"] == []
    assert "this page offers" in text_of(answer["coverage-banner"]["children"])


def test_the_url_sets_the_choices_and_says_what_it_ignored(page):
    chosen = page.layout(level="lsoa", months="2016-07,bogus", measure="cases", top="3")
    assert find(chosen, "coverage-level").value == "lsoa"
    assert find(chosen, "coverage-months").value == ["2016-07"]
    assert find(chosen, "coverage-measure").value == "cases"
    defaults = page.layout(level="county", measure="heat")
    assert find(defaults, "coverage-level").value == "neighbourhood"
    assert find(defaults, "coverage-months").value == []
    assert find(defaults, "coverage-measure").value == "resourcing"
    assert "ignored: level=county; measure=heat" in text_of(defaults)


def test_without_asb_cases_the_coverage_is_shown_and_the_page_says_what_is_missing(
    callbacks, demo_app, demo_db, tmp_path
):
    with serving(demo_app, demo_without(demo_db, tmp_path, ("asb_cases",))):
        shown = show(callbacks, "neighbourhood", [], "cases")
    assert len(shown["rows"]) == 86 and shown["standard_rows"] == []
    assert all(row["cases"] is None for row in shown["rows"])
    assert text_of(shown["standards_summary"]) == (
        "Not shown: No ASB cases are loaded; load them with `cspmap ingest asb-cases FILE`."
    )


def test_without_partner_data_the_page_says_what_to_load(callbacks, demo_app, demo_db, tmp_path):
    partner = ("asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")
    with serving(demo_app, demo_without(demo_db, tmp_path, partner)):
        shown = show(callbacks, "neighbourhood", [], "resourcing")
    assert shown["gaps"] is None and shown["standard_rows"] == []
    message = text_of(shown["banner"])
    assert "cspmap ingest teams FILE" in message and "cspmap ingest asb-cases FILE" in message
    assert "the police.uk side only: incidents per 1,000 residents" in message


def test_without_partner_data_the_map_and_table_show_police_demand_not_nothing(
    callbacks, demo_app, demo_db, demo_con, tmp_path
):
    partner = ("asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")
    with serving(demo_app, demo_without(demo_db, tmp_path, partner)):
        shown = show(callbacks, "neighbourhood", [], "resourcing")
    # Incidents per 1,000 residents worked out here from the raw incidents placed in each LSOA.
    expected = dict(
        demo_con.execute(
            "SELECT a.code, 1000.0 * count(i.id) / a.population FROM areas AS a "
            "JOIN area_lookup AS l ON l.level = 'neighbourhood' AND l.area_code = a.code "
            "LEFT JOIN incidents AS i ON i.area_code = l.lsoa_code "
            "WHERE a.level = 'neighbourhood' GROUP BY a.code, a.population"
        ).fetchall()
    )
    rows = {row["code"]: row for row in shown["rows"]}
    assert len(rows) == len(expected) == 86
    assert {code: row["per_1000"] for code, row in rows.items()} == pytest.approx(expected)
    assert all(row["name"] for row in rows.values())
    trace = shown["figure"]["data"][0]
    assert len(trace["locations"]) == 86 and "Incidents per 1,000" in trace["colorbar"]["title"]["text"]
