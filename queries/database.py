"""Open the cspmap database: many readers at once, or one writer that never blocks them.

DuckDB lets one process write a file or many processes read it, never both. The dashboard's workers must
keep reading while an ingest runs, so a writer never opens the served file: it copies it to
``<db>.ingest``, writes there, and renames the copy over the original when it has finished (an atomic
replace). Readers that already have the old file open keep a consistent view; the next connection opened
sees the new file. A lock file keeps writers to one at a time. If the writer fails, the copy is thrown away
and the database is exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from queries.errors import CspmapError
from queries.sql_files import load_sql, migration_files

DEFAULT_DB_NAME = "cspmap.duckdb"
# The name a read-only connection gives the attached file. ATTACH, USE and CHECKPOINT stay inline below: they
# name this alias, which SQL cannot take as a bound parameter, and are connection plumbing, not queries.
READ_ALIAS = "cspmap"


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: the path given, else ``$CSPMAP_DB``, else ``./cspmap.duckdb``."""
    chosen = path or os.environ.get("CSPMAP_DB") or DEFAULT_DB_NAME
    return Path(chosen).expanduser()


# What DuckDB may hold in memory in any cspmap process unless ``$CSPMAP_DUCKDB_MEMORY`` says otherwise (DuckDB's own
# default is 80% of the machine's memory, for each process). An ingest then stays within about 2 GB whatever the
# file, and a national analysis command within about 2 GB (priorities over 20M rows took 5.6 GB without it): what
# does not fit goes to a temporary folder (beside the working copy, for a writer), at some cost in time
# (docs/performance.md).
MEMORY_LIMIT = "1GB"


def duckdb_settings() -> dict[str, str]:
    """DuckDB's memory limit (``$CSPMAP_DUCKDB_MEMORY``, else ``MEMORY_LIMIT``) and thread limit
    (``$CSPMAP_DUCKDB_THREADS``, else DuckDB's default: one a core) for every connection cspmap opens."""
    settings = {"memory_limit": os.environ.get("CSPMAP_DUCKDB_MEMORY") or MEMORY_LIMIT}
    if threads := os.environ.get("CSPMAP_DUCKDB_THREADS"):
        settings["threads"] = threads
    return settings


