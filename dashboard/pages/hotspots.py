"""Hot spots and the patrol plan: Gi* hot and cold grid cells, the plan's top cells, and how well the plan's method
would have predicted the latest held-out month.

Filters live in the URL (``?months=2017-07,2018-07&category=Burglary&within=csp:E08000033&share=5&show=density``).
"""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html
from dash.dash_table.Format import Format, Scheme

from dashboard.components.controls import category_picker, labelled, month_picker
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import notes_list, problem_notice
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import chosen_value, chosen_values, keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import empty_map
from dashboard.figures.cell_maps import hotspot_map
from dashboard.labels import level_label
from queries.analysis.evaluation import (
    Evaluation,
    PatrolPlan,
    evaluate_methods,
    flagged_cells,
    patrol_plan,
    share_key,
    wide_scores,
)
from queries.analysis.hotspots import Hotspots, grid_hotspots
from queries.analysis.methods import BASELINE, method_named
from queries.analysis.place_names import NAME_SEPARATOR, CellPlaceNames, cell_place_names, with_place_names
from queries.analysis.selection import Selection, format_months, settle_months
from queries.areas import level_shapes
from queries.errors import CspmapError
from queries.incidents import counts_by_area, filter_options

dash.register_page(
    __name__, path="/hotspots", name="Hot spots and patrol plan", title="Hot spots and patrol plan · cspmap", order=2
)

MONTHS, CATEGORIES, WITHIN, SHARE, SHOW = (
    "hotspots-months",
    "hotspots-categories",
    "hotspots-within",
    "hotspots-share",
    "hotspots-show",
)
MAP, TABLE, SUMMARY, NOTES, PROBLEM = (
    "hotspots-map",
    "hotspots-table",
    "hotspots-summary",
    "hotspots-notes",
    "hotspots-problem",
)
SCORES, SCORES_PANEL, VERDICT, SCORE_NOTES, URL_SYNC = (
    "hotspots-scores",
    "hotspots-scores-panel",
    "hotspots-verdict",
    "hotspots-score-notes",
    "hotspots-url-sync",
)
WHOLE_AREA = "all"
WITHIN_LEVELS = ("csp", "neighbourhood")  # areas a user can keep the grid within, largest first
OUTLINE_LEVELS = ("neighbourhood", "csp", "lsoa")  # the faint outlines under the cells, first loaded
DENSITY = "density"

SPOT_LABELS = {"hot": "Hot spot", "cold": "Cold spot", "": "Not significant"}
GRID_REFERENCE = Format(precision=0, scheme=Scheme.fixed)  # eastings and northings read without separators

CELL_COLUMNS = [
    number_column("plan_rank", "Plan rank"),
    text_column("place_names", "Places (police.uk map points)"),
    text_column("area_name", "Area"),
    {"name": "Easting (m)", "id": "easting", "type": "numeric", "format": GRID_REFERENCE},
    {"name": "Northing (m)", "id": "northing", "type": "numeric", "format": GRID_REFERENCE},
    number_column("incidents", "Incidents"),
    number_column("z", "Gi* z", decimals=2),
    number_column("q", "q (FDR)", decimals=3),
    text_column("flagged_as", "Flagged as"),
]


