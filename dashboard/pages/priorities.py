"""Priority neighbourhoods: the priority-neighbourhood index on a map and in a table, what each component adds to
the top areas' scores, and how stable their places are when the weights move.

State lives in the URL (``?level=neighbourhood&months=2018-07&top=10&measure=score``).
"""

from __future__ import annotations

from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import level_picker, month_picker, radio_picker, within_picker
from dashboard.components.filters import (
    LinkReader,
    area_map,
    checked_view,
    choice,
    loaded_options,
    selection_from,
    too_many_areas,
    within_options,
)
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import how_it_is_worked_out, illustrative_notice, notes_list, problem_notice
from dashboard.components.profile_link import open_profile_on_click, profile_location
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import Measure, empty_map
from dashboard.figures.contributions import Segment, blank_chart, contribution_bars
from dashboard.labels import component_label, short_component_label
from queries.analysis.partner_data import ASB_CASES, SURVEY, data_label
from queries.analysis.priorities import Priorities, priority_index
from queries.config import PrioritiesConfig
from queries.errors import CspmapError
from queries.incidents import FilterOptions, filter_options

dash.register_page(
    __name__, path="/priorities", name="Priority neighbourhoods", title="Priority neighbourhoods · cspmap", order=1
)

LEVEL, MONTHS, TOP, MEASURE = "priorities-level", "priorities-months", "priorities-top", "priorities-measure"
WITHIN = "priorities-within"
MAP, TABLE, BARS = "priorities-map", "priorities-table", "priorities-bars"
BANNER, NOTES, URL_SYNC = "priorities-banner", "priorities-notes", "priorities-url-sync"
TOP_CHOICES = (5, 10, 15, 20, 30)
MEASURES = {
    "score": Measure("score", "Priority score (0–100)", decimals=1, cap_at_percentile=False),
    "rank": Measure("rank", "Rank (1 = highest priority)", cap_at_percentile=False, darker_when="lower"),
}
# The partner data behind a component (as in dataset_labels), to say when a component rests on illustrative data.
PARTNER_COMPONENTS = {"low_confidence": SURVEY.kind, "asb_standard_failures": ASB_CASES.kind}


