"""Incidents by area: a map at a chosen level, filtered by month and category, with the same numbers as a table.

Filters live in the URL (``?level=lsoa&month=2018-07&category=Burglary&measure=rate``) so a view survives a
reload and can be shared as a link.
"""

from __future__ import annotations

from datetime import date

import dash
from dash import Input, Output, callback, clientside_callback, ctx, dcc, html

from dashboard.components.area_table import area_table, table_records
from dashboard.components.notices import problem_notice
from dashboard.data import data_access
from dashboard.figures import MEASURES, area_choropleth, area_choropleth_update
from dashboard.labels import level_label, month_label
from queries.areas import level_shapes
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, counts_by_area, filter_options, placement_totals

dash.register_page(__name__, path="/", name="Incidents by area", title="Incidents by area · cspmap", order=0)

LEVEL, MONTHS, CATEGORIES, MEASURE = "overview-level", "overview-months", "overview-categories", "overview-measure"
MAP, TABLE, NOTE, URL_SYNC = "overview-map", "overview-table", "overview-note", "overview-url-sync"
PREFERRED_LEVELS = ("neighbourhood", "lsoa")


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
    month_values = [m.strftime("%Y-%m") for m in options.months]
    category_values = [name for name, _ in options.categories]
    chosen_level = level if level in options.levels else _default_level(options.levels)
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
                    _control(
                        "Areas",
                        dcc.RadioItems(
                            id=LEVEL,
                            options=[{"label": level_label(lv), "value": lv} for lv in options.levels],
                            value=chosen_level,
                            inline=True,
                        ),
                    ),
                    _control(
                        "Months",
                        dcc.Dropdown(
                            id=MONTHS,
                            options=[
                                {"label": month_label(m), "value": v}
                                for m, v in zip(options.months, month_values, strict=True)
                            ],
                            value=_chosen(month, month_values),
                            multi=True,
                            placeholder="All months",
                        ),
                    ),
                    _control(
                        "Crime types",
                        dcc.Dropdown(
                            id=CATEGORIES,
                            options=[{"label": f"{name} ({n:,})", "value": name} for name, n in options.categories],
                            value=_chosen(category, category_values),
                            multi=True,
                            placeholder="All crime and ASB",
                        ),
                    ),
                    _control(
                        "Colour by",
                        dcc.RadioItems(
                            id=MEASURE,
                            options=[
                                {"label": "Number", "value": "count"},
                                {"label": "Per 1,000 residents", "value": "rate"},
                            ],
                            value=measure if measure in MEASURES else "count",
                            inline=True,
                        ),
                    ),
                ],
            ),
            html.Div(
                className="map-and-table",
                children=[
                    dcc.Loading(
                        dcc.Graph(id=MAP, config={"displaylogo": False, "scrollZoom": True}),
                        type="circle",
                    ),
                    html.Div(area_table(TABLE), className="table-panel"),
                ],
            ),
            html.P(id=NOTE, className="note"),
            dcc.Store(id=URL_SYNC),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "data"),
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
    if ctx.triggered_id in (None, LEVEL):
        figure = area_choropleth(data.call(level_shapes, level=level), table, MEASURES[measure])
    else:
        figure = area_choropleth_update(table, MEASURES[measure])
    return figure, table_records(table), _placement_note(data.call(placement_totals, **filters))


# Write the filters into the address bar without reloading the page (a dcc.Location update would re-run
# the page layout), so that reloading or sharing the link shows the same view.
clientside_callback(
    """
    function(level, months, categories, measure) {
        const query = new URLSearchParams();
        query.set("level", level);
        if (months && months.length) { query.set("month", months.join(",")); }
        if (categories && categories.length) { query.set("category", categories.join(",")); }
        query.set("measure", measure);
        window.history.replaceState(null, "", window.location.pathname + "?" + query.toString());
        return window.dash_clientside.no_update;
    }
    """,
    Output(URL_SYNC, "data"),
    Input(LEVEL, "value"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(MEASURE, "value"),
)


def _placement_note(totals: PlacementTotals) -> str:
    note = f"{totals.in_areas:,} incidents are in the loaded areas and on the map."
    if totals.outside_areas or totals.no_location:
        note += (
            f" Not shown: {totals.outside_areas:,} outside the loaded areas (the force's data covers more ground)"
            f" and {totals.no_location:,} published with no location."
        )
    return note


def _default_level(levels: tuple[str, ...]) -> str:
    return next((level for level in PREFERRED_LEVELS if level in levels), levels[0])


def _chosen(query_value: str | None, allowed: list[str]) -> list[str]:
    """Comma-separated URL values that exist in the data (category names may not contain commas)."""
    return [value for value in (query_value or "").split(",") if value in allowed]


def _control(label: str, control) -> html.Div:
    return html.Div(className="control", children=[html.Label(label, className="control-label"), control])
