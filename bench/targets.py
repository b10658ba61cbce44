"""The targets of issue 10 ("Speed and weight at force and national scale"), and how a figure is judged by them.

A target is set at one size (1M, 5M or 20M rows); a smaller database is held to the target of the next size up
(a page that must answer in 300 ms at 1M rows must do so at 200,000 too), and a larger one to none.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 2**20
GIB = 2**30
MILLION = 1_000_000


@dataclass(frozen=True)
class Target:
    """One figure's limit: on its value, or on its ratio to the baseline measured in the same run."""

    number: int  # the numbered target
    limit: float
    on: str  # "value" or "ratio"
    up_to_rows: int | None  # the size it is set at; None: every size (and the demo)

    def applies(self, rows: int) -> bool:
        return self.up_to_rows is None or rows <= self.up_to_rows


# Issue 10's list, as a figure's kind -> its targets, the tightest (smallest size) first.
TARGETS: dict[str, list[Target]] = {
    "callback uncached": [Target(1, 0.300, "value", MILLION), Target(1, 0.800, "value", 5 * MILLION)],
    "hotspots first load": [Target(1, 1.5, "value", 5 * MILLION)],
    "callback cached": [Target(1, 0.050, "value", None)],
    "first load bytes": [Target(2, 1_500_000, "value", None)],
    "map drawn": [Target(2, 3.0, "value", None)],
    "ingest seconds": [Target(3, 1.5, "ratio", 20 * MILLION)],
    "ingest memory": [Target(3, 2 * GIB, "value", 20 * MILLION)],
    "cli seconds": [Target(4, 3.0, "value", 5 * MILLION)],
    "cli memory": [Target(4, 1 * GIB, "value", 5 * MILLION)],
    "serving memory": [Target(5, 1 * GIB, "value", 5 * MILLION)],
}

TARGET_TITLES = {
    1: "Page callbacks: uncached p95 at most 300 ms at 1M rows and 800 ms at 5M; the hot spots page's first load "
    "at most 1.5 s at 5M; cached repeats at most 50 ms",
    2: "First page load at most 1.5 MB over the wire (and the map drawn within 3 s in headless Chromium)",
    3: "Ingest at most 1.5x DuckDB `read_csv` of the same file at 1M, 5M and 20M rows; peak memory at most 2 GB at 20M",
    4: "`cspmap evaluate`, `patrol` and `priorities` at most 3 s and 1 GB at 5M rows",
    5: "Serving memory at most 1 GB per worker at 5M rows",
    6: "Growth from each size to the next linear or better, for each figure",
}


def target_for(kind: str, rows: int) -> Target | None:
    """The target a figure of ``kind`` is held to at ``rows`` rows (None: no target at that size)."""
    return next((target for target in TARGETS[kind] if target.applies(rows)), None)


def met(target: Target | None, value: float, baseline: float | None) -> bool | None:
    """Whether the figure meets its target (None when it has none, or the ratio has no baseline)."""
    if target is None:
        return None
    if target.on == "ratio":
        if not baseline:
            return None
        return value / baseline <= target.limit
    return value <= target.limit
