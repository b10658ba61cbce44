"""The partial plotly.js in assets/ holds every trace type the dashboard builds (a missing one draws nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "assets" / "plotly-cspmap.min.js"


def bundle_traces() -> set[str]:
    """The trace types named in the bundle's first line (written by tools/plotly-bundle/build.mjs)."""
    with BUNDLE.open(encoding="utf-8") as handle:
        first = handle.readline()
    (names,) = re.findall(r"traces: ([a-z ]+);", first)
    return set(names.split())


def dashboard_traces() -> set[str]:
    """Every ``go.<Trace>(`` in dashboard/, as plotly.js names the trace type (``go.Scattermap`` -> scattermap)."""
    found = set()
    for source in (ROOT / "dashboard").rglob("*.py"):
        found |= {name.lower() for name in re.findall(r"\bgo\.([A-Z][a-z]+)\(", source.read_text(encoding="utf-8"))}
    return found - {"figure"}


def test_the_bundle_holds_the_five_traces_it_was_built_with():
    assert bundle_traces() == {"bar", "choroplethmap", "densitymap", "scatter", "scattermap"}


def test_every_trace_the_dashboard_builds_is_in_the_bundle():
    used = dashboard_traces()
    assert {"bar", "choroplethmap", "scattermap"} <= used  # the overview's map and the charts: the scan finds them
    assert used - bundle_traces() == set()


def test_the_bundle_is_the_plotly_js_version_of_the_installed_plotly_package():
    # The figures are built by the plotly package against its own plotly.js (the one Dash would serve): after an
    # upgrade of plotly, rebuild the bundle (tools/plotly-bundle/README.md).
    with BUNDLE.open(encoding="utf-8") as handle:
        first = handle.readline()
    assert first.startswith(f"/*! plotly.js v{get_plotlyjs_version()} partial bundle")
