"""Shared fixtures: a real demo DuckDB file built once per test session, and small empty databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from demo.build import build_demo
from queries.database import connect_read, write_session


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (real Calderdale and Kirklees data), built once; treat it as read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's demo database."""
    con = connect_read(demo_db)
    yield con
    con.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """Path of a new database holding only the schema."""
    path = tmp_path / "test.duckdb"
    with write_session(path):
        pass
    return path
