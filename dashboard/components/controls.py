"""The filter bar above every map: each control with its label."""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component


def labelled(label: str, control: Component) -> html.Div:
    """A control (radio items, a dropdown, ...) under its label, as one cell of the page's ``.controls`` grid."""
    return html.Div(className="control", children=[html.Label(label, className="control-label"), control])
