"""Neighbourhood profile: one area's police data against its CSP, the partner data about it, and who looks after it.

Opened from any map (click an area) or by picking it here; the address says which
(``/profile?area=E02002244&level=neighbourhood&months=2018-07``).
"""

from __future__ import annotations

from typing import Any

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import labelled, level_picker, month_picker
from dashboard.components.filters import LinkReader, choice, loaded_options, opening_level_of, selection_from
from dashboard.components.notices import illustrative_notice, notes_list, problem_notice
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.labels import STANDARD_LABELS, level_label
from queries.analysis.cardiff import CardiffComparison
from queries.analysis.profile import AreaProfile, YearOnYear, area_profile
from queries.analysis.selection import format_months, resolve_within
from queries.errors import CspmapError
from queries.incidents import FilterOptions, counts_by_area, filter_options

dash.register_page(
    __name__, path="/profile", name="Neighbourhood profile", title="Neighbourhood profile · cspmap", order=5
)

LEVEL, AREA, MONTHS, CONTENT, URL_SYNC = (
    "profile-level",
    "profile-area",
    "profile-months",
    "profile-content",
    "profile-url-sync",
)
SMALL_TABLE_PX = 260
SEARCHED = "profile-area-searched"  # what was last typed in the area list (the search callback's own output)
MATCHES_SHOWN = 50  # areas listed for what is typed, when a level has too many to list them all
COMPARED_TEXT = {"above": "above", "below": "below", "similar": "not clearly different from"}

CATEGORY_COLUMNS = [
    text_column("category", "Crime type"),
    number_column("incidents", "Incidents"),
    number_column("rate", "Per 1,000 residents", decimals=2),
    number_column("rate_low", "95% interval from", decimals=2),
    number_column("rate_high", "to", decimals=2),
    number_column("reference_rate", "CSP per 1,000", decimals=2),
    text_column("compared", "Against the CSP"),
    number_column("harm", "Harm (CSS days)"),
]
MONTH_COLUMNS = [
    text_column("period", "Month"),
    number_column("incidents", "Incidents"),
    number_column("rate", "Per 1,000 residents", decimals=2),
    number_column("rate_low", "95% interval from", decimals=2),
    number_column("rate_high", "to", decimals=2),
]
REPEAT_COLUMNS = [
    text_column("location", "Place (police.uk map point)"),
    number_column("incidents", "Incidents"),
    number_column("months", "Months with incidents"),
    text_column("first_month", "First"),
    text_column("last_month", "Last"),
    text_column("categories", "Crime types"),
]
TEAM_COLUMNS = [
    text_column("team_name", "Team"),
    text_column("team_type", "Type"),
    text_column("agency", "Agency"),
    text_column("contact_email", "Team contact"),
    text_column("coverage", "Covers"),
    text_column("meetings", "Meetings"),
]
CONTACT_COLUMNS = [text_column("agency", "Agency"), text_column("role", "Named contact (role)")]
PRIORITY_COLUMNS = [
    text_column("priority", "Priority"),
    text_column("service_standard", "What was promised"),
    text_column("agreed_at", "Agreed at"),
    text_column("date_set", "Set"),
    text_column("review_date", "Review"),
]
STANDARD_COLUMNS = [
    text_column("standard", "Standard"),
    percent_column("share", "Cases meeting it (%)"),
    percent_column("low", "95% interval from (%)"),
    percent_column("high", "to (%)"),
]
CARDIFF_MONTH_COLUMNS = [
    text_column("month", "Month"),
    number_column("ae_assaults", "A&E assaults"),
    number_column("police_violence", "Police violence"),
    number_column("also_in_police", "A&E assaults also in police data (at most)"),
    percent_column("share_in_police", "Share (%)"),
    percent_column("share_low", "95% interval from (%)"),
    percent_column("share_high", "to (%)"),
]
CARDIFF_SITE_COLUMNS = [
    text_column("site", "A&E site"),
    *(column for column in CARDIFF_MONTH_COLUMNS[1:] if column["field"] != "police_violence"),
]


