"""Pickers for the profile and reports pages, taking the chosen values as given (the pages check them first).

Kept apart from controls.py, whose pickers are moving to read shared links through a filter adapter; these can
join them once that has landed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dash import dcc, html

from dashboard.components.controls import labelled
from dashboard.labels import level_label, month_label
from queries.analysis.selection import format_month, parse_month


def levels_radio(component_id: str, levels: Sequence[str], value: str) -> html.Div:
    """'Areas': one radio button per loaded level."""
    options = [{"label": level_label(level), "value": level} for level in levels]
    return labelled("Areas", dcc.RadioItems(id=component_id, options=options, value=value, inline=True))


def months_dropdown(
    component_id: str, months: Sequence[date], chosen: Sequence[str], label: str = "Months"
) -> html.Div:
    """A multi-choice of the months with data (values YYYY-MM); none chosen means the page's default period."""
    options = [{"label": month_label(month), "value": format_month(month)} for month in months]
    allowed = {option["value"] for option in options}
    return labelled(
        label,
        dcc.Dropdown(
            id=component_id,
            options=options,
            value=[value for value in chosen if value in allowed],
            multi=True,
            placeholder="All months",
        ),
    )


def chosen_months(values: Sequence[str] | None) -> tuple[date, ...] | None:
    """The months picked (None: none picked); a value that is no month is a ``CspmapError``, not a crash."""
    if not values:
        return None
    return tuple(sorted(parse_month(str(value)) for value in values))
