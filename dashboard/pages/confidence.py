"""Residents' confidence and the partnership's targets: the weighted share agreeing that the police and council deal
with what matters, per area with its 95% interval (suppressed under the minimum of responses), and each target's
progress.

Filters live in the URL (``?level=csp&period=2016-10..2018-09``). Survey and targets are partner data: only
aggregates are shown, never a response.
"""

from __future__ import annotations

from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import labelled, level_picker, within_picker
from dashboard.components.filters import (
    LinkReader,
    checked_view,
    choice,
    in_view,
    loaded_options,
    opening_level_of,
    too_many_areas,
    within_name,
    within_options,
)
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import (
    how_it_is_worked_out,
    illustrative_notice,
    notes_list,
    plain_text,
    problem_notice,
)
from dashboard.components.profile_link import open_profile_on_click, profile_location
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.figures.intervals import interval_chart, share_map
from dashboard.labels import level_label
from queries.analysis.confidence import ALL_AREAS, SurveyShares, survey_shares
from queries.analysis.partner_data import month_span, shift_month
from queries.analysis.selection import month_range, parse_months
from queries.analysis.small_numbers import CountRule, Withheld, show_withheld, withhold_small_counts
from queries.analysis.targets import TargetProgress, target_progress
from queries.areas import level_shapes
from queries.errors import CspmapError
from queries.incidents import FilterOptions, filter_options

dash.register_page(
    __name__, path="/confidence", name="Confidence and targets", title="Confidence and targets · cspmap", order=4
)

LEVEL, PERIOD, WITHIN = "confidence-level", "confidence-period", "confidence-within"
BANNER, MAP, TABLE, SUMMARY, NOTES, CHART, PROBLEM, URL_SYNC = (
    "confidence-banner",
    "confidence-map",
    "confidence-table",
    "confidence-summary",
    "confidence-notes",
    "confidence-chart",
    "confidence-problem",
    "confidence-url-sync",
)
TARGETS = "confidence-targets"
LATEST = "latest"
POOLED_YEARS = (2, 3)  # besides the default window: pool this many years of responses
CHART_AREAS = 5  # the highest and the lowest this many areas with a published share
QUESTION = "the police and council are dealing with the ASB and crime issues that matter here"

# The small-number rule (docs/security.md): a few answers or "don't know"s in an area are not shown.
SURVEY_COUNTS = (
    CountRule("responses", hides=("reason",)),  # a suppressed share's reason gives its number of responses
    CountRule("dont_know"),
)
COMPARED_TEXT = {"above": "Above", "below": "Below", "similar": "Can't tell"}  # the interval against the target


def area_columns(interval: float) -> list[dict]:
    """The columns of the table beside the map (``interval``: the confidence level of the intervals)."""
    return [
        text_column("area_name", "Area"),
        number_column("responses", "Responses"),
        number_column("dont_know", "Don't know", hidden=True),
        percent_column("share_shown", "Agreeing", decimals=1),
        {
            **text_column("interval", "Interval (%)", min_width=100),
            "headerTooltip": f"The {interval:.0%} interval of the share agreeing, in %",
        },
        # Behind "Columns" at first: the map's colours and legend say the same, and the modelled column needs the room.
        text_column("against_target", "Vs the target", min_width=100, hidden=True),
        # Beside the direct estimate, never in its place: a model's figure for every area, labelled as such.
        {
            **text_column("modelled", "Modelled (%)", min_width=110),
            "headerTooltip": f"Modelled estimate for the area with its {interval:.0%} interval, in %",
        },
    ]


