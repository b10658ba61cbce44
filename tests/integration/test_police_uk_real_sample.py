"""The real West Yorkshire sample loaded through the CLI: counts equal counting the CSV rows by hand."""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from demo.build import LSOA_BOUNDARIES, POLICE_UK
from tests.cli_runner import run_cli
from tests.sample_rows import loaded_lsoa_codes, raw_rows
from tests.stored import fetch


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "west-yorkshire.duckdb"
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "police-uk", POLICE_UK, "--db", db, "--quiet")
    return db


def test_counts_per_lsoa_and_category_equal_counting_the_csv_rows(sample_db):
    rows, loaded = raw_rows(), loaded_lsoa_codes()
    expected = Counter((row["LSOA code"], row["Crime type"]) for row in rows if row["LSOA code"] in loaded)
    stored = fetch(
        sample_db, "SELECT area_code, category, count(*) FROM incidents WHERE area_code IS NOT NULL GROUP BY ALL"
    )
    assert {(code, category): n for code, category, n in stored} == dict(expected)
    assert sum(expected.values()) == 20_422  # Calderdale 7,029 + Kirklees 13,393 rows


def test_every_row_is_stored_and_unplaced_rows_are_flagged_not_dropped(sample_db):
    rows, loaded = raw_rows(), loaded_lsoa_codes()
    no_location = sum(1 for row in rows if not row["Longitude"] and not row["LSOA code"])
    outside = sum(1 for row in rows if row["LSOA code"] and row["LSOA code"] not in loaded)
    placements = dict(fetch(sample_db, "SELECT placement, count(*) FROM incidents GROUP BY ALL"))
    assert sum(placements.values()) == len(rows) == 36_062
    assert placements["no_location"] == no_location == 3_771
    assert placements["outside"] == outside
    assert fetch(sample_db, "SELECT count(*) FROM rejects") == [(0,)]
    runs = fetch(
        sample_db,
        "SELECT sum(rows_read), sum(rows_stored), sum(rows_rejected) FROM ingest_runs WHERE kind = 'police-uk'",
    )
    assert runs == [(len(rows), len(rows), 0)]


def test_identical_asb_rows_are_all_kept_as_separate_incidents(sample_db):
    repeated = Counter(tuple(row.values()) for row in raw_rows())
    copies = sum(n for n in repeated.values() if n > 1)
    stored_copies = fetch(
        sample_db,
        "SELECT sum(n) FROM (SELECT count(*) AS n FROM incidents "
        "GROUP BY month, category, crime_id, longitude, latitude, location, lsoa_code, last_outcome HAVING n > 1)",
    )[0][0]
    assert copies > 1000  # the sample really does have many identical ASB rows
    assert stored_copies == copies


def test_each_incident_points_back_to_its_line_in_the_file(sample_db):
    path = POLICE_UK / "2017-07" / "2017-07-west-yorkshire-street.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    sample = fetch(
        sample_db,
        "SELECT source_line, crime_id, category, location FROM incidents i JOIN ingest_runs r USING (run_id) "
        "WHERE r.file_name = '2017-07-west-yorkshire-street.csv' AND crime_id IS NOT NULL ORDER BY source_line LIMIT 50",
    )
    for line, crime_id, category, location in sample:
        fields = next(csv.reader([lines[line - 1]]))
        assert (fields[0], fields[9], fields[6]) == (crime_id, category, location)


def test_re_ingesting_changes_nothing(sample_db, tmp_path):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(sample_db.read_bytes())
    run_cli("ingest", "police-uk", POLICE_UK, "--db", copy, "--quiet")
    everything = "SELECT * EXCLUDE (run_id) FROM incidents ORDER BY id"
    assert fetch(copy, everything) == fetch(sample_db, everything)
    assert fetch(copy, "SELECT count(*) FROM ingest_runs WHERE kind = 'police-uk'") == [(6,)]


def test_a_changed_month_replaces_only_that_force_and_month(sample_db, tmp_path):
    copy = tmp_path / "changed.duckdb"
    copy.write_bytes(sample_db.read_bytes())
    original = POLICE_UK / "2018-07" / "2018-07-west-yorkshire-street.csv"
    lines = original.read_bytes().split(b"\r\n")
    shorter = tmp_path / original.name
    shorter.write_bytes(b"\r\n".join(lines[:1001]) + b"\r\n")  # header and the first 1,000 rows
    run_cli("ingest", "police-uk", shorter, "--db", copy, "--quiet")
    by_month = "SELECT strftime(month, '%Y-%m'), count(*) FROM incidents GROUP BY ALL ORDER BY 1"
    assert fetch(copy, by_month) == [("2016-07", 11_552), ("2017-07", 11_803), ("2018-07", 1_000)]


def test_the_police_uk_archive_zip_loads_street_files_and_passes_over_the_rest(sample_db, tmp_path):
    archive = tmp_path / "police-uk-archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(POLICE_UK.rglob("*-street.csv")):
            zipped.write(path, f"{path.parent.name}/{path.name}")
        zipped.writestr("2018-07/2018-07-west-yorkshire-outcomes.csv", "Crime ID,Month\n")
    db = tmp_path / "from-zip.duckdb"
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    result = run_cli("ingest", "police-uk", archive, "--db", db)
    assert "Passed over 1 file" in result.stdout
    everything = "SELECT * EXCLUDE (run_id) FROM incidents ORDER BY id"
    assert fetch(db, everything) == fetch(sample_db, everything)
    sources = fetch(db, "SELECT DISTINCT source_file FROM ingest_runs WHERE kind = 'police-uk' ORDER BY 1")
    assert sources[0][0] == f"{archive}:2016-07/2016-07-west-yorkshire-street.csv"


def test_loading_boundaries_after_incidents_places_them(tmp_path):
    db = tmp_path / "late-boundaries.duckdb"
    run_cli("ingest", "police-uk", POLICE_UK / "2016-07", "--db", db, "--quiet")
    assert fetch(db, "SELECT count(*) FROM incidents WHERE area_code IS NOT NULL") == [(0,)]
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    assert fetch(db, "SELECT count(*) FROM incidents WHERE placement = 'lsoa_code'") == [(6_484,)]


def test_the_database_is_plain_duckdb_that_analysts_can_query(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        months = con.execute("SELECT DISTINCT strftime(month, '%Y-%m') FROM incidents ORDER BY 1").fetchall()
    finally:
        con.close()
    assert months == [("2016-07",), ("2017-07",), ("2018-07",)]
