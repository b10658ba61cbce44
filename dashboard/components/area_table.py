"""The table of numbers that sits beside every map, sortable and downloadable as CSV."""

from __future__ import annotations

import pandas as pd
from dash import dash_table
from dash.dash_table.Format import Format, Group, Scheme

from dashboard.figures import MAP_HEIGHT_PX

AREA_COLUMNS = [
    {"name": "Area", "id": "name"},
    {"name": "Code", "id": "code"},
    {"name": "Incidents", "id": "incidents", "type": "numeric", "format": Format(group=Group.yes)},
    {"name": "Residents", "id": "population", "type": "numeric", "format": Format(group=Group.yes)},
    {
        "name": "Per 1,000 residents",
        "id": "per_1000",
        "type": "numeric",
        "format": Format(precision=1, scheme=Scheme.fixed),
    },
]


def area_table(table_id: str) -> dash_table.DataTable:
    """An empty area table; a callback fills ``data`` with :func:`table_records`."""
    return dash_table.DataTable(
        id=table_id,
        columns=AREA_COLUMNS,
        data=[],
        sort_action="native",
        page_action="none",
        export_format="csv",
        export_headers="display",
        style_table={"height": f"{MAP_HEIGHT_PX}px", "overflowY": "auto"},
        style_cell={"fontFamily": "inherit", "fontSize": "0.85rem", "padding": "4px 8px", "textAlign": "left"},
        style_cell_conditional=[
            {"if": {"column_type": "numeric"}, "textAlign": "right"},
            {"if": {"column_id": "name"}, "minWidth": "9rem", "whiteSpace": "normal"},
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f3f4f6", "whiteSpace": "normal", "height": "auto"},
    )


def table_records(table: pd.DataFrame) -> list[dict]:
    """Rows for the table, with unknown values as blanks rather than NaN."""
    shown = table[[column["id"] for column in AREA_COLUMNS]].astype(object)
    return shown.where(pd.notna(shown), None).to_dict("records")
