"""Ingesting the same files again leaves the database file the size it was (DuckDB keeps deleted rows' blocks)."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run_cli

DEMO = Path(__file__).parents[2] / "demo" / "data"


def test_re_ingesting_the_same_files_keeps_the_database_within_ten_percent_of_its_size(tmp_path):
    db = tmp_path / "size.duckdb"
    run_cli("ingest", "boundaries", DEMO / "lsoa-2011-calderdale-kirklees.geojson", "--level", "lsoa", "--db", db, "-q")
    run_cli("ingest", "police-uk", DEMO / "police-uk", "--db", db, "-q")
    first = db.stat().st_size
    sizes = []
    for _ in range(2):
        run_cli("ingest", "police-uk", DEMO / "police-uk", "--db", db, "-q")
        sizes.append(db.stat().st_size)
    # Without compaction the second ingest grew a 6.0 MB file to 8.7 MB.
    assert all(size <= first * 1.1 for size in sizes), (first, sizes)
    assert not list(tmp_path.glob("*.compact")) and not list(tmp_path.glob("*.ingest"))
