"""`cspmap export parquet`: every stored incident, partitioned by force and month, readable by DuckDB as Hive
partitions; re-running replaces the export, and a folder holding anything else is refused untouched."""

from __future__ import annotations

from collections import Counter

import duckdb

from tests.cli_runner import run_cli
from tests.sample_rows import raw_rows


def exported(folder, sql: str) -> list[tuple]:
    """``sql`` over the export read as DuckDB reads Hive-partitioned Parquet (the table is called ``export``)."""
    con = duckdb.connect()
    con.execute(f"CREATE VIEW export AS SELECT * FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)")
    return con.execute(sql).fetchall()


def test_every_row_of_the_csv_is_in_its_force_month_partition(demo_db, tmp_path):
    out = tmp_path / "incidents"
    result = run_cli("export", "parquet", "--db", demo_db, "--out", out)
    expected = Counter((row["Reported by"], row["Month"]) for row in raw_rows())
    assert exported(out, "SELECT force, month, count(*) FROM export GROUP BY ALL ORDER BY ALL") == sorted(
        (force, month, count) for (force, month), count in expected.items()
    )
    assert sorted(path.relative_to(out).parts[:2] for path in out.rglob("*.parquet")) == sorted(
        (f"force={force.replace(' ', '%20')}", f"month={month}") for force, month in expected
    )
    july_ids = Counter(row["Crime ID"] or None for row in raw_rows() if row["Month"] == "2018-07")
    assert (
        Counter(dict(exported(out, "SELECT crime_id, count(*) FROM export WHERE month = '2018-07' GROUP BY ALL")))
        == july_ids
    )
    assert f"{len(raw_rows()):,} incidents, {len(expected)} force-month(s)" in " ".join(result.stdout.split())


def test_running_again_replaces_the_export_and_a_foreign_folder_is_refused_untouched(demo_db, tmp_path):
    out = tmp_path / "incidents"
    run_cli("export", "parquet", "--db", demo_db, "--out", out)
    (out / "force=Old").mkdir()  # a partition a later export no longer has must not survive it
    (out / "force=Old" / "stale.parquet").write_bytes(b"not parquet")
    again = run_cli("export", "parquet", "--db", demo_db, "--out", out)
    assert "Replaced the export in" in again.stdout
    assert not (out / "force=Old").exists()
    assert exported(out, "SELECT count(*) FROM export") == [(len(raw_rows()),)]

    mine = tmp_path / "my-work"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    refused = run_cli("export", "parquet", "--db", demo_db, "--out", mine, expect_success=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "not a cspmap export" in refused.stderr
    assert [path.name for path in mine.iterdir()] == ["notes.txt"] and (mine / "notes.txt").read_text() == "keep me"
    assert not list(tmp_path.glob(".my-work*"))  # no half-written export left beside it
