"""Reports to print: a team's patrol brief (PDF) and the strategic assessment (PDF or HTML), downloaded from here.

The same functions as `cspmap report patrol` and `cspmap report strategic` build them.
"""

from __future__ import annotations

import io

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import labelled, month_picker
from dashboard.components.filters import LinkReader, selection_from
from dashboard.components.notices import problem_notice
from dashboard.data import data_access
from dashboard.signin import viewer_may_open
from queries.analysis.patrol_brief import patrol_brief, patrol_teams
from queries.analysis.strategic import strategic_assessment
from queries.errors import CspmapError
from queries.incidents import FilterOptions, filter_options
from reports.patrol import patrol_pdf
from reports.strategic import strategic_html, strategic_pdf

dash.register_page(__name__, path="/reports", name="Reports", title="Reports · cspmap", order=7)

TEAM, PATROL_MONTHS, PATROL_BUTTON, PATROL_DOWNLOAD, PATROL_PROBLEM = (
    "reports-team",
    "reports-patrol-months",
    "reports-patrol-button",
    "reports-patrol-download",
    "reports-patrol-problem",
)
PERIOD, STRATEGIC_PDF, STRATEGIC_HTML, STRATEGIC_DOWNLOAD, STRATEGIC_PROBLEM = (
    "reports-period",
    "reports-strategic-pdf",
    "reports-strategic-html",
    "reports-strategic-download",
    "reports-strategic-problem",
)
STRATEGIC_PART = "reports-strategic"  # the [access] name of the strategic assessment (it holds partner data)
NOT_YOUR_ROLE = "The strategic assessment is built on partner data (survey, ASB cases), which your role does not see."


def layout(team: str | None = None, **_query: str) -> html.Div:
    """The page; ``?team=ID`` chooses the team (the profile page links here with its area's team)."""
    data = data_access()
    try:
        options = data.call(filter_options)
        teams = data.call(patrol_teams)
    except CspmapError as exc:
        return problem_notice(str(exc))
    team_options = [{"label": f"{name} ({team_id})", "value": team_id} for team_id, name in teams]
    link = LinkReader()
    chosen_team = link.one("team", team, [option["value"] for option in team_options], "") or None
    return html.Div(
        className="page reports-page",
        children=[
            html.H1("Reports"),
            html.P(
                "Printable reports built by the same analysis as the pages, for the months you choose.",
                className="lede",
            ),
            link.notice(),
            html.Section(
                children=[
                    html.H2("Patrol brief"),
                    html.P(
                        "One or two pages for a team: its patch with the busiest cells numbered, each named by its "
                        "streets and places, what happens there, and the priorities agreed with residents."
                    ),
                    html.Div(
                        className="controls",
                        children=[
                            labelled(
                                "Team",
                                dcc.Dropdown(
                                    id=TEAM,
                                    options=team_options,
                                    value=chosen_team,
                                    placeholder="Pick a team",
                                ),
                            ),
                            month_picker(PATROL_MONTHS, options.months, LinkReader(), None, placeholder="All months"),
                        ],
                    ),
                    html.Button("Download the patrol brief (PDF)", id=PATROL_BUTTON, className="button"),
                    html.Div(id=PATROL_PROBLEM),
                    dcc.Loading(dcc.Download(id=PATROL_DOWNLOAD)),
                ]
            ),
            _strategic_section(options) if viewer_may_open(STRATEGIC_PART) else None,
        ],
    )


def _strategic_section(options: FilterOptions) -> html.Section:
    return html.Section(
        children=[
            html.H2("Strategic assessment"),
            html.P(
                "Priority neighbourhoods and why, hot spots, trends, confidence against target, ASB case "
                "standards, coverage gaps, A&E violence beside police violence, and the data's caveats."
            ),
            html.Div(
                className="controls",
                children=[month_picker(PERIOD, options.months, LinkReader(), None, "Period", "All months")],
            ),
            html.Button("Download as PDF", id=STRATEGIC_PDF, className="button"),
            " ",
            html.Button("Download as HTML", id=STRATEGIC_HTML, className="button"),
            html.Div(id=STRATEGIC_PROBLEM),
            dcc.Loading(dcc.Download(id=STRATEGIC_DOWNLOAD)),
        ]
    )


@callback(
    Output(PATROL_DOWNLOAD, "data"),
    Output(PATROL_PROBLEM, "children"),
    Input(PATROL_BUTTON, "n_clicks"),
    State(TEAM, "value"),
    State(PATROL_MONTHS, "value"),
    prevent_initial_call=True,
)
def download_patrol_brief(_clicks: int | None, team: str | None, months: list[str] | None):
    """The chosen team's patrol brief as a PDF download."""
    if not team:
        return None, problem_notice("Pick a team first.")
    data = data_access()
    try:
        selection = selection_from(data.call(filter_options), months)
        brief = data.call(patrol_brief, team_id=team, selection=selection, config=data.config)
    except CspmapError as exc:
        return None, problem_notice(str(exc))
    buffer = io.BytesIO()
    patrol_pdf(brief, buffer)
    return cacheable(dcc.send_bytes(buffer.getvalue(), f"patrol-brief-{team}.pdf"), None)


@callback(
    Output(STRATEGIC_DOWNLOAD, "data"),
    Output(STRATEGIC_PROBLEM, "children"),
    Input(STRATEGIC_PDF, "n_clicks"),
    Input(STRATEGIC_HTML, "n_clicks"),
    State(PERIOD, "value"),
    prevent_initial_call=True,
)
def download_strategic_assessment(_pdf: int | None, _html: int | None, months: list[str] | None):
    """The strategic assessment for the period, as PDF or HTML (whichever button was pressed)."""
    if not viewer_may_open(STRATEGIC_PART):
        return None, problem_notice(NOT_YOUR_ROLE)
    data = data_access()
    try:
        selection = selection_from(data.call(filter_options), months)
        assessment = data.call(strategic_assessment, selection=selection, config=data.config)
    except CspmapError as exc:
        return None, problem_notice(str(exc))
    if dash.ctx.triggered_id == STRATEGIC_HTML:
        return cacheable(dcc.send_string(strategic_html(assessment), "strategic-assessment.html"), None)
    buffer = io.BytesIO()
    strategic_pdf(assessment, buffer)
    return cacheable(dcc.send_bytes(buffer.getvalue(), "strategic-assessment.pdf"), None)
