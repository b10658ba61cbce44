"""Benchmark the police.uk ingest end to end against DuckDB's own CSV load of the same file.

    python -m bench.bench_ingest [--rows 1000000] [--repeats 3]

Generates the scaled file if it is missing (bench/generate_police_uk.py), then, in this process and
interleaved so that machine noise hits both alike:

- baseline: a fresh DuckDB file, ``CREATE TABLE t AS SELECT * FROM read_csv('<file>')``, closed (the time
  includes connecting and the checkpoint on close, so the table is on disk, as the ingest's is);
- cspmap: what ``cspmap ingest police-uk <file>`` does to a database that already holds the demo's LSOA
  boundaries (loaded beforehand, not timed): copy the database to its staging file, ``ingest_street_files``
  inside ``write_session``, CHECKPOINT and rename the copy over the original.

The headline is the ratio of the medians. Peak resident memory is measured for each in a fresh child
process, beside a child that only imports what the ingest imports (the floor under the cspmap figure). The
child reports its ``VmHWM`` (peak resident set of its own process image) as it exits: the child's
``ru_maxrss`` from ``wait4``/``RUSAGE_CHILDREN`` is no good here, because Linux folds in the memory of the
process it was forked from (this one, already large) before it ran Python afresh. One more, instrumented
ingest breaks the time down by stage (bench/ingest_stages.py). The table is printed and the figures written
to bench/results/ as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
LSOA_BOUNDARIES = ROOT / "demo" / "data" / "lsoa-2011-calderdale-kirklees.geojson"
TARGET_RATIO = 2.0
TARGET_RSS_BYTES = 2 * 1024**3


def duckdb_config() -> dict[str, str]:
    """DuckDB alone, for the baseline: its own defaults, with only the limits the environment gives cspmap too
    (``$CSPMAP_DUCKDB_MEMORY``, ``$CSPMAP_DUCKDB_THREADS``), not cspmap's default memory limit."""
    names = {"memory_limit": "CSPMAP_DUCKDB_MEMORY", "threads": "CSPMAP_DUCKDB_THREADS"}
    return {setting: os.environ[name] for setting, name in names.items() if os.environ.get(name)}


def load_baseline(csv_path: Path, db: Path) -> dict[str, Any]:
    """DuckDB's own load of the file into a table of a fresh database file; seconds and rows."""
    _remove_database(db)
    started = time.perf_counter()
    con = duckdb.connect(str(db), config=duckdb_config())
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)])
    created = time.perf_counter()
    (rows,) = con.execute("SELECT count(*) FROM t").fetchone()  # not timed
    closing = time.perf_counter()
    con.close()
    finished = time.perf_counter()
    return {"seconds": created - started + finished - closing, "create_table_seconds": created - started, "rows": rows}


def prepare_boundaries(db: Path) -> None:
    """A cspmap database holding only the demo's LSOA boundaries (what an ingest is placed against)."""
    from queries.database import write_session
    from queries.ingest.areas import ingest_boundaries

    _remove_database(db)
    with write_session(db, fresh=True) as con:
        ingest_boundaries(con, LSOA_BOUNDARIES, "lsoa")


def ingest_cspmap(csv_path: Path, db: Path) -> dict[str, Any]:
    """``cspmap ingest police-uk`` of the file into ``db``, timed from opening to publishing; seconds and rows."""
    from queries.database import write_session
    from queries.ingest.police_uk import ingest_street_files
    from queries.ingest.street_files import StreetFile

    source = StreetFile(str(csv_path), csv_path)
    started = time.perf_counter()
    with write_session(db) as con:
        (summary,), _ = ingest_street_files(con, [source])
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows_read": summary.rows_read,
        "rows_stored": summary.rows_stored,
        "rows_rejected": summary.rows_rejected,
    }


def child_peak_rss(mode: str, csv_path: Path, db: Path) -> dict[str, Any]:
    """Run one load in a fresh Python process; its peak resident set size (bytes) and what it reported."""
    command = [sys.executable, "-m", "bench.bench_ingest", "--child", mode, "--file", str(csv_path), "--db", str(db)]
    finished = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if finished.returncode != 0:
        raise SystemExit(f"The {mode} child failed (exit code {finished.returncode}).")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def peak_rss_bytes() -> int:
    """This process's peak resident set size since it started running Python (Linux ``VmHWM``)."""
    for line in _read("/proc/self/status").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise SystemExit("Peak memory is read from /proc/self/status, which this system does not have.")


def run_child(mode: str, csv_path: Path, db: Path) -> None:
    if mode == "baseline":
        result = load_baseline(csv_path, db)
    elif mode == "cspmap":
        result = ingest_cspmap(csv_path, db)
    else:  # imports only: the floor under the cspmap child's figure
        import queries.ingest.areas
        import queries.ingest.police_uk  # noqa: F401

        result = {}
    print(json.dumps({**result, "peak_rss_bytes": peak_rss_bytes()}))


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import numpy
    import pandas
    import pyproj
    import shapely

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), 0
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(memory_kib / 1024**2, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "shapely": shapely.__version__,
        "pyproj": pyproj.__version__,
        "duckdb_settings": duckdb_config() or "defaults",
        "cspmap_duckdb_settings": _cspmap_settings(),
    }


