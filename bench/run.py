"""Measure cspmap against the targets of issue 10 and regenerate the measured part of docs/performance.md.

    python -m bench.run [--sizes 1000000,5000000,20000000] [--repeats 3] [--national 2000000]
                        [--out docs/performance.md]

Once, on the demo: the first page load's bytes over the wire. Then for each size: a police.uk file of that many
rows (bench/generate_police_uk.py, kept for the next run), loaded by ``cspmap ingest police-uk`` onto a copy of
the demo database (its boundaries, population, neighbourhoods and partner data; the file's months replace the
demo's), and on that database:

- ingest: the median of ``--repeats`` ingests against the median of DuckDB's own ``read_csv`` of the file
  (interleaved, in this process; bench/bench_ingest.py), and the peak memory of the real ``cspmap ingest``
  command in a child process against that of the ``read_csv`` child;
- every page's first load over HTTP (Flask's test client, bench/dash_client.py), each time with a fresh result
  cache: the p95 of each first callback (uncached) and of the same request repeated (cached), against the p95
  of a plain DuckDB count of incidents by LSOA for the page's selection; and the hot spots page's whole load;
- ``cspmap evaluate``, ``patrol`` and ``priorities`` as child processes: wall time and peak memory, against a
  child that opens the database and runs that count;
- a serving process's peak memory after one pass over every page, against one that has only built the app.

Then, unless ``--national 0``, the national section (bench/national.py): ``--national`` rows generated over every
LSOA of England and Wales, the database built with the README's commands, and issue 15's figures.

Peak memory is a child's own ``VmHWM`` (see bench/bench_ingest.py for why not ``ru_maxrss``). Every missed
target gets a cProfile of the call that missed. The figures go to bench/results/ as JSON and, between the
markers, into ``--out``. Nothing else in the checkout is written: data and databases go to bench/data/.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from bench import bench_ingest
from bench.targets import met, target_for

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
DEFAULT_SIZES = (1_000_000, 5_000_000, 20_000_000)
CLI_COMMANDS = ("evaluate", "patrol", "priorities")
# The baseline of a page: DuckDB's plain count of the selection's incidents by LSOA, on the same connection kind.
SELECTION_COUNT = """
SELECT area_code, count(*) AS incidents
FROM incidents
WHERE ($months IS NULL OR list_contains($months, month))
  AND ($categories IS NULL OR list_contains($categories, category))
