"""Hot spots and the patrol plan: Gi* hot and cold grid cells, the plan's top cells, and how well the plan's method
would have predicted the latest held-out month.

Filters live in the URL (``?months=2017-07,2018-07&categories=Burglary&within=csp:E08000033&share=5&show=density
&judge=candidates``; links from before the key was ``category`` still work).
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import category_picker, labelled, month_picker, radio_picker
from dashboard.components.filters import (
    WHOLE_AREA,
    LinkReader,
    choice,
    choices,
    loaded_options,
    selection_from,
)
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import how_it_is_worked_out, notes_list, problem_notice
from dashboard.components.profile_link import open_profile_on_click, profile_location
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import empty_map
from dashboard.figures.cell_maps import hotspot_map
from dashboard.labels import level_label, plain_note
from queries.analysis.evaluation import EVERY_METHOD, Evaluation, share_key, wide_scores, with_methods
from queries.analysis.hotspots import Hotspots, grid_hotspots
from queries.analysis.methods import BASELINE, METHODS, method_named
from queries.analysis.patrol import PatrolPlan, flagged_cells, patrol_plan, plan_evaluation
from queries.analysis.place_names import (
    NAME_SEPARATOR,
    CellPlaceNames,
    cell_place_names,
    map_points,
    with_place_names,
)
from queries.analysis.selection import Selection, format_months, settle_months
from queries.area_names import area_names
from queries.areas import AreaShapes, grid_cells_estimate, level_shapes, map_view
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import FilterOptions, filter_options

dash.register_page(
    __name__, path="/hotspots", name="Hot spots and patrol plan", title="Hot spots and patrol plan · cspmap", order=2
)

MONTHS, CATEGORIES, WITHIN, SHARE, SHOW, JUDGE = (
    "hotspots-months",
    "hotspots-categories",
    "hotspots-within",
    "hotspots-share",
    "hotspots-show",
    "hotspots-judge",
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
WITHIN_LEVELS = ("csp", "neighbourhood")  # areas a user can keep the grid within, largest first
OUTLINE_LEVELS = ("neighbourhood", "csp", "lsoa")  # the faint outlines under the cells, first loaded
DENSITY = "density"
CANDIDATES = "candidates"  # judge every method cspmap has, the forecast candidates too (docs/analysis.md)

SPOT_LABELS = {"hot": "Hot spot", "cold": "Cold spot", "": "Not significant"}

CELL_COLUMNS = [
    number_column("plan_rank", "Plan rank"),
    {
        **text_column("place_names", "Places", wrap=True, min_width=120),
        "headerTooltip": "The commonest police.uk map points in the cell (streets and public places)",
    },
    text_column("area_name", "Area", min_width=110),
    number_column("easting", "Easting (m)", separators=False, hidden=True),  # grid references: no separators
    number_column("northing", "Northing (m)", separators=False, hidden=True),
    number_column("incidents", "Incidents"),
    {
        **number_column("z", "Cluster score", decimals=2, hidden=True),  # "Flagged as" says hot or cold
        "headerTooltip": "Gi* z-score: how far the cell and its neighbours stand out",
    },
    number_column("q", "Chance of a false alarm (q)", decimals=3, hidden=True),
    text_column("flagged_as", "Flagged as", wrap=True, min_width=115),
]


def layout(
    months: str | None = None,
    categories: str | None = None,
    within: str | None = None,
    share: str | None = None,
    show: str | None = None,
    judge: str | None = None,
    category: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its filters set from the URL query (what is not a choice is ignored, and the page says so)."""
    options = loaded_options(need_incidents=True)
    if not isinstance(options, FilterOptions):
        return options
    settings = data_access().config
    within_options = _within_options(options.levels)
    share_options = _share_options(settings.evaluation.shares)
    link = LinkReader()
    controls = [
        month_picker(MONTHS, options.months, link, months),
        category_picker(CATEGORIES, options.categories, link, categories if categories is not None else category),
        labelled(
            "Within",
            dcc.Dropdown(
                id=WITHIN,
                options=within_options,
                value=link.one("within", within, [o["value"] for o in within_options], WHOLE_AREA),
                clearable=False,
            ),
        ),
        radio_picker(
            "Patrol plan covers",
            SHARE,
            {option["value"]: option["label"] for option in share_options},
            link,
            "share",
            share,
            share_options[0]["value"],
        ),
        labelled(
            "Map layers",
            dcc.Checklist(
                id=SHOW,
                options=[{"label": "Incident density (KDE)", "value": DENSITY}],
                value=link.many("show", show, [DENSITY]),
                inline=True,
            ),
        ),
        labelled(
            "Methods judged",
            dcc.Checklist(
                id=JUDGE,
                options=[
                    {"label": f"Also the forecast candidates ({_candidate_labels(settings)})", "value": CANDIDATES}
                ],
                value=link.many("judge", judge, [CANDIDATES]),
                inline=True,
            ),
        ),
    ]
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
            link.notice(),
            html.Div(className="controls", children=controls),
            html.Div(id=PROBLEM),
            html.P(id=SUMMARY, className="hotspots-summary"),
            map_beside_table(
                MAP,
                data_table(TABLE, CELL_COLUMNS, label="Flagged cells", file_name="hot-spot-cells"),
                figure=empty_map(),
            ),
            how_it_is_worked_out(html.Div(id=NOTES)),
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
                                    data_table(
                                        SCORES,
                                        _score_columns(settings.evaluation.shares),
                                        height_px=None,
                                        label="How well each method would have worked",
                                        file_name="hot-spot-methods",
                                    ),
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
            profile_location(MAP),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(SUMMARY, "children"),
    Output(NOTES, "children"),
    Output(PROBLEM, "children"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(WITHIN, "value"),
    Input(SHARE, "value"),
    Input(SHOW, "value"),
    Input(JUDGE, "value"),
)
def show_hotspots(
    months: list[str] | None,
    categories: list[str] | None,
    within: str | None,
    share: str,
    show: list[str] | None,
    judge: list[str] | None,
):
    """Gi* cells and the patrol plan for the filters, as a map and a table of the flagged cells."""
    data = data_access()
    try:
        selection = _selection(months, categories, within)
        share = choice("share of the area", share, [o["value"] for o in _share_options(data.config.evaluation.shares)])
        show = choices("map layer", show, [DENSITY])
        judged = _judged(data.config, judge)
        too_big = _grid_too_big(selection)
        if too_big is not None:
            return empty_map(), [], None, None, too_big
        hotspots = data.call(grid_hotspots, selection=selection, config=data.config)
        evaluation = data.call(plan_evaluation, selection=selection, config=judged)  # shared with the table
        method = evaluation.best_method if evaluation is not None else BASELINE
        plan = data.call(patrol_plan, selection=selection, config=judged, share=float(share) / 100, method=method)
    except CspmapError as exc:
        return empty_map(), [], None, None, problem_notice(str(exc))
    flagged = _named(
        cell_rows(hotspots, plan),
        data.call(cell_place_names, selection=selection, cell_size=hotspots.lattice.cell_size),
    )
    outlines = _outlines(selection)
    points = data.call(map_points, selection=selection)
    figure = hotspot_map(outlines, hotspots.cells, flagged, hotspots.lattice.cell_size, DENSITY in show, points=points)
    # The plan is drawn by the evaluation's winner; the evaluation's own notes are shown with its table below.
    notes = notes_list(list(dict.fromkeys([*plan.notes, *hotspots.notes])))
    return cacheable(
        figure, table_records(flagged, CELL_COLUMNS), _summary(hotspots, plan, flagged, share), notes, None
    )


