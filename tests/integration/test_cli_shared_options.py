"""The options every command shares, typed before or after the command, and tables that read at 80 columns, run as
a user runs them (a child process)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date

import shapely

from tests.analysis_db import X0, Y0, incident, write_database
from tests.cli_runner import run_cli
from tests.sample_rows import raw_rows


def test_options_typed_before_the_command_count_as_if_typed_after_it(demo_db, tmp_path, monkeypatch):
    after = json.loads(run_cli("rates", "--db", demo_db, "--json").stdout)
    monkeypatch.setenv("CSPMAP_DB", str(tmp_path / "not-this-one.duckdb"))  # typed beats the environment
    before = json.loads(run_cli("--db", demo_db, "--json", "rates").stdout)
    assert before == after and len(after["rows"]) == 86


def test_harm_takes_the_database_and_counts_its_incidents_per_category(demo_db):
    report = json.loads(run_cli("harm", "--db", demo_db, "--json").stdout)
    published = Counter(row["Crime type"] for row in raw_rows())
    counted = {row["category"]: row["incidents"] for row in report["rows"]}
    assert {category: n for category, n in counted.items() if n} == dict(published)
    assert counted["Violent crime"] == 0  # a category police.uk used before 2013: weighted, none in the demo
    weights = {row["category"]: row["harm_weight"] for row in report["rows"]}
    assert weights["Anti-social behaviour"] == 0 and weights["Burglary"] > weights["Shoplifting"] > 0


def test_rates_say_how_many_incidents_are_left_out_and_why(demo_db):
    notes = json.loads(run_cli("rates", "--db", demo_db, "--json").stdout)["notes"]
    rows = raw_rows()
    unlocated = sum(1 for row in rows if not row["LSOA code"] and not row["Longitude"])
    (left_out,) = [note for note in notes if note.startswith("Left out:")]
    outside, no_location, in_areas = (int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", left_out))
    assert no_location == unlocated == 3771
    assert outside + no_location + in_areas == len(rows)
    quiet = run_cli("rates", "--db", demo_db, "--quiet").stdout
    assert "Left out" not in quiet and "Calderdale" in quiet


def test_tables_keep_every_number_whole_at_80_columns(demo_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    report = json.loads(run_cli("rates", "--db", demo_db, "--json").stdout)
    table = run_cli("rates", "--db", demo_db, "--rows", "5").stdout
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    top = sorted(report["rows"], key=lambda row: -row["rate"])[:5]
    for row in top:
        shown = [f"{row['incidents']:,}", f"{row['population']:,}", f"{row['rate']:.2f}", f"{row['rate_high']:.2f}"]
        assert any(set(shown) <= set(line.split()) for line in lines), (shown, table)
    assert "Not shown at this width: area code, compared" in table
    wide = run_cli("priorities", "--db", demo_db, "--top", "3").stdout
    assert max(len(line) for line in wide.splitlines()) <= 80
    assert re.search(r"^\s+1\s+\d+\.\d\d\s", wide, re.MULTILINE)  # rank and score on one line, whole


def test_csv_output_cannot_start_a_spreadsheet_formula(tmp_path):
    box = shapely.box(X0, Y0, X0 + 500, Y0 + 500)
    db = write_database(
        tmp_path / "planted.duckdb",
        [{"level": "lsoa", "code": "=HYPERLINK(1)", "geometry": box, "population": 1000}],
        [("=HYPERLINK(1)", "lsoa", "=HYPERLINK(1)")],
        [incident("=HYPERLINK(1)", date(2024, 1, 1), "+cmd|calc", X0 + 10, Y0 + 10) for _ in range(3)],
    )
    rows = list(csv.DictReader(io.StringIO(run_cli("rates", "--db", db, "--by-category", "--csv").stdout)))
    assert [(row["area_code"], row["area_name"], row["category"], row["incidents"]) for row in rows] == [
        ("'=HYPERLINK(1)", "'=HYPERLINK(1)", "'+cmd|calc", "3")
    ]
    assert float(rows[0]["rate"]) == 3.0  # 3 incidents per 1,000 residents: numbers stay numbers


def test_reports_take_the_shared_options_before_or_after_the_command(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CSPMAP_DB", str(tmp_path / "not-this-one.duckdb"))  # typed beats the environment
    brief = tmp_path / "brief.pdf"
    written = json.loads(
        run_cli("--db", demo_db, "report", "patrol", "--team", "NPT-CAL-01", "--out", brief, "--json").stdout
    )
    # The demo's months are those of its raw police.uk rows; test_patrol_report.py works out the 8 target cells.
    months = ", ".join(sorted({row["Month"] for row in raw_rows()}))
    assert written["rows"] == [
        {
            "file": str(brief),
            "team_id": "NPT-CAL-01",
            "team_name": "Calderdale Neighbourhood Policing Team 1",
            "months": months,
            "target_cells": 8,
        }
    ]
    assert brief.read_bytes().startswith(b"%PDF")
    assessment = tmp_path / "assessment.html"
    shown = run_cli("--csv", "report", "strategic", "--db", demo_db, "--out", assessment, "--period", "2018-07")
    assert list(csv.DictReader(io.StringIO(shown.stdout))) == [{"file": str(assessment), "months": "2018-07"}]
    assert "<h1>Strategic assessment</h1>" in assessment.read_text(encoding="utf-8")
    both = run_cli(
        "report", "strategic", "--db", demo_db, "--out", tmp_path / "s.pdf", "--json", "--csv", expect_success=False
    )
    assert both.returncode != 0 and "Choose one of --json and --csv." in both.stdout + both.stderr
    assert not (tmp_path / "s.pdf").exists()