GROUP BY area_code
"""


def main(argv: list[str] | None = None) -> None:
    # No abbreviations: a child's own arguments (a CLI command's) must never be taken for these.
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="rows per size, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each figure (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md", help="the page to update")
    parser.add_argument(
        "--national", type=int, default=2_000_000, help="rows for the national section (0: none; default 2000000)"
    )
    parser.add_argument("--national-months", type=int, default=12, help="months of the national data (default 12)")
    parser.add_argument("--render", type=Path, metavar="JSON", help="only rewrite --out from a saved results file")
    parser.add_argument("--child", choices=["cli", "serve", "app", "count"], help=argparse.SUPPRESS)
    parser.add_argument("--child-db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        run_child(args.child, args.child_db, args.child_report, rest, profile=args.child_profile)
        return
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.render:
        write_page(args.out, json.loads(args.render.read_text()))
        return
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    if args.repeats < 1 or min(sizes) < 1:
        parser.error("--repeats and every size must be at least 1")
    command = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    print(f"bench.run: data and databases in {DATA.relative_to(ROOT)}/, results in {RESULTS.relative_to(ROOT)}/")
    print(f"           (both git-ignored); the page written is {args.out}", flush=True)

    started = time.perf_counter()
    load_before = os.getloadavg()
    run_dir = DATA / f"run-{os.getpid()}"
    run_dir.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = RESULTS / f"run-{datetime.now():%Y%m%d-%H%M%S}.json"
    result: dict[str, Any] = {
        "command": command,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": bench_ingest.machine(),
        "repeats": args.repeats,
        "sizes": [],
    }
    try:
        demo = build_demo_database(run_dir / "demo.duckdb")
        result["demo"] = measure_first_load_bytes(demo, run_dir)
        for rows in sizes:
            result["sizes"].append(measure_size(rows, demo, args.repeats, run_dir))
            # Saved after every size, so that a long run that fails late keeps what it measured (see --render).
            saved.write_text(json.dumps(result, indent=2, default=str) + "\n")
        if args.national:
            from bench.national import measure_national

            result["national"] = measure_national(args.national, args.national_months, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    result["seconds"] = time.perf_counter() - started
    result["load_average_before_after"] = [list(load_before), list(os.getloadavg())]
    saved.write_text(json.dumps(result, indent=2, default=str) + "\n")
    write_page(args.out, result)
    print(f"\nbench.run: {result['seconds'] / 60:.1f} min; figures in {saved.relative_to(ROOT)}, page {args.out}")


def write_page(page: Path, result: dict[str, Any]) -> None:
    from bench.perf_report import render, replace_generated_section

    replace_generated_section(page, render(result))


# --- the demo: the database every size starts from, and the first page load's weight -----------------------------


def build_demo_database(db: Path) -> Path:
    from demo.build import build_demo

    print("Building the demo database ...", flush=True)
    build_demo(db)
    return db


def measure_first_load_bytes(db: Path, run_dir: Path) -> dict[str, Any]:
    """Bytes over the wire (compressed as Chromium asks) of the first load of the home page, by response, and the
    judged total."""
    from bench.dash_client import DashClient, wire_responses

    with fresh_cache(run_dir):
        client = DashClient(_create_app(db))
        responses = wire_responses(client, "/")
    total = sum(size for _, size in responses)
    figure = _figure("first load bytes", "home page, first load (compressed)", total, None, "wire bytes", rows=0)
    largest = sorted(responses, key=lambda item: -item[1])
    if figure["met"] is False:
        figure["profile"] = "\n".join(f"{size:>12,}  {url}" for url, size in largest[:10])
        figure["profile_of"] = "the load (its ten largest responses, bytes over the wire)"
    print(f"First load of / on the demo: {total:,} bytes in {len(responses)} responses", flush=True)
    return {"figures": [figure, measure_map_drawn(db)], "responses": largest}


def measure_map_drawn(db: Path, timeout: float = 60.0) -> dict[str, Any]:
    """Seconds until the home page's map is drawn and the page idle, in headless Chromium on a fresh server with an
    empty results cache (bench/national_pages.py; the slowest of three loads)."""
    from bench.national_pages import measure_page

    loads = [measure_page(db, "/", timeout, None) for _ in range(3)]
    seconds = [load.idle_s if load.idle_s is not None else timeout for load in loads]
    figure = _figure("map drawn", "home page, map drawn and idle (Chromium)", max(seconds), None, "seconds", rows=0)
    figure["runs"] = seconds
    if figure["met"] is False:  # the time is the browser's: what it loaded, not a cProfile
        figure["profile_of"] = "the loads in Chromium (the browser's time, so no cProfile: what each load fetched)"
        figure["profile"] = "\n".join(
            f"{load.idle_s if load.idle_s is not None else 'not idle'} s: {load.bytes:,} bytes in {load.requests} "
            f"requests, the largest {load.biggest_kb:,} KB; {load.polygons} polygons; server peak {load.peak_mb} MB"
            for load in loads
        )
    print(f"Map of / drawn and idle in Chromium: {', '.join(f'{value:.1f}' for value in seconds)} s", flush=True)
    return figure


# --- one size -----------------------------------------------------------------------------------------------------


def measure_size(rows: int, demo: Path, repeats: int, run_dir: Path) -> dict[str, Any]:
    from bench.generate_police_uk import DEFAULT_OUT, bench_file_path, generate

    print(f"\n== {rows:,} rows ==", flush=True)
    csv_path = bench_file_path(rows, DEFAULT_OUT)
    generated_seconds = None
    if not csv_path.exists():
        print(f"Generating {csv_path.relative_to(ROOT)} ...", flush=True)
        started = time.perf_counter()
        generate(rows, DEFAULT_OUT)
        generated_seconds = time.perf_counter() - started
    work = run_dir / f"size-{rows}"
    work.mkdir()
    db = work / "bench.duckdb"
    shutil.copyfile(demo, db)
    try:
        figures: list[dict[str, Any]] = []
        ingested = child_run("cli", db, ["ingest", "police-uk", str(csv_path), "--db", str(db)])
        print(f"cspmap ingest police-uk: {ingested['wall_seconds']:.1f} s", flush=True)
        figures += measure_ingest(csv_path, demo, work, repeats, ingested, rows)
        figures += measure_pages(db, repeats, work, rows)
        figures += measure_cli(db, repeats, rows)
        figures += measure_serving(db, work, rows)
        add_profiles(figures, db, work, csv_path, demo)
        con = connect_for_baseline(db)
        incidents = _incident_count(con)
        con.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "rows": rows,
        "incidents": incidents,
        "file": {"path": str(csv_path.relative_to(ROOT)), "bytes": csv_path.stat().st_size},
        "generated_seconds": generated_seconds,
        "figures": figures,
    }


def measure_ingest(
    csv_path: Path, demo: Path, work: Path, repeats: int, ingested: dict[str, Any], rows: int
) -> list[dict[str, Any]]:
    """The ingest's time against ``read_csv`` (interleaved, medians) and the real command's peak memory."""
    baseline_runs, cspmap_runs = [], []
    for repeat in range(repeats):
        order = ("baseline", "cspmap") if repeat % 2 == 0 else ("cspmap", "baseline")  # drift hits both alike
        for side in order:
            target = work / f"ingest-{side}.duckdb"
            if side == "baseline":
                baseline_runs.append(bench_ingest.load_baseline(csv_path, target)["seconds"])
            else:
                bench_ingest._copy_database(demo, target)
                cspmap_runs.append(bench_ingest.ingest_cspmap(csv_path, target)["seconds"])
            bench_ingest._remove_database(target)
    baseline_memory = bench_ingest.child_peak_rss("baseline", csv_path, work / "ingest-child.duckdb")
    bench_ingest._remove_database(work / "ingest-child.duckdb")
    seconds, baseline = statistics.median(cspmap_runs), statistics.median(baseline_runs)
    print(f"ingest {seconds:.2f} s, read_csv {baseline:.2f} s (medians of {repeats})", flush=True)
    return [
        _figure("ingest seconds", "ingest, median", seconds, baseline, "seconds", rows, runs=cspmap_runs),
        _figure(
            "ingest memory",
            "ingest, peak memory",
            ingested["peak_rss_bytes"],
            baseline_memory["peak_rss_bytes"],
            "bytes",
            rows,
        ),
    ]


def measure_pages(db: Path, repeats: int, work: Path, rows: int) -> list[dict[str, Any]]:
    """Each page's first load, ``repeats`` times with a fresh result cache, then the same requests repeated."""
    from bench.dash_client import PAGES_CALLBACK, DashClient

    cache_root = work / "cache"
    cache_root.mkdir(mode=0o700)
    app = _create_app(db)
    client = DashClient(app)
    page_callbacks = {callback.name for callback in client.callbacks} - {f"{PAGES_CALLBACK}.children"}
    with fresh_cache(cache_root):
        fresh_results(app)
        addresses = page_addresses(client)
    count = connect_for_baseline(db)
    figures = []
    for path, query in addresses:
        uncached, cached, loads, baselines = defaultdict(list), defaultdict(list), [], []
        for _ in range(repeats):
            with fresh_cache(cache_root):
                fresh_results(app)
                first = client.first_load(path, query)
                repeated = client.first_load(path, query)
            for item in first.timed:
                if item.name in page_callbacks:
                    uncached[item.name].append(item.seconds)
            for item in repeated.timed:
                if item.name in uncached:
                    cached[item.name].append(item.seconds)
            loads.append(sum(item.seconds for item in first.timed))
            baselines.append(time_selection_count(count, first.selection()))

        measured = [
            (kind, f"`{path}` {name}", runs[name])
            for name in uncached
            for kind, runs in (("callback uncached", uncached), ("callback cached", cached))
        ]
        if path == "/hotspots":
            measured.append(("hotspots first load", "`/hotspots` first load", loads))
        baseline = p95(baselines)
        for kind, name, runs in measured:
            figures.append(_figure(kind, name, p95(runs), baseline, "seconds", rows, page=path, query=query, runs=runs))
        slowest = max((p95(runs) for runs in uncached.values()), default=0.0)
        print(f"page {path + query}: slowest first callback {slowest * 1000:.0f} ms uncached", flush=True)
    count.close()
    return figures