def database_identity(path: Path) -> tuple[int, int, int]:
    """Changes whenever a writer publishes a new version of the file (used as a cache key)."""
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def connect_read(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to an existing, up-to-date cspmap database.

    The file is attached to a new in-memory DuckDB instance rather than opened with ``duckdb.connect(path)``:
    DuckDB reuses an instance already open on the same path in this process, which after a writer has
    published a new file would still be the old one.
    """
    if not path.exists():
        raise CspmapError(
            f"There is no database at {path}. Build the demo with `cspmap demo`, "
            "or load your own data with `cspmap ingest ...`."
        )
    con = in_memory_instance()
    try:
        con.execute(f"ATTACH $path AS {READ_ALIAS} (READ_ONLY)", {"path": str(path)})
        con.execute(f"USE {READ_ALIAS}")
        _require_current_schema(con, path)
    except duckdb.Error as exc:
        con.close()
        raise CspmapError(f"Could not open {path} for reading: {exc}") from exc
    except CspmapError:
        con.close()
        raise
    return con


def in_memory_instance() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB instance with cspmap's limits (:func:`duckdb_settings`) and a spill folder of its own.

    DuckDB names its spill files alike in every instance and puts an in-memory instance's in ``.tmp`` under the
    working directory, so two workers spilling at once would overwrite each other's (duckdb/duckdb#15173). The
    folder is private (``tempfile.mkdtemp``) and removed when the connection is garbage-collected.
    """
    spill = tempfile.mkdtemp(prefix="cspmap-duckdb-")
    con = duckdb.connect(config={**duckdb_settings(), "temp_directory": spill})
    weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
    return con


def reading_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor on a :func:`connect_read` connection for use in another thread, reading the same file."""
    cursor = con.cursor()
    cursor.execute(f"USE {READ_ALIAS}")
    return cursor


@contextmanager
def write_session(path: Path, *, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the database, published over ``path`` when the block succeeds.

    With ``fresh`` the copy starts empty, so the published file holds only what the block writes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".ingest")
    with _writer_lock(path):
        _copy_for_writing(path if not fresh else None, staging)
        try:
            con = duckdb.connect(str(staging), config=duckdb_settings())
        except duckdb.Error as exc:
            _remove(staging)
            raise CspmapError(f"Could not open a working copy of {path}: {exc}") from exc
        try:
            apply_migrations(con)
            yield con
            con.execute("CHECKPOINT")
            sparse = _mostly_free(con)
        except BaseException:
            con.close()
            _remove(staging)
            raise
        con.close()
        if sparse:
            _compact(staging)
        _remove(_wal(path))
        os.replace(staging, path)


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the schema up to date; returns the versions applied now."""
    con.execute(load_sql("migrations_table"))
    applied = {version for (version,) in con.execute(load_sql("migrations_applied")).fetchall()}
    newly_applied = []
    for version, name, sql in migration_files():
        if version in applied:
            continue
        # Transaction control and the migration's own file stay as they are: each migration and its record are
        # applied together or not at all.
        con.execute("BEGIN TRANSACTION")
        con.execute(sql)
        con.execute(load_sql("migrations_record"), {"version": version, "name": name})
        con.execute("COMMIT")
        newly_applied.append(version)
    return newly_applied


def _require_current_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    latest = migration_files()[-1][0]
    try:
        (current,) = con.execute(load_sql("migrations_current")).fetchone()
    except duckdb.CatalogException as exc:
        raise CspmapError(f"{path} is not a cspmap database (it has no schema_migrations table).") from exc
    if current is None or current < latest:
        raise CspmapError(
            f"{path} was made by an older cspmap (schema {current}; this version needs {latest}). "
            f"Upgrade it with `cspmap migrate --db {path}`."
        )
    if current > latest:
        raise CspmapError(f"{path} was made by a newer cspmap (schema {current}); upgrade cspmap to read it.")


# DuckDB keeps the blocks that deleted rows held (CHECKPOINT reuses them only now and then; VACUUM does not free
# them), so re-ingesting the same file grew the database by up to 80%. When more than this share of the file's
# blocks is free, the published file is a fresh copy of the database instead.
FREE_SHARE_TO_COMPACT = 0.1


def _mostly_free(con: duckdb.DuckDBPyConnection) -> bool:
    (total, free) = con.execute("SELECT total_blocks, free_blocks FROM pragma_database_size()").fetchone()
    return total > 0 and free / total > FREE_SHARE_TO_COMPACT


def _compact(staging: Path) -> None:
    """Rewrite ``staging`` as a fresh copy of itself (every table, view and sequence), holding no free blocks."""
    compacted = staging.with_name(staging.name + ".compact")
    _remove(compacted)
    # In memory, DuckDB would spill to ./.tmp, wherever the command was started: beside the working copy instead.
    con = duckdb.connect(config={**duckdb_settings(), "temp_directory": str(compacted) + ".tmp"})
    try:
        con.execute("ATTACH $path AS old (READ_ONLY)", {"path": str(staging)})
        con.execute("ATTACH $path AS new", {"path": str(compacted)})
        con.execute("COPY FROM DATABASE old TO new")
        con.execute("DETACH new")
    except duckdb.Error:
        _remove(compacted)  # the uncompacted copy is still a good database: publish it as it is
        return
    finally:
        con.close()
    os.replace(compacted, staging)


def _copy_for_writing(path: Path | None, staging: Path) -> None:
    _remove(staging)
    _remove(_wal(staging))
    if path is not None and path.exists():
        shutil.copyfile(path, staging)
        # A WAL beside the served file means something other than cspmap wrote to it and did not
        # checkpoint; carry it over so the copy replays it.
        if _wal(path).exists():
            shutil.copyfile(_wal(path), _wal(staging))


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as handle:
        try:
            _lock_exclusively(handle.fileno())
        except OSError as exc:
            raise CspmapError(
                f"Another cspmap command is writing to {path}. Wait for it to finish, then try again."
            ) from exc
        yield


if os.name == "nt":  # pragma: no cover - exercised only on Windows
    import msvcrt

    def _lock_exclusively(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock_exclusively(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
