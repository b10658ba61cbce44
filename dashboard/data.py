"""Read-only access to the database for the web app: one connection per process, results cached by argument.

Every query or analysis function the pages use is called through :meth:`DataAccess.call`, which caches the
result under the function, its arguments, the code (``code_fingerprint``) and the identity of the database file
(inode, mtime, size). When an
ingest publishes a new file the identity changes, so the cache and the connection are renewed on the next
call; no worker can serve stale data for longer than one request. Callers get a copy, so no callback can change
what another user sees.

Results are cached twice: in the process (the last few hundred, for repeats within one worker) and in a folder
shared by every gunicorn worker serving the same file, so one worker's answer is every worker's
(:class:`SharedResults`).

Each call runs inside a store of inputs kept for the file as it is (``queries/kept.py``), renewed with the cache:
the grid points the hot spots page's map, evaluation and plan all read are read once.

A callback's finished answer (the response body Dash sends, figures and tables drawn and serialised) is kept in a
second shared folder by :meth:`DataAccess.cache_answer`, under the request, the same identity of the file, the
analysis settings and the code that drew it (dashboard/answers.py decides which answers may be kept).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
import os
import pickle
import stat
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import flask
import pandas as pd
from cachelib import FileSystemCache
from pydantic import BaseModel

from queries.config import AnalysisConfig
from queries.database import connect_read, database_identity, reading_cursor
from queries.errors import CspmapError
from queries.kept import KeptInputs, keeping

EXTENSION_KEY = "cspmap"
CACHE_ENTRIES = 256
SHARED_CACHE_FILES = 400  # results kept on disk per database; the oldest go first beyond this
SHARED_CACHE_SECONDS = 24 * 3600
SHARED_ANSWER_FILES = 200  # finished callback answers kept on disk per database (a map's is up to a few 100 kB)
# The inputs a page's analyses share (queries/kept.py), by kind: how many of each are kept for one version of the
# file. One selection's incidents on the grid is 30 MB at 5M rows; counts by area are some thousands of rows (but
# millions by LSOA, category and month nationally, so few are kept); partner rows (survey responses, ASB cases) are
# a partner's table, placed; the rest are a few numbers each.
INPUTS_KEPT = {"grid points": 1, "incident counts": 4, "months loaded": 1, "partner rows": 8, "placement totals": 16}
CODE_FOLDERS = ("dashboard", "queries", "geodata", "reports")  # the code whose output a kept answer is
LOG = logging.getLogger(__name__)

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
        self._inputs = KeptInputs(INPUTS_KEPT)
        self._shared = SharedResults.for_database(path)
        self._answers = SharedResults.for_database(path, "answers", files=SHARED_ANSWER_FILES)
        self._drawn_by = _digest((config.model_dump_json(), code_fingerprint()))

    def call(self, function: Callable[..., Result], /, **arguments: Any) -> Result:
        """The (cached) result of ``function(con, **arguments)``; arguments are hashable or settings models."""
        identity = self._current_identity()
        frozen = tuple(sorted((name, _cache_key(value)) for name, value in _with_defaults(function, arguments).items()))
        # The code is in the key too: after an upgrade, a result the old code worked out is never served.
        key = (identity, code_fingerprint(), function.__module__, function.__qualname__, frozen)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return _copy(self._cache[key])
            connection = self._connection_for(identity)
            inputs = self._inputs
        found, result = self._shared.get(key)
        if not found:
            cursor = reading_cursor(connection)
            try:
                with keeping(inputs):
                    result = function(cursor, **arguments)
            finally:
                cursor.close()
            self._shared.set(key, result)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return _copy(result)

    def cached_answer(self, request: Hashable) -> bytes | None:
        """The answer kept for ``request`` by :meth:`cache_answer` for the file as it is now, or None."""
        found, answer = self._answers.get(self._answer_key(request))
        return answer if found and isinstance(answer, bytes) else None

    def cache_answer(self, request: Hashable, answer: bytes) -> None:
        """Keep ``answer`` for ``request`` until the file, the settings or the code change (or it is pruned)."""
        self._answers.set(self._answer_key(request), answer)

    def _answer_key(self, request: Hashable) -> Hashable:
        # The file's identity as it is now: an answer drawn from an older version is never served.
        return (self._current_identity(), self._drawn_by, request)

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
            self._inputs = KeptInputs(INPUTS_KEPT)
        return self._connection


def data_access() -> DataAccess:
    """The :class:`DataAccess` of the app handling the current request."""
    return flask.current_app.extensions[EXTENSION_KEY]


def _with_defaults(function: Callable[..., Any], arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments with the function's defaults filled in, so that a call leaving one out and a call passing its
    default share one result (the confidence page asked for its survey shares with ``months=None`` and without,
    and worked them out twice)."""
    signature = _signature(function)
    bound = signature.bind_partial(**arguments)
    bound.apply_defaults()
    named = dict(bound.arguments)
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:  # ``**options``: its arguments, one by one
            named.update(named.pop(name, {}))
    return named