def measure_cli(db: Path, repeats: int, rows: int) -> list[dict[str, Any]]:
    """Each command's wall time (slowest of ``repeats``) and peak memory, against a child counting by LSOA."""
    baseline_runs = [child_run("count", db, []) for _ in range(repeats)]
    baseline_seconds = p95([run["wall_seconds"] for run in baseline_runs])
    baseline_memory = max(run["peak_rss_bytes"] for run in baseline_runs)
    figures = []
    for command in CLI_COMMANDS:
        arguments = cli_arguments(command, db)
        runs = [child_run("cli", db, arguments) for _ in range(repeats)]
        seconds = p95([run["wall_seconds"] for run in runs])
        memory = max(run["peak_rss_bytes"] for run in runs)
        extra = {"arguments": arguments, "runs": [run["wall_seconds"] for run in runs]}
        figures.append(
            _figure("cli seconds", f"`cspmap {command}`", seconds, baseline_seconds, "seconds", rows, **extra)
        )
        figures.append(
            _figure("cli memory", f"`cspmap {command}`, peak memory", memory, baseline_memory, "bytes", rows, **extra)
        )
        print(f"cspmap {command}: {seconds:.2f} s, {memory / 2**20:.0f} MiB", flush=True)
    return figures


def measure_serving(db: Path, work: Path, rows: int) -> list[dict[str, Any]]:
    """Peak memory of a process serving every page once, against one that has only built the app."""
    with fresh_cache(work):
        served = child_run("serve", db, [])
    with fresh_cache(work):
        floor = child_run("app", db, [])
    print(f"serving: {served['peak_rss_bytes'] / 2**20:.0f} MiB after one pass over the pages", flush=True)
    return [
        _figure(
            "serving memory",
            "serving, peak memory after one pass over the pages",
            served["peak_rss_bytes"],
            floor["peak_rss_bytes"],
            "bytes",
            rows,
        )
    ]


