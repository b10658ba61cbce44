"""The public map as SVG drawn on the server: every area a link, zoom and pan by plain links, no script."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

ZOOMS = (1, 2, 4, 8)
BANDS = 5
PAN_STEP = 0.25  # of the visible width, per press of a pan button


@dataclass(frozen=True)
class MapArea:
    """One area on the map: its link, outline, band (0 = lowest, None = no rate) and the label a reader hears."""

    code: str
    name: str
    path: str
    band: int | None
    label: str


@dataclass(frozen=True)
class MapView:
    """What the map shows: the visible box (SVG viewBox), its zoom and centre, and the areas drawn."""

    view_box: str
    zoom: int
    centre: tuple[float, float]
    areas: tuple[MapArea, ...]
    legend: tuple[str, ...]

    def link(self, zoom: int | None = None, dx: float = 0.0, dy: float = 0.0) -> dict[str, str]:
        """Query parameters for the view zoomed to ``zoom`` or moved by ``dx``, ``dy`` visible widths."""
        chosen = zoom or self.zoom
        x = min(max(self.centre[0] + dx / self.zoom, 0.0), 1.0)
        y = min(max(self.centre[1] + dy / self.zoom, 0.0), 1.0)
        return {"zoom": str(chosen), "x": f"{x:.3f}", "y": f"{y:.3f}"}


def parse_view(zoom: str | None, x: str | None, y: str | None) -> tuple[int, tuple[float, float]]:
    """Zoom and centre from the query string; anything unusable falls back to the whole map."""
    try:
        chosen = int(zoom) if zoom is not None else 1
    except ValueError:
        chosen = 1
    chosen = chosen if chosen in ZOOMS else 1
    return chosen, (_fraction(x), _fraction(y))


def _fraction(text: str | None) -> float:
    try:
        value = float(text) if text is not None else 0.5
    except ValueError:
        return 0.5
    return value if math.isfinite(value) and 0.0 <= value <= 1.0 else 0.5


def rate_bands(rates: pd.Series) -> tuple[pd.Series, tuple[str, ...]]:
    """Each area's band by quintile of its rate (None without a rate), and the legend's words for each band."""
    known = rates.dropna()
    if known.empty:
        return pd.Series([None] * len(rates), index=rates.index, dtype=object), ()
    edges = np.unique(np.quantile(known.to_numpy(), np.linspace(0, 1, BANDS + 1)))
    bands = pd.Series([None] * len(rates), index=rates.index, dtype=object)
    if len(edges) < 2:
        bands[known.index] = 0
        return bands, (f"{edges[0]:.1f} per 1,000",)
    found = np.clip(np.searchsorted(edges, known.to_numpy(), side="right") - 1, 0, len(edges) - 2)
    bands[known.index] = found.astype(int)
    legend = tuple(f"{edges[i]:.1f} to {edges[i + 1]:.1f} per 1,000" for i in range(len(edges) - 1))
    return bands, legend


def map_view(areas: pd.DataFrame, rates: pd.Series, zoom: int, centre: tuple[float, float]) -> MapView:
    """The view of ``areas`` (with svg_path and bounds) at ``zoom`` around ``centre`` (fractions of the extent)."""
    x_min, x_max = float(areas["x_min"].min()), float(areas["x_max"].max())
    y_min, y_max = float(areas["y_min"].min()), float(areas["y_max"].max())
    width, height = (x_max - x_min) / zoom, (y_max - y_min) / zoom
    left = min(max(x_min + centre[0] * (x_max - x_min) - width / 2, x_min), x_max - width)
    top = min(max(y_min + centre[1] * (y_max - y_min) - height / 2, y_min), y_max - height)
    pad = 0.01 * max(width, height)
    view_box = f"{left - pad:.0f} {top - pad:.0f} {width + 2 * pad:.0f} {height + 2 * pad:.0f}"
    bands, legend = rate_bands(rates.reindex(areas["code"]).reset_index(drop=True))
    visible = (areas["x_max"] >= left) & (areas["x_min"] <= left + width)
    visible &= (areas["y_max"] >= top) & (areas["y_min"] <= top + height)
    drawn = []
    for position, row in enumerate(areas.itertuples()):
        if not visible.iloc[position]:
            continue
        band = bands.iloc[position]
        rate = rates.get(row.code)
        said = "no rate" if band is None else f"{rate:.1f} crimes per 1,000 residents, band {band + 1} of {len(legend)}"
        drawn.append(MapArea(row.code, row.name or row.code, row.svg_path, band, f"{row.name or row.code}: {said}"))
    return MapView(view_box, zoom, centre, tuple(drawn), legend)