_signature = functools.lru_cache(maxsize=256)(inspect.signature)


def _cache_key(value: Any) -> Hashable:
    # Settings models hold dicts, so they are keyed by their (deterministic) JSON.
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, value.model_dump_json())
    return value


def _copy(result: Any) -> Any:
    if isinstance(result, pd.DataFrame):
        return result.copy()
    # Every result can be pickled (the shared folder keeps them so), and a pickle round trip copies nested data
    # such as area outlines' GeoJSON several times faster than copy.deepcopy (0.03 s against 0.21 s for the 348
    # CSPs of England and Wales).
    return pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


class SharedResults:
    """Results on disk in a folder private to this user, shared by every process serving the same database.

    Keys hold the database file's identity, so a result of an older file is never served; old files are
    pruned by count and age. The folder is ``$CSPMAP_CACHE_DIR`` (else one under the system's temporary
    folder), one subfolder per database path; it must belong to this user and be closed to everyone else,
    because a cached result is a pickle and reading one runs code.
    """

    def __init__(self, folder: Path | None, files: int = SHARED_CACHE_FILES) -> None:
        self._store = (
            None
            if folder is None
            else FileSystemCache(str(folder), threshold=files, default_timeout=SHARED_CACHE_SECONDS, mode=0o600)
        )

    @classmethod
    def for_database(cls, db_path: Path, kind: str = "", files: int = SHARED_CACHE_FILES) -> SharedResults:
        """The shared folder of the database at ``db_path``; each ``kind`` of entry has its own, pruned apart."""
        name = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
        return cls.named(f"{name}-{kind}" if kind else name, files)

    @classmethod
    def named(cls, name: str, files: int = SHARED_CACHE_FILES) -> SharedResults:
        """The shared folder ``name``, for entries that do not depend on any database."""
        root = Path(os.environ.get("CSPMAP_CACHE_DIR") or Path(tempfile.gettempdir()) / f"cspmap-cache-{os.getuid()}")
        folder = root / name
        try:
            for part in (root, folder):
                part.mkdir(mode=0o700, exist_ok=True)
                _require_private(part)
        except OSError as exc:
            LOG.warning("Results are cached per process only: %s", exc)
            return cls(None)
        return cls(folder, files)

    def get(self, key: Hashable) -> tuple[bool, Any]:
        """(True, result) when another process (or this one) stored it, else (False, None)."""
        if self._store is None:
            return False, None
        name = _digest(key)
        try:
            if self._store.has(name):
                return True, self._store.get(name)
        except Exception as exc:  # a half-written or unreadable file is a miss, never an error for the user
            LOG.warning("Ignoring an unreadable cached result: %s", exc)
        return False, None

    def set(self, key: Hashable, result: Any) -> None:
        if self._store is None:
            return
        try:
            self._store.set(_digest(key), result)
        except Exception as exc:  # a full disk or an unpicklable result only costs the sharing
            LOG.warning("Could not share a cached result: %s", exc)


@functools.cache
def code_fingerprint() -> str:
    """A digest of the app's own source (Python, SQL, settings), the same in every worker of one checkout.

    Kept answers and shared results are keyed by it, so a changed figure or query is drawn afresh after a restart,
    not served from what the old code drew."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".sql", ".toml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _require_private(folder: Path) -> None:
    info = folder.stat()
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"{folder} must belong to this user and be closed to others (chmod 700)")


def _digest(key: Hashable) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()