def layout(
    months: str | None = None,
    category: str | None = None,
    within: str | None = None,
    share: str | None = None,
    show: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its filters set from the URL query (unknown values are ignored)."""
    data = data_access()
    try:
        options = data.call(filter_options)
        within_options = _within_options(options.levels)
    except CspmapError as exc:
        return problem_notice(str(exc))
    if not options.months:
        return problem_notice("No police.uk incidents are loaded yet. Load them with `cspmap ingest police-uk`.")
    share_options = _share_options(data.config.evaluation.shares)
    settings = data.config
    return html.Div(
        className="page hotspots-page",
        children=[
            html.H1("Hot spots and patrol plan"),
            html.P(
                f"Where incidents cluster on a {settings.grid.cell_size_m:g} m grid (Gi*, at a false discovery rate of "
                f"{settings.hotspots.alpha:.0%}), and the cells a patrol plan would cover: the busiest share of the "
                "area by the method that best predicted the latest month it was not shown.",
                className="lede",
            ),
            html.Div(
                className="controls",
                children=[
                    month_picker(MONTHS, options.months, months),
                    category_picker(CATEGORIES, options.categories, category),
                    labelled(
                        "Within",
                        dcc.Dropdown(
                            id=WITHIN,
                            options=within_options,
                            value=chosen_value(within, [o["value"] for o in within_options], WHOLE_AREA),
                            clearable=False,
                        ),
                    ),
                    labelled(
                        "Patrol plan covers",
                        dcc.RadioItems(
                            id=SHARE,
                            options=share_options,
                            value=chosen_value(share, [o["value"] for o in share_options], share_options[0]["value"]),
                            inline=True,
                        ),
                    ),
                    labelled(
                        "Map layers",
                        dcc.Checklist(
                            id=SHOW,
                            options=[{"label": "Incident density (KDE)", "value": DENSITY}],
                            value=chosen_values(show, [DENSITY]),
                            inline=True,
                        ),
                    ),
                ],
            ),
            html.Div(id=PROBLEM),
            html.P(id=SUMMARY, className="hotspots-summary"),
            map_beside_table(MAP, _cell_table(), figure=empty_map()),
            html.Div(id=NOTES),
            html.Section(
                className="hotspots-evaluation",
                children=[
                    html.H2("How well would this plan have worked?"),
                    html.P(
                        "Each method builds its map from the earlier months and is judged on the latest month(s) it "
                        "did not see. PAI: the share of those incidents in the flagged cells divided by the share of "
                        "the area flagged (higher is better). Hit rate: the share of incidents in the flagged cells. "
                        "RRI: how the flagged cells' incidents held up against the earlier months, relative to the "
                        "whole area (near 1: they stayed as busy).",
                        className="hotspots-explainer",
                    ),
                    dcc.Loading(
                        html.Div(
                            children=[
                                html.Div(id=VERDICT),
                                html.Div(
                                    data_table(SCORES, _score_columns(settings.evaluation.shares), height_px=260),
                                    id=SCORES_PANEL,
                                    className="table-panel hotspots-scores",
                                ),
                                html.Div(id=SCORE_NOTES),
                            ]
                        ),
                        type="circle",
                    ),
                ],
            ),
            dcc.Store(id=URL_SYNC),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "data"),
    Output(SUMMARY, "children"),
    Output(NOTES, "children"),
    Output(PROBLEM, "children"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(WITHIN, "value"),
    Input(SHARE, "value"),
    Input(SHOW, "value"),
)
def show_hotspots(
    months: list[str] | None,
    categories: list[str] | None,
    within: str | None,
    share: str,
    show: list[str] | None,
):
    """Gi* cells and the patrol plan for the filters, as a map and a table of the flagged cells."""
    data = data_access()
    selection = _selection(months, categories, within)
    try:
        hotspots = data.call(grid_hotspots, selection=selection, config=data.config)
        plan = data.call(patrol_plan, selection=selection, config=data.config, share=float(share) / 100)
    except CspmapError as exc:
        return empty_map(), [], None, None, problem_notice(str(exc))
    flagged = _named(
        cell_rows(hotspots, plan),
        data.call(cell_place_names, selection=selection, cell_size=hotspots.lattice.cell_size),
    )
    outlines = data.call(level_shapes, level=_outline_level(data.call(filter_options).levels))
    figure = hotspot_map(outlines, hotspots.cells, flagged, hotspots.lattice.cell_size, DENSITY in (show or ()))
    # The evaluation's own notes are shown with its table below, not twice.
    judged = plan.evaluation.notes if plan.evaluation is not None else ()
    notes = notes_list(list(dict.fromkeys([*(note for note in plan.notes if note not in judged), *hotspots.notes])))
    return figure, table_records(flagged, CELL_COLUMNS), _summary(hotspots, plan, flagged, share), notes, None


@callback(
    Output(SCORES, "data"),
    Output(SCORES_PANEL, "hidden"),
    Output(VERDICT, "children"),
    Output(SCORE_NOTES, "children"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(WITHIN, "value"),
)
def show_evaluation(months: list[str] | None, categories: list[str] | None, within: str | None):
    """Judge every method on the latest held-out month(s) of the selection, as the patrol plan does."""
    data = data_access()
    holdout = data.config.evaluation.holdout_months
    try:
        settled, _ = data.call(settle_months, selection=_selection(months, categories, within))
        chosen = tuple(sorted(settled.months or ()))
        if len(chosen) <= holdout:
            message = (
                f"Judging the methods needs more than {holdout} month(s) of data: the latest {holdout} to judge on, "
                f"the earlier ones to learn from. With {len(chosen)} ({format_months(chosen)}), the patrol plan uses "
                "prior counts. Choose more months to see how each method would have done."
            )
            return [], True, problem_notice(message), None
        evaluation = data.call(
            evaluate_methods,
            train_months=chosen[:-holdout],
            test_months=chosen[-holdout:],
            selection=settled.with_months(None),
            config=data.config,
        )
    except CspmapError as exc:
        return [], True, problem_notice(str(exc)), None
    rows = table_records(score_rows(evaluation), _score_columns(data.config.evaluation.shares))
    return rows, False, _verdict(evaluation), notes_list(evaluation.method_notes)


keep_in_url(URL_SYNC, {"months": MONTHS, "category": CATEGORIES, "within": WITHIN, "share": SHARE, "show": SHOW})


def cell_rows(hotspots: Hotspots, plan: PatrolPlan) -> pd.DataFrame:
    """The analysis' flagged cells, with what each is flagged as and its hover text in words."""
    flagged = flagged_cells(hotspots, plan)
    flagged["flagged_as"] = [
        _flagged_as(place, spot) for place, spot in zip(flagged["plan_place"], flagged["spot"], strict=True)
    ]
    flagged["hover"] = [_hover(row) for row in flagged.itertuples(index=False)]
    return flagged


def score_rows(evaluation: Evaluation) -> pd.DataFrame:
    """The evaluation's scores side by side, with each method's label and which one the plan uses, in words."""
    rows = wide_scores(evaluation)
    rows["method_label"] = rows["method"].map(lambda m: method_named(m).label)
    rows["used"] = rows["used"].map({True: "Used by the plan", False: ""})
    for share in evaluation.scores["share"].unique():
        key = share_key(share)
        rows[f"pai_range_{key}"] = [
            f"{low:.1f} to {high:.1f}" for low, high in zip(rows[f"pai_min_{key}"], rows[f"pai_max_{key}"], strict=True)
        ]
    return rows


def _named(flagged: pd.DataFrame, place_names: CellPlaceNames) -> pd.DataFrame:
    """The flagged cells with their place names in a column and on the hover's second line (after its heading)."""
    named = with_place_names(flagged, place_names)
    named["hover"] = [
        _with_places(text, names) for text, names in zip(named["hover"], named["place_names"], strict=True)
    ]
    return named


def _with_places(hover: str, names: str | None) -> str:
    head, _, rest = hover.partition("<br>")
    places = names.replace(NAME_SEPARATOR, "<br>") if names else "No named police.uk map points"
    return f"{head}<br>{places}<br>{rest}"


def _cell_table():
    table = data_table(TABLE, CELL_COLUMNS)
    # "Plan (tied, 0.60), hot spot" and the place names wrap rather than pushing the table wider than its panel.
    table.style_cell_conditional = [
        *table.style_cell_conditional,
        {"if": {"column_id": "flagged_as"}, "whiteSpace": "normal", "minWidth": "8rem", "maxWidth": "9rem"},
        {"if": {"column_id": "place_names"}, "whiteSpace": "normal", "minWidth": "10rem", "maxWidth": "14rem"},
    ]
    return table


def _score_columns(shares: list[float]) -> list[dict]:
    columns = [text_column("method_label", "Method"), text_column("used", "Patrol plan")]
    for share in shares:
        key, shown = share_key(share), f"{share:.0%}"
        columns += [
            number_column(f"pai_{key}", f"PAI, top {shown} (mean over grid positions)", decimals=1),
            text_column(f"pai_range_{key}", f"PAI range, top {shown}"),
            percent_column(f"hit_rate_{key}", f"Hit rate, top {shown} (%)", decimals=1),
            number_column(f"rri_{key}", f"RRI, top {shown}", decimals=2),
        ]
    columns.append(percent_column("wins", "Ahead of prior counts (% of resamples)"))
    return columns


def _verdict(evaluation: Evaluation) -> html.Div:
    used = method_named(evaluation.best_method).label
    headline = f"The patrol plan uses {used.lower() if evaluation.best_method != BASELINE else 'prior counts'}."
    return html.Div(
        className="hotspots-verdict",
        role="status",
        children=[
            html.Strong(headline),
            " ",
            evaluation.verdict,
            html.Br(),
            evaluation.trained_on,
            html.Br(),
            evaluation.spread,
        ],
    )


def _summary(hotspots: Hotspots, plan: PatrolPlan, flagged: pd.DataFrame, share: str) -> str:
    spots = hotspots.cells["spot"].value_counts()
    hot, cold = int(spots.get("hot", 0)), int(spots.get("cold", 0))
    cells = hotspots.lattice.n_cells
    drawn = int(flagged["in_plan"].sum())
    method = method_named(plan.method).label.split(" (")[0].lower()
    text = (
        f"{hot:,} hot and {cold:,} cold spot cells of {cells:,} ({hotspots.incidents:,} incidents on the grid). "
        f"The patrol plan covers the top {share}% of the area by {method}: {drawn:,} cells"
    )
    empty = int(plan.empty_ties.sum())
    if empty:
        text += f" (and {empty:,} cells with no incidents tied at the cut-off, not shown)"
    return text + "."


def _flagged_as(place: float, spot: str) -> str:
    parts = []
    if pd.notna(place):
        parts.append("Plan" if place >= 1 else f"Plan (tied, {place:.2f})")
    if spot:
        parts.append(SPOT_LABELS[spot].lower() if parts else SPOT_LABELS[spot])
    return ", ".join(parts)


def _hover(row) -> str:
    head = f"<b>Patrol plan rank {row.plan_rank:.0f}</b>" if row.in_plan else "<b>Not in the patrol plan</b>"
    if row.in_plan and row.plan_place < 1:
        head += f" (tied: {row.plan_place:.2f} of a place)"
    return (
        f"{head}<br>{row.area_name or 'Outside the named areas'}<br>"
        f"Cell centre: {row.easting:.0f} E, {row.northing:.0f} N<br>Incidents: {row.incidents:,}<br>"
        f"Gi* z-score {row.z:.2f}, q {row.q:.3f}: {SPOT_LABELS[row.spot].lower()}"
    )


def _selection(months: list[str] | None, categories: list[str] | None, within: str | None) -> Selection:
    area = None
    if within and within != WHOLE_AREA:
        level, _, code = within.partition(":")
        area = (level, code)
    return Selection(
        months=tuple(sorted(date.fromisoformat(f"{m}-01") for m in months)) if months else None,
        categories=tuple(sorted(categories)) if categories else None,
        within=area,
    )


def _within_options(levels: tuple[str, ...]) -> list[dict]:
    options = [{"label": "The whole loaded area", "value": WHOLE_AREA}]
    for level in (lv for lv in WITHIN_LEVELS if lv in levels):
        areas = data_access().call(counts_by_area, level=level).sort_values("name")
        options += [
            {"label": f"{row.name} ({level_label(level)})", "value": f"{level}:{row.code}"}
            for row in areas.itertuples(index=False)
        ]
    return options


def _share_options(shares: list[float]) -> list[dict]:
    return [{"label": f"Top {share:.0%} of the area", "value": f"{share * 100:g}"} for share in shares]


def _outline_level(levels: tuple[str, ...]) -> str:
    return next((level for level in OUTLINE_LEVELS if level in levels), levels[0])
