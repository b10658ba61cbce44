"""Shares with their 95% intervals against a target: as dots and whiskers, and as a map of areas.

Both say the same thing in the same colours: blue where the whole interval is above the target, red where it is
below, grey where the target is inside the interval (the data cannot tell them apart). Suppressed areas (too few
responses to publish) are drawn grey on the map and named in its legend, never left blank.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.area_maps import map_layout
from queries.areas import AreaShapes

COMPARED_COLOURS = {"above": "#2166ac", "below": "#b2182b", "similar": "#52606d"}
COMPARED_NAMES = {
    "above": "Above the target (whole interval)",
    "below": "Below the target (whole interval)",
    "similar": "Not distinguishable from the target",
}
SUPPRESSED_COLOUR = "#8c939b"  # 3.1:1 against the white page, as WCAG 1.4.11 asks of a shape that carries meaning
# Red below the target, blue above, pale at the target itself.
SHARE_COLOURS = [[0.0, "#b2182b"], [0.25, "#ef8a62"], [0.5, "#f7f7f7"], [0.75, "#67a9cf"], [1.0, "#2166ac"]]
ROW_HEIGHT_PX = 30


def interval_chart(rows: pd.DataFrame, target: float | None, value_label: str) -> go.Figure:
    """Dots and whiskers, one row per estimate, grouped, with the target as a dashed line.

    ``rows`` has ``group`` and ``label`` (the two levels of the row's name, top to bottom), ``share``,
    ``share_low`` and ``share_high`` (0 to 1), ``compared`` ('above', 'below' or 'similar') and ``hover``.
    """
    figure = go.Figure()
    y_order = [rows["group"].tolist(), rows["label"].tolist()]
    for compared, colour in COMPARED_COLOURS.items():
        chosen = rows[rows["compared"] == compared]
        if chosen.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=chosen["share"].tolist(),
                y=[chosen["group"].tolist(), chosen["label"].tolist()],
                mode="markers",
                marker={"size": 10, "color": colour},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (chosen["share_high"] - chosen["share"]).tolist(),
                    "arrayminus": (chosen["share"] - chosen["share_low"]).tolist(),
                    "thickness": 2,
                    "width": 5,
                    "color": colour,
                },
                text=chosen["hover"].tolist(),
                hovertemplate="%{text}<extra></extra>",
                name=COMPARED_NAMES[compared],
                showlegend=True,  # even when every estimate is in one class, say what its colour means
            )
        )
    lows = [*rows["share_low"].dropna(), *([target] if target is not None else [])]
    highs = [*rows["share_high"].dropna(), *([target] if target is not None else [])]
    low = max(0.0, math.floor((min(lows, default=0.0) - 0.05) * 10) / 10)
    high = min(1.0, math.ceil((max(highs, default=1.0) + 0.05) * 10) / 10)
    if target is not None:
        figure.add_vline(
            x=target,
            line={"dash": "dash", "color": "#1f2933", "width": 1.5},
            annotation={"text": f"Target {target:.0%}", "font": {"size": 12}},
            annotation_position="top",
        )
    figure.update_layout(
        height=90 + ROW_HEIGHT_PX * max(len(rows), 2),
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        plot_bgcolor="#ffffff",
        xaxis={
            "title": {"text": value_label},
            "tickformat": ".0%",
            "range": [low, high],
            "gridcolor": "#e4e7eb",
            "zeroline": False,
        },
        yaxis={
            "type": "multicategory",
            "categoryorder": "array",
            "categoryarray": list(zip(*y_order, strict=True)),
            "autorange": "reversed",
            "gridcolor": "#f3f4f6",
        },
        legend={"orientation": "h", "x": 0, "y": -0.18 if len(rows) > 4 else -0.35, "yanchor": "top"},
        hoverlabel={"align": "left"},
    )
    return figure


def share_map(
    shapes: AreaShapes, table: pd.DataFrame, target: float | None, hover: list[str], suppressed_name: str
) -> go.Figure:
    """Areas coloured by their share, centred on the target; suppressed areas grey and named in the legend.

    ``table`` has ``area_code``, ``share`` (0 to 1, empty when suppressed) and ``compared``; ``hover`` is the text
    for each row, in order.
    """
    table = table.assign(hover=hover)
    shown = table[table["compared"] != "suppressed"]
    suppressed = table[table["compared"] == "suppressed"]
    figure = go.Figure()
    if len(suppressed):
        figure.add_trace(
            go.Choroplethmap(
                geojson=shapes.geojson,
                featureidkey="id",
                locations=suppressed["area_code"].tolist(),
                z=[0] * len(suppressed),
                colorscale=[[0.0, SUPPRESSED_COLOUR], [1.0, SUPPRESSED_COLOUR]],
                showscale=False,
                marker={"line": {"width": 0.6, "color": "#ffffff"}},
                text=suppressed["hover"].tolist(),
                hovertemplate="%{text}<extra></extra>",
                name=suppressed_name,
                showlegend=True,
            )
        )
    if len(shown):
        middle = target if target is not None else float(shown["share"].median())
        spread = max(float((shown["share"] - middle).abs().max()), 0.1)
        spread = math.ceil(spread * 20) / 20  # to the next 5 points, so the colour bar has round ends
        figure.add_trace(
            go.Choroplethmap(
                geojson=shapes.geojson,
                featureidkey="id",
                locations=shown["area_code"].tolist(),
                z=shown["share"].round(4).tolist(),
                zmin=middle - spread,
                zmax=middle + spread,
                colorscale=SHARE_COLOURS,
                marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.9},
                text=shown["hover"].tolist(),
                hovertemplate="%{text}<extra></extra>",
                colorbar={
                    "title": {
                        "text": "% agreeing"
                        + (f"<br><sup>white: the {target:.0%} target</sup>" if target is not None else ""),
                        "side": "top",
                    },
                    "tickformat": ".0%",
                    "thickness": 14,
                    "len": 0.75,
                },
                name="Share agreeing",
                showlegend=False,
            )
        )
    figure.update_layout(map_layout(shapes.bounds, legend=True))
    return figure
