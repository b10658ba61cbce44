"""The national section of ``python -m bench.run``: issue 15's figures on police.uk-format files over every LSOA.

The data come from bench/generate_national.py (seeded; kept in bench/data/ for the next run): ``--national ROWS``
rows over ``--national-months`` months, spread over the 34,753 LSOAs of England and Wales by population, one file
per illustrative force and month as the police.uk archive has them. The database is built with the commands a new
user types (the generator's docstring), each run as a child process so its wall time and peak memory are its own:
boundaries, population, the two lookups (neighbourhoods = MSOAs, CSPs = local authorities), then the archive.

Measured against issue 15's targets:

- the archive's ingest against DuckDB's own ``read_csv`` of the same files (one glob, into a table), and its peak
  memory; then one force-month ingested again, against ``read_csv`` of that one file (the cost of a re-ingest
  should follow what it changes, not the archive);
- ``rates`` and ``priorities`` at neighbourhood level, ``hotspots`` for the latest month over the national lattice
  and within one CSP (Leeds, E08000035): wall time and peak memory;
- growth against the force-scale figures of the same run: the national figure over the force-scale one of the
  same command at the size with the nearest number of rows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate_national import BOUNDARIES  # the generalised 2011 LSOAs the rows are spread over
from bench.targets import GIB

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
WITHIN = "csp:E08000035"  # Leeds: a large CSP, for "--within is proportionate to the area"

# Issue 15's targets: ingest at most 1.5x read_csv and 2 GB; every command within 2 GB, in at most these seconds.
INGEST_RATIO = 1.5
MEMORY = 2 * GIB
FULL_ARCHIVE_ROWS = 20_000_000  # England and Wales over 36 months (issue 15)
COMMAND_SECONDS = {"rates": 10.0, "priorities": 10.0, "hotspots": 30.0}


def national_data(rows: int, months: int) -> Path:
    """The generated archive folder for ``rows`` and ``months`` (made once, then reused)."""
    from bench.generate_national import generate

    out = DATA / f"national-{rows}-{months}"
    if not (out / "archive").exists():
        print(f"Generating {out.relative_to(ROOT)} ...", flush=True)
        staging = out.with_name(out.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        generate(rows, months, staging)
        os.replace(staging, out)
    return out


def measure_national(rows: int, months: int, run_dir: Path) -> dict[str, Any]:
    from bench.run import child_run

    print(f"\n== national: {rows:,} rows over {months} months ==", flush=True)
    data = national_data(rows, months)
    archive = data / "archive"
    files = sorted(archive.rglob("*-street.csv"))
    work = run_dir / "national"
    work.mkdir()
    db = work / "national.duckdb"
    steps = [
        ("ingest boundaries", ["ingest", "boundaries", str(BOUNDARIES), "--level", "lsoa"]),
        ("ingest population", ["ingest", "population", str(data / "population.csv")]),
        ("ingest lookup (neighbourhoods)", _lookup(data / "lsoa_msoa.csv", "neighbourhood", "msoa")),
        ("ingest lookup (CSPs)", _lookup(data / "lsoa_la.csv", "csp", "la")),
    ]
    figures: list[dict[str, Any]] = []
    try:
        for name, arguments in steps:
            run = child_run("cli", db, [*arguments, "--db", str(db), "--quiet"])
            figures.append(_figure("setup", f"`cspmap {name}`", run))
        whole = ["ingest", "police-uk", str(archive), "--db", str(db), "--quiet"]
        baseline = read_csv_child(str(archive / "**" / "*-street.csv"), work)
        figures += _ingest_figures("the archive", child_run("cli", db, whole), baseline, len(files))
        one = ["ingest", "police-uk", str(files[-1]), "--db", str(db), "--quiet"]
        one_baseline = read_csv_child(str(files[-1]), work)
        figures += _ingest_figures(
            f"one force-month again ({files[-1].name})", child_run("cli", db, one), one_baseline, 1
        )
        for figure, arguments in ((figures[-2], whole), (figures[-1], one)):
            if not figure["met"]:  # the same ingest again (it replaces what it stored), profiled
                figure["profile"] = child_run("cli", db, arguments, profile=True)["profile"]
        last = files[-1].name[:7]
        commands = [
            ("rates", ["rates", "--level", "neighbourhood"]),
            ("priorities", ["priorities", "--level", "neighbourhood"]),
            ("hotspots", ["hotspots", "--months", last]),
            ("hotspots", ["hotspots", "--months", last, "--within", WITHIN]),
        ]
        for command, arguments in commands:
            run = child_run("cli", db, [*arguments, "--db", str(db)])
            figures += _command_figures(command, arguments, run)
            if figures[-1]["met"] is False:  # the same command again, profiled
                figures[-1]["profile"] = child_run("cli", db, [*arguments, "--db", str(db)], profile=True)["profile"]
        incidents = _count(db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "rows": rows,
        "months": months,
        "files": len(files),
        "bytes": sum(path.stat().st_size for path in files),
        "incidents": incidents,
        "figures": figures,
    }


def read_csv_child(pattern: str, work: Path) -> dict[str, Any]:
    """DuckDB's ``CREATE TABLE ... AS SELECT * FROM read_csv(pattern)`` in a fresh process: wall time and peak
    memory, as the ingest's child is measured."""
    target = work / "read_csv.duckdb"
    script = (
        "import json, sys, duckdb\n"
        "from bench.bench_ingest import duckdb_config, peak_rss_bytes\n"
        "con = duckdb.connect(sys.argv[2], config=duckdb_config())\n"
        "con.execute('CREATE TABLE t AS SELECT * FROM read_csv(?)', [sys.argv[1]])\n"
        "con.close()\n"
        "print(json.dumps({'peak_rss_bytes': peak_rss_bytes()}))\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, pattern, str(target)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    target.unlink(missing_ok=True)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_seconds": wall}


