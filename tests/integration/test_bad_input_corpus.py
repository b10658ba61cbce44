"""Every file in the bad-input corpus (tests/data/bad), run through the CLI as a user would.

tests/data/bad/manifest.toml lists each case: the command, the database it starts from, what must be printed
(file, line or feature, reason), the exit code, and the database afterwards. A refused command must leave the
database exactly as it was; an accepted one must hold exactly the good rows, and a reject for each bad row with
its real line. No case may print a traceback, and no personal value planted in a case may be stored anywhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cli.main import app
from queries.database import write_session
from queries.ingest.areas import ingest_boundaries, ingest_lsoa_lookup
from queries.ingest.population import ingest_population
from tests.cli_runner import run_cli

CORPUS = Path(__file__).parents[1] / "data" / "bad"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "partner"
CASES = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["case"]
# Wide enough that rich never wraps a message or a table cell in the middle of a fragment.
WIDE = {"COLUMNS": "400"}


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The databases a case can start from: 'empty' (the schema only) and 'areas' (four 1 km LSOAs E01000001-4,
    two neighbourhoods E02000001-2, one CSP E08000001, populations 1,500-1,800)."""
    folder = tmp_path_factory.mktemp("corpus")
    with write_session(folder / "empty.duckdb", fresh=True):
        pass
    with write_session(folder / "areas.duckdb", fresh=True) as con:
        ingest_boundaries(con, FIXTURES / "lsoas.geojson", "lsoa")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "neighbourhood", code_field="Neighbourhood code")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "csp", code_field="CSP code")
        ingest_population(con, FIXTURES / "population.csv")
    return {"empty": folder / "empty.duckdb", "areas": folder / "areas.duckdb"}


def _args(args: list[str], db: Path) -> list[str]:
    return [str(CORPUS / arg) if "/" in arg and (CORPUS / arg).exists() else arg for arg in args] + ["--db", str(db)]


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (ingest_runs and schema_migrations included), sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in _tables(con)}
    finally:
        con.close()


def stored_anywhere(db: Path, needle: str) -> list[str]:
    """The table.column of every text column holding ``needle``, and 'file' if the database file's bytes do."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
        found = [
            f"{t}.{c}"
            for t, c in columns
            if con.execute(f'SELECT count(*) FROM "{t}" WHERE contains("{c}"::VARCHAR, $n)', {"n": needle}).fetchone()[
                0
            ]
        ]
    finally:
        con.close()
    if needle.encode() in db.read_bytes():
        found.append("file")
    return found


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_bad_input(case, bases, tmp_path):
    db = tmp_path / "case.duckdb"
    shutil.copyfile(bases[case.get("base", "areas")], db)
    env = {**WIDE, **case.get("env", {})}
    for before in case.get("before", []):
        run_cli(*_args(before, db), env=env)
    held = snapshot(db)

    result = run_cli(*_args(case["args"], db), expect_success=False, env=env)

    output = _flat(result.stdout + result.stderr)
    assert "Traceback" not in output
    assert result.returncode == case["exit"], output
    for fragment in case.get("output", []):
        assert _flat(fragment) in output
    for fragment in case.get("not_output", []):
        assert fragment not in output
    if case["exit"] != 0:
        assert snapshot(db) == held, "a refused command changed the database"
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, rows in case.get("rows", {}).items():
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == rows, table
        rejects = con.execute("SELECT line, reason FROM rejects ORDER BY line, reason").fetchall()
    finally:
        con.close()
    if "rejects" in case:
        expected = [tuple(entry.split(": ", 1)) for entry in case["rejects"]]
        assert len(rejects) == len(expected), rejects
        for (line, reason), (want_line, want_reason) in zip(
            rejects, sorted(expected, key=lambda e: int(e[0])), strict=True
        ):
            assert (line, want_reason in reason) == (int(want_line), True), (line, reason)
    for needle in case.get("never", []):
        assert stored_anywhere(db, needle) == [], needle


def test_no_planted_personal_value_is_stored_anywhere(bases, tmp_path):
    """Every case that plants personal values, run one after another into one database: none of the values is in
    any column of any table, nor in the bytes of the database file once the writer has published it."""
    planted = [(case, needle) for case in CASES for needle in case.get("never", [])]
    kinds = {case["args"][1] for case, _ in planted}
    assert len(planted) >= 30
    assert {"survey", "asb-cases", "teams", "contacts", "ae-assaults", "agreements", "targets"} <= kinds
    db = tmp_path / "planted.duckdb"
    shutil.copyfile(bases["areas"], db)
    # In this process (the cases above run each command in a child process already): the same CLI, faster.
    for case in {case["id"]: case for case, _ in planted}.values():
        result = CliRunner().invoke(app, _args(case["args"], db))
        assert result.exit_code == 0, result.output
    # The search finds what is stored: a priority that was accepted is in its column and in the file's bytes.
    assert stored_anywhere(db, "Speeding on Station Road") == ["neighbourhood_priorities.priority", "file"]
    assert {needle: stored_anywhere(db, needle) for _, needle in planted} == {needle: [] for _, needle in planted}


def test_unpacking_folders_left_by_a_killed_run_are_removed_by_the_next(bases, tmp_path):
    dead = subprocess.Popen(["true"])  # a process id that is no longer running
    dead.wait()
    left = tmp_path / f"cspmap-unpack-{dead.pid}-abc123"
    left.mkdir()
    (left / "2019-08-west-yorkshire-street.csv").write_text("half-unpacked")
    db = tmp_path / "killed.duckdb"
    shutil.copyfile(bases["areas"], db)
    run_cli(*_args(["ingest", "police-uk", "zips/archive-with-a-bad-row.zip"], db), env={"TMPDIR": str(tmp_path)})
    assert not left.exists()
    assert not list(tmp_path.glob("cspmap-unpack-*"))  # and the run cleaned up after itself