@callback(
    Output(SCORES, "rowData"),
    Output(SCORES_PANEL, "hidden"),
    Output(VERDICT, "children"),
    Output(SCORE_NOTES, "children"),
    Input(MONTHS, "value"),
    Input(CATEGORIES, "value"),
    Input(WITHIN, "value"),
    Input(JUDGE, "value"),
)
def show_evaluation(
    months: list[str] | None, categories: list[str] | None, within: str | None, judge: list[str] | None
):
    """Judge every method on the latest held-out month(s) of the selection, as the patrol plan does."""
    data = data_access()
    holdout = data.config.evaluation.holdout_months
    try:
        selection = _selection(months, categories, within)
        judged = _judged(data.config, judge)
        if _grid_too_big(selection) is not None:  # the notice above the map says why
            # The table stays in view, empty: hiding a grid that has not been drawn yet makes AG Grid warn.
            return [], dash.no_update, html.P("The methods are judged once an area is chosen under “Within”."), None
        settled, _ = data.call(settle_months, selection=selection)
        chosen = tuple(sorted(settled.months or ()))
        if len(chosen) <= holdout:
            message = (
                f"Judging the methods needs more than {holdout} month(s) of data: the latest {holdout} to judge on, "
                f"the earlier ones to learn from. With {len(chosen)} ({format_months(chosen)}), the patrol plan uses "
                "prior counts. Choose more months to see how each method would have done."
            )
            return [], True, problem_notice(message), None
        evaluation = data.call(plan_evaluation, selection=selection, config=judged)
    except CspmapError as exc:
        return [], True, problem_notice(str(exc)), None
    rows = table_records(score_rows(evaluation), _score_columns(data.config.evaluation.shares))
    return cacheable(rows, False, _verdict(evaluation), notes_list(evaluation.method_notes))


keep_in_url(
    URL_SYNC,
    {"months": MONTHS, "categories": CATEGORIES, "within": WITHIN, "share": SHARE, "show": SHOW, "judge": JUDGE},
)
open_profile_on_click(MAP)