INDICATOR_LABELS = {
    "confidence": ("Residents agreeing the police and council deal with what matters", "% of respondents"),
    "feel_safe_after_dark": ("Residents feeling safe walking alone after dark", "% of respondents"),
    "asb_big_problem": ("Residents saying ASB is a big problem locally", "% of respondents"),
    "knows_how_to_contact": ("Residents knowing how to contact their neighbourhood team", "% of respondents"),
    "asb_responded_24h": ("ASB cases answered within 24 hours", "% of cases"),
    "asb_named_caseworker": ("ASB cases with a named caseworker", "% of cases"),
    "asb_reviewed_monthly": ("ASB cases reviewed at least monthly", "% of cases"),
    "asb_incidents": ("ASB incidents (police.uk)", "incidents"),
    "crime_incidents": ("Crimes (police.uk)", "crimes"),
    "ae_assaults": ("Assaults seen at A&E", "assaults"),
}
STATUS_TEXT = {
    "on track": "On track",
    "off track": "Off track",
    "reached": "Reached already",
    "met": "Met",
    "missed": "Missed",
    "unknown": "Unknown: too few months for a trend",
    "no data": "No data for this area",
    "no baseline": "No baseline",
    "not computable": "Not measured by cspmap",
}
GOOD_STATUSES, BAD_STATUSES = ("On track", "Reached already", "Met"), ("Off track", "Missed")
# Good and bad statuses are shaded, and the words say the same, so colour is never the only signal.
STATUS_CLASSES = {
    "status-good": " || ".join(f"params.value === '{status}'" for status in GOOD_STATUSES),
    "status-bad": " || ".join(f"params.value === '{status}'" for status in BAD_STATUSES),
}
TARGET_COLUMNS = [
    text_column("area_name", "Area", min_width=100),
    text_column("indicator_text", "Indicator", wrap=True, min_width=200),
    text_column("unit_text", "Unit", hidden=True),
    text_column("aim", "Aim", wrap=True, min_width=130),
    number_column("baseline_used", "Baseline", decimals=1),
    number_column("current", "Current", decimals=1),
    text_column("current_period", "Current period", hidden=True),
    number_column("target_value", "Target", decimals=1),
    text_column("deadline", "Deadline"),
    {**text_column("status_text", "Status", wrap=True, min_width=120), "cellClassRules": STATUS_CLASSES},
    number_column("needed_per_month", "Change needed a month", decimals=2, hidden=True),
    number_column("trend_per_month", "Trend a month so far", decimals=2, hidden=True),
]


def layout(
    level: str | None = None, period: str | None = None, within: str | None = None, **_other_query: str
) -> html.Div:
    """The page, with its level and survey period set from the URL query (what is not a choice is ignored, and the
    page says so)."""
    data = data_access()
    options = loaded_options()
    if not isinstance(options, FilterOptions):
        return options
    levels = list(options.levels)
    link = LinkReader()
    chosen_level = link.one("level", level, levels, opening_level_of(levels))
    try:
        periods = _periods(chosen_level)
    except CspmapError as exc:
        survey_part = problem_notice(str(exc))
    else:
        # An unknown period in the link is noted; with none, the page opens on the first that publishes a share.
        linked = link.one("period", period, [o["value"] for o in periods], "")
        chosen_period, why = _opening_period(linked or None, periods, chosen_level)
        columns = area_columns(data.config.confidence.interval)
        chosen_within = within_picker(WITHIN, within_options(), link, within)
        survey_part = _survey_section(levels, chosen_level, chosen_period, periods, columns, why, chosen_within)
    return html.Div(
        className="page confidence-page",
        children=[
            html.H1("Confidence and targets"),
            html.P(
                f"The share of survey respondents who agree that {QUESTION}: weighted, with its "
                f"{data.config.confidence.interval:.0%} interval, against the partnership's target of "
                f"{data.config.confidence.target:.0%}. Below: progress towards every target.",
                className="lede",
            ),
            link.notice(),
            survey_part,
            html.Section(className="confidence-targets", children=targets_section()),
        ],
    )


