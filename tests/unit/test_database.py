"""One writer on a private copy, published atomically; readers are never blocked and never see half a write."""

from __future__ import annotations

import duckdb
import pytest

from queries.database import apply_migrations, connect_read, resolve_db_path, write_session
from queries.errors import CspmapError
from queries.sql_files import migration_files


def count_runs(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM ingest_runs").fetchone()[0]


def add_run(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "INSERT INTO ingest_runs (kind, source_file, file_name, sha256, started_at) "
        "VALUES ('test', 'f', 'f', 'x', current_timestamp)"
    )


def test_a_reader_keeps_reading_while_a_writer_works_and_then_sees_the_new_version(empty_db):
    reader = connect_read(empty_db)
    with write_session(empty_db) as writer:
        add_run(writer)
        # The reader's file is untouched until the writer finishes, and a new reader can still open it.
        assert count_runs(reader) == 0
        second_reader = connect_read(empty_db)
        assert count_runs(second_reader) == 0
        second_reader.close()
    assert count_runs(reader) == 0  # still its consistent old version
    reader.close()
    fresh = connect_read(empty_db)
    assert count_runs(fresh) == 1
    fresh.close()


def test_a_failed_write_leaves_the_database_exactly_as_it_was(empty_db):
    with pytest.raises(RuntimeError), write_session(empty_db) as writer:
        add_run(writer)
        raise RuntimeError("disk full")
    con = connect_read(empty_db)
    assert count_runs(con) == 0
    con.close()
    assert not empty_db.with_name(empty_db.name + ".ingest").exists()


def test_a_second_writer_is_refused_while_the_first_works(empty_db):
    with (
        write_session(empty_db),
        pytest.raises(CspmapError, match="Another cspmap command is writing"),
        write_session(empty_db),
    ):
        pass


def test_migrations_are_applied_once_and_readers_refuse_an_outdated_file(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert apply_migrations(con) == [version for version, _, _ in migration_files()]
    assert apply_migrations(con) == []
    con.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
    con.close()
    with pytest.raises(CspmapError, match=r"older cspmap.*cspmap migrate"):
        connect_read(path)


def test_a_missing_or_foreign_database_gets_a_plain_message(tmp_path):
    with pytest.raises(CspmapError, match=r"no database at .*cspmap demo"):
        connect_read(tmp_path / "missing.duckdb")
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    with pytest.raises(CspmapError, match="not a cspmap database"):
        connect_read(foreign)


def test_the_database_path_comes_from_the_option_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CSPMAP_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path(tmp_path / "given.duckdb") == tmp_path / "given.duckdb"
    assert resolve_db_path() == tmp_path / "env.duckdb"
    monkeypatch.delenv("CSPMAP_DB")
    assert str(resolve_db_path()) == "cspmap.duckdb"