def _cspmap_settings() -> dict[str, str]:
    """The settings of every connection cspmap opens (a memory limit unless the environment gives one)."""
    from queries.database import duckdb_settings

    return duckdb_settings()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the generated file (default 1000000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--no-profile", action="store_true", help="skip the instrumented stage-by-stage run")
    parser.add_argument("--child", choices=["baseline", "cspmap", "imports"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.file, args.db)
        return
    if args.rows < 1 or args.repeats < 1:
        parser.error("--rows and --repeats must be at least 1")
    # Imported here, not at the top, so that the baseline's child process loads nothing but DuckDB.
    from bench.generate_police_uk import DEFAULT_OUT, bench_file_path, generate

    csv_path = bench_file_path(args.rows, DEFAULT_OUT, args.seed)
    if not csv_path.exists():
        print(f"Generating {csv_path} ...", flush=True)
        generate(args.rows, DEFAULT_OUT, args.seed)
    work = DEFAULT_OUT / f"work-{os.getpid()}"  # beside the file: same disk, git-ignored
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = benchmark(csv_path, work, args.rows, args.repeats, profile=not args.no_profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"ingest-{args.rows}-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    print(f"\nWritten to {out.relative_to(ROOT)}")


def benchmark(csv_path: Path, work: Path, rows: int, repeats: int, *, profile: bool) -> dict[str, Any]:
    template = work / "boundaries.duckdb"
    prepare_boundaries(template)
    load_before = os.getloadavg()

    baseline_runs, cspmap_runs = [], []
    for repeat in range(repeats):
        # Alternate which goes first, so drift during the run does not favour either.
        order = ("baseline", "cspmap") if repeat % 2 == 0 else ("cspmap", "baseline")
        for name in order:
            db = work / f"{name}.duckdb"
            if name == "baseline":
                run = load_baseline(csv_path, db)
                baseline_runs.append(run)
            else:
                _copy_database(template, db)
                run = ingest_cspmap(csv_path, db)
                cspmap_runs.append(run)
            _remove_database(db)
            print(f"  run {repeat + 1}/{repeats} {name:8} {run['seconds']:.2f} s", flush=True)

    memory = {"imports": child_peak_rss("imports", csv_path, work / "unused.duckdb")}
    memory["baseline"] = child_peak_rss("baseline", csv_path, work / "baseline-child.duckdb")
    _remove_database(work / "baseline-child.duckdb")
    _copy_database(template, work / "cspmap-child.duckdb")
    memory["cspmap"] = child_peak_rss("cspmap", csv_path, work / "cspmap-child.duckdb")
    _remove_database(work / "cspmap-child.duckdb")

    stages = None
    if profile:
        from bench.ingest_stages import profile_ingest

        _copy_database(template, work / "profiled.duckdb")
        summary, seconds, total = profile_ingest(work / "profiled.duckdb", csv_path)
        stages = {"total_seconds": total, "rows_stored": summary.rows_stored, "seconds": seconds}

    baseline_median = statistics.median(run["seconds"] for run in baseline_runs)
    cspmap_median = statistics.median(run["seconds"] for run in cspmap_runs)
    last = cspmap_runs[-1]
    return {
        "command": f"python -m bench.bench_ingest --rows {rows} --repeats {repeats}",
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_before_after": [list(load_before), list(os.getloadavg())],
        "file": {"path": str(csv_path.relative_to(ROOT)), "bytes": csv_path.stat().st_size, "rows": rows},
        "baseline": {"median_seconds": baseline_median, "runs": baseline_runs},
        "cspmap": {"median_seconds": cspmap_median, "runs": cspmap_runs},
        "ratio": cspmap_median / baseline_median,
        "target_ratio": TARGET_RATIO,
        "rows": {key: last[key] for key in ("rows_read", "rows_stored", "rows_rejected")},
        "peak_rss_bytes": {name: child["peak_rss_bytes"] for name, child in memory.items()},
        "target_peak_rss_bytes": TARGET_RSS_BYTES,
        "children": memory,
        "stages": stages,
    }


def print_table(result: dict[str, Any]) -> None:
    rss = result["peak_rss_bytes"]
    base, ours = result["baseline"], result["cspmap"]
    rows = result["rows"]
    print()
    print(f"{result['file']['path']}: {result['file']['rows']:,} rows, {result['file']['bytes'] / 1e6:.0f} MB")
    host = result["machine"]
    print(f"machine: {host['cpus']} CPUs, {host['cpu_model']}, DuckDB {host['duckdb']}")
    print()
    print(f"{'':34}{'median s':>10}{'runs (s)':>26}{'peak RSS':>12}")
    for label, side, key in (
        ("DuckDB read_csv -> table", base, "baseline"),
        ("cspmap ingest police-uk", ours, "cspmap"),
    ):
        runs = " ".join(f"{run['seconds']:.2f}" for run in side["runs"])
        print(f"{label:34}{side['median_seconds']:>10.2f}{runs:>26}{rss[key] / 2**20:>9.0f} MiB")
    print(f"{'(python + imports only)':34}{'':>10}{'':>26}{rss['imports'] / 2**20:>9.0f} MiB")
    verdict = "meets" if result["ratio"] <= TARGET_RATIO else "misses"
    print(f"\nratio {result['ratio']:.2f} ({verdict} the target of {TARGET_RATIO:.1f})")
    print(f"rows read {rows['rows_read']:,}, stored {rows['rows_stored']:,}, rejected {rows['rows_rejected']:,}")
    if result["stages"]:
        print(f"\nStages of one instrumented ingest ({result['stages']['total_seconds']:.2f} s):")
        for label, seconds in result["stages"]["seconds"].items():
            if seconds >= 0.005:
                print(f"  {seconds:7.3f}  {label}")


def _copy_database(source: Path, target: Path) -> None:
    _remove_database(target)
    shutil.copyfile(source, target)


def _remove_database(db: Path) -> None:
    for suffix in ("", ".wal", ".lock", ".ingest", ".ingest.wal"):
        path = db.with_name(db.name + suffix)
        path.unlink(missing_ok=True)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


if __name__ == "__main__":
    main()
