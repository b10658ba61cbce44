"""Open every dashboard page in headless Chromium and measure it: drawn-and-idle time, bytes, polygons, peak memory.

Each page gets its own fresh ``cspmap serve`` (an empty results cache, so nothing is served from an earlier page's
work) and its own fresh browser tab with the cache cleared. For each page it reports:

- ``idle_s``: seconds from navigation start until every map on the page has its data and no request of the page
  has been in flight for a second (the time of the last response, or of the map's data if that came later);
- ``bytes``: everything sent to the browser (the page, scripts, and every callback's answer), as transferred;
- ``polygons``: GeoJSON features sent in the maps' traces (area outlines), summed over the page's maps;
- ``peak_mb``: the serving process's peak resident memory (VmHWM in /proc/<pid>/status) after the page;
- ``biggest_kb``: the largest single response (usually the map's callback).

Run on the national database built as bench/generate_national.py's docstring says:

    PYTHONPATH=$PWD python -m bench.national_pages --db bench/data/national.duckdb
    PYTHONPATH=$PWD python -m bench.national_pages --db bench/data/national.duckdb --pages /,/hotspots

It needs Debian's chromium and chromium-driver (as the browser tests do). A page not idle within ``--timeout``
seconds is reported as such with what it had sent so far.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.chromium import CHROMEDRIVER, chromium_options
from tests.servers import free_port, running_server

PAGES = ("/", "/priorities", "/hotspots", "/coverage", "/confidence", "/profile", "/quality", "/reports", "/methods")
QUIET_MS = 1000  # no request in flight for this long: the page is idle

# Counts the page's requests in flight and when the last one ended; installed before any page script runs.
WATCH_REQUESTS = """
window.__cspmap = {inflight: 0, lastEnd: 0};
const originalFetch = window.fetch;
window.fetch = function (...args) {
    window.__cspmap.inflight += 1;
    return originalFetch.apply(this, args).then(
        response => response.clone().arrayBuffer().then(() => response).finally(() => {
            window.__cspmap.inflight -= 1; window.__cspmap.lastEnd = performance.now(); }),
        error => { window.__cspmap.inflight -= 1; window.__cspmap.lastEnd = performance.now(); throw error; });
};
"""

STATE = """
const graphs = [...document.querySelectorAll('.js-plotly-plot')].filter(g => g.querySelector('.maplibregl-canvas'));
const drawn = graphs.length > 0 && graphs.every(g => (g._fullData || []).length > 0);
let polygons = 0;
for (const g of graphs) for (const trace of (g.data || [])) polygons += trace.geojson?.features?.length ?? 0;
const resources = performance.getEntriesByType('resource');
const nav = performance.getEntriesByType('navigation')[0];
const sizes = resources.map(r => r.transferSize);
return {
    now: performance.now(), inflight: window.__cspmap?.inflight ?? 1, lastEnd: window.__cspmap?.lastEnd ?? 0,
    maps: graphs.length, drawn: drawn, polygons: polygons,
    bytes: (nav ? nav.transferSize : 0) + sizes.reduce((a, b) => a + b, 0),
    biggest: Math.max(0, ...sizes), requests: resources.length,
    loading: document.querySelectorAll('[data-dash-is-loading="true"]').length,
};
"""


@dataclass(frozen=True)
class PageFigures:
    """What one page cost: time to drawn and idle, bytes to the browser, polygons drawn, the server's peak memory."""

    page: str
    idle_s: float | None  # None: not idle within the timeout
    bytes: int
    biggest_kb: int
    requests: int
    maps: int
    polygons: int
    peak_mb: int


def measure_page(db: Path, page: str, timeout: float, config: Path | None) -> PageFigures:
    """One page on a fresh server with an empty results cache, in a fresh Chromium."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "cli", "serve", "--db", str(db), "--port", str(port)]
    if config is not None:
        command += ["--config", str(config)]
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as profile:
        Path(cache).chmod(0o700)
        env = {"CSPMAP_CACHE_DIR": cache}
        with running_server(command, url, ready_path="/_dash-dependencies", env=env) as server:
            driver = _browser(Path(profile))
            try:
                state = _open_until_idle(driver, url + page, timeout)
            finally:
                driver.quit()
            peak = _peak_mb(server.process.pid)
    idle = None if state["idle_at"] is None else state["idle_at"] / 1000
    return PageFigures(
        page=page,
        idle_s=round(idle, 1) if idle is not None else None,
        bytes=int(state["bytes"]),
        biggest_kb=int(state["biggest"]) // 1024,
        requests=int(state["requests"]),
        maps=int(state["maps"]),
        polygons=int(state["polygons"]),
        peak_mb=peak,
    )


def _browser(profile: Path) -> webdriver.Chrome:
    options = chromium_options(profile)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_REQUESTS})
    driver.set_page_load_timeout(timeout_seconds := 300)
    driver.set_script_timeout(timeout_seconds)
    return driver


def _open_until_idle(driver: webdriver.Chrome, url: str, timeout: float) -> dict:
    """The page's state once drawn and idle (with ``idle_at``, ms after navigation), or as it was at ``timeout``
    (``idle_at`` None)."""
    driver.get(url)
    deadline = time.monotonic() + timeout
    drawn_at = None
    state: dict = {}
    while time.monotonic() < deadline:
        state = driver.execute_script(STATE)
        if state["maps"] == 0 or state["drawn"]:
            drawn_at = drawn_at if drawn_at is not None else state["now"]
        else:
            drawn_at = None
        quiet = state["inflight"] == 0 and state["loading"] == 0 and state["now"] - state["lastEnd"] >= QUIET_MS
        if drawn_at is not None and quiet:
            return {**state, "idle_at": max(state["lastEnd"], drawn_at - 100)}  # polled every 100 ms
        time.sleep(0.1)
    print(f"  {url}: not idle after {timeout:.0f} s: {state}", file=sys.stderr)
    return {**state, "idle_at": None}


def _peak_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated paths (with any query)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for a page to be idle")
    parser.add_argument("--config", type=Path, default=None, help="a TOML file passed to cspmap serve --config")
    parser.add_argument("--json", action="store_true", help="one JSON object per page instead of a table")
    args = parser.parse_args(argv)
    print(f"{'page':<40} {'idle s':>7} {'bytes':>12} {'biggest KB':>10} {'polygons':>8} {'peak MB':>7}")
    for page in args.pages.split(","):
        figures = measure_page(args.db, page, args.timeout, args.config)
        if args.json:
            print(json.dumps(asdict(figures)))
        else:
            idle = f"{figures.idle_s:.1f}" if figures.idle_s is not None else "timeout"
            print(
                f"{figures.page:<40} {idle:>7} {figures.bytes:>12,} {figures.biggest_kb:>10,} "
                f"{figures.polygons:>8,} {figures.peak_mb:>7,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