def _opening_period(query_value: str | None, periods: list[dict], level: str) -> tuple[str, str | None]:
    """The period in the URL if it is a choice; else the first (shortest) that publishes a share at the level,
    with a sentence saying why the page opens on it (None when it opens on the latest months as usual)."""
    values = [option["value"] for option in periods]
    if query_value in values:
        return query_value, None
    data = data_access()
    for option in periods:
        months = None if option["value"] == LATEST else parse_months(option["value"])
        shares = data.call(survey_shares, level=level, config=data.config, months=months).table
        if (shares["compared"] != "suppressed").any():
            if option["value"] == LATEST:
                return LATEST, None
            return option["value"], (
                f"Opened on “{option['label']}”: in the {periods[0]['label'][0].lower()}{periods[0]['label'][1:]} no "
                f"{level_label(level).lower()} area has the {data.config.confidence.min_responses} responses "
                "needed to publish a share, so more years are pooled. Choose another period below."
            )
    return LATEST, None


def _survey_section(
    levels: list[str],
    level: str,
    period: str,
    periods: list[dict],
    columns: list[dict],
    why: str | None = None,
    within: html.Div | None = None,
) -> html.Div:
    return html.Div(
        children=[
            html.Div(id=BANNER),
            html.Div(
                className="controls",
                children=[
                    level_picker(LEVEL, levels, LinkReader(), level),
                    within if within is not None else within_picker(WITHIN, [], LinkReader(), None),
                    labelled("Survey responses", dcc.RadioItems(id=PERIOD, options=periods, value=period)),
                ],
            ),
            html.P(why, className="opening-note", role="note") if why else None,
            html.Div(id=PROBLEM),
            html.P(id=SUMMARY, className="confidence-summary"),
            map_beside_table(MAP, data_table(TABLE, columns, label="Confidence by area", file_name="confidence")),
            html.H2("The partnership and its highest and lowest areas", className="confidence-chart-title"),
            dcc.Loading(
                dcc.Graph(id=CHART, config={"displaylogo": False, "displayModeBar": False}),
                type="circle",
            ),
            how_it_is_worked_out(html.Div(id=NOTES)),
            dcc.Store(id=URL_SYNC),
            profile_location(MAP),
        ]
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(CHART, "figure"),
    Output(SUMMARY, "children"),
    Output(NOTES, "children"),
    Output(BANNER, "children"),
    Output(PROBLEM, "children"),
    Input(LEVEL, "value"),
    Input(PERIOD, "value"),
    Input(WITHIN, "value"),
)
def show_confidence(level: str, period: str, within: str | None = None):
    """Confidence per area at the level for the survey period: map, table, and the CSPs' estimates as a chart."""
    data = data_access()
    reference_level = data.config.rates.reference_level
    try:
        level = choice("level", level, data.call(filter_options).levels)
        period = choice("survey period", period, [o["value"] for o in _periods(level)])
        months = None if period == LATEST else parse_months(period)
        result = data.call(survey_shares, level=level, config=data.config, months=months)
        partnership = data.call(survey_shares, level=reference_level, config=data.config, months=months)
        view = checked_view(level, within)
    except CspmapError as exc:
        return {}, [], {}, None, None, None, problem_notice(str(exc))
    if not view.fits:
        return {}, [], {}, None, None, None, too_many_areas(view)
    in_sight = in_view(area_rows(result), view, "area_code")
    table, withheld = _withhold_small_counts(in_sight, data.config.access.partner_threshold)
    settings = data.config.confidence
    suppressed = f"Suppressed: fewer than {settings.min_responses} responses"
    shapes = data.call(level_shapes, level=level, within=view.within)
    figure = share_map(shapes, table, settings.target, _hover(table), suppressed)
    axis = f"Agreeing (weighted %, with {settings.interval:.0%} interval)"
    # The chart and the summary are of the areas in view too: with a CSP chosen, its areas and the CSP itself.
    result = replace(result, table=in_view(result.table, view, "area_code"))
    if view.within is not None and view.within[0] == partnership.level:
        partnership = replace(partnership, table=partnership.table[partnership.table["area_code"] == view.within[1]])
    chart = interval_chart(chart_rows(result, partnership), settings.target, axis)
    # The label's note goes in the banner, the method's notes (and what the small-number rule withheld) below.
    banner = illustrative_notice(" ".join(result.label_notes))
    notes = notes_list([*result.method_notes, *_withheld_note(withheld)])
    rows = table_records(table, area_columns(settings.interval))
    where = None if view.within is None else within_name(view.within)
    return cacheable(figure, rows, chart, _summary(result, where), notes, banner, None)


