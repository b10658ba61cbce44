"""The partner-data commands as a user meets them: on the demo (illustrative data) and on files a user brings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.analysis  # registers the analysis commands
import cli.partner_analysis  # noqa: F401  (registers the partner-data commands)
from cli.app import app
from queries.analysis.coverage_gaps import coverage_gaps
from queries.analysis.selection import Selection
from queries.config import load_config
from queries.database import connect_read, write_session
from queries.errors import CspmapError
from queries.ingest.areas import ingest_boundaries, ingest_lsoa_lookup
from queries.ingest.asb_cases import ingest_asb_cases
from queries.ingest.contacts import ingest_contacts
from queries.ingest.population import ingest_population
from queries.ingest.survey import ingest_survey
from queries.ingest.targets import ingest_targets
from queries.ingest.teams import ingest_teams

FIXTURES = Path(__file__).parents[1] / "fixtures" / "partner"
COMMANDS = [
    ("confidence", "--level", "csp"),
    ("standards",),
    ("coverage",),
    ("coverage", "--gaps"),
    ("triggers",),
    ("triggers", "--by-area"),
    ("targets",),
    ("hotspot-matrix",),
]
runner = CliRunner()


def invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(arg) for arg in args])
    if result.exception is not None:
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str | Path) -> dict:
    return json.loads(invoke(*args, "--json"))


@pytest.mark.parametrize("args", COMMANDS)
def test_every_partner_command_says_the_demo_data_is_illustrative(demo_db, args):
    report = as_json(*args, "--db", demo_db)
    assert report["rows"] and report["label"] == "illustrative"
    assert report["title"].startswith("ILLUSTRATIVE DATA: ")
    assert report["notes"][0].startswith("Illustrative data (")
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "--db", demo_db, "--csv"))))
    assert len(rows) == len(report["rows"])
    assert "ILLUSTRATIVE DATA" in invoke(*args, "--db", demo_db)


def test_the_demo_gaps_are_found(demo_db):
    # The generator leaves one neighbourhood without a police team and two without any named contact.
    report = as_json("coverage", "--db", demo_db)
    areas = {row["area_code"]: row for row in report["rows"]}
    assert len(areas) == 86
    uncovered = [code for code, row in areas.items() if not row["police_teams"]]
    assert len(uncovered) == 1 and areas[uncovered[0]]["police_covered_share"] == 0.0
    assert sum(not row["named_contact"] for row in areas.values()) == 2
    gaps = {(gap["gap"], gap["area_code"]) for gap in report["gaps"]}
    assert ("below the minimum service", uncovered[0]) in gaps
    assert sum(kind == "no named partner contact" for kind, _ in gaps) == 2
    # Staff are shared out, never lost: the PCSOs (incl. match-funded) add up to the same by neighbourhood and by CSP.
    by_csp = as_json("coverage", "--db", demo_db, "--level", "csp")["rows"]
    assert sum(row["pcsos_total"] for row in areas.values()) == pytest.approx(sum(row["pcsos_total"] for row in by_csp))


def test_the_demo_priority_index_uses_the_partner_components(demo_db):
    report = as_json("priorities", "--db", demo_db, "--top", "5")
    assert {"low_confidence", "asb_standard_failures"} <= set(report["weights"])
    assert any(note.startswith("low_confidence: survey responses in 2017-10..2018-09") for note in report["notes"])


def test_the_demo_csps_confidence_and_standards(demo_db):
    confidence = as_json("confidence", "--db", demo_db, "--level", "csp")["rows"]
    # Each CSP has hundreds of responses in the latest year: a share with an interval, none suppressed.
    assert all(row["responses"] >= 100 and row["share_low"] < row["share"] < row["share_high"] for row in confidence)
    standards = as_json("standards", "--db", demo_db, "--level", "csp")
    assert sum(row["cases"] for row in standards["rows"]) == standards["reference"][-1]["cases"]


@pytest.fixture(scope="module")
def user_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a user might bring: their areas and partner files (tests/fixtures/partner), no police data."""
    path = tmp_path_factory.mktemp("user-partner") / "user.duckdb"
    with write_session(path, fresh=True) as con:
        ingest_boundaries(con, FIXTURES / "lsoas.geojson", "lsoa")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "neighbourhood", code_field="Neighbourhood code")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "csp", code_field="CSP code")
        ingest_population(con, FIXTURES / "population.csv")
        ingest_survey(con, FIXTURES / "survey.csv")
        ingest_asb_cases(con, FIXTURES / "asb_cases.csv")
        ingest_teams(con, FIXTURES / "teams.csv")
        ingest_contacts(con, FIXTURES / "contacts.csv")
        ingest_targets(con, FIXTURES / "targets.csv")
    return path


def test_partner_commands_run_on_data_a_user_brings(user_db, tmp_path):
    for args in COMMANDS[:-1]:
        report = as_json(*args, "--db", user_db)
        assert report["label"] is None and report["notes"], args  # real data: no label
        assert not report["title"].startswith("ILLUSTRATIVE")
    # Without police data, coverage says what it cannot check rather than failing.
    notes = " ".join(as_json("coverage", "--db", user_db)["notes"])
    assert "no per-harm ratios" in notes and "Hot spots are not checked" in notes
    con = connect_read(user_db)
    try:
        checked = coverage_gaps(con, "neighbourhood", Selection(), load_config()).checked
    finally:
        con.close()
    assert "hot spot outside every police team's area" not in checked  # not "none found": not looked for
    # An indicator cspmap does not measure is listed, not an error.
    statuses = {row["indicator"]: row["status"] for row in as_json("targets", "--db", user_db)["rows"]}
    assert statuses["residents_happy"] == "not computable"
    # The hotspot matrix needs enough cases; a config file can lower the bar.
    with pytest.raises(CspmapError, match="lower \\[hotspot_matrix\\] min_cases"):
        invoke("hotspot-matrix", "--db", user_db)
    settings = tmp_path / "few.toml"
    settings.write_text("[hotspot_matrix]\nmin_cases = 2\n")
    assert as_json("hotspot-matrix", "--db", user_db, "--config", settings)["rows"]


def test_a_database_without_partner_data_gets_a_message_saying_what_to_load(empty_db):
    with pytest.raises(CspmapError, match="No survey responses are loaded; load them with `cspmap ingest survey"):
        invoke("confidence", "--db", empty_db)
    with pytest.raises(CspmapError, match="No ASB cases are loaded"):
        invoke("triggers", "--db", empty_db)
    with pytest.raises(CspmapError, match="No targets are loaded"):
        invoke("targets", "--db", empty_db)
