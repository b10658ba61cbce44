"""`cspmap ingest <partner kind>` as a user meets it: counts, warnings, one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from queries.database import write_session
from queries.ingest.areas import ingest_boundaries
from tests.cli_runner import run_cli

FIXTURES = Path(__file__).parents[1] / "fixtures" / "partner"


@pytest.fixture(scope="module")
def lsoas_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("partner-cli") / "lsoas.duckdb"
    with write_session(path, fresh=True) as con:
        ingest_boundaries(con, FIXTURES / "lsoas.geojson", "lsoa")
    return path


def test_ingest_survey_reports_rows_and_refused_columns(lsoas_db, tmp_path):
    db = tmp_path / "x.duckdb"
    shutil.copyfile(lsoas_db, db)
    result = run_cli("ingest", "survey", FIXTURES / "survey.csv", "--db", db)
    output = " ".join(result.stdout.split())  # rich wraps long lines
    # Without the neighbourhood level, R2's code E02000002 is unknown too: 5 stored, 11 rejected.
    assert "│ 16 │ 5 │ 11 │" in output.replace("  ", " ")
    assert "personal data refused, these columns were dropped and never stored: 'Respondent name' (name)" in output
    listed = run_cli("rejects", "--db", db, "--json").stdout
    assert "unknown area: area_code 'E02000002' is not a loaded area" in listed
    assert "Jane Doe" not in listed and "HX1" not in listed


def test_bad_options_are_one_line_errors(lsoas_db, tmp_path):
    db = tmp_path / "x.duckdb"
    shutil.copyfile(lsoas_db, db)
    bad_date = run_cli(
        "ingest", "asb-cases", FIXTURES / "asb_cases.csv", "--as-of", "31/02/2024", "--db", db, expect_success=False
    )
    assert bad_date.returncode == 1
    assert bad_date.stderr.strip() == (
        "Error: --as-of '31/02/2024': is not a date (no such day; dates are DD/MM/YYYY or YYYY-MM-DD)."
    )
    wrong_kind = run_cli("ingest", "contacts", FIXTURES / "survey.csv", "--db", db, expect_success=False)
    assert wrong_kind.returncode == 1
    assert "is not a contacts file as documented in docs/data-formats.md" in wrong_kind.stderr
