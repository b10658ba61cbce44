"""Static maps for printed reports: matplotlib and geopandas on British National Grid, nothing fetched (no tiles).

Every map has a legend and a scale bar, and is returned as PNG bytes for the PDF or HTML to embed. Figures are
made with matplotlib's ``Figure`` directly, not pyplot: no global state, so two requests can draw at once.
"""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

BNG = "EPSG:27700"
OUTLINE = "#7b8794"
PATCH_FILL = "#f5f7fa"
POINT_COLOUR = "#52606d"
TARGET_FILL = "#b2182b"
DPI = 150


def patrol_map(
    patch: np.ndarray, points: pd.DataFrame, targets: pd.DataFrame, cell_size: float, width_in: float = 7.0
) -> bytes:
    """The team's patch with its incidents' map points (faint: they sit on streets and public places, so the
    streets show through) and the numbered target cells."""
    figure = Figure(figsize=(width_in, width_in * 0.8), dpi=DPI)
    axes = figure.subplots()
    gpd.GeoSeries(patch, crs=BNG).plot(ax=axes, facecolor=PATCH_FILL, edgecolor=OUTLINE, linewidth=0.6)
    axes.scatter(points["easting"], points["northing"], s=3, c=POINT_COLOUR, alpha=0.4, linewidths=0)
    _add_cells(axes, targets, cell_size, facecolor=TARGET_FILL, edgecolor="white", linewidth=0.8, alpha=0.85)
    for row in targets.itertuples(index=False):
        axes.text(
            row.easting,
            row.northing,
            str(row.number),
            ha="center",
            va="center",
            color="white",
            fontsize=8,
            fontweight="bold",
        )
    legend = [
        Patch(facecolor=TARGET_FILL, edgecolor="white", label=f"Target cell ({cell_size:g} m), numbered"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=3,
            color=POINT_COLOUR,
            alpha=0.6,
            label="Incident map points (police.uk)",
        ),
        Patch(facecolor=PATCH_FILL, edgecolor=OUTLINE, label="The team's LSOAs"),
    ]
    return _finish(figure, axes, legend)


def choropleth_map(
    areas: np.ndarray, values: np.ndarray, label: str, highlight: np.ndarray | None = None, width_in: float = 5.0
) -> bytes:
    """Areas coloured by ``values`` (NaN: no value, hatched grey) with a colour bar titled ``label``; areas where
    ``highlight`` is true are outlined in black (e.g. the priority neighbourhoods)."""
    frame = gpd.GeoDataFrame({"value": np.asarray(values, dtype=float)}, geometry=list(areas), crs=BNG)
    figure = Figure(figsize=(width_in, width_in * 0.9), dpi=DPI)
    axes = figure.subplots()
    frame.plot(
        column="value",
        ax=axes,
        cmap="YlOrRd",
        edgecolor="white",
        linewidth=0.3,
        legend=True,
        legend_kwds={"label": label, "shrink": 0.6},
        missing_kwds={"color": "#e4e7eb", "hatch": "///", "label": "No value"},
    )
    handles = []
    if highlight is not None and np.asarray(highlight).any():
        frame[np.asarray(highlight, dtype=bool)].boundary.plot(ax=axes, color="black", linewidth=1.2)
        handles.append(Line2D([], [], color="black", linewidth=1.2, label="Priority area"))
    return _finish(figure, axes, handles)


def cells_map(
    areas: np.ndarray, hot: pd.DataFrame, emerging: pd.DataFrame, cell_size: float, width_in: float = 5.0
) -> bytes:
    """Gi* hot-spot cells (red) and emerging hot-spot cells (outlined purple) over the areas' outlines."""
    figure = Figure(figsize=(width_in, width_in * 0.9), dpi=DPI)
    axes = figure.subplots()
    gpd.GeoSeries(list(areas), crs=BNG).plot(ax=axes, facecolor=PATCH_FILL, edgecolor=OUTLINE, linewidth=0.3)
    _add_cells(axes, hot, cell_size, facecolor=TARGET_FILL, edgecolor="none")
    _add_cells(axes, emerging, cell_size, facecolor="none", edgecolor="#762a83", linewidth=0.9)
    legend = [
        Patch(facecolor=TARGET_FILL, label=f"Gi* hot spot ({len(hot):,} cells of {cell_size:g} m)"),
        Patch(facecolor="none", edgecolor="#762a83", label=f"Emerging hot spot ({len(emerging):,} cells)"),
    ]
    return _finish(figure, axes, legend)


def _add_cells(axes, cells: pd.DataFrame, cell_size: float, **style) -> None:
    """Grid cells (``easting``, ``northing``: their centres) as squares, one collection for all of them: a force's
    hundreds of hot cells added a patch at a time took most of a second of matplotlib's bookkeeping."""
    half = cell_size / 2
    squares = [
        Rectangle((x - half, y - half), cell_size, cell_size)
        for x, y in zip(cells["easting"], cells["northing"], strict=True)
    ]
    axes.add_collection(PatchCollection(squares, **style))


def _finish(figure, axes, legend_handles: list) -> bytes:
    axes.set_aspect("equal")
    axes.set_axis_off()
    _scale_bar(axes)
    if legend_handles:
        axes.legend(handles=legend_handles, loc="upper left", fontsize=7, framealpha=0.9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.05)
    return buffer.getvalue()


def _scale_bar(axes) -> None:
    # On British National Grid a metre is a metre, so 1 km (or 5 km for wide maps) is drawn to scale.
    west, east = axes.get_xlim()
    south, north = axes.get_ylim()
    length = 5000.0 if east - west > 20000 else 1000.0
    x, y = west + (east - west) * 0.04, south + (north - south) * 0.04
    axes.plot([x, x + length], [y, y], color="black", linewidth=2, solid_capstyle="butt")
    axes.text(x + length / 2, y + (north - south) * 0.015, f"{length / 1000:g} km", ha="center", fontsize=7)
