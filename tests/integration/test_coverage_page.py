"""The coverage and standards page's layout and callback called directly, checked against coverage_gaps,
case_standards, the demo's documented figures (docs/analysis.md) and counts made here from the raw cases."""

from __future__ import annotations

import importlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from dash import Patch

from dashboard.data import data_access
from queries.analysis.coverage_gaps import coverage_gaps
from queries.analysis.selection import Selection
from queries.analysis.standards import case_standards
from queries.config import load_config
from queries.database import write_session
from tests.conftest import run_callback, serving
from tests.page_trees import find, text_of

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


def show(page, *args, triggered_by=None):
    names = ("figure", "rows", "gaps", "standard_rows", "standards_summary", "banner", "notes")
    return dict(zip(names, run_callback(page.show_coverage, *args, triggered_by=triggered_by), strict=True))


def test_the_table_shows_the_coverage_result_and_the_documented_demo_figures(page):
    shown = show(page, "neighbourhood", [], "resourcing")
    coverage = data_access().call(coverage_gaps, level="neighbourhood", selection=Selection(), config=load_config())
    expected = coverage.table.set_index("area_code")
    rows = {row["code"]: row for row in shown["rows"]}
    assert list(rows) == expected.index.tolist()
    for column in ("officers_per_1000", "pcsos_per_1000", "officers_per_100_harm", "pcsos_per_100_harm"):
        assert [rows[code][column] for code in expected.index] == pytest.approx(expected[column].tolist(), nan_ok=True)
    # docs/analysis.md, "Coverage ... On the demo"
    assert sum(row["minimum"] == "Met" for row in rows.values()) == 43
    assert sum(row["meeting"] == "Yes" for row in rows.values()) == 67
    assert rows[CALDERDALE_004]["police_teams"] == "none"
    assert rows[CALDERDALE_004]["checks_failed"] == 4
    assert rows[CALDERDALE_004]["minimum"] == expected.loc[CALDERDALE_004, "lacks"]
    assert rows[CALDERDALE_005]["resourcing"] == pytest.approx(
        expected.loc[CALDERDALE_005, "officers_per_1000"] + expected.loc[CALDERDALE_005, "pcsos_per_1000"]
    )


def test_the_gaps_are_listed_in_plain_words(page):
    gaps = show(page, "neighbourhood", [], "resourcing")["gaps"]
    sections = {text_of(section.children[0]): section for section in gaps[:3]}
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


def test_case_standards_show_counts_shares_and_intervals_matching_the_raw_cases(page, demo_con):
    shown = show(page, "neighbourhood", [], "cases")
    standards = data_access().call(case_standards, level="neighbourhood", config=load_config())
    met, cases = demo_con.execute(
        "SELECT count(*) FILTER (WHERE c.responded_within_24h), count(*) FROM asb_cases AS c "
        "JOIN area_lookup AS l ON l.lsoa_code = c.lsoa_code AND l.level = 'neighbourhood' "
        "WHERE l.area_code = $code AND c.reported_at >= DATE '2017-08-01' AND c.reported_at < DATE '2018-08-01'",
        {"code": CALDERDALE_005},
    ).fetchone()
    row = next(row for row in shown["standard_rows"] if row["code"] == CALDERDALE_005)
    assert (met, cases) == (10, 14) and row["cases"] == cases
    expected = standards.table.set_index("area_code").loc[CALDERDALE_005]
    low, high = expected["responded_within_24h_low"], expected["responded_within_24h_high"]
    assert row["responded_within_24h"] == f"10 of 14: {10 / 14:.0%} ({low:.0%}–{high:.0%})"
    assert len(shown["standard_rows"]) == 86  # one row per area, never per case
    # docs/analysis.md, "ASB case standards ... On the demo": 430 cases, 74.0%, 87.9%, 86.7%, 44.4% failing
    summary = text_of(shown["standards_summary"])
    assert "430 cases" in summary
    assert all(part in summary for part in ("74% answered within 24 h", "88% named caseworker", "87% reviewed monthly"))
    assert "44% failed at least one" in summary
    trace = shown["figure"].data[0]
    z = dict(zip(trace.locations, trace.z, strict=True))
    assert z[CALDERDALE_005] == round(100 * expected["failing_share"])


