"""The partner-data analyses on a small database built row by row (tests/partner_analysis_db.py), by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from queries.analysis.case_matrix import asb_case_matrix
from queries.analysis.confidence import survey_shares
from queries.analysis.coverage_gaps import coverage_gaps
from queries.analysis.priorities import priority_index
from queries.analysis.selection import Selection
from queries.analysis.standards import case_standards
from queries.analysis.targets import target_progress
from queries.analysis.triggers import community_triggers
from queries.config import load_config
from queries.database import connect_read
from queries.errors import CspmapError
from tests.analysis_db import config_with
from tests.partner_analysis_db import build_partner_analysis_db


@pytest.fixture(scope="module")
def partner_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_partner_analysis_db(tmp_path_factory.mktemp("partner-analysis") / "partner.duckdb")


@pytest.fixture
def con(partner_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect_read(partner_db)
    yield connection
    connection.close()


def test_confidence_by_neighbourhood_and_csp(con):
    result = survey_shares(con, "neighbourhood", config_with({"confidence": {"min_responses": 3}}))
    table = result.table.set_index("area_code")
    # N1: R1-R3 answered (weights 1, 1, 2; agree, disagree, agree), R4 don't know: 3/4 = 0.75 on Kish n 16/6,
    # interval (0.2385, 0.9664) holds the 60% target. N2: R5, R6 given by neighbourhood code, 2 < 3: suppressed.
    assert table.loc["N1", ["responses", "dont_know", "share"]].tolist() == pytest.approx([3, 1, 0.75])
    assert table.loc["N1", ["share_low", "share_high"]].tolist() == pytest.approx([0.238502, 0.966370], abs=1e-6)
    assert table.loc["N1", "compared"] == "similar"
    assert table.loc["N2", "compared"] == "suppressed" and np.isnan(table.loc["N2", "share"])
    # C1: 5 answered, weights sum 6, agreeing 1 + 2 + 1 + 1 = 5: 5/6 on Kish n 36/8 = 4.5.
    csp = result.reference.set_index("reference_code").loc["C1"]
    assert [csp["share"], csp["effective_n"]] == pytest.approx([5 / 6, 4.5])
    assert table["reference_share"].tolist() == pytest.approx([5 / 6, 5 / 6])
    # The survey is labelled illustrative, so the result says so first.
    assert result.label == "illustrative" and result.notes[0].startswith("Illustrative data (survey)")
    assert result.period.description.startswith("survey responses in 2023-08..2024-07")


def test_confidence_by_lsoa_leaves_out_responses_known_only_by_neighbourhood(con):
    result = survey_shares(con, "lsoa", config_with({"confidence": {"min_responses": 3}}))
    table = result.table.set_index("area_code")
    assert table["responses"].to_dict() == {"L1": 3, "L2": 0, "L3": 0}
    assert "2 responses are known only by an area that spans several lsoa areas" in " ".join(result.notes)


def test_a_period_with_no_responses_is_an_error_naming_the_responses_dates(con):
    with pytest.raises(CspmapError, match="the survey responses run from 2024-05-10 to 2024-07-02"):
        survey_shares(con, "neighbourhood", load_config(), months=(date(2023, 1, 1),))


def test_case_standards_by_neighbourhood(con):
    result = case_standards(con, "neighbourhood", load_config())
    table = result.table.set_index("area_code")
    # N1: C1-C3. Responded T, F, T; named T, T, F; reviewed T, unknown, F; failing: C2 and C3.
    n1 = table.loc["N1"]
    assert [n1["cases"], n1["responded_within_24h_met"], n1["named_caseworker_met"]] == [3, 2, 2]
    assert [n1["reviewed_monthly_met"], n1["reviewed_monthly_known"], n1["failing_any"]] == [1, 2, 2]
    # N2: C4-C7 (C6 known only as N2). Responded T, T, F, T; named unknown, T, F, T; reviewed T, T, F, T: C6 fails.
    n2 = table.loc["N2"]
    assert [n2["cases"], n2["responded_within_24h_share"], n2["named_caseworker_known"]] == [4, 0.75, 3]
    assert n2["failing_share"] == 0.25
    # NPT1 covers N1 with a monthly ASB community meeting; its beat meeting is quarterly; nobody covers N2.
    assert table["monthly_meeting"].to_dict() == {"N1": True, "N2": False}
    assert "1 meeting schedule(s) not read as at least monthly, e.g. 'Quarterly, Thursday 7pm, the hall'" in " ".join(
        result.notes
    )
    csp = result.reference.set_index("reference_code").loc["C1"]
    assert [csp["cases"], csp["responded_within_24h_met"], csp["failing_any"]] == [7, 5, 3]
    assert result.label is None  # the cases are real data


def test_community_triggers(con):
    result = community_triggers(con, "neighbourhood", load_config())
    groups = result.groups.set_index("ref")
    # V001: C1 (5 Jan), C2 (10 Feb), C3 (1 Apr 22:00), within six months: met on 1 Apr. Since 1 Feb (the six
    # months to the as-of date 31 Jul) only two: not current.
    assert groups.loc["V001", ["by", "area_code", "complaints"]].tolist() == ["victim", "N1", 3]
    assert groups.loc["V001", "threshold_met_on"] == pd.Timestamp("2024-04-01 22:00")
    assert not groups.loc["V001", "current"]
    # C4, C5, C7 have no location_ref; their points round to (402000, 300000) on the 50 m grid. Met on 30 Jun,
    # all three since 1 Feb: current; C7's victim is vulnerable. LOC1 (C1, C2) has only two.
    place = groups.loc["point 402000,300000"]
    assert place[["by", "area_code", "case_ids", "current", "vulnerable_victim"]].tolist() == [
        "location", "N2", "C4; C5; C7", True, True,
    ]  # fmt: skip
    assert place["threshold_met_on"] == pd.Timestamp("2024-06-30 21:00")
    areas = result.areas.set_index("area_code")
    assert areas.loc["N1", ["victim_triggers", "location_triggers", "cases_in_triggers"]].tolist() == [1, 0, 3]
    assert areas.loc["N2", ["location_triggers_current", "with_vulnerable_victim"]].tolist() == [1, 1]
    notes = " ".join(result.notes)
    assert "1 case(s) flagged repeat victim have no victim_ref" in notes  # C6
    assert "1 case(s) have no location_ref or point" in notes


def test_hotspot_matrix_of_cases(con):
    config = config_with({"hotspot_matrix": {"min_cases": 3}})
    table = asb_case_matrix(con, "neighbourhood", config).table.set_index("area_code")
    # N1: LOC1, LOC1, LOC2 (2/3 at one place: hotpoint) reported at 10:00, 10:00, 22:00 (2/3 within 3 hours: acute,
    # the first such window being 08:00-11:00).
    assert table.loc["N1", ["cases", "top_location_share", "matrix", "busiest_hours"]].tolist() == [
        3, pytest.approx(2 / 3), "hotpoint / acute", "08:00-11:00",
    ]  # fmt: skip
    # N2: three cases at one rounded point and C6 on its own (3/4: hotpoint) at 09, 13, 17 and 21 h: at most 1 in
    # 3 hours (0.25) but 2 in 8 (06:00-14:00, 0.5): focused.
    assert table.loc["N2", ["top_location_share", "acute_share", "focused_share", "matrix"]].tolist() == [
        0.75, 0.25, 0.5, "hotpoint / focused",
    ]  # fmt: skip
    with pytest.raises(
        CspmapError, match=r"No neighbourhood area has 20 or more of the ASB cases reported .* \(the busiest has 4\)"
    ):
        asb_case_matrix(con, "neighbourhood", load_config())


def test_target_progress(con):
    table = target_progress(con, load_config()).table.set_index("indicator")
    # confidence at C1: 5/6 = 83.3% of answers in May-July 2024, above 60% before the deadline: reached.
    assert table.loc["confidence", "current"] == pytest.approx(100 * 5 / 6)
    assert table.loc["confidence", "status"] == "reached"
    # crime_incidents: January 2024 (one month, as the baseline period 2024-01) has 106 burglaries; 120 down 10% is
    # 108: reached, progress (106 - 120) / (108 - 120) = 1.1667.
    assert table.loc["crime_incidents", ["current", "target_value"]].tolist() == [106.0, 108.0]
    assert table.loc["crime_incidents", "progress"] == pytest.approx(14 / 12)
    # asb_responded_24h: 5 of 7 cases = 71.43% in the 12 months to July 2024; 90% due 31 Dec: 153 days = 5.026694
    # months left; needed (90 - 71.4286) / 5.026694 = 3.694561 a month.
    # Trend: monthly % 100 (Jan, 1 case), 50 (Feb, 2), 100 (Mar), 100 (Apr), 100 (Jun), 0 (Jul), weighted by cases:
    # mean month 25/7, mean 500/7; Sxy = -185.714, Sxx = 29.714: -6.25 a month. Projected 71.43 - 31.42 = 40.01.
    responded = table.loc["asb_responded_24h"]
    assert responded["current"] == pytest.approx(100 * 5 / 7)
    assert responded["needed_per_month"] == pytest.approx(3.694561, abs=1e-6)
    assert responded["trend_per_month"] == pytest.approx(-6.25)
    assert responded["projected"] == pytest.approx(40.0117, abs=1e-4)
    assert responded["status"] == "off track"
    assert table.loc["hate_crime_reports", "status"] == "not computable"
    assert table.loc["ae_assaults", "status"] == "no data"


def test_targets_judged_after_the_deadline(con):
    table = target_progress(con, load_config(), as_of=date(2025, 1, 1)).table.set_index("indicator")
    assert table.loc["asb_responded_24h", "status"] == "missed"  # 71.4% < 90% at the deadline
    assert table.loc["confidence", "status"] == "reached"  # due 31 March 2025


def test_partner_components_of_the_priority_index(con):
    components = {name: {"weight": 0.0} for name in ("crime_rate", "asb_rate", "trend", "repeat_locations")}
    components.update(harm_rate={"weight": 1.0}, low_confidence={"weight": 1.0}, asb_standard_failures={"weight": 1.0})
    config = config_with({"priorities": {"components": components, "runs": 10}})
    result = priority_index(con, "neighbourhood", Selection(), config)
    table = result.table.set_index("area_code")
    # low_confidence: N1 0.75 (Kish n 2.667) and N2 1.0 (n 2) around C1's 5/6: spread (2.667 * 0.006944 + 2 * 0.027778)
    # / 4.667 = 0.015873 is less than chance, (5/6)(1/6) / 2.333 = 0.059524, so both take C1's share: 1 - 5/6.
    assert table["value_low_confidence"].tolist() == pytest.approx([1 / 6, 1 / 6])
    # asb_standard_failures: 2/3 (3 cases) and 1/4 (4) around 3/7: spread 0.042517 < chance 0.069971: both 3/7.
    assert table["value_asb_standard_failures"].tolist() == pytest.approx([3 / 7, 3 / 7])
    notes = " ".join(result.notes)
    assert "low_confidence: survey responses in 2023-08..2024-07" in notes and "Built on illustrative data" in notes


def test_coverage_and_its_gaps(con):
    config = config_with(
        {
            "grid": {"cell_size_m": 500.0},
            "coverage": {"priority_top": 2},
            "priorities": {
                "components": {
                    name: {"weight": 1.0 if name == "harm_rate" else 0.0}
                    for name in load_config().priorities.components
                },
            },
        }
    )
    result = coverage_gaps(con, "neighbourhood", Selection(), config)
    table = result.table.set_index("area_code")
    # NPT1 covers N1 alone: 1 sergeant + 2 PCs = 3 officers and 3 PCSOs for 1,000 residents.
    assert table.loc["N1", ["officers", "pcsos_total", "officers_per_1000", "pcsos_per_1000"]].tolist() == [3, 3, 3, 3]
    # Every crime is a burglary, so harm-weighted incidents are the crimes: N1 37 -> 100 * 3 / 37 = 8.108 per 100.
    assert table.loc["N1", "harm_weighted_incidents"] == pytest.approx(37.0)
    assert table.loc["N1", "officers_per_100_harm"] == pytest.approx(300 / 37)
    # WARD's 3 wardens cover C1: shared 1,000 : 2,000 residents.
    assert table["partner_staff"].tolist() == pytest.approx([1.0, 2.0])
    assert table["contact_agencies"].to_dict() == {"N1": "Council; Housing", "N2": "Housing"}
    assert table["police_covered_share"].tolist() == [1.0, 0.0]
    assert table["minimum_service"].to_dict() == {"N1": True, "N2": False}
    gaps = result.gaps.set_index("gap")["detail"]
    # Priority (harm only): N1 37 * 279 / 1000 = 10.3 > N2 69 * 279 / 2000 = 9.6. N2, rank 2 of the top 2, has
    # 0 officers and PCSOs per 1,000 against a median of (6 + 0) / 2 = 3.
    assert gaps["priority area below median resourcing"] == (
        "priority rank 2: 0.00 officers and PCSOs per 1,000 residents (median 3.00)"
    )
    # The one Gi* hot cell (the middle, z = 4.899) has its centre in L2, which no police team covers.
    assert gaps["hot spot outside every police team's area"] == "1 Gi* hot cell(s) in LSOA(s) L2"
    assert result.uncovered_hot_cells[["lsoa_code", "area_code", "incidents"]].values.tolist() == [["L2", "N2", 10]]
    assert result.uncovered_hot_cells["z"].iloc[0] == pytest.approx(4.899, abs=1e-3)
    assert "no named partner contact" not in gaps.index
    assert gaps["below the minimum service"] == (
        "no police team; fewer than 1 PCSO (0.00); no council contact; no monthly community meeting"
    )
    assert set(result.gaps["area_code"]) == {"N2"}
    assert set(result.checked) == set(result.gaps["gap"]) | {"no named partner contact"}  # all four were looked for