def layout(
    area: str | None = None, level: str | None = None, months: str | None = None, **_other_query: str
) -> html.Div:
    """The page, with the area and months from the URL (an area code alone finds its level; what is not a choice is
    ignored, and the page says so)."""
    options = loaded_options()
    if not isinstance(options, FilterOptions):
        return options
    try:
        if area and level not in options.levels:
            level, area = data_access().call(resolve_within, text=area)
    except CspmapError as exc:
        return problem_notice(str(exc))
    link = LinkReader()
    level = link.one("level", level, list(options.levels), opening_level_of(options.levels))
    chosen_area = link.one("area", area, list(_areas(level)["code"]), "") or None
    choices = _area_options(level, keep=chosen_area)
    controls = [  # before the notice, which says what they ignored
        level_picker(LEVEL, options.levels, link, level),
        labelled(
            "Area",
            dcc.Dropdown(id=AREA, options=choices, value=chosen_area, placeholder="Type or pick an area's name"),
        ),
        month_picker(
            MONTHS,
            options.months,
            link,
            months,
            label="Months (default: the latest year)",
            placeholder="All months",
        ),
    ]
    return html.Div(
        className="page profile-page",
        children=[
            html.H1("Neighbourhood profile"),
            html.P(
                "One area: its crime and ASB against the CSP, repeat locations, residents' confidence, the team, "
                "named contacts and agreed priorities, ASB case standards, and A&E assaults beside police violence. "
                "Click any area on any map to open its profile here.",
                className="lede",
            ),
            link.notice(),
            html.Div(className="controls", children=controls),
            dcc.Loading(html.Div(id=CONTENT, className="profile-content"), type="circle"),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=SEARCHED),
        ],
    )


@callback(Output(AREA, "options"), Output(AREA, "value"), Input(LEVEL, "value"), State(AREA, "value"))
def area_choices(level: str, current: str | None):
    """The areas of the chosen level by name; the chosen area stays if it is one of them. A level with more areas
    than one list should hold (nationally 7,201 neighbourhoods, 34,753 LSOAs) lists only the chosen area until a
    name is typed (``matching_areas``)."""
    kept = current if current in set(_areas(level)["code"]) else None
    return _area_options(level, keep=kept), kept


@callback(
    Output(SEARCHED, "data"),
    Output(AREA, "options", allow_duplicate=True),
    Input(AREA, "search_value"),
    State(LEVEL, "value"),
    State(AREA, "value"),
    prevent_initial_call=True,
)
def matching_areas(search: str | None, level: str, current: str | None):
    """For a level with too many areas to list: those whose name holds what is typed (the whole list otherwise
    is there already, and nothing is sent)."""
    if level not in data_access().call(filter_options).levels or _fits_in_a_list(level):
        return dash.no_update, dash.no_update
    kept = current if current in set(_areas(level)["code"]) else None
    return search or "", _area_options(level, search, kept)


@callback(Output(CONTENT, "children"), Input(LEVEL, "value"), Input(AREA, "value"), Input(MONTHS, "value"))
def show_profile(level: str, area: str | None, months: list[str] | None):
    """The profile of the chosen area over the chosen months."""
    if not area:
        return html.P("Pick an area above, or click one on any map.", className="profile-empty")
    data = data_access()
    try:
        options = data.call(filter_options)
        level = choice("level", level, options.levels)
        selection = selection_from(options, months)
        profile = data.call(area_profile, level=level, code=area, config=data.config, months=selection.months)
    except CspmapError as exc:
        return problem_notice(str(exc))
    return cacheable(profile_sections(profile))


keep_in_url(URL_SYNC, {"area": AREA, "level": LEVEL, "months": MONTHS})


