"""Read-only access to the database for the web app: one connection per process, results cached by argument.

Every query or analysis function the pages use is called through :meth:`DataAccess.call`, which caches the
result under the function, its arguments and the identity of the database file (inode, mtime, size). When an
ingest publishes a new file the identity changes, so the cache and the connection are renewed on the next
call; several gunicorn workers each keep their own, and none can serve stale data for longer than one request.
Callers get a copy, so no callback can change what another user sees.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import flask
import pandas as pd
from pydantic import BaseModel

from queries.config import AnalysisConfig
from queries.database import connect_read, database_identity, reading_cursor
from queries.errors import CspmapError

EXTENSION_KEY = "cspmap"
CACHE_ENTRIES = 256

Result = TypeVar("Result")


class DataAccess:
    """Calls ``function(connection, **arguments)`` against one database file, with caching.

    ``config`` is the analysis settings (queries/defaults.toml and any user file) the pages pass on.
    """

    def __init__(self, path: Path, config: AnalysisConfig) -> None:
        self.path = path
        self.config = config
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int, int] | None = None
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()

    def call(self, function: Callable[..., Result], /, **arguments: Any) -> Result:
        """The (cached) result of ``function(con, **arguments)``; arguments are hashable or settings models."""
        identity = self._current_identity()
        frozen = tuple(sorted((name, _cache_key(value)) for name, value in arguments.items()))
        key = (identity, function.__module__, function.__qualname__, frozen)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return _copy(self._cache[key])
            cursor = reading_cursor(self._connection_for(identity))
        try:
            result = function(cursor, **arguments)
        finally:
            cursor.close()
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return _copy(result)

    def _current_identity(self) -> tuple[int, int, int]:
        try:
            return database_identity(self.path)
        except FileNotFoundError:
            raise CspmapError(
                f"There is no database at {self.path}. Build the demo with `cspmap demo --db {self.path}`."
            ) from None

    def _connection_for(self, identity: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
        # Called with the lock held. An old connection is dropped, not closed: a request still using a
        # cursor on it finishes on the old file, which stays readable until the last cursor goes. The new
        # connection is a fresh DuckDB instance (see connect_read), so it really reads the new file.
        if self._connection is None or identity != self._identity:
            self._connection = connect_read(self.path)
            self._identity = identity
            self._cache.clear()
        return self._connection


def data_access() -> DataAccess:
    """The :class:`DataAccess` of the app handling the current request."""
    return flask.current_app.extensions[EXTENSION_KEY]


def _cache_key(value: Any) -> Hashable:
    # Settings models hold dicts, so they are keyed by their (deterministic) JSON.
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, value.model_dump_json())
    return value


def _copy(result: Any) -> Any:
    if isinstance(result, pd.DataFrame):
        return result.copy()
    return copy.deepcopy(result)
