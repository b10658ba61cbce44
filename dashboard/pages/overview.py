"""Incidents by area: a map at a chosen level, filtered by month and category, with the same numbers as a table.

Filters live in the URL (``?level=lsoa&month=2018-07&category=Burglary&measure=rate``) so a view survives a
reload and can be shared as a link.
"""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import Input, Output, callback, ctx, dcc, html

from dashboard.components.controls import category_picker, labelled, level_picker, month_picker
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import how_it_is_worked_out, problem_notice
from dashboard.components.tables import data_table, number_column, table_records, text_column
from dashboard.components.url_state import chosen_value, keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import Measure, area_choropleth, area_choropleth_update
from queries.analysis.rates import poisson_interval
from queries.areas import level_shapes
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, counts_by_area, filter_options, placement_totals

dash.register_page(__name__, path="/", name="Incidents by area", title="Incidents by area · cspmap", order=0)

LEVEL, MONTHS, CATEGORIES, MEASURE = "overview-level", "overview-months", "overview-categories", "overview-measure"
MAP, TABLE, NOTE, URL_SYNC = "overview-map", "overview-table", "overview-note", "overview-url-sync"
MEASURES = {
    "count": Measure("incidents", "Incidents"),
    "rate": Measure("per_1000", "Incidents per 1,000 residents", decimals=1),
}
COLUMNS = [
    text_column("name", "Area"),
    number_column("incidents", "Incidents"),
    number_column("population", "Residents"),
    number_column("per_1000", "Per 1,000 residents", decimals=1),
    text_column("per_1000_interval", "95% interval", min_width=110),
    text_column("code", "Code", hidden=True),
]


def layout(
    level: str | None = None,
    month: str | None = None,
    category: str | None = None,
    measure: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its filters set from the URL query (unknown values are ignored)."""
    try:
        options = data_access().call(filter_options)
    except CspmapError as exc:
        return problem_notice(str(exc))
    if not options.levels:
        return problem_notice("No areas are loaded yet. Load boundaries with `cspmap ingest boundaries`.")
    return html.Div(
        className="page",
        children=[
            html.H1("Incidents by area"),
            html.P(
                "police.uk street-level crime and anti-social behaviour, counted in the area each incident is in.",
                className="lede",
            ),
            html.Div(
                className="controls",
                children=[
                    level_picker(LEVEL, options.levels, level),
                    month_picker(MONTHS, options.months, month),
                    category_picker(CATEGORIES, options.categories, category),
                    labelled(
                        "Colour by",
                        dcc.RadioItems(
                            id=MEASURE,
                            options=[
                                {"label": "Number", "value": "count"},
                                {"label": "Per 1,000 residents", "value": "rate"},
                            ],
                            value=chosen_value(measure, list(MEASURES), "count"),
                            inline=True,
                        ),
                    ),
                ],
            ),
            map_beside_table(MAP, data_table(TABLE, COLUMNS, label="Incidents by area", file_name="incidents-by-area")),
            html.P(id=NOTE, className="note"),
            how_it_is_worked_out(
                html.P(
                    "Each incident is counted in the area its published LSOA is in, or else the area its map "
                    "point falls in. Per 1,000 residents divides by the census population of the area. Police.uk "
                    "moves every location to the nearest of about 750,000 map points, so counts near a boundary "
                    "can land on either side."
                )
            ),
            dcc.Store(id=URL_SYNC),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(NOTE, "children"),
    Input(LEVEL, "value"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(MEASURE, "value"),
)
def show_areas(level: str, months: list[str] | None, categories: list[str] | None, measure: str):
    """Count incidents per area for the filters; redraw outlines only when the level changes."""
    data = data_access()
    filters = {
        "months": tuple(date.fromisoformat(f"{m}-01") for m in months or ()),
        "categories": tuple(categories or ()),
    }
    table = data.call(counts_by_area, level=level, **filters)
    if measure == "rate":  # the table follows the map: highest rate first
        table = table.sort_values(["per_1000", "code"], ascending=[False, True], na_position="last")
    table["per_1000_interval"] = _rate_intervals(table)
    hover = _hover(table)
    if ctx.triggered_id in (None, LEVEL):
        figure = area_choropleth(data.call(level_shapes, level=level), table, MEASURES[measure], hover)
    else:
        figure = area_choropleth_update(table, MEASURES[measure], hover)
    return figure, table_records(table, COLUMNS), _placement_note(data.call(placement_totals, **filters))


keep_in_url(URL_SYNC, {"level": LEVEL, "month": MONTHS, "category": CATEGORIES, "measure": MEASURE})


def _hover(table: pd.DataFrame) -> list[str]:
    return [
        f"<b>{row.name}</b> ({row.code})<br>Incidents: {row.incidents:,}<br>"
        f"Residents: {_or_unknown(row.population, '{:,.0f}')}<br>"
        f"Per 1,000 residents: {_or_unknown(row.per_1000, '{:.1f}')}"
        for row in table.itertuples(index=False)
    ]


def _rate_intervals(table: pd.DataFrame) -> list[str]:
    """The exact 95% Poisson interval of each area's rate per 1,000 residents, as "121.6–145.6" (blank when the
    population is unknown)."""
    low, high = poisson_interval(table["incidents"].to_numpy(), 0.95)
    scale = 1000.0 / table["population"].astype(float).where(table["population"] > 0)
    return [f"{lo * s:,.1f}–{hi * s:,.1f}" if pd.notna(s) else "" for lo, hi, s in zip(low, high, scale, strict=True)]


def _or_unknown(value: float, template: str) -> str:
    return template.format(value) if pd.notna(value) else "unknown"


def _placement_note(totals: PlacementTotals) -> str:
    note = f"{totals.in_areas:,} incidents are in the loaded areas and on the map."
    if totals.outside_areas or totals.no_location:
        note += (
            f" Not shown: {totals.outside_areas:,} outside the loaded areas (the force's data covers more ground)"
            f" and {totals.no_location:,} published with no location."
        )
    return note