def test_no_contact_details_or_case_records_reach_the_page(page, demo_con):
    shown = show(page, "neighbourhood", [], "resourcing")
    everything = str(shown["rows"]) + str(shown["standard_rows"]) + text_of(shown["gaps"]) + text_of(shown["notes"])
    everything += str(shown["figure"].data[0].text)
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


def test_the_illustrative_label_is_shown_on_the_demo(page):
    banner = show(page, "neighbourhood", [], "resourcing")["banner"]
    notices = [notice for notice in banner if notice is not None]
    assert [notice.className for notice in notices] == ["illustrative"]
    assert text_of(notices[0]).startswith("Illustrative data. The teams, staff, named contacts, meetings and ASB cases")


def test_a_new_measure_or_months_only_sends_numbers(page):
    full = show(page, "csp", [], "checks", triggered_by="coverage-level")["figure"]
    assert len(full.data[0].geojson["features"]) == 2
    patch = show(page, "csp", ["2018-07"], "checks", triggered_by="coverage-months")["figure"]
    assert isinstance(patch, Patch) and "geojson" not in str(patch.to_plotly_json())
    patch = show(page, "neighbourhood", [], "checks", triggered_by="coverage-measure")["figure"]
    assert isinstance(patch, Patch)
    assert "checks failed" in str(patch.to_plotly_json())


def test_months_choose_the_police_data_behind_the_per_harm_ratios(page):
    shown = show(page, "neighbourhood", ["2018-07"], "resourcing", triggered_by="coverage-months")
    july = Selection(months=(date(2018, 7, 1),))
    expected = data_access().call(coverage_gaps, level="neighbourhood", selection=july, config=load_config()).table
    shown_ratios = [row["officers_per_100_harm"] for row in shown["rows"]]
    assert shown_ratios == pytest.approx(expected["officers_per_100_harm"].tolist(), nan_ok=True)
    everything = data_access().call(coverage_gaps, level="neighbourhood", selection=Selection(), config=load_config())
    assert shown_ratios != pytest.approx(everything.table["officers_per_100_harm"].tolist(), nan_ok=True)


def test_the_url_sets_the_choices_and_unknown_values_are_ignored(page):
    chosen = page.layout(level="lsoa", months="2016-07,bogus", measure="cases", top="3")
    assert find(chosen, "coverage-level").value == "lsoa"
    assert find(chosen, "coverage-months").value == ["2016-07"]
    assert find(chosen, "coverage-measure").value == "cases"
    defaults = page.layout(level="county", measure="heat")
    assert find(defaults, "coverage-level").value == "neighbourhood"
    assert find(defaults, "coverage-months").value == []
    assert find(defaults, "coverage-measure").value == "resourcing"


def test_without_asb_cases_the_coverage_is_shown_and_the_page_says_what_is_missing(page, demo_db, tmp_path):
    with serving(demo_without(demo_db, tmp_path, ("asb_cases",))):
        shown = show(page, "neighbourhood", [], "cases")
    assert len(shown["rows"]) == 86 and shown["standard_rows"] == []
    assert all(row["cases"] is None for row in shown["rows"])
    assert text_of(shown["standards_summary"]) == (
        "Not shown: No ASB cases are loaded; load them with `cspmap ingest asb-cases FILE`."
    )


def test_without_partner_data_the_page_says_what_to_load(page, demo_db, tmp_path):
    partner = ("asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")
    with serving(demo_without(demo_db, tmp_path, partner)):
        shown = show(page, "neighbourhood", [], "resourcing")
    assert shown["gaps"] is None and shown["standard_rows"] == []
    message = text_of(shown["banner"])
    assert "cspmap ingest teams FILE" in message and "cspmap ingest asb-cases FILE" in message
    assert "the police.uk side only: incidents per 1,000 residents" in message


def test_without_partner_data_the_map_and_table_show_police_demand_not_nothing(page, demo_db, demo_con, tmp_path):
    partner = ("asb_cases", "team_meetings", "team_staff", "team_areas", "teams", "contacts")
    with serving(demo_without(demo_db, tmp_path, partner)):
        shown = show(page, "neighbourhood", [], "resourcing")
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
    trace = shown["figure"].data[0]
    assert len(trace.locations) == 86 and "Incidents per 1,000" in trace.colorbar.title.text
