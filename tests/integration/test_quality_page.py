"""The data quality page's callback through its HTTP route, on a database built by hand: every gap, reject and
placement worked out."""

from __future__ import annotations

from datetime import date

import shapely

from queries.database import write_session
from tests.analysis_db import X0, Y0, incident, write_database
from tests.conftest import serving
from tests.page_trees import find, text_of

JAN, MAR, MAY = date(2024, 1, 1), date(2024, 3, 1), date(2024, 5, 1)


def gappy(path):
    """Force A has January, March and May 2024 (February and April missing); force B only March (January,
    February, April and May missing). Of 6 incidents, 1 is outside the areas and 1 has no location. One rejected
    row (bad month) in one police.uk run."""
    area = {"level": "lsoa", "code": "L1", "geometry": shapely.box(X0, Y0, X0 + 500, Y0 + 500), "population": 10}
    rows = [
        incident("L1", JAN, "Burglary", X0 + 10, Y0 + 10),
        incident("L1", MAR, "Burglary", X0 + 10, Y0 + 10),
        incident("L1", MAY, "Burglary", X0 + 10, Y0 + 10),
        incident(None, MAY, "Burglary", X0 - 9000, Y0),
        incident("L1", MAR, "Robbery", X0 + 20, Y0 + 20),
        incident(None, MAR, "Robbery", None, None),
    ]
    write_database(path, [area], [("L1", "lsoa", "L1")], rows)
    with write_session(path) as con:
        con.execute("UPDATE incidents SET force = 'A' WHERE category = 'Burglary'")
        con.execute("UPDATE incidents SET force = 'B' WHERE category = 'Robbery'")
        con.execute("UPDATE incidents SET placement = 'no_location' WHERE easting IS NULL")
        con.execute(
            "INSERT INTO ingest_runs (kind, source_file, file_name, sha256, rows_read, rows_stored, rows_rejected, "
            "started_at, finished_at) VALUES ('police-uk', 'x/a.csv', 'a.csv', 'ff', 7, 6, 1, now(), now())"
        )
        con.execute(
            "INSERT INTO rejects VALUES (1, 'police-uk', 'x/a.csv', 8, "
            "'bad month: ''2024-13'' is not YYYY-MM', ',2024-13,A')"
        )
    return path


def show_quality(callbacks) -> dict:
    (content,) = callbacks.call("quality-content", "/quality")
    return content


def row_data(content: dict, table_id: str) -> list[dict]:
    return find(content, table_id)["props"]["rowData"]


def test_gaps_rejects_placement_and_partner_data_as_built(tmp_path, callbacks, demo_app):
    with serving(demo_app, gappy(tmp_path / "q.duckdb")):
        content = show_quality(callbacks)
    missing = [(row["force"], row["month"]) for row in row_data(content, "quality-missing")]
    assert missing == [
        ("A", "2024-02"),
        ("A", "2024-04"),
        ("B", "2024-01"),
        ("B", "2024-02"),
        ("B", "2024-04"),
        ("B", "2024-05"),
    ]
    rejects = row_data(content, "quality-rejects")
    assert [(row["kind"], row["reason"], row["rows"]) for row in rejects] == [("police-uk", "bad month", 1)]
    placement = {(row["force"], row["month"]): row for row in row_data(content, "quality-placement")}
    assert placement[("A", "2024-05")]["outside_areas"] == 1 and placement[("B", "2024-03")]["no_location"] == 1
    partner = {row["kind"]: row["rows"] for row in row_data(content, "quality-partner")}
    assert partner == dict.fromkeys(
        ["ae-assaults", "agreements", "asb-cases", "contacts", "survey", "targets", "teams"], 0
    )
    caveats = text_of(find(content, "quality-caveats"), " ")
    assert "A: 2 month(s) missing from the monthly series (2024-02, 2024-04)." in caveats
    assert "1 of 6 incidents (16.7%) are outside the loaded areas." in caveats
    assert "1 rows were rejected" in caveats
    runs = row_data(content, "quality-runs")
    assert [(row["file_name"], row["rows_read"], row["rows_rejected"]) for row in runs] == [("a.csv", 7, 1)]


def test_an_empty_database_says_so_in_every_section(empty_db, callbacks, demo_app):
    with serving(demo_app, empty_db):
        content = show_quality(callbacks)
    text = text_of(content, " ")
    assert "No month is missing" in text and "Nothing has been loaded yet." in text
    assert "No partner data of these kinds is loaded" in text
