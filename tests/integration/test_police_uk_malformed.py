"""A police.uk file with every kind of bad row: each is rejected with its line and reason; every good row is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from demo.build import LSOA_BOUNDARIES
from tests.cli_runner import run_cli
from tests.stored import fetch

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context"
)
WY = "West Yorkshire Police,West Yorkshire Police"


def inside_lsoa(code: str) -> tuple[str, str]:
    """A longitude and latitude well inside one of the demo LSOAs."""
    for feature in json.loads(LSOA_BOUNDARIES.read_text())["features"]:
        if feature["properties"]["LSOA11CD"] == code:
            point = shapely.geometry.shape(feature["geometry"]).representative_point()
            return f"{point.x:.6f}", f"{point.y:.6f}"
    raise LookupError(code)


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    lon, lat = inside_lsoa("E01010911")  # Calderdale 001A
    lines = [
        HEADER.encode(),  # 1
        f",2018-07,{WY},-1.886304,53.761764,On or near Green Lane,E01010911,Calderdale 001A,Anti-social behaviour,,".encode(),  # 2
        f",2018-07,{WY},-1.886304,53.761764,On or near Green Lane,E01010911,Calderdale 001A,Anti-social behaviour,,".encode(),  # 3 same
        b"x,2018-07,a",  # 4: three columns
        f"c5,2018-13,{WY},-1.88,53.76,On or near X,E01010911,Calderdale 001A,Burglary,,".encode(),  # 5: month 13
        b"",  # 6: blank line
        f"c7,2018-07,{WY},10.5,53.76,On or near X,E01010911,Calderdale 001A,Burglary,,".encode(),  # 7: longitude 10.5
        f"c8,2018-07,{WY},-1.88,53.76,On or near \xff\xfe,E01010911,Calderdale 001A,Burglary,,".encode("latin-1"),  # 8
        f"c9,2018-07,{WY},-1.88,,On or near X,E01010911,Calderdale 001A,Burglary,,".encode(),  # 9: no latitude
        f"c10,2018-07,{WY},west,north,On or near X,E01010911,Calderdale 001A,Burglary,,".encode(),  # 10
        f"c11,2018-07,{WY},-1.88,53.76,On or near X,E01010911,Calderdale 001A,,,".encode(),  # 11: no crime type
        f"c12,2018-07,{WY},,,No location,E01010911,Calderdale 001A,Drugs,Under investigation,".encode(),  # 12
        f"c13,2018-07,{WY},,,No location,,,Drugs,Under investigation,".encode(),  # 13
        f"c14,2018-07,{WY},{lon},{lat},On or near Y,E01007359,Barnsley 005C,Robbery,,".encode(),  # 14
        f"c15,2018-07,{WY},-1.550626,53.597400,On or near Swithen Hill,E01007359,Barnsley 005C,Robbery,,".encode(),  # 15
        b"c16,2018-07,,West Yorkshire Police,-1.88,53.76,On or near X,E01010911,Calderdale 001A,Burglary,,",  # 16
        f'c17,2018-07,{WY},-1.886304,53.761764,"On or near Green Lane, Hove Edge",E01010911,Calderdale 001A,Drugs,,'.encode(),  # 17
    ]
    folder = tmp_path_factory.mktemp("malformed")
    path = folder / "2018-07-west-yorkshire-street.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    db = folder / "malformed.duckdb"
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "police-uk", path, "--db", db, "--quiet")
    return path, db


def test_bad_rows_are_rejected_with_their_line_and_reason(malformed):
    path, db = malformed
    rejects = fetch(db, "SELECT line, split_part(reason, ':', 1), source_file FROM rejects ORDER BY line")
    assert [(line, reason) for line, reason, _ in rejects] == [
        (4, "too few columns"),
        (5, "bad month"),
        (7, "coordinates outside the UK"),
        (8, "bad encoding"),
        (9, "incomplete coordinates"),
        (10, "bad coordinates"),
        (11, "no crime type"),
        (16, "no force"),
    ]
    assert {source for _, _, source in rejects} == {str(path)}


def test_rejected_rows_keep_their_raw_text(malformed):
    _, db = malformed
    raw = dict(fetch(db, "SELECT line, raw FROM rejects"))
    assert raw[4] == "x,2018-07,a"
    assert raw[5].startswith("c5,2018-13,West Yorkshire Police")


def test_good_rows_are_stored_with_their_line_and_placement(malformed):
    _, db = malformed
    stored = fetch(
        db, "SELECT source_line, crime_id, category, area_code, placement, location FROM incidents ORDER BY source_line"
    )
    assert [(line, crime_id, area, placement) for line, crime_id, _, area, placement, _ in stored] == [
        (2, None, "E01010911", "lsoa_code"),
        (3, None, "E01010911", "lsoa_code"),  # identical ASB row: a second incident
        (12, "c12", "E01010911", "lsoa_code"),  # no coordinates: counted by its LSOA code
        (13, "c13", None, "no_location"),
        (14, "c14", "E01010911", "point"),  # Barnsley code, but the point is in Calderdale 001A
        (15, "c15", None, "outside"),
        (17, "c17", "E01010911", "lsoa_code"),
    ]
    assert stored[-1][5] == "On or near Green Lane, Hove Edge"


def test_rows_read_are_rows_stored_plus_rows_rejected(malformed):
    _, db = malformed
    # 17 lines: a header, one blank line, 8 rejected rows and 7 stored ones.
    assert fetch(db, "SELECT rows_read, rows_stored, rows_rejected FROM ingest_runs WHERE kind = 'police-uk'") == [
        (15, 7, 8)
    ]


def test_re_ingesting_the_same_bad_file_does_not_duplicate_its_rejects(malformed, tmp_path):
    path, db = malformed
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(db.read_bytes())
    run_cli("ingest", "police-uk", path, "--db", copy, "--quiet")
    assert fetch(copy, "SELECT count(*) FROM rejects") == [(8,)]
    assert fetch(copy, "SELECT count(*) FROM incidents") == [(7,)]


def test_a_file_that_is_not_a_street_level_file_is_refused_before_anything_is_written(tmp_path):
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Outcome type\n")
    db = tmp_path / "refused.duckdb"
    result = run_cli("ingest", "police-uk", outcomes, "--db", db, expect_success=False)
    assert result.returncode == 1
    assert "not a police.uk street-level file" in result.stderr
    assert "'LSOA code', 'Crime type'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_spaces_around_keys_are_trimmed_and_blank_coordinates_mean_no_location(tmp_path):
    path = tmp_path / "spaces-street.csv"
    path.write_text(
        HEADER + "\n"
        f"c1,2018-07,{WY}, , ,On or near X, E01010911 ,Calderdale 001A, Drugs ,,\n"
        f"c2, 2018-07 ,{WY}, -1.886304 , 53.761764 ,On or near X,E01010911,Calderdale 001A,Drugs,,\n"
    )
    db = tmp_path / "spaces.duckdb"
    run_cli("ingest", "boundaries", LSOA_BOUNDARIES, "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "police-uk", path, "--db", db, "--quiet")
    assert fetch(db, "SELECT crime_id, category, area_code, placement, longitude FROM incidents ORDER BY crime_id") == [
        ("c1", "Drugs", "E01010911", "lsoa_code", None),
        ("c2", "Drugs", "E01010911", "lsoa_code", -1.886304),
    ]


def test_a_quoted_value_with_a_line_break_is_stored_and_the_user_is_warned_about_line_numbers(tmp_path):
    path = tmp_path / "multiline-street.csv"
    path.write_text(
        HEADER + "\r\n"
        f'c1,2018-07,{WY},-1.88,53.76,"On or near\r\nA",E01010911,Calderdale 001A,Drugs,,\r\n'
        f"c2,2018-07,{WY},-1.88,53.76,On or near B,E01010911,Calderdale 001A,Drugs,,\r\n"
    )
    db = tmp_path / "multiline.duckdb"
    result = run_cli("ingest", "police-uk", path, "--db", db)
    assert "1 line break(s) inside quoted values" in " ".join(result.stdout.split())
    assert fetch(db, "SELECT crime_id, location FROM incidents ORDER BY crime_id") == [
        ("c1", "On or near\r\nA"),
        ("c2", "On or near B"),
    ]


def test_one_field_of_3_mb_rejects_only_its_row_with_its_real_line(tmp_path):
    good = f",2018-07,{WY},-1.886304,53.761764,On or near Green Lane,E01010911,Calderdale 001A,Drugs,,"
    long = f"c4,2018-07,{WY},-1.886304,53.761764,On or near {'x' * 3_000_000},E01010911,Calderdale 001A,Drugs,,"
    path = tmp_path / "2018-07-long-street.csv"
    path.write_text("\n".join([HEADER, good, good, long, good]) + "\n")
    population = tmp_path / "population.csv"
    population.write_text(f"code,population\nE01010911,1500\nE01010912,{'9' * 3_000_000}\nE01010913,1600\n")
    db = tmp_path / "long.duckdb"
    run_cli("ingest", "police-uk", path, "--db", db, "--quiet")
    result = run_cli("ingest", "population", population, "--db", db)
    assert "Traceback" not in result.stdout + result.stderr
    assert fetch(db, "SELECT source_line FROM incidents ORDER BY source_line") == [(2,), (3,), (5,)]
    assert fetch(db, "SELECT code FROM population ORDER BY code") == [("E01010911",), ("E01010913",)]
    rejects = fetch(db, "SELECT kind, line, reason, length(raw) FROM rejects ORDER BY kind")
    assert [(kind, line, reason.split(":")[0]) for kind, line, reason, _ in rejects] == [
        ("police-uk", 4, "value too long"),
        ("population", 3, "value too long"),
    ]
    assert "3,000,011 bytes" in rejects[0][2] and "3,000,000 characters" in rejects[1][2]
    assert rejects[0][3] < 2_100  # the row's text is kept only in part
