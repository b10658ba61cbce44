"""What makes up each top area's priority score: horizontal stacked bars, one colour per component."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: told apart by colour-blind readers; the yellow is left out (too faint on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000")
BAR_HEIGHT_PX = 26
LEGEND_ROW_PX = 20
ILLUSTRATIVE_PATTERN = "/"


@dataclass(frozen=True)
class Segment:
    """A component's contribution column in the priorities table, how to name it, and whether its data is
    illustrative (drawn hatched, and said so in the legend)."""

    column: str
    label: str
    weight: float
    illustrative: bool = False


def contribution_bars(table: pd.DataFrame, segments: list[Segment]) -> go.Figure:
    """One bar per row of ``table`` (rank, name, score and the segments' columns), best-ranked at the top,
    split into the points each component adds to the score (they add up to it)."""
    areas = [f"{rank}. {name}" for rank, name in zip(table["rank"], table["name"], strict=True)]
    figure = go.Figure()
    for k, segment in enumerate(segments):
        name = f"{segment.label} ×{segment.weight:g}" + (" (illustrative)" if segment.illustrative else "")
        figure.add_trace(
            go.Bar(
                x=table[segment.column].round(1).tolist(),
                y=areas,
                orientation="h",
                name=name,
                marker={
                    "color": PALETTE[k % len(PALETTE)],
                    "line": {"width": 0.5, "color": "#ffffff"},
                    "pattern": {"shape": ILLUSTRATIVE_PATTERN if segment.illustrative else "", "fgcolor": "#ffffff"},
                },
                hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:.1f}} points<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=table["score"].tolist(),
            y=areas,
            mode="text",
            text=[f" {score:.1f}" for score in table["score"]],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        barmode="stack",
        height=max(110 + BAR_HEIGHT_PX * len(areas), 90 + LEGEND_ROW_PX * len(segments)),  # room for the legend
        margin={"l": 8, "r": 8, "t": 8, "b": 40},
        xaxis={"title": {"text": "Points of the score (out of 100)"}, "range": [0, 105], "gridcolor": "#e5e7eb"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={
            "orientation": "v",
            "x": 1.02,
            "y": 1,
            "yanchor": "top",
            "title": {"text": "Component × weight"},
            "traceorder": "normal",
        },
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 12},
    )
    return figure


def blank_chart() -> go.Figure:
    """An empty, axis-less chart, for when there is nothing to draw."""
    figure = go.Figure()
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=120, plot_bgcolor="#ffffff")
    return figure