def profile_sections(profile: AreaProfile) -> html.Div:
    """The profile as page sections, each a heading, a sentence and its table."""
    label = " ".join(profile.labels) or None
    return html.Div(
        [
            illustrative_notice(label),
            html.H2(f"{profile.name} ({level_label(profile.level)} {profile.code})"),
            html.P(_headline(profile), className="profile-headline"),
            html.P(_change_text(profile.year_on_year), className="profile-change"),
            _section("Crime types", None, "profile-categories", CATEGORY_COLUMNS, profile.by_category),
            html.H3("Month by month"),
            dcc.Graph(id="profile-months-chart", figure=_month_chart(profile.by_month), config={"displaylogo": False}),
            _table("profile-months-table", MONTH_COLUMNS, profile.by_month, "Incidents by month"),
            _section(
                "Repeat locations",
                "police.uk map points with incidents in more than one month, busiest first.",
                "profile-repeats",
                REPEAT_COLUMNS,
                profile.repeats,
            ),
            html.H3("Residents' confidence"),
            html.P(_confidence_text(profile.confidence)),
            _teams_section(profile),
            _section("Named contacts", None, "profile-contacts", CONTACT_COLUMNS, profile.contacts),
            _section("Agreed priorities", None, "profile-priorities", PRIORITY_COLUMNS, profile.priorities),
            _standards_section(profile.standards),
            _cardiff_section(profile.cardiff),
            html.H3("About these figures"),
            notes_list(profile.notes),
        ]
    )


def _headline(profile: AreaProfile) -> str:
    overall = profile.overall
    text = f"{overall['incidents']:,} incidents in {format_months(profile.months)}"
    if overall["rate"] is None:
        return text + " (no population figure, so no rate)."
    text += (
        f": {overall['rate']:.1f} per 1,000 residents (95% interval {overall['rate_low']:.1f} to "
        f"{overall['rate_high']:.1f})"
    )
    if overall["reference_rate"] is not None:
        text += (
            f", {COMPARED_TEXT.get(overall['compared'], overall['compared'])} the CSP's {overall['reference_rate']:.1f}"
        )
    return text + f". Harm: {profile.harm:,.0f} days of custody equivalent (Crime Severity Score weights)."


def _change_text(change: YearOnYear | None) -> str:
    if change is None:
        return "No data for the same months a year earlier, so no year-on-year change."
    return (
        f"Against the same months a year earlier ({format_months(change.earlier_months)}): {change.incidents:,} "
        f"against {change.earlier_incidents:,}, a ratio of {change.ratio:.2f} (95% interval {change.ratio_low:.2f} "
        f"to {change.ratio_high:.2f}): {change.verdict}."
    )


def _confidence_text(confidence: dict[str, Any] | None) -> str:
    if confidence is None:
        return "No survey responses are loaded."
    if confidence["share"] is None:
        return f"Not published for this area: {confidence['reason']} ({confidence['period']})."
    text = (
        f"{confidence['share']:.0%} agree the police and council deal with what matters here (95% interval "
        f"{confidence['share_low']:.0%} to {confidence['share_high']:.0%}, {confidence['responses']:,} responses, "
        f"{confidence['period']})"
    )
    if confidence["target"] is not None:
        text += f"; the target is {confidence['target']:.0%}"
    return text + "."


def _teams_section(profile: AreaProfile) -> html.Div:
    teams = profile.teams.assign(
        coverage=[f"{row.covered_lsoas} of {row.area_lsoas} LSOAs" for row in profile.teams.itertuples()]
    )
    staffing = profile.staffing
    if staffing is None:
        sentence = "No teams are loaded."
    else:
        sentence = (
            f"Police officers {staffing['officers'] or 0:.1f} and PCSOs {staffing['pcsos_total'] or 0:.1f} (full-time "
            f"equivalent, shared by area), {staffing['officers_per_1000'] or 0:.2f} officers per 1,000 residents. "
            + ("Meets the minimum service." if staffing["minimum_service"] else f"Lacks: {staffing['lacks']}.")
        )
    section = _section("The team", sentence, "profile-teams", TEAM_COLUMNS, teams)
    police = teams.loc[teams["team_type"] == "police", "team_id"]
    if len(police):
        # The sergeant's printable brief for the team that polices this area.
        section.children.append(
            dcc.Link(
                "Patrol brief for this team (PDF)", href=f"/reports?team={police.iloc[0]}", id="profile-brief-link"
            )
        )
    return section


