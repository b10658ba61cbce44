"""Data quality: what was loaded and when, what was rejected and why, gaps in the monthly series, incidents that
could not be placed, and how recent each kind of partner data is. Every figure on the other pages rests on it."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.notices import problem_notice
from dashboard.components.tables import data_table, number_column, table_records, text_column
from dashboard.data import data_access
from queries.data_quality import DataQuality, data_quality
from queries.errors import CspmapError

dash.register_page(__name__, path="/quality", name="Data quality", title="Data quality · cspmap", order=6)

CONTENT, TRIGGER = "quality-content", "quality-url"
TABLE_PX = 300

CHECKS = [
    (
        "Months missing from the monthly series",
        "Each force's months, from the first to the latest month loaded, with no incidents at all. None is healthy.",
        "quality-missing",
        "missing_months",
        [text_column("force", "Force"), text_column("month", "Month missing")],
        "No month is missing for any force.",
    ),
    (
        "Where incidents were placed",
        "Per force and month: counted by their LSOA code, placed by their point (LSOA not loaded), outside the "
        "loaded areas, or published with no location (neither is on any map).",
        "quality-placement",
        "placement",
        [
            text_column("force", "Force"),
            text_column("month", "Month"),
            number_column("incidents", "Incidents"),
            number_column("by_lsoa_code", "By LSOA code"),
            number_column("by_point", "By point"),
            number_column("outside_areas", "Outside the areas"),
            number_column("no_location", "No location"),
        ],
        "No police.uk incidents are loaded.",
    ),
    (
        "Rejected rows by reason",
        "Rows read and not stored; `cspmap rejects` lists each with its file, line and the line as read.",
        "quality-rejects",
        "rejects",
        [
            text_column("kind", "Kind of file"),
            text_column("reason", "Reason"),
            number_column("rows", "Rows"),
            number_column("files", "Files"),
        ],
        "No row has been rejected.",
    ),
    (
        "Partner data and how recent it is",
        "Rows held of each kind, the dates they span and when they were last loaded.",
        "quality-partner",
        "partner",
        [
            text_column("kind", "Kind"),
            number_column("rows", "Rows"),
            text_column("first_date", "Earliest"),
            text_column("latest_date", "Latest"),
            text_column("last_loaded", "Last loaded"),
            text_column("label", "Label"),
        ],
        "No partner data is loaded.",
    ),
    (
        "Ingest runs and their files",
        "Every file loaded, latest first: rows read = rows stored + rows rejected.",
        "quality-runs",
        "runs",
        [
            number_column("run_id", "Run"),
            text_column("kind", "Kind"),
            text_column("file_name", "File"),
            number_column("rows_read", "Read"),
            number_column("rows_stored", "Stored"),
            number_column("rows_rejected", "Rejected"),
            text_column("finished_at", "Finished"),
        ],
        "Nothing has been loaded yet.",
    ),
]


def layout(**_query: str) -> html.Div:
    """The page; its tables are filled once it is in the browser."""
    return html.Div(
        className="page quality-page",
        children=[
            html.H1("Data quality"),
            html.P(
                "What the figures on every page rest on: what was loaded, what was turned away and why, and what is "
                "missing. A check lists the offending rows, so an empty check is a healthy one.",
                className="lede",
            ),
            dcc.Location(id=TRIGGER, refresh=False),
            dcc.Loading(html.Div(id=CONTENT), type="circle"),
        ],
    )


@callback(Output(CONTENT, "children"), Input(TRIGGER, "pathname"))
def show_quality(_pathname: str | None):
    """Every data-quality table, with the caveats a reader should know first."""
    try:
        quality = data_access().call(data_quality)
    except CspmapError as exc:
        return problem_notice(str(exc))
    return cacheable(quality_sections(quality))


def quality_sections(quality: DataQuality) -> html.Div:
    """The caveats, then one section per check or table."""
    caveats = list(quality.caveats) or ["Nothing to report: no gaps, no rejects, every incident placed."]
    children: list = [
        html.Section(
            className="quality-caveats",
            children=[html.H2("Caveats"), html.Ul(id="quality-caveats", children=[html.Li(c) for c in caveats])],
        )
    ]
    for title, sentence, table_id, field, columns, none_text in CHECKS:
        rows: pd.DataFrame = getattr(quality, field)
        table = data_table(table_id, columns, height_px=TABLE_PX, label=title, records=table_records(rows, columns))
        body = table if len(rows) else html.P(none_text, className="note", id=table_id)
        children.append(html.Section(className="quality-section", children=[html.H2(title), html.P(sentence), body]))
    return html.Div(children)
