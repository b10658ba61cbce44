"""`cspmap ingest postcodes` on a small file in the ONS postcode directory's layout (tests/fixtures/public).

The file has 8 rows: 4 good postcodes in the loaded LSOAs E01000001-4 (2011 codes; the 2021 column names LSOAs
that are not loaded, so the 2011 column is chosen), one that is not a postcode, one with no LSOA, one repeating
TT1 1AA, and ZZ1 1ZZ in an LSOA that is not loaded (stored, not published).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from queries.database import connect_read
from queries.ingest.postcodes import normalise_postcode
from queries.sql_files import query_records
from tests.cli_runner import run_cli

FIXTURES = Path(__file__).parents[1] / "fixtures"
POSTCODES = FIXTURES / "public" / "postcodes.csv"


def test_normalise_postcode():
    assert normalise_postcode("tt12 3ab") == "TT12 3AB"
    assert normalise_postcode(" TT1  1AA ") == "TT1 1AA"
    assert normalise_postcode("TT11AA") == "TT1 1AA"
    assert normalise_postcode("NOTAPOSTCODE") is None
    assert normalise_postcode("") is None


def test_ingest_postcodes_stores_good_rows_and_rejects_the_rest(tmp_path):
    db = tmp_path / "p.duckdb"
    run_cli("ingest", "boundaries", FIXTURES / "partner" / "lsoas.geojson", "--level", "lsoa", "--db", db, "--quiet")
    result = run_cli("ingest", "postcodes", POSTCODES, "--db", db)
    assert "1 postcode(s) are in LSOAs that are not loaded" in result.stdout
    con = connect_read(db)
    try:
        stored = con.execute("SELECT postcode, lsoa_code, source_line FROM postcodes ORDER BY source_line").fetchall()
        rejects = con.execute("SELECT line, reason FROM rejects WHERE kind = 'postcodes' ORDER BY line").fetchall()
        published = query_records(con, "publish_postcodes")
    finally:
        con.close()
    assert stored == [
        ("TT1 1AA", "E01000001", 2),
        ("TT1 1AB", "E01000002", 3),
        ("TT1 2AA", "E01000003", 4),
        ("TT12 3AB", "E01000004", 5),
        ("ZZ1 1ZZ", "E01999999", 9),
    ]
    assert [line for line, _ in rejects] == [6, 7, 8]
    assert rejects[0][1].startswith("bad postcode")
    assert rejects[1][1].startswith("no LSOA")
    assert rejects[2][1] == "duplicate postcode: TT1 1AA already given on line 2"
    assert [row["postcode"] for row in published] == ["TT1 1AA", "TT1 1AB", "TT1 2AA", "TT12 3AB"]
    # Only the postcode and its LSOA are kept: no coordinates from the directory.
    columns = {
        name
        for (name,) in duckdb.connect(str(db), read_only=True)
        .execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'postcodes'")
        .fetchall()
    }
    assert columns == {"postcode", "lsoa_code", "source_file", "run_id", "source_line"}


def test_ingest_postcodes_again_replaces_and_a_wrong_file_is_one_line(tmp_path):
    db = tmp_path / "p.duckdb"
    run_cli("ingest", "boundaries", FIXTURES / "partner" / "lsoas.geojson", "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "postcodes", POSTCODES, "--db", db, "--quiet")
    run_cli("ingest", "postcodes", POSTCODES, "--db", db, "--quiet")
    con = connect_read(db)
    try:
        assert con.execute("SELECT count(*) FROM postcodes").fetchone()[0] == 5
    finally:
        con.close()
    wrong = run_cli("ingest", "postcodes", FIXTURES / "partner" / "population.csv", "--db", db, expect_success=False)
    assert wrong.returncode == 1 and "expected a postcode column" in wrong.stderr and "Traceback" not in wrong.stderr
