"""Calling a page callback as a plain function, inside an app context that reads a chosen database: for the
profile, data quality, reports and hot-spot layer tests, which check the components a callback returns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def call_callback(callback, *args, triggered_by: str | None = None):
    """Call a page callback directly, as Dash would when component ``triggered_by`` (or nothing) changed."""
    from contextvars import copy_context

    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    def with_context():
        triggered = [{"prop_id": f"{triggered_by}.value"}] if triggered_by else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return callback(*args)

    return copy_context().run(with_context)


@contextmanager
def reading_database(path: Path) -> Iterator[None]:
    """Page callbacks inside this block read the database at ``path`` with the default settings."""
    import flask

    from dashboard.data import EXTENSION_KEY, DataAccess
    from queries.config import load_config

    app = flask.Flask("test")
    app.extensions[EXTENSION_KEY] = DataAccess(path, load_config())
    with app.app_context():
        yield