def _lookup(path: Path, level: str, prefix: str) -> list[str]:
    return [
        "ingest", "lookup", str(path), "--level", level, "--lsoa-field", "lsoa_code",
        "--code-field", f"{prefix}_code", "--name-field", f"{prefix}_name",
    ]  # fmt: skip


def _figure(kind: str, name: str, run: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "name": name, "seconds": run["wall_seconds"], "memory": run["peak_rss_bytes"], **extra}


def _ingest_figures(what: str, run: dict[str, Any], baseline: dict[str, Any], files: int) -> list[dict[str, Any]]:
    ratio = run["wall_seconds"] / baseline["wall_seconds"]
    print(
        f"ingest {what}: {run['wall_seconds']:.1f} s ({ratio:.1f}x read_csv), {run['peak_rss_bytes'] / 2**20:,.0f} MiB"
    )
    return [
        {
            **_figure("ingest", f"`cspmap ingest police-uk` {what}", run, files=files),
            "baseline_seconds": baseline["wall_seconds"],
            "baseline_memory": baseline["peak_rss_bytes"],
            "ratio": ratio,
            "met": ratio <= INGEST_RATIO and run["peak_rss_bytes"] <= MEMORY,
        }
    ]


def _command_figures(command: str, arguments: list[str], run: dict[str, Any]) -> list[dict[str, Any]]:
    limit = COMMAND_SECONDS[command]
    met = run["wall_seconds"] <= limit and run["peak_rss_bytes"] <= MEMORY
    if "--within" in arguments:
        limit = None  # judged against the national run: proportionate to the area
        met = None
    print(f"cspmap {' '.join(arguments)}: {run['wall_seconds']:.1f} s, {run['peak_rss_bytes'] / 2**20:,.0f} MiB")
    return [{**_figure("command", f"`cspmap {' '.join(arguments)}`", run), "limit": limit, "met": met}]


