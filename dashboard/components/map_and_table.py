"""The heart of every page: a map, and the same numbers as a table beside it."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

# The toolbar keeps zoom in, zoom out and reset view: buttons that do what dragging and the wheel do, for
# people who cannot drag (WCAG 2.5.7). Box and lasso select do nothing on these maps, and nothing is shared
# with Plotly's cloud.
MAP_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud"],
}


def map_beside_table(map_id: str, table: Component, figure: go.Figure | None = None) -> html.Div:
    """The map (with a spinner while it redraws, ``figure`` until its first draw) and ``table`` in its panel."""
    graph = dcc.Graph(id=map_id, config=MAP_CONFIG)
    if figure is not None:
        graph.figure = figure
    return html.Div(
        className="map-and-table",
        children=[dcc.Loading(graph, type="circle"), html.Div(table, className="table-panel")],
    )