keep_in_url(URL_SYNC, {"level": LEVEL, "period": PERIOD, "within": WITHIN})
open_profile_on_click(MAP)


def area_rows(result: SurveyShares) -> pd.DataFrame:
    """The result's table for display: a suppressed share says so, never a blank; published shares first."""
    table = result.table.copy()
    suppressed = table["compared"] == "suppressed"
    table["share_shown"] = table["share"].astype(object).where(~suppressed, "Suppressed")
    table["interval"] = [
        "—" if hidden else f"{100 * low:.1f}–{100 * high:.1f}"
        for hidden, low, high in zip(suppressed, table["share_low"], table["share_high"], strict=True)
    ]
    table["against_target"] = table["compared"].map(COMPARED_TEXT).fillna("Not judged")
    table["modelled"] = [
        "—" if pd.isna(share) else f"Modelled: {100 * share:.1f} ({100 * low:.1f}–{100 * high:.1f})"
        for share, low, high in zip(table["modelled_share"], table["modelled_low"], table["modelled_high"], strict=True)
    ]
    order = table.assign(shown=~suppressed).sort_values(["shown", "share", "area_name"], ascending=[False, False, True])
    return order.drop(columns="shown").reset_index(drop=True)


def _withhold_small_counts(table: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, Withheld]:
    """The table with small response and "don't know" counts replaced by words (the small-number rule)."""
    withheld = withhold_small_counts(table, SURVEY_COUNTS, threshold)
    shown = show_withheld(table, withheld)
    shown.loc[withheld.mask["reason"], "reason"] = "suppressed: too few responses"
    return shown, withheld


def _withheld_note(withheld: Withheld) -> list[str]:
    if not withheld.areas:
        return []
    return [
        f"Response and don't-know counts under {withheld.threshold} are not shown ({withheld.areas} areas), nor one "
        "more where a single one would otherwise be worked out from the total: a few answers can single out a "
        "resident."
    ]


def chart_rows(result: SurveyShares, partnership: SurveyShares) -> pd.DataFrame:
    """The estimates to draw: all responses, each CSP, then the highest and lowest published areas of the level."""
    everyone = result.reference[result.reference["reference_code"] == ALL_AREAS].assign(area_name="All responses")
    frames = [everyone.assign(group="Overall"), *_highest_and_lowest(partnership, _plural(partnership.level))]
    if result.level != partnership.level:
        frames += _highest_and_lowest(result, f"{_plural(result.level)} with a share")
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["compared"] != "suppressed"].reset_index(drop=True)
    rows["label"] = rows["area_name"]
    rows["hover"] = [
        f"<b>{row.area_name}</b><br>{row.share:.1%} agree ({row.share_low:.1%} to {row.share_high:.1%})"
        f"<br>{row.responses:,} responses answered"
        for row in rows.itertuples(index=False)
    ]
    return rows


def _highest_and_lowest(result: SurveyShares, all_of_them: str) -> list[pd.DataFrame]:
    """The result's published areas, by share: all of them (the group ``all_of_them``) when few, else the highest
    and lowest ``CHART_AREAS`` (the nation's 348 CSPs would not fit on a chart)."""
    published = result.table[result.table["compared"] != "suppressed"].sort_values("share", ascending=False)
    plural = _plural(result.level)
    if len(published) <= 2 * CHART_AREAS:
        return [published.assign(group=all_of_them)]
    return [
        published.head(CHART_AREAS).assign(group=f"Highest {plural.lower()}"),
        published.tail(CHART_AREAS).assign(group=f"Lowest {plural.lower()}"),
    ]


