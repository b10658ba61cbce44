"""Shared fixtures: a real demo DuckDB file built once per test session, and small empty databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from demo.build import build_demo
from queries.database import connect_read, write_session


@pytest.fixture(scope="session", autouse=True)
def private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Apps started by the tests share cached results in this run's own folder, never in a developer's."""
    os.environ["CSPMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("results-cache"))


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


@pytest.fixture(scope="session")
def demo_app(demo_db: Path):
    """The Dash app serving the demo database; page modules and their callbacks are registered."""
    from dashboard.shell import create_app

    return create_app(demo_db)


@pytest.fixture
def in_demo_app(demo_app):
    """Run a test inside the demo app's Flask context, so a page's ``data_access()`` finds the demo database."""
    with demo_app.server.app_context():
        yield demo_app


@pytest.fixture(scope="session")
def callbacks(demo_app):
    """The demo app's page callbacks, called through its HTTP route as the browser calls them."""
    from tests.dash_callbacks import PageCallbacks

    return PageCallbacks(demo_app)


@contextmanager
def serving(app, path: Path, config=None) -> Iterator[None]:
    """Inside this block the app's pages read the database at ``path`` (with ``config``, else the defaults)."""
    from dashboard.data import EXTENSION_KEY, DataAccess
    from queries.config import load_config

    extensions = app.server.extensions
    before = extensions[EXTENSION_KEY]
    extensions[EXTENSION_KEY] = DataAccess(path, config or load_config())
    try:
        with app.server.app_context():
            yield
    finally:
        extensions[EXTENSION_KEY] = before
