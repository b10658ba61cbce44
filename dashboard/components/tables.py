"""The table of numbers that sits beside every map: sortable, keyboard and screen-reader friendly, downloadable
as a formula-safe CSV, blanks for unknowns.

Built on dash-ag-grid (``dash_table.DataTable`` is deprecated in Dash 4.4 and removed in Dash 5). Each table comes
with two buttons above it: "Download CSV" and "Columns" (a chooser for the columns a page hides at first so the
key ones fit without sideways scrolling). Both are driven by assets/tables.js through the grid's own API, so no
Dash callback is needed per table.
"""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import html

from dashboard.figures.area_maps import MAP_HEIGHT_PX

# AG Grid's options for people who use a keyboard or a screen reader (AG Grid's accessibility guide): cells in
# the DOM in reading order and every column rendered, so a screen reader reads a row in full (rows are still
# drawn as they scroll into view, with aria-rowindex and aria-rowcount saying where they are); Tab
# leaves the grid (arrow keys move between cells, Enter on a header sorts), so the grid is one stop on the
# page's Tab path and never a trap.
ACCESSIBLE_GRID_OPTIONS = {
    "ensureDomOrder": True,
    "suppressColumnVirtualisation": True,
    "tabToNextCell": {"function": "false"},
    "tabToNextHeader": {"function": "false"},
    "suppressDragLeaveHidesColumns": True,
    "suppressMovableColumns": True,  # dragging a header has no single-pointer alternative (WCAG 2.5.7)
    "enableCellTextSelection": True,
    "animateRows": False,
    "localeText": {"noRowsToShow": "No rows for this choice"},
    "theme": {
        "function": (
            "themeQuartz.withParams({fontFamily: 'inherit', fontSize: 14, headerFontWeight: 600, "
            "foregroundColor: '#1f2933', headerBackgroundColor: '#f3f4f6', borderColor: '#7b8794', "
            "rowBorder: {color: '#d9dee3'}, spacing: 5, accentColor: '#1d4ed8', "
            "focusShadow: {radius: 0, spread: 3, color: '#1d4ed8'}})"
        )
    },
}
DEFAULT_COLUMN = {
    "sortable": True,
    "resizable": True,
    "wrapHeaderText": True,  # headers wrap (at most two lines when the names are kept short)
    "autoHeaderHeight": True,
    "suppressHeaderMenuButton": True,
    "minWidth": 90,
}


def text_column(column_id: str, name: str, hidden: bool = False, min_width: int = 130, wrap: bool = False) -> dict:
    """A column of words or codes; ``hidden`` ones start out of view and can be shown with "Columns".

    ``wrap`` lets long text run onto more lines (the row grows) instead of being cut off.
    """
    column = {"field": column_id, "headerName": name, "hide": hidden, "minWidth": min_width, "flex": 2}
    if wrap:
        column |= {"wrapText": True, "autoHeight": True, "cellClass": "wrapped-cell"}
    return column


def number_column(column_id: str, name: str, decimals: int = 0, hidden: bool = False, separators: bool = True) -> dict:
    """A right-aligned number with thousands separators (unless ``separators`` is False, as for grid
    references) and a fixed number of decimals."""
    return _numeric(column_id, name, f"{',' if separators else ''}.{decimals}f", hidden)


def percent_column(column_id: str, name: str, decimals: int = 0, hidden: bool = False) -> dict:
    """A share between 0 and 1 shown as a percentage."""
    return _numeric(column_id, name, f".{decimals}%", hidden)


def _numeric(column_id: str, name: str, d3_format: str, hidden: bool) -> dict:
    # d3.format writes a minus sign (U+2212) for negatives, as the DataTable did; blanks stay blank.
    # A word in a number column ("Suppressed") is shown as it is. The grid's expression language has no
    # typeof, so a number is told apart by having a toFixed method.
    formatter = (
        f"params.value == null ? '' : params.value.toFixed ? d3.format('{d3_format}')(params.value) : params.value"
    )
    return {
        "field": column_id,
        "headerName": name,
        "type": "numericColumn",
        "valueFormatter": {"function": formatter},
        "hide": hidden,
        "flex": 1,
    }


def data_table(
    table_id: str,
    columns: list[dict],
    height_px: int | None = MAP_HEIGHT_PX,
    *,
    label: str = "Table of the numbers on the map",
    records: list[dict] | None = None,
    row_class_rules: dict[str, str] | None = None,
    file_name: str | None = None,
) -> html.Div:
    """A table with these columns and its buttons; a callback fills ``rowData`` with :func:`table_records`.

    ``height_px`` None lets the table grow with its rows (short tables: no scrolling box). ``row_class_rules``
    maps a CSS class to a JavaScript condition on ``params.data`` (AG Grid's rowClassRules), for shading rows.
    """
    grid = dag.AgGrid(
        id=table_id,
        columnDefs=columns,
        rowData=records or [],
        defaultColDef=DEFAULT_COLUMN,
        columnSize="responsiveSizeToFit",
        dashGridOptions={
            **ACCESSIBLE_GRID_OPTIONS,
            **({"domLayout": "autoHeight"} if height_px is None else {}),
        },
        rowClassRules=row_class_rules or {},
        style={"height": f"{height_px}px" if height_px else None, "width": "100%"},
        className="data-grid",
    )
    return html.Div(
        className="data-table",
        role="region",
        **{"aria-label": label},
        children=[
            html.Div(
                className="table-tools",
                children=[
                    html.Button(
                        "Download CSV",
                        className="table-button",
                        **{"data-export-table": table_id, "data-file-name": f"{file_name or table_id}.csv"},
                    ),
                    html.Details(
                        className="column-chooser",
                        children=[
                            html.Summary("Columns", className="table-button"),
                            # assets/tables.js fills this with a checkbox per column when it opens
                            html.Fieldset(className="column-list", **{"data-columns-of": table_id}),
                        ],
                    ),
                ],
            ),
            grid,
        ],
    )


def table_records(table: pd.DataFrame, columns: list[dict]) -> list[dict]:
    """Rows for the table's columns, with unknown values as blanks rather than NaN."""
    shown = table[[column["field"] for column in columns]].astype(object)
    return shown.where(pd.notna(shown), None).to_dict("records")
