"""Messages shown in place of a page when it cannot be drawn."""

from __future__ import annotations

from dash import html


def problem_notice(message: str) -> html.Div:
    """A plain box saying what is wrong and what to do."""
    return html.Div(className="notice", role="alert", children=[html.H2("Nothing to show yet"), html.P(message)])
