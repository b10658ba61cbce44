"""How this is worked out: the analysis notes (docs/analysis.md) rendered as a page of the app, so every page's
"How this is worked out" link opens them here rather than pointing at a file."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import dcc, html

from dashboard.components.notices import problem_notice

dash.register_page(
    __name__,
    path="/methods",
    name="How this is worked out",
    title="How this is worked out · cspmap",
    order=90,
    nav=False,
)

ANALYSIS_NOTES = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def layout(**_query: str) -> html.Div:
    """The analysis notes as they are in docs/analysis.md, headings and tables included."""
    try:
        text = ANALYSIS_NOTES.read_text(encoding="utf-8")
    except OSError:
        return problem_notice(f"The analysis notes are not installed here ({ANALYSIS_NOTES}).")
    return html.Div(
        className="page methods-page",
        children=[dcc.Markdown(text, className="methods-text", link_target="_self")],
    )
