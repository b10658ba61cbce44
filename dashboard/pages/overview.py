"""Incidents by area: a map at a chosen level, filtered by month and category, with the same numbers as a table.

Filters live in the URL (``?level=lsoa&months=2018-07&categories=Burglary&measure=rate``) so a view survives a
reload and can be shared as a link; links made before the keys matched the other pages' (``month``,
``category``) still work.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import category_picker, level_picker, month_picker, radio_picker, within_picker
from dashboard.components.filters import (
    LinkReader,
    area_map,
    checked_view,
    choice,
    in_view,
    loaded_options,
    months_of,
    selection_from,
    too_many_areas,
    within_options,
)
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import how_it_is_worked_out, problem_notice
from dashboard.components.profile_link import open_profile_on_click, profile_location
from dashboard.components.tables import data_table, number_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import Measure, empty_map
from queries.analysis.rates import poisson_interval
from queries.errors import CspmapError
from queries.incidents import FilterOptions, PlacementTotals, counts_by_area, filter_options, placement_totals

dash.register_page(__name__, path="/", name="Incidents by area", title="Incidents by area · cspmap", order=0)

LEVEL, MONTHS, CATEGORIES, MEASURE = "overview-level", "overview-months", "overview-categories", "overview-measure"
WITHIN = "overview-within"
MAP, TABLE, NOTE, PROBLEM, URL_SYNC = (
    "overview-map",
    "overview-table",
    "overview-note",
    "overview-problem",
    "overview-url-sync",
)
MEASURES = {
    "count": Measure("incidents", "Incidents"),
    "rate": Measure("per_1000", "Incidents per 1,000 residents", decimals=1),
}
MEASURE_CHOICES = {"count": "Number", "rate": "Per 1,000 residents"}
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
    months: str | None = None,
    categories: str | None = None,
    measure: str | None = None,
    within: str | None = None,
    month: str | None = None,
    category: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its filters set from the URL query (what is not a choice is ignored, and the page says so)."""
    options = loaded_options()
    if not isinstance(options, FilterOptions):
        return options
    link = LinkReader()
    controls = [
        level_picker(LEVEL, options.levels, link, level),
        within_picker(WITHIN, within_options(), link, within),
        month_picker(MONTHS, options.months, link, months if months is not None else month),
        category_picker(CATEGORIES, options.categories, link, categories if categories is not None else category),
        radio_picker("Colour by", MEASURE, MEASURE_CHOICES, link, "measure", measure, "count"),
    ]
    return html.Div(
        className="page",
        children=[
            html.H1("Incidents by area"),
            html.P(
                "police.uk street-level crime and anti-social behaviour, counted in the area each incident is in.",
                className="lede",
            ),
            link.notice(),
            html.Div(className="controls", children=controls),
            html.Div(id=PROBLEM),
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
            profile_location(MAP),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(NOTE, "children"),
    Output(PROBLEM, "children"),
    Input(LEVEL, "value"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(MEASURE, "value"),
    Input(WITHIN, "value"),
)
def show_areas(
    level: str, months: list[str] | None, categories: list[str] | None, measure: str, within: str | None = None
):
    """Count incidents per area for the filters; redraw outlines only when the level or the area changes."""
    data = data_access()
    try:
        options = data.call(filter_options)
        level = choice("level", level, options.levels)
        selection = selection_from(options, months, categories)
        measure = choice("measure", measure, MEASURES)
        view = checked_view(level, within)
    except CspmapError as exc:
        return empty_map(), [], None, problem_notice(str(exc))
    if not view.fits:
        return empty_map(), [], None, too_many_areas(view)
    filters = {"months": months_of(selection), "categories": selection.categories or ()}
    table = in_view(data.call(counts_by_area, level=level, **filters), view)
    if measure == "rate":  # the table follows the map: highest rate first
        table = table.sort_values(["per_1000", "code"], ascending=[False, True], na_position="last")
    table["per_1000_interval"] = _rate_intervals(table)
    figure = area_map(LEVEL, level, table, MEASURES[measure], _hover(table), view, WITHIN)
    return cacheable(
        figure, table_records(table, COLUMNS), _placement_note(data.call(placement_totals, **filters)), None
    )


keep_in_url(
    URL_SYNC, {"level": LEVEL, "months": MONTHS, "categories": CATEGORIES, "measure": MEASURE, "within": WITHIN}
)
open_profile_on_click(MAP)


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