# --- what the pages are asked ---------------------------------------------------------------------------------------


def page_addresses(client) -> list[tuple[str, str]]:
    """(path, query) of every page, in the navigation's order; the profile page opens on its first area."""
    import dash

    addresses = []
    for page in sorted(dash.page_registry.values(), key=lambda page: page.get("order", 99)):
        path, query = page["relative_path"], ""
        if path == "/profile":
            options = client.first_load(path).values.get(("profile-area", "options")) or []
            query = f"?area={options[0]['value']}" if options else ""
        addresses.append((path, query))
    return addresses


def cli_arguments(command: str, db: Path) -> list[str]:
    """The command as a user would run it on the whole database; evaluate holds out the latest month(s)."""
    arguments = [command, "--db", str(db)]
    if command == "evaluate":
        from queries.config import load_config

        holdout = load_config(None).evaluation.holdout_months
        con = duckdb.connect(str(db), read_only=True)
        months = [
            f"{month:%Y-%m}" for (month,) in con.execute("SELECT DISTINCT month FROM incidents ORDER BY 1").fetchall()
        ]
        con.close()
        arguments += ["--train", ",".join(months[:-holdout]), "--test", ",".join(months[-holdout:])]
    return arguments


def connect_for_baseline(db: Path) -> duckdb.DuckDBPyConnection:
    from queries.database import connect_read

    return connect_read(db)


