"""The filter bar above every map: each control with its label, and the pickers most pages share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.components.filters import LinkReader, opening_level_of
from dashboard.labels import level_label, month_label, period_label
from queries.analysis.selection import format_month


def labelled(label: str, control: Component) -> html.Div:
    """A control (radio items, a dropdown, ...) under its label, as one cell of the page's ``.controls`` grid.

    The label names the group (``role="group"``), so a screen reader says "Areas" before the radio buttons;
    assets/controls.js also puts it first in a dropdown's name.
    """
    label_id = f"{control.id}-label"
    return html.Div(
        className="control",
        role="group",
        **{"aria-labelledby": label_id},
        children=[html.Div(label, id=label_id, className="control-label"), control],
    )


def level_picker(component_id: str, levels: Sequence[str], link: LinkReader, query_value: str | None) -> html.Div:
    """'Areas': a radio button per loaded level; the link's level if loaded, else neighbourhoods, else LSOAs (or,
    when those are more than one map draws, the finest level that fits: ``opening_level_of``)."""
    return labelled(
        "Areas",
        dcc.RadioItems(
            id=component_id,
            options=[{"label": level_label(level), "value": level} for level in levels],
            value=link.one("level", query_value, list(levels), opening_level_of(levels)),
            inline=True,
        ),
    )


def within_picker(component_id: str, options: list[dict], link: LinkReader, query_value: str | None) -> html.Div:
    """'Within': one area to look inside (values ``level:code``; none chosen: the whole loaded area), set from the
    link. Offered only when some level has more areas than one map draws (``filters.within_options``); otherwise
    the control is there but hidden, so the page's callbacks have their input and the page looks as it always did.
    """
    control = labelled(
        "Within",
        dcc.Dropdown(
            id=component_id,
            options=options,
            value=link.one("within", query_value, [option["value"] for option in options], "") or None,
            placeholder="The whole loaded area",
        ),
    )
    control.hidden = not options
    return control


def month_picker(
    component_id: str,
    months: Sequence[date],
    link: LinkReader,
    query_value: str | None,
    label: str = "Months",
    placeholder: str | None = None,
) -> html.Div:
    """A multi-choice of the months with data (values YYYY-MM), set from the link; none chosen means all (or the
    page's default period, which ``placeholder`` then names in place of the months)."""
    values = [format_month(month) for month in months]
    return labelled(
        label,
        dcc.Dropdown(
            id=component_id,
            options=[
                {"label": month_label(month), "value": value} for month, value in zip(months, values, strict=True)
            ],
            value=link.many("months", query_value, values),
            multi=True,
            placeholder=placeholder or all_months_label(months),
        ),
    )


def all_months_label(months: Sequence[date]) -> str:
    """What "every month" means here: 'All 3 months: Jul 2016, Jul 2017, Jul 2018' or 'All 36 months, Oct 2015
    to Sep 2018' (with gaps said, since the loaded months need not run on)."""
    if not months:
        return "All months"
    if len(months) <= 4:
        return f"All {len(months)} months: " + ", ".join(f"{month:%b %Y}" for month in months)
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    gaps = "" if span == len(months) else f" (with {span - len(months)} missing)"
    return f"All {len(months)} months, {period_label(months[0], months[-1])}{gaps}"


def category_picker(
    component_id: str, categories: Sequence[tuple[str, int]], link: LinkReader, query_value: str | None
) -> html.Div:
    """A multi-choice of the police.uk categories with their counts, set from the link; none chosen means all."""
    return labelled(
        "Crime types",
        dcc.Dropdown(
            id=component_id,
            options=[{"label": f"{name} ({n:,})", "value": name} for name, n in categories],
            value=link.many("categories", query_value, [name for name, _ in categories]),
            multi=True,
            placeholder="All crime and ASB",
        ),
    )


def radio_picker(
    label: str,
    component_id: str,
    choices: dict[str, str],
    link: LinkReader,
    key: str,
    query_value: str | None,
    default: str,
) -> html.Div:
    """Radio buttons for ``choices`` (value -> label), set from the link's ``key`` if a choice, else ``default``."""
    return labelled(
        label,
        dcc.RadioItems(
            id=component_id,
            options=[{"label": text, "value": value} for value, text in choices.items()],
            value=link.one(key, query_value, list(choices), default),
            inline=True,
        ),
    )
