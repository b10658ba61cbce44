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


@contextmanager
def serving(path: Path) -> Iterator[None]:
    """Page callbacks inside this block read the database at ``path`` (as ``in_demo_app`` does for the demo)."""
    import flask

    from dashboard.data import EXTENSION_KEY, DataAccess
    from queries.config import load_config

    app = flask.Flask("test")
    app.extensions[EXTENSION_KEY] = DataAccess(path, load_config())
    with app.app_context():
        yield


def run_callback(callback, *args, triggered_by: str | None = None):
    """Call a page callback directly, as Dash would when component ``triggered_by`` (or nothing) changed."""
    from contextvars import copy_context

    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    def with_context():
        triggered = [{"prop_id": f"{triggered_by}.value"}] if triggered_by else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return callback(*args)

    return copy_context().run(with_context)
