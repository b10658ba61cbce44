"""One filter adapter for every page: a shared link or the controls' values to checked choices and a ``Selection``.

A page's ``layout`` starts with ``loaded_options`` (the data's levels, months and categories, or the notice to show
instead of the page) and reads its URL with a ``LinkReader``, which keeps what it had to ignore and says so in a
notice. A callback checks every value it receives with ``choice``, ``choices`` and ``selection_from`` before any
query runs: a value that is not one of the choices (a stale link, a crafted request) raises ``FilterProblem``, a
``CspmapError`` the callback shows as a notice like any other, never an exception and a 500.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import Patch, ctx, html

from dashboard.components.notices import problem_notice
from dashboard.data import data_access
from dashboard.figures.area_maps import Measure, area_choropleth, area_choropleth_update
from queries.analysis.selection import Selection, format_month, parse_month
from queries.areas import level_shapes
from queries.errors import CspmapError
from queries.incidents import FilterOptions, filter_options

NO_AREAS = "No areas are loaded yet. Load boundaries with `cspmap ingest boundaries`."
NO_INCIDENTS = "No police.uk incidents are loaded yet. Load them with `cspmap ingest police-uk`."
WHOLE_AREA = "all"  # the 'within' choice meaning no area filter


class FilterProblem(CspmapError):
    """A filter value that is not one of the page's choices."""


def loaded_options(*, need_incidents: bool = False) -> FilterOptions | html.Div:
    """The levels, months and categories loaded, or the notice a page shows instead when there is nothing to show."""
    try:
        options = data_access().call(filter_options)
    except CspmapError as exc:
        return problem_notice(str(exc))
    if not options.levels:
        return problem_notice(NO_AREAS)
    if need_incidents and not options.months:
        return problem_notice(NO_INCIDENTS)
    return options


def month_values(options: FilterOptions) -> list[str]:
    """The loaded months as the pickers' values (``YYYY-MM``)."""
    return [format_month(month) for month in options.months]


@dataclass
class LinkReader:
    """Reads a shared link's query values against the choices the data offers, and remembers what it ignored."""

    ignored: list[str] = field(default_factory=list)

    def one(self, key: str, value: str | None, allowed: Sequence[str], default: str) -> str:
        """The link's ``key=value`` if it is a choice, else ``default`` (noted, unless the link had no value)."""
        if value is None or value == "":
            return default
        if value in allowed:
            return value
        self.ignored.append(f"{key}={value}")
        return default

    def many(self, key: str, value: str | None, allowed: Sequence[str]) -> list[str]:
        """The link's comma-separated values that are choices, in the link's order; the others are noted."""
        chosen = [part for part in (value or "").split(",") if part]
        unknown = [part for part in chosen if part not in allowed]
        if unknown:
            self.ignored.append(f"{key}={','.join(unknown)}")
        return [part for part in chosen if part in allowed]

    def notice(self) -> html.Div | None:
        """A notice naming what the link asked for that is not here, or nothing if it all was."""
        if not self.ignored:
            return None
        return html.Div(
            className="notice partial link-notice",
            role="status",
            children=[
                html.Strong("Part of this link was ignored: "),
                f"{'; '.join(self.ignored)} (not a choice in the data loaded here). The page shows the rest.",
            ],
        )


def choice(what: str, value: Any, allowed: Collection[str]) -> str:
    """``value`` if it is one of ``allowed``; otherwise a ``FilterProblem`` naming ``what`` was asked for."""
    if isinstance(value, str) and value in allowed:
        return value
    raise FilterProblem(f"{_shown(value)} is not a {what} this page offers; choose one from the list.")


def choices(what: str, values: Any, allowed: Collection[str]) -> list[str]:
    """A list of choices (None or empty: none chosen); anything else is a ``FilterProblem``."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise FilterProblem(
            f"{_shown(values)} is not a list of the {what}s this page offers; choose them from the list."
        )
    return [choice(what, value, allowed) for value in values]


def selection_from(
    options: FilterOptions,
    months: Any = None,
    categories: Any = None,
    within: Any = None,
    within_allowed: Collection[str] = (),
) -> Selection:
    """The controls' months, crime types and area as a ``Selection``, each checked against what is loaded.

    No months or no crime types chosen means all of them; ``within`` is ``WHOLE_AREA`` (or None) or one of
    ``within_allowed`` (``level:code``).
    """
    chosen_months = choices("month", months, month_values(options))
    chosen_categories = choices("crime type", categories, [name for name, _ in options.categories])
    area = None
    if within is not None and within != WHOLE_AREA:
        level, _, code = choice("choice of area", within, within_allowed).partition(":")
        area = (level, code)
    return Selection(
        months=tuple(sorted(parse_month(month) for month in chosen_months)) or None,
        categories=tuple(sorted(chosen_categories)) or None,
        within=area,
    )


def months_of(selection: Selection) -> tuple[date, ...]:
    """The selection's months, or () for all (as ``counts_by_area`` and ``placement_totals`` take them)."""
    return selection.months or ()


def area_map(
    level_control: str, level: str, table: pd.DataFrame, measure: Measure, hover: list[str]
) -> go.Figure | Patch:
    """The areas coloured by ``measure``: the whole map (outlines too) on the first draw or when the level changed,
    otherwise only the colours, hover and legend, so that the outlines are not sent again."""
    if ctx.triggered_id in (None, level_control):
        return area_choropleth(data_access().call(level_shapes, level=level), table, measure, hover)
    return area_choropleth_update(table, measure, hover)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
