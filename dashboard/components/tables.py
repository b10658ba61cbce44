"""The table of numbers that sits beside every map: sortable, downloadable as CSV, blanks for unknowns."""

from __future__ import annotations

import pandas as pd
from dash import dash_table
from dash.dash_table.Format import Format, Group, Scheme

from dashboard.figures.area_maps import MAP_HEIGHT_PX


def text_column(column_id: str, name: str) -> dict:
    """A column of words or codes."""
    return {"name": name, "id": column_id}


def number_column(column_id: str, name: str, decimals: int = 0) -> dict:
    """A right-aligned number with thousands separators and a fixed number of decimals."""
    number_format = Format(group=Group.yes, precision=decimals, scheme=Scheme.fixed)
    return {"name": name, "id": column_id, "type": "numeric", "format": number_format}


def percent_column(column_id: str, name: str, decimals: int = 0) -> dict:
    """A share between 0 and 1 shown as a percentage."""
    return {
        "name": name,
        "id": column_id,
        "type": "numeric",
        "format": Format(precision=decimals, scheme=Scheme.percentage),
    }


def data_table(table_id: str, columns: list[dict], height_px: int = MAP_HEIGHT_PX) -> dash_table.DataTable:
    """An empty table with these columns; a callback fills ``data`` with :func:`table_records`."""
    return dash_table.DataTable(
        id=table_id,
        columns=columns,
        data=[],
        sort_action="native",
        page_action="none",
        export_format="csv",
        export_headers="display",
        style_table={"height": f"{height_px}px", "overflowY": "auto"},
        style_cell={"fontFamily": "inherit", "fontSize": "0.85rem", "padding": "4px 8px", "textAlign": "left"},
        style_cell_conditional=[
            {"if": {"column_type": "numeric"}, "textAlign": "right"},
            {"if": {"column_id": "name"}, "minWidth": "9rem", "whiteSpace": "normal"},
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f3f4f6", "whiteSpace": "normal", "height": "auto"},
    )


def table_records(table: pd.DataFrame, columns: list[dict]) -> list[dict]:
    """Rows for the table's columns, with unknown values as blanks rather than NaN."""
    shown = table[[column["id"] for column in columns]].astype(object)
    return shown.where(pd.notna(shown), None).to_dict("records")