def _standards_section(standards: dict[str, Any] | None) -> html.Div:
    if standards is None:
        return _section("ASB case standards", "No ASB cases are loaded.", None, [], None)
    rows = pd.DataFrame(
        [
            {
                "standard": label,
                "share": standards[f"{name}_share"],
                "low": standards[f"{name}_low"],
                "high": standards[f"{name}_high"],
            }
            for name, label in STANDARD_LABELS.items()
        ]
    )
    sentence = f"{standards['cases']:,} cases ({standards['period']})."
    return _section("ASB case standards", sentence, "profile-standards", STANDARD_COLUMNS, rows)


def _cardiff_section(cardiff: CardiffComparison | None) -> html.Div:
    if cardiff is None:
        return _section("A&E assaults beside police violence", "No A&E assaults are loaded.", None, [], None)
    return html.Div(
        className="profile-section",
        children=[
            html.H3("A&E assaults beside police violence (Cardiff model)"),
            html.P(
                "How many of the assaults seen in A&E the police data could also show: the rest were most likely "
                "never reported to the police."
            ),
            _table(
                "profile-cardiff-months",
                CARDIFF_MONTH_COLUMNS,
                cardiff.by_month,
                "A&E assaults and police violence by month",
            ),
            _table("profile-cardiff-sites", CARDIFF_SITE_COLUMNS, cardiff.by_site, "A&E assaults by site"),
            notes_list(cardiff.notes),
        ],
    )


def _section(
    title: str, sentence: str | None, table_id: str | None, columns: list[dict], rows: pd.DataFrame | None
) -> html.Div:
    children: list = [html.H3(title)]
    if sentence:
        children.append(html.P(sentence))
    if table_id is not None and rows is not None:
        children.append(
            _table(table_id, columns, rows, title) if len(rows) else html.P("None recorded.", className="note")
        )
    return html.Div(className="profile-section", children=children)


def _table(table_id: str, columns: list[dict], rows: pd.DataFrame, label: str):
    shown = rows.copy()
    for column in shown.columns[[pd.api.types.is_datetime64_any_dtype(t) for t in shown.dtypes]]:
        shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    return data_table(table_id, columns, height_px=SMALL_TABLE_PX, label=label, records=table_records(shown, columns))


def _month_chart(by_month: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=by_month["period"],
            y=by_month["incidents"],
            marker_color="#3e4c59",
            hovertemplate="%{x}: %{y:,} incidents<extra></extra>",
        )
    )
    figure.update_layout(
        height=220,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        xaxis={"type": "category", "title": "Month"},
        yaxis={"title": "Incidents", "rangemode": "tozero"},
    )
    return figure


def _areas(level: str) -> pd.DataFrame:
    return data_access().call(counts_by_area, level=level).sort_values("name")


def _fits_in_a_list(level: str) -> bool:
    return len(_areas(level)) <= data_access().config.dashboard.max_map_areas


def _area_options(level: str, search: str | None = None, keep: str | None = None) -> list[dict]:
    """Every area of the level by name when they fit in one list (as many as one map draws); otherwise the chosen
    area and the first MATCHES_SHOWN whose name or code holds ``search`` (none before something is typed)."""
    areas = _areas(level)
    if len(areas) > data_access().config.dashboard.max_map_areas:
        text = (search or "").strip().lower()
        typed = areas["name"].str.lower().str.contains(text, regex=False) | areas["code"].str.lower().eq(text)
        areas = pd.concat([areas[areas["code"] == keep], areas[typed & (areas["code"] != keep)].head(MATCHES_SHOWN)])
        if not text:
            areas = areas[areas["code"] == keep]
    return [{"label": f"{row.name} ({row.code})", "value": row.code} for row in areas.itertuples(index=False)]