def layout(
    level: str | None = None,
    months: str | None = None,
    top: str | None = None,
    measure: str | None = None,
    within: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its choices set from the URL query (what is not a choice is ignored, and the page says so)."""
    options = loaded_options(need_incidents=True)
    if not isinstance(options, FilterOptions):
        return options
    settings = data_access().config.priorities
    link = LinkReader()
    controls = [
        level_picker(LEVEL, options.levels, link, level),
        within_picker(WITHIN, within_options(), link, within),
        month_picker(MONTHS, options.months, link, months, "Police data months"),
        radio_picker("Top", TOP, {n: n for n in _top_choices(settings)}, link, "top", top, str(settings.top)),
        radio_picker("Colour by", MEASURE, {"score": "Score", "rank": "Rank"}, link, "measure", measure, "score"),
    ]
    return html.Div(
        className="page priorities-page",
        children=[
            html.H1("Priority neighbourhoods"),
            html.P(
                "Where need is greatest, on one score that partners can agree on: police.uk crime, ASB and harm, "
                "the trend, repeat locations, residents' confidence and how ASB cases are handled.",
                className="lede",
            ),
            html.P(_method(settings), className="method"),
            link.notice(),
            html.Div(id=BANNER),
            html.Div(className="controls", children=controls),
            map_beside_table(
                MAP,
                html.Div(
                    children=[
                        html.P(
                            "Every area, highest priority first; the top ones are shaded. The columns after "
                            "the score are the points each component adds to it.",
                            className="table-caption",
                        ),
                        _priority_table(),
                    ],
                ),
            ),
            html.Div(
                className="priorities-below",
                children=[
                    html.Section(
                        className="priorities-bars",
                        children=[
                            html.H2("What makes up the top scores"),
                            dcc.Graph(id=BARS, config={"displaylogo": False, "displayModeBar": False}),
                        ],
                    ),
                    html.Section(
                        className="priorities-notes",
                        children=[html.H2("Notes"), how_it_is_worked_out(html.Div(id=NOTES))],
                    ),
                ],
            ),
            dcc.Store(id=URL_SYNC),
            profile_location(MAP),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(TABLE, "columnDefs"),
    Output(TABLE, "rowClassRules"),
    Output(BARS, "figure"),
    Output(BANNER, "children"),
    Output(NOTES, "children"),
    Input(LEVEL, "value"),
    Input(MONTHS, "value"),
    Input(TOP, "value"),
    Input(MEASURE, "value"),
    Input(WITHIN, "value"),
)
def show_priorities(level: str, months: list[str] | None, top: str, measure: str, within: str | None = None):
    """Rank the level's areas (within the chosen area, if one is) for the chosen months; redraw outlines only when
    the level or the area changes."""
    data = data_access()
    try:
        options = data.call(filter_options)
        level = choice("level", level, options.levels)
        top = int(choice("number of top areas", top, _top_choices(data.config.priorities)))
        measure = choice("measure", measure, MEASURES)
        view = checked_view(level, within)
        selection = replace(selection_from(options, months), within=view.within)  # ranked among the area's own
        if not view.fits:
            return empty_map(), [], [], {}, blank_chart(), too_many_areas(view), None
        result = data.call(priority_index, level=level, selection=selection, config=data.config, top=top)
    except CspmapError as exc:
        return empty_map(), [], [], {}, blank_chart(), problem_notice(str(exc)), None
    kinds = tuple(PARTNER_COMPONENTS[name] for name in result.weights if name in PARTNER_COMPONENTS)
    label = data.call(data_label, kinds=kinds)[0] if kinds else None
    table = result.table.rename(columns={"area_code": "code", "area_name": "name"})
    figure = area_map(LEVEL, level, table, MEASURES[measure], _hover(table, result.top), view, WITHIN)
    columns = _columns(result, data.config.priorities.perturbation)
    segments = _segments(result, label)
    bars = contribution_bars(table[table["rank"] <= result.top], segments)
    return cacheable(
        figure,
        table_records(table, columns),
        columns,
        _top_rows(result.top),
        bars,
        [_skipped(result, data.config.priorities), _banner(segments, label)],
        notes_list(result.notes),
    )


keep_in_url(URL_SYNC, {"level": LEVEL, "months": MONTHS, "top": TOP, "measure": MEASURE, "within": WITHIN})
open_profile_on_click(MAP)


def _top_choices(settings: PrioritiesConfig) -> list[str]:
    return [str(n) for n in sorted({*TOP_CHOICES, settings.top})]


def _priority_table():
    return data_table(TABLE, [], label="Priority score by area", file_name="priority-neighbourhoods")


def _columns(result: Priorities, perturbation: float) -> list[dict]:
    return [
        number_column("rank", "Rank"),
        text_column("name", "Area"),
        number_column("score", "Score (0–100)", decimals=1),
        {
            **percent_column("top_share", f"In top {result.top} (% of runs)"),
            "headerTooltip": f"In the top {result.top} (% of runs, weights ±{perturbation:.0%})",
        },
        # The points from each component: the first two in view, the rest behind "Columns". Short headers (two
        # lines at most), the full name as the header's tooltip.
        *(
            {
                **number_column(f"contribution_{name}", f"{short_component_label(name)} (points)", 1, hidden=i >= 2),
                "headerTooltip": f"{component_label(name)} (points)",
            }
            for i, name in enumerate(result.weights)
        ),
        text_column("code", "Code", hidden=True),
    ]


def _segments(result: Priorities, label: str | None) -> list[Segment]:
    return [
        Segment(f"contribution_{name}", component_label(name), weight, bool(label) and name in PARTNER_COMPONENTS)
        for name, weight in result.weights.items()
    ]


def _top_rows(top: int) -> dict[str, str]:
    """Shade the top rows (and mark them with a bar at the left edge, so not by colour alone)."""
    return {"row-highlight": f"params.data.rank != null && params.data.rank <= {top}"}


def _skipped(result: Priorities, settings: PrioritiesConfig) -> html.Div | None:
    """Which weighted components had no data, so the score rests on the others."""
    skipped = [
        component_label(name)
        for name, spec in settings.components.items()
        if spec.weight and name not in result.weights
    ]
    if not skipped:
        return None
    return html.Div(
        className="notice partial",
        role="alert",
        children=[
            html.Strong(f"{len(skipped)} of {len(skipped) + len(result.weights)} components have no data here "),
            f"and are left out of the score: {', '.join(skipped)}. The notes below say why.",
        ],
    )


def _banner(segments: list[Segment], label: str | None) -> html.Div | None:
    flagged = [f"“{segment.label}”" for segment in segments if segment.illustrative]
    if not flagged:
        return None
    names = " and ".join(flagged) if len(flagged) <= 2 else ", ".join(flagged[:-1]) + f" and {flagged[-1]}"
    verb = "is" if len(flagged) == 1 else "are"
    return illustrative_notice(
        f"{names} {verb} built on partner data labelled {label} (hatched in the chart below): read them as an "
        "example of the method, not as findings. The other components are police.uk data."
    )


def _hover(table: pd.DataFrame, top: int) -> list[str]:
    return [
        f"<b>{row.name}</b> ({row.code})<br>"
        + (
            f"Rank {row.rank} · score {row.score:.1f}<br>In the top {top} in {row.top_share:.0%} of runs"
            if pd.notna(row.rank)
            else "Not ranked: a component has no value (e.g. no population)"
        )
        for row in table.itertuples(index=False)
    ]


def _method(settings: PrioritiesConfig) -> list:
    scaled = {
        "percentile": "ranked among the areas and scaled from 0 (lowest) to 1 (highest)",
        "minmax": "scaled from 0 (lowest) to 1 (highest) by its value",
        "zscore": "turned into standard deviations from the average",
    }[settings.normalisation]
    return [
        html.Strong("How the score is made: "),
        f"each component is {scaled}, then the weighted average of the components, times 100, is the score; the "
        "points each component adds sum to the score. Rank stability: the index is re-run "
        f"{settings.runs:,} times with every weight moved by up to ±{settings.perturbation:.0%}. ",
        dcc.Link("How this is worked out, in full", href="/methods"),
        ".",
    ]