def _judged(config: AnalysisConfig, judge: list[str] | None) -> AnalysisConfig:
    """The settings the evaluation and the plan use: with the candidates ticked, every method cspmap has."""
    return with_methods(config, [EVERY_METHOD]) if choices("methods judged", judge, [CANDIDATES]) else config


def _candidate_labels(settings: AnalysisConfig) -> str:
    """The methods the candidates tick adds, in words ("counts plus street places; ...")."""
    extra = [method.label.lower() for name, method in METHODS.items() if name not in settings.evaluation.methods]
    return "; ".join(extra) or "none: every method is already judged"


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


def _score_columns(shares: list[float]) -> list[dict]:
    columns = [text_column("method_label", "Method"), text_column("used", "Patrol plan")]
    for share in shares:
        key, shown = share_key(share), f"{share:.0%}"
        columns += [
            number_column(f"pai_{key}", f"PAI, top {shown}", decimals=1),
            {
                **text_column(f"pai_range_{key}", "PAI range", min_width=90),
                "headerTooltip": f"PAI at the top {shown} on each of the grid positions tried: lowest to highest",
            },
            percent_column(f"hit_rate_{key}", f"Hit rate, top {shown}", decimals=1),
            number_column(f"rri_{key}", f"RRI, top {shown}", decimals=2),
        ]
    columns.append(
        {
            **percent_column("wins", "Beats prior counts"),
            "minWidth": 120,
            "headerTooltip": "Ahead of prior counts in this share of bootstrap resamples",
        }
    )
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
            plain_note(evaluation.verdict),
            html.Br(),
            plain_note(evaluation.trained_on),
            html.Br(),
            plain_note(evaluation.spread),
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
    """The controls' filters, each checked against the loaded data and the areas offered (a FilterProblem if not)."""
    options = data_access().call(filter_options)
    allowed = [option["value"] for option in _within_options(options.levels)]
    return selection_from(options, months, categories, within, allowed)


def _within_options(levels: tuple[str, ...]) -> list[dict]:
    """The whole loaded area, then each area of the levels the grid can be kept within, by name; a level with more
    areas than one map draws (the nation's 7,201 neighbourhoods) is not offered, its CSPs are."""
    data = data_access()
    names = data.call(area_names)
    options = [{"label": "The whole loaded area", "value": WHOLE_AREA}]
    for level in (lv for lv in WITHIN_LEVELS if lv in levels):
        view = data.call(map_view, level=level, within=None, max_areas=data.config.dashboard.max_map_areas)
        if view.fits:
            named = sorted((names.get(code, code), code) for code in view.codes)
            options += [{"label": f"{name} ({level_label(level)})", "value": f"{level}:{code}"} for name, code in named]
    return options


def _share_options(shares: list[float]) -> list[dict]:
    return [{"label": f"Top {share:.0%} of the area", "value": f"{share * 100:g}"} for share in shares]


def _outline_level(levels: tuple[str, ...]) -> str:
    return next((level for level in OUTLINE_LEVELS if level in levels), levels[0])


def _outlines(selection: Selection) -> AreaShapes:
    """The faint outlines under the cells: every area of the outline level when they fit on one map (the demo's 86
    neighbourhoods), else only those inside the area the grid is kept within (never 7,201 of them)."""
    data = data_access()
    level = _outline_level(data.call(filter_options).levels)
    whole = data.call(map_view, level=level, within=None, max_areas=data.config.dashboard.max_map_areas)
    return data.call(level_shapes, level=level, within=None if whole.fits else selection.within)


def _grid_too_big(selection: Selection) -> html.Div | None:
    """Why the page waits for an area, when the grid over the whole loaded area has more cells than the page works
    out on opening (the max_grid_cells setting); None when the grid is small enough, or an area is chosen."""
    if selection.within is not None:
        return None
    data = data_access()
    size = data.config.grid.cell_size_m
    cells = data.call(grid_cells_estimate, within=None, cell_size_m=size)
    limit = data.config.dashboard.max_grid_cells
    if cells <= limit:
        return None
    return html.Div(
        className="notice partial grid-too-big",
        role="status",
        children=[
            html.Strong("Choose an area under “Within” to see its hot spots. "),
            f"A grid over the whole loaded area would have about {_about(cells)} cells of {size:g} m, and working "
            "out hot spots, the patrol plan and how well each method did over that many would take minutes and "
            f"gigabytes of memory. The page does this for at most {limit:,} cells at once (the max_grid_cells "
            "setting); any one Community Safety Partnership is well within that. The command line (cspmap "
            "hotspots) works over everything.",
        ],
    )


def _about(count: int) -> str:
    """A large count to three significant figures, in words a reader takes in: 2,419,918 -> '2.42 million'."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.3g} million"
    return f"{float(f'{count:.3g}'):,.0f}"