def _count(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    (count,) = con.execute("SELECT count(*) FROM incidents").fetchone()
    con.close()
    return int(count)


def render(national: dict[str, Any], sizes: list[dict[str, Any]]) -> str:
    """The national section of the generated page."""
    lines = [
        "## National scale: the targets of issue 15",
        "",
        f"**Data.** `python -m bench.generate_national --rows {national['rows']} --months {national['months']}` "
        f"(seeded): {national['files']:,} street files ({national['bytes'] / 1e6:,.0f} MB, "
        f"{national['incidents']:,} incidents stored) over the 34,753 LSOAs of England and Wales, with neighbourhoods "
        "(7,201 census MSOAs) and CSPs (348 local authorities) built from lookups, each step a child process as a "
        "user would type it. The full archive the issue describes is about 20M rows over 36 months; these figures "
        f"are at {national['rows']:,} rows over {national['months']} months, so the geography is full size"
        + (" and so are the incidents." if national["rows"] >= FULL_ARCHIVE_ROWS else " and the incidents are not."),
        "",
        "| step | seconds | peak memory | baseline | ratio | target | |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for figure in national["figures"]:
        baseline = ratio = target = "-"
        if figure["kind"] == "ingest":
            baseline = f"{figure['baseline_seconds']:.1f} s, {figure['baseline_memory'] / 2**20:,.0f} MiB"
            ratio = f"{figure['ratio']:.1f}x"
            target = "<= 1.5x `read_csv`, <= 2 GiB"
        elif figure["kind"] == "command":
            target = (
                f"<= {figure['limit']:.0f} s, <= 2 GiB"
                if figure["limit"]
                else "proportionate to the area (the national run above)"
            )
        verdict = {True: "met", False: "**missed**", None: ""}[figure.get("met")]
        lines.append(
            f"| {figure['name']} | {figure['seconds']:.1f} | {figure['memory'] / 2**20:,.0f} MiB | {baseline} "
            f"| {ratio} | {target} | {verdict} |"
        )
    lines += [
        "",
        "Baselines: DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(...)` of the same files in a fresh process "
        "(one glob for the archive; the one file for the re-ingest). Every figure includes the child's Python "
        "start-up (about 1-2 s for a `cspmap` command).",
    ]
    for figure in national["figures"]:
        if figure.get("profile"):
            lines += [
                "",
                f"**{figure['name']}**, profiled (the same {figure['kind']} again):",
                "",
                "```",
                figure["profile"],
                "```",
            ]
    growth = _growth(national, sizes)
    if growth:
        lines += ["", growth]
    return "\n".join(lines)


def _growth(national: dict[str, Any], sizes: list[dict[str, Any]]) -> str:
    """The national figures over the force-scale ones of the same command, at the nearest size."""
    if not sizes:
        return ""
    nearest = min(sizes, key=lambda size: abs(size["rows"] - national["rows"]))
    force = {figure["name"]: figure["value"] for figure in nearest["figures"]}
    pairs = [
        ("`cspmap ingest police-uk` the archive", "ingest, median", "ingest (force scale: in-process, no start-up)"),
        ("`cspmap priorities --level neighbourhood`", "`cspmap priorities`", "`cspmap priorities`"),
    ]
    lines = [
        f"**Growth against force scale** ({nearest['rows']:,} rows on 387 LSOAs and 86 neighbourhoods, the same run; "
        f"the nation has {national['rows'] / nearest['rows']:.1f}x the rows, 90x the LSOAs and 84x the "
        "neighbourhoods):",
        "",
        "| figure | force scale | national | growth |",
        "| --- | ---: | ---: | ---: |",
    ]
    for national_name, force_name, label in pairs:
        ours = next((f["seconds"] for f in national["figures"] if f["name"] == national_name), None)
        theirs = force.get(force_name)
        if ours is None or not theirs:
            continue
        lines.append(f"| {label} | {theirs:.1f} s | {ours:.1f} s | x{ours / theirs:.1f} |")
    return "\n".join(lines) if len(lines) > 4 else ""