def time_selection_count(con: duckdb.DuckDBPyConnection, selection: dict[str, list[str] | None]) -> float:
    """Seconds for DuckDB to count the selection's incidents by LSOA and hand the rows to Python."""
    months = [date.fromisoformat(f"{month}-01") for month in selection["months"]] if selection["months"] else None
    started = time.perf_counter()
    con.execute(SELECTION_COUNT, {"months": months, "categories": selection["categories"] or None}).fetchall()
    return time.perf_counter() - started


# --- result caches ----------------------------------------------------------------------------------------------------


@contextmanager
def fresh_cache(parent: Path) -> Iterator[Path]:
    """A new, empty ``CSPMAP_CACHE_DIR`` (0700: mkdtemp's mode) under ``parent`` for the duration of the block."""
    before = os.environ.get("CSPMAP_CACHE_DIR")
    folder = Path(tempfile.mkdtemp(prefix="cache-", dir=parent))
    os.environ["CSPMAP_CACHE_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("CSPMAP_CACHE_DIR", None)
        else:
            os.environ["CSPMAP_CACHE_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


def fresh_results(app) -> None:
    """Give the app a new DataAccess (empty in-process cache, the current CSPMAP_CACHE_DIR), its connection open.

    Opening the connection is not part of a first call for a selection in a running server, so it is done here."""
    from dashboard.data import EXTENSION_KEY, DataAccess

    current = app.server.extensions[EXTENSION_KEY]
    access = DataAccess(current.path, current.config)
    access.call(_incident_count)
    app.server.extensions[EXTENSION_KEY] = access


def _incident_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM incidents").fetchone()[0]


def _create_app(db: Path):
    from dashboard.shell import create_app

    return create_app(db)


# --- child processes --------------------------------------------------------------------------------------------------


def child_run(mode: str, db: Path, arguments: list[str], *, profile: bool = False) -> dict[str, Any]:
    """Run ``python -m bench.run --child MODE`` in a fresh process; its report, with the wall time seen from here."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=db.parent, delete=False) as handle:
        report = Path(handle.name)
    command = [sys.executable, "-m", "bench.run", "--child", mode, "--child-db", str(db), "--child-report", str(report)]
    command += ["--child-profile"] if profile else []
    started = time.perf_counter()
    # $CSPMAP_DB too, so that nothing a child runs can fall back to ./cspmap.duckdb in the checkout.
    environment = {**os.environ, "CSPMAP_DB": str(db)}
    finished = subprocess.run([*command, *arguments], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    try:
        if finished.returncode != 0:
            raise SystemExit(
                f"The child `{' '.join(command[2:])} {' '.join(arguments)}` failed ({finished.returncode})."
            )
        return {**json.loads(report.read_text()), "wall_seconds": wall}
    finally:
        report.unlink(missing_ok=True)


def run_child(mode: str, db: Path, report: Path, arguments: list[str], *, profile: bool) -> None:
    """In the child: do one thing, then write its peak memory (and profile) to ``report`` as JSON."""
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    if mode == "cli":
        run_cli(arguments)
    elif mode == "count":
        con = connect_for_baseline(db)
        time_selection_count(con, {"months": None, "categories": None})
        con.close()
    elif mode in ("serve", "app"):
        from bench.dash_client import DashClient

        app = _create_app(db)
        if mode == "serve":
            client = DashClient(app)
            for path, query in page_addresses(client):
                client.first_load(path, query)
    if profiler:
        profiler.disable()
    result = {"peak_rss_bytes": bench_ingest.peak_rss_bytes(), "profile": top_of(profiler) if profiler else None}
    report.write_text(json.dumps(result))


def run_cli(arguments: list[str]) -> None:
    from cli.main import run

    sys.argv = ["cspmap", *arguments]
    try:
        run()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


# --- profiles of misses -----------------------------------------------------------------------------------------------


def add_profiles(figures: list[dict[str, Any]], db: Path, work: Path, csv_path: Path, demo: Path) -> None:
    """A cProfile (top 10 by cumulative time) of the call behind every missed target, once per call."""
    done: dict[tuple, str] = {}  # call -> the figure that holds its profile
    for figure in figures:
        if figure["met"] is not False:
            continue
        key, described, profile = profile_for(figure, db, work, csv_path, demo)
        figure["profile_of"] = described
        if key in done:
            figure["profile_same_as"] = done[key]
        else:
            figure["profile"] = profile()
            done[key] = figure["name"] + (", cached" if figure["kind"] == "callback cached" else "")


def profile_for(
    figure: dict[str, Any], db: Path, work: Path, csv_path: Path, demo: Path
) -> tuple[tuple, str, Callable[[], str]]:
    """(what the call is, in words, how to profile it) for a missed figure; figures of one call share a key."""
    kind = figure["kind"]
    if kind in ("callback uncached", "hotspots first load", "callback cached"):
        cached = kind == "callback cached"
        page, query = figure["page"], figure["query"]
        described = f"`{page}`'s first load, {'repeated (cached)' if cached else 'with a fresh result cache'}"
        return ("page", page, cached), described, lambda: profile_page(db, work, page, query, cached)
    if kind.startswith("cli"):
        arguments = figure["arguments"]
        described = f"`cspmap {arguments[0]}` in a child process"
        return ("cli", *arguments), described, lambda: child_run("cli", db, arguments, profile=True)["profile"]
    if kind == "ingest seconds":
        return ("ingest",), "one ingest", lambda: profile_ingest(csv_path, demo, work)
    # Memory: cProfile shows time, not memory; the figure and its baseline are what there is.
    return ("memory", kind), "memory", lambda: "(a memory figure: no time profile; compare it with its baseline)"


def profile_page(db: Path, work: Path, path: str, query: str, cached: bool) -> str:
    """The page's first load with a fresh result cache (or its repeat, when the cached figure missed), profiled."""
    from bench.dash_client import DashClient

    with fresh_cache(work):
        app = _create_app(db)
        client = DashClient(app)
        fresh_results(app)
        if cached:
            client.first_load(path, query)
        profiler = cProfile.Profile()
        profiler.enable()
        client.first_load(path, query)
        profiler.disable()
    return top_of(profiler)


def profile_ingest(csv_path: Path, demo: Path, work: Path) -> str:
    target = work / "profiled.duckdb"
    bench_ingest._copy_database(demo, target)
    profiler = cProfile.Profile()
    profiler.enable()
    bench_ingest.ingest_cspmap(csv_path, target)
    profiler.disable()
    bench_ingest._remove_database(target)
    return top_of(profiler)


def top_of(profiler: cProfile.Profile, lines: int = 10) -> str:
    """The top ``lines`` of cspmap's own functions (cli, dashboard, geodata, queries) by cumulative time.

    Only the project's code is listed: otherwise Flask's, Werkzeug's and Dash's wrappers around a request fill
    the top ten with the same total. Time spent inside DuckDB shows under the function that ran the query."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(re.escape(str(ROOT)) + r"/(cli|dashboard|geodata|queries)/", lines)
    text = out.getvalue().replace(str(ROOT) + os.sep, "")
    body = text[text.find("   ncalls") :] if "   ncalls" in text else text
    return f"{stats.total_tt:.2f} s in all (profiled)\n{body.rstrip()}"


# --- figures ----------------------------------------------------------------------------------------------------------


def _figure(kind: str, name: str, value: float, baseline: float | None, unit: str, rows: int, **extra: Any) -> dict:
    target = target_for(kind, rows)
    return {
        "kind": kind,
        "name": name,
        "rows": rows,
        "unit": unit,
        "value": value,
        "baseline": baseline,
        "ratio": value / baseline if baseline else None,
        "target": None if target is None else {"limit": target.limit, "on": target.on, "number": target.number},
        "met": met(target, value, baseline),
        **extra,
    }


def p95(samples: list[float]) -> float:
    """The 95th percentile by nearest rank (with fewer than 20 samples, the largest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()