def targets_section() -> list:
    """The targets table with its notes, or a notice saying why there is none."""
    data = data_access()
    try:
        progress = data.call(target_progress, config=data.config)
    except CspmapError as exc:
        return [html.H2("Targets"), problem_notice(str(exc))]
    table = target_rows(progress)
    targets_table = data_table(
        TARGETS,
        TARGET_COLUMNS,
        height_px=None,  # a short table: no scrolling box
        label="Progress on every target",
        records=table_records(table, TARGET_COLUMNS),
        file_name="targets",
    )
    banner = illustrative_notice(" ".join(progress.label_notes))
    notes = list(progress.method_notes)
    notes += [f"{row.area_name}, {row.indicator_text.lower()}: {row.note}." for row in table.itertuples() if row.note]
    return [html.H2("Targets"), banner, html.Div(targets_table, className="table-panel"), notes_list(notes)]


def target_rows(progress: TargetProgress) -> pd.DataFrame:
    """The targets table in words: the indicator, its unit, the aim and the status in plain English."""
    table = progress.table.copy()
    named = [
        INDICATOR_LABELS.get(code, (code.replace("_", " ").capitalize(), unit))
        for code, unit in zip(table["indicator"], table["unit"].fillna(""), strict=True)
    ]
    table["indicator_text"] = [name for name, _ in named]
    table["unit_text"] = [unit for _, unit in named]
    table["aim"] = [_aim(row) for row in table.itertuples(index=False)]
    table["status_text"] = table["status"].map(STATUS_TEXT).fillna(table["status"])
    table["note"] = table["note"].fillna("")
    return table


def _aim(row) -> str:
    if row.target_type == "change_pct":
        way = "down" if row.target < 0 else "up"
        on = f"on {row.baseline_period}" if isinstance(row.baseline_period, str) else "on a year earlier"
        return f"{way} {abs(row.target):g}% {on}"
    unit = "%" if row.unit == "%" else ""
    return f"{'at least' if row.direction == 'increase' else 'at most'} {row.target:g}{unit}"


def _plural(level: str) -> str:
    return level_label(level) + "s"


def _hover(table: pd.DataFrame) -> list[str]:
    texts = []
    for row in table.itertuples(index=False):
        head = f"<b>{row.area_name}</b> ({row.area_code})<br>"
        if row.compared == "suppressed":
            texts.append(f"{head}{row.reason.capitalize()}: not published")
            continue
        texts.append(
            f"{head}{row.share:.1%} agree ({row.share_low:.1%} to {row.share_high:.1%})<br>"
            f"{_count(row.responses)} responses answered, {_count(row.dont_know)} don't know<br>"
            f"Against the target: {row.against_target.lower()}"
        )
    return texts


def _count(value: object) -> str:
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _summary(result: SurveyShares, where: str | None = None) -> str:
    """How many of the areas (those in ``where``, the area chosen under "Within", if one is) publish a share."""
    table = result.table
    published = int((table["compared"] != "suppressed").sum())
    level = level_label(result.level).lower()
    inside = f" in {where}" if where else ""
    text = f"{published} of {len(table)} {level} areas{inside} have enough responses to publish a share: "
    text += f"{plain_text(result.period.description)}."
    if not published:
        text += " Pool more years of responses, or choose a larger level, to see shares."
    return text


def _periods(level: str) -> list[dict]:
    """The survey periods offered at ``level``: the latest window, and longer ones pooled to the same month."""
    data = data_access()
    latest = data.call(survey_shares, level=level, config=data.config)
    return _period_options(latest, data.config.confidence.window_months)


def _period_options(latest: SurveyShares, window: int) -> list[dict]:
    last = latest.period.months[-1]
    options = [{"label": f"Latest {window} months ({_span_label(latest.period.months)})", "value": LATEST}]
    for years in POOLED_YEARS:
        months = tuple(month_range(shift_month(last, 1 - 12 * years), last))
        options.append({"label": f"Latest {years} years, pooled ({_span_label(months)})", "value": month_span(months)})
    return options


def _span_label(months: tuple) -> str:
    return f"{months[0]:%b %Y} to {months[-1]:%b %Y}"
