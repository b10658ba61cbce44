"""Choropleth maps of areas, opening on the areas' extent, with a colour bar a reader can use.

One colour rule on every map: darker means more need or more incidents. A measure where a low value is the
worry (officers per 1,000 residents, a rank where 1 is first) is drawn on the same palette turned round, and
its colour bar is turned round too, so the darkest colour is always at the top of the bar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard.basemap import current_basemap, map_layers, map_style
from queries.areas import AreaShapes

MAP_STYLE = "white-bg"
COLOUR_SCALE = "YlOrRd"  # light yellow to dark red: the one palette for "how much" on every area map
COLOUR_CAP_PERCENTILE = 95  # one busy town centre should not wash out every other area
MAP_HEIGHT_PX = 560
MAP_WIDTH_PX = 640  # typical width, used only to choose the opening zoom


@dataclass(frozen=True)
class Measure:
    """A column of an area table that can colour the map."""

    column: str
    label: str
    decimals: int = 0
    cap_at_percentile: bool = True  # darkest colour from the 95th percentile up (the legend says so, and where)
    darker_when: Literal["higher", "lower"] = "higher"  # "lower": a low value is the greater need


def area_choropleth(shapes: AreaShapes, table: pd.DataFrame, measure: Measure, hover: list[str]) -> go.Figure:
    """A choropleth of one measure over a level's areas (``table`` has ``code`` and the measure's column)."""
    figure = go.Figure(
        go.Choroplethmap(
            featureidkey="id",
            marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.85},
            hovertemplate="%{text}<extra></extra>",
            **_trace_values(table, measure, hover),
        )
    )
    # Set after the figure is made: go.Figure deep-copies its traces, which for 348 national CSP outlines (57,505
    # points) takes half a second; the outlines are the caller's own copy already (DataAccess.call).
    figure.data[0].geojson = shapes.geojson
    figure.update_layout(map_layout(shapes.bounds))
    return figure


def empty_map() -> go.Figure:
    """A blank map of England and Wales, for when there is nothing to draw."""
    figure = go.Figure(go.Scattermap(lon=[], lat=[], mode="markers", showlegend=False))
    figure.update_layout(map_layout((float("nan"),) * 4))
    return figure


def map_layout(bounds: tuple[float, float, float, float], legend: bool = False) -> dict:
    """The layout every cspmap map shares: blank offline style, opening on ``bounds``, edge to edge, the user's
    pan and zoom kept when the numbers change; ``legend`` boxes the legend in the top-left corner."""
    centre, zoom = centre_and_zoom(bounds)
    basemap = current_basemap()  # blank unless a deployment configures one (dashboard/basemap.py)
    layout = {
        "map": {"style": map_style(basemap), "center": centre, "zoom": zoom, **_basemap_layers(basemap)},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "height": MAP_HEIGHT_PX,
        "uirevision": "keep-view",
        # Plotly's toolbar icons are pale grey by default: these meet 3:1 against white (WCAG 1.4.11).
        "modebar": {"color": "#52606d", "activecolor": "#1f2933", "bgcolor": "rgba(255,255,255,0.9)"},
    }
    if legend:
        layout["legend"] = {
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#d9dee3",
            "borderwidth": 1,
            "font": {"size": 12},
        }
    return layout


def area_choropleth_update(table: pd.DataFrame, measure: Measure, hover: list[str]) -> Patch:
    """The same choropleth with new numbers, sent without the area outlines."""
    patch = Patch()
    for name, value in _trace_values(table, measure, hover).items():
        patch["data"][0][name] = value
    return patch


def _basemap_layers(basemap) -> dict:
    layers = map_layers(basemap)
    return {"layers": layers} if layers else {}


def centre_and_zoom(bounds: tuple[float, float, float, float]) -> tuple[dict, float]:
    """The map centre and the zoom that fits WGS84 ``bounds`` (west, south, east, north) in the map."""
    west, south, east, north = bounds
    if not all(math.isfinite(value) for value in bounds):
        return {"lon": -1.5, "lat": 53.5}, 5.0  # nothing loaded: England and Wales
    centre = {"lon": (west + east) / 2, "lat": (south + north) / 2}
    # Web Mercator as MapLibre draws it: at zoom z the world is 512 * 2**z pixels wide.
    lon_zoom = math.log2(MAP_WIDTH_PX * 360 / (512 * max(east - west, 1e-6)))
    mercator_span = _mercator_y(north) - _mercator_y(south)
    lat_zoom = math.log2(MAP_HEIGHT_PX * 2 * math.pi / (512 * max(mercator_span, 1e-9)))
    return centre, round(min(lon_zoom, lat_zoom) - 0.2, 2)


def _trace_values(table: pd.DataFrame, measure: Measure, hover: list[str]) -> dict:
    values = table[measure.column].astype(float).round(measure.decimals)
    known = values.dropna()
    top = float(known.max()) if len(known) else 1.0
    notes = []
    if measure.cap_at_percentile and len(known):
        cap = float(np.percentile(known, COLOUR_CAP_PERCENTILE))
        if cap < top:
            top = cap
            share = 100 - COLOUR_CAP_PERCENTILE
            notes.append(f"darkest: {cap:,.{measure.decimals}f} and over<br>(the top {share}% of areas)")
    top = max(top, 1.0) if measure.decimals == 0 else max(top, 10.0**-measure.decimals)
    ticks = _ticks(top)
    colorbar = {"thickness": 14, "len": 0.75, "tickformat": f",.{measure.decimals}f"}
    if measure.darker_when == "lower":
        # Colour -value on the usual palette, so the least (the greatest need) is darkest and sits at the top.
        z = (-values).tolist()
        zmin, zmax = -top, 0.0
        colorbar["tickvals"] = [-tick for tick in ticks]
        colorbar["ticktext"] = [f"{tick:,.{measure.decimals}f}" for tick in ticks]
        notes.insert(0, "darker: lower")
    else:
        z = values.tolist()
        zmin, zmax = 0.0, top
    subtitle = "".join(f"<br><sup>{note}</sup>" for note in notes)
    colorbar["title"] = {"text": f"{measure.label}{subtitle}", "side": "top"}
    return {
        "locations": table["code"].tolist(),
        "z": z,
        "text": hover,
        "colorscale": COLOUR_SCALE,
        "zmin": zmin,
        "zmax": zmax,
        "colorbar": colorbar,
    }


def _ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to ``top`` (about ``count`` of them)."""
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [round(i * step, 10) for i in range(int(top / step + 1e-9) + 1)]


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
