"""Where a police.uk ingest spends its time: one instrumented run, broken down stage by stage.

Every statement the ingest sends to DuckDB (and every fetch of its result) is timed through a thin
connection wrapper and labelled by the SQL file it came from; the Python steps in between are timed by
wrapping the functions the ingest modules call. Times are exclusive (a stage's time excludes the stages
it calls), so the main thread's stages add up to the total; what is left is Python glue. Work the ingest
runs in a background thread is listed apart: it overlaps the main thread, and only the main thread's wait
for it counts towards the total. The instrumented run is separate from the timed runs, so the wrappers
never touch the headline figures.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

import queries.ingest.police_uk as police_uk
import queries.placement as placement
from queries.database import write_session
from queries.ingest.runs import IngestSummary
from queries.ingest.street_files import StreetFile

# Python steps worth seeing on their own, by module and function name. Missing names are skipped, so the same
# profile also runs on older versions of the ingest (which called file_sha256 and a blank-line search
# separately; scan_file does both in one pass now).
PYTHON_STAGES = {
    police_uk: {
        "file_sha256": "sha256 of the file",
        "scan_file": "sha256 of the file and its blank lines, one pass",
        "lonlat_to_bng": "reproject to British National Grid (pyproj)",
        "column_names": "read the header",
        "accepted_row_lines": "line numbers: map rows to lines",
        "read_lines": "rejects: read raw lines",
        "record_rejects": "rejects: store",
        "start_run": "ingest_runs: open",
        "finish_run": "ingest_runs: close",
        "point_areas": "placement: point-in-polygon (prefilter, shapely)",
        "place_incidents": "placement: place the run's incidents",
    },
    placement: {
        "area_geometries": "placement: load LSOA polygons",
        "assign_points_to_areas": "placement: point-in-polygon (shapely)",
    },
}

# Which SQL file a statement came from is recognised by its text; these are the files the ingest can use.
SQL_PREFIXES = ("police_uk_", "place_", "point_placement_")
BACKGROUND = " [background thread, overlaps the main thread]"


def _sql_labels() -> dict[str, str]:
    folder = resources.files("queries").joinpath("sql")
    return {
        entry.read_text(encoding="utf-8"): f"sql: {entry.name.removesuffix('.sql')}"
        for entry in folder.iterdir()
        if entry.name.endswith(".sql") and entry.name.startswith(SQL_PREFIXES)
    }


class StageTimer:
    """Exclusive wall-clock seconds per label; nested spans are subtracted from their parent."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._main = threading.main_thread()
        self._local = threading.local()  # each thread's stack of [start, time spent in children]
        self._lock = threading.Lock()

    @contextmanager
    def span(self, label: str) -> Iterator[None]:
        stack = self._local.__dict__.setdefault("stack", [])
        if threading.current_thread() is not self._main:
            label += BACKGROUND
        stack.append([time.perf_counter(), 0.0])
        try:
            yield
        finally:
            start, children = stack.pop()
            elapsed = time.perf_counter() - start
            with self._lock:
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - children
            if stack:
                stack[-1][1] += elapsed


class _TimedResult:
    """What ``execute`` returns, with its fetches timed under the statement's label."""

    def __init__(self, result: Any, timer: StageTimer, label: str) -> None:
        self._result, self._timer, self._label = result, timer, label

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._result, name)
        if not name.startswith("fetch"):
            return attribute

        def fetch(*args: Any, **kwargs: Any) -> Any:
            with self._timer.span(f"{self._label} (fetch)"):
                return attribute(*args, **kwargs)

        return fetch


class TimedConnection:
    """A DuckDB connection whose statements are timed by the SQL file (or first words) they come from."""

    def __init__(self, con: duckdb.DuckDBPyConnection, timer: StageTimer) -> None:
        self._con, self._timer = con, timer
        self._labels = _sql_labels()

    def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        label = self._labels.get(query) or "sql: " + re.sub(r"\s+", " ", query).strip()[:60]
        with self._timer.span(label):
            result = self._con.execute(query, *args, **kwargs)
        return _TimedResult(result, self._timer, label)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _WaitTimedExecutor(ThreadPoolExecutor):
    """The ingest's background pool, with the main thread's waits for results timed."""

    timer: StageTimer

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future = super().submit(fn, *args, **kwargs)
        result, label = future.result, f"wait for background {getattr(fn, '__name__', 'work')}"

        def timed_result(timeout: float | None = None) -> Any:
            with self.timer.span(label):
                return result(timeout)

        future.result = timed_result  # type: ignore[method-assign]
        return future


@contextmanager
def _python_stages_timed(timer: StageTimer) -> Iterator[None]:
    with ExitStack() as restore:
        if hasattr(police_uk, "ThreadPoolExecutor"):
            executor = type("TimedExecutor", (_WaitTimedExecutor,), {"timer": timer})
            restore.callback(setattr, police_uk, "ThreadPoolExecutor", police_uk.ThreadPoolExecutor)
            police_uk.ThreadPoolExecutor = executor
        for module, names in PYTHON_STAGES.items():
            for name, label in names.items():
                original = getattr(module, name, None)
                if original is None:
                    continue
                setattr(module, name, _timed(original, timer, label))
                restore.callback(setattr, module, name, original)
        yield


def _timed(function: Callable[..., Any], timer: StageTimer, label: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with timer.span(label):
            return function(*args, **kwargs)

    return timed


def profile_ingest(db: Path, csv_path: Path) -> tuple[IngestSummary, dict[str, float], float]:
    """Ingest ``csv_path`` into the existing database ``db`` as the CLI would, timing every stage.

    Returns the ingest summary, seconds by stage (largest first) and the total seconds.
    """
    timer = StageTimer()
    source = StreetFile(str(csv_path), csv_path)
    started = time.perf_counter()
    with _python_stages_timed(timer), timer.span("total"):
        session = write_session(db)
        with timer.span("publish: copy the database to the staging file, connect, migrations"):
            con = session.__enter__()
        try:
            (summary,), _ = police_uk.ingest_street_files(TimedConnection(con, timer), [source])
        except BaseException as exc:
            session.__exit__(type(exc), exc, exc.__traceback__)
            raise
        with timer.span("publish: CHECKPOINT, close, rename over the served file"):
            session.__exit__(None, None, None)
    total = time.perf_counter() - started
    stages = {label: seconds for label, seconds in timer.seconds.items() if label != "total"}
    stages["python glue (everything else)"] = timer.seconds["total"]
    return summary, dict(sorted(stages.items(), key=lambda item: (BACKGROUND in item[0], -item[1]))), total
