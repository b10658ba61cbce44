"""Load run of the public map: N concurrent residents for S seconds against gunicorn on loopback.

    python bench/load_public.py [--residents 50] [--seconds 60] [--workers 2] [--threads 4] [--public-db FILE]

Builds the demo and its public file in a temporary folder (unless --public-db is given), starts
`gunicorn --preload --workers 2 --threads 4 app:public_server` on a free 127.0.0.1 port, and runs one thread
per resident, each walking the pages a resident would (home, a search, an area, another category, its team,
help), reading each page for 1 to 3 s (--think; `--think 0 0` sends requests back to back, a measure of
throughput rather than of residents). It stops by itself after --seconds, stops gunicorn, and prints the
request count, errors (any 4xx/5xx or failed connection) and latency percentiles. Loopback only; never part
of the test run.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


def resident_pages(areas: list[str], rng: random.Random) -> list[str]:
    code = rng.choice(areas)
    category = rng.choice(["Burglary", "Anti-social+behaviour", "Vehicle+crime"])
    return [
        "/",
        "/search?q=calderdale+0",
        f"/area/{code}",
        f"/area/{code}?category={category}",
        f"/area/{code}/team",
        "/help",
    ]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 303 is an answer, not another request
        return None


def run_resident(
    base: str, areas: list[str], seed: int, stop: float, think: tuple[float, float], latencies: list, errors: list
) -> None:
    rng = random.Random(seed)
    opener = urllib.request.build_opener(NoRedirect)
    while time.monotonic() < stop:
        for page in resident_pages(areas, rng):
            if time.monotonic() >= stop:
                return
            started = time.perf_counter()
            try:
                request = urllib.request.Request(base + page, headers={"Accept-Encoding": "gzip"})
                with opener.open(request, timeout=10) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                errors.append(f"{page}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)
            if status >= 400:
                errors.append(f"{page}: HTTP {status}")
            time.sleep(rng.uniform(*think))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (gthread)")
    parser.add_argument("--public-db", type=Path)
    parser.add_argument(
        "--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
        help="seconds a resident reads each page before the next click, uniform between MIN and MAX (0 0: none)",
    )  # fmt: skip
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as folder:
        public = args.public_db
        if public is None:
            from demo.build import build_demo
            from queries.config import load_config
            from queries.publish import publish

            demo = Path(folder) / "demo.duckdb"
            build_demo(demo)
            public = Path(folder) / "public.duckdb"
            publish(demo, public, load_config())
        import duckdb

        con = duckdb.connect(str(public), read_only=True)
        areas = [code for (code,) in con.execute("SELECT code FROM areas WHERE level = 'neighbourhood'").fetchall()]
        con.close()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads),
             "--preload", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:public_server"],
            cwd=root, env={**os.environ, "CSPMAP_PUBLIC_DB": str(public)},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            latencies: list[float] = []
            errors: list[str] = []
            stop = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=run_resident, args=(base, areas, seed, stop, tuple(args.think), latencies, errors)
                )
                for seed in range(args.residents)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=20)
    ordered = sorted(latencies)
    cuts = statistics.quantiles(ordered, n=100)
    print(
        f"{args.residents} residents, {args.seconds:.0f} s, think {args.think[0]:g}-{args.think[1]:g} s, "
        f"{args.workers} gunicorn workers x {args.threads} threads, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"requests {len(ordered):,} ({len(ordered) / args.seconds:.0f}/s), errors {len(errors)}")
    p50, p95, p99 = (cuts[i] * 1000 for i in (49, 94, 98))
    print(f"latency ms: p50 {p50:.0f}, p95 {p95:.0f}, p99 {p99:.0f}, max {ordered[-1] * 1000:.0f}")
    for error in errors[:5]:
        print("  " + error)


if __name__ == "__main__":
    main()
