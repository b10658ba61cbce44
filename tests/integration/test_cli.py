"""The command line as a user meets it: plain one-line errors, JSON for scripts, the demo."""

from __future__ import annotations

import json

from tests.cli_runner import run_cli


def test_an_error_is_one_plain_line_and_a_non_zero_exit(tmp_path):
    result = run_cli(
        "ingest",
        "boundaries",
        tmp_path / "missing.geojson",
        "--level",
        "lsoa",
        "--db",
        tmp_path / "x.duckdb",
        expect_success=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("Error: No such file:")


def test_debug_shows_the_traceback(tmp_path):
    result = run_cli("status", "--db", tmp_path / "missing.duckdb", "--debug", expect_success=False)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "CspmapError" in result.stderr


def test_the_database_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CSPMAP_DB", str(tmp_path / "from-env.duckdb"))
    result = run_cli("status", expect_success=False)
    assert "from-env.duckdb" in result.stderr


def test_status_as_json_describes_the_demo(demo_db):
    report = json.loads(run_cli("status", "--db", demo_db, "--json").stdout)
    levels = {row["level"]: row["areas"] for row in report["areas"]}
    assert levels == {"lsoa": 387, "neighbourhood": 86, "csp": 2}
    assert [(row["month"], row["incidents"]) for row in report["incidents"]] == [
        ("2016-07", 11_552),
        ("2017-07", 11_803),
        ("2018-07", 12_707),
    ]
    assert report["totals"] == {"incidents": 36_062, "outside_areas": 11_869, "no_location": 3_771}
    partner = {row["kind"]: row["label"] for row in report["partner_data"]}
    assert partner == dict.fromkeys(
        ["ae-assaults", "agreements", "asb-cases", "contacts", "survey", "targets", "teams"], "illustrative"
    )


def test_rejects_lists_file_line_and_reason(tmp_path):
    bad = tmp_path / "bad-street.csv"
    bad.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
        "Last outcome category,Context\n,2018-99,F,F,,,,,,Burglary,,\n"
    )
    db = tmp_path / "r.duckdb"
    run_cli("ingest", "police-uk", bad, "--db", db, "--quiet")
    rows = json.loads(run_cli("rejects", "--db", db, "--json").stdout)
    assert [(row["line"], row["reason"]) for row in rows] == [(2, "bad month: '2018-99' is not YYYY-MM")]


def test_the_demo_will_not_overwrite_a_database_without_being_asked(demo_db):
    result = run_cli("demo", "--db", demo_db, expect_success=False)
    assert result.returncode == 1
    assert "--overwrite" in result.stderr
