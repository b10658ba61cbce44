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
from dashboard.labels import level_label, level_plural
from queries.analysis.selection import Selection, format_month, parse_month
from queries.area_names import area_names
from queries.areas import MapView, level_shapes, level_sizes, map_view, opening_level, within_level
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
    level_control: str,
    level: str,
    table: pd.DataFrame,
    measure: Measure,
    hover: list[str],
    view: MapView | None = None,
    within_control: str | None = None,
) -> go.Figure | Patch:
    """The areas coloured by ``measure``: the whole map (outlines too) on the first draw or when the level or the
    area looked within changed, otherwise only the colours, hover and legend, so that the outlines are not sent
    again. With a ``view``, only its areas' outlines are sent."""
    if ctx.triggered_id in (None, level_control, within_control):
        within = view.within if view is not None else None
        return area_choropleth(data_access().call(level_shapes, level=level, within=within), table, measure, hover)
    return area_choropleth_update(table, measure, hover)


def opening_level_of(levels: Sequence[str]) -> str:
    """The level a page opens on: neighbourhoods, unless there are more than one map draws (then the finest level
    that fits, nationally the CSPs); see ``queries.areas.opening_level``."""
    data = data_access()
    sizes = data.call(level_sizes)
    return opening_level(
        {level: sizes[level] for level in levels if level in sizes}, data.config.dashboard.max_map_areas
    )


def within_options() -> list[dict]:
    """The areas a page can look within (label: the area's name, value: ``level:code``), by name; none when every
    level's areas fit on one map, so the choice is not offered."""
    data = data_access()
    level = within_level(data.call(level_sizes), data.config.dashboard.max_map_areas)
    if level is None:
        return []
    names = data.call(area_names)
    codes = data.call(map_view, level=level, within=None, max_areas=data.config.dashboard.max_map_areas).codes
    labelled = sorted((names.get(code, code), code) for code in codes)
    return [{"label": name, "value": f"{level}:{code}"} for name, code in labelled]


def checked_view(level: str, within: Any) -> MapView:
    """The areas of ``level`` a map would draw inside the 'Within' choice (None or "": everything), the choice
    checked against those offered (a ``FilterProblem`` if it is not one)."""
    area = None
    if within not in (None, "", WHOLE_AREA):
        chosen_level, _, code = choice("choice of area", within, [o["value"] for o in within_options()]).partition(":")
        area = (chosen_level, code)
    data = data_access()
    return data.call(map_view, level=level, within=area, max_areas=data.config.dashboard.max_map_areas)


def too_many_areas(view: MapView) -> html.Div:
    """Why the map and table are empty: the areas in view are more than one map draws, and what to choose instead."""
    data = data_access()
    sizes = data.call(level_sizes)
    fitting = [level for level, areas in sizes.items() if areas <= view.max_areas]
    inside = within_level(sizes, view.max_areas)
    if view.within is None:
        where = "the loaded area"
        choices = (
            [f"choose one {level_label(inside)} under “Within” to see its {level_plural(view.level)}"] if inside else []
        )
        choices += [f"show {level_plural(fitting[0])} ({sizes[fitting[0]]:,})"] if fitting else []
    else:
        where = within_name(view.within)
        choices = ["choose a level with fewer areas"]
    advice = " or ".join(choices)
    return html.Div(
        className="notice partial too-many-areas",
        role="status",
        children=[
            html.Strong(f"{len(view.codes):,} {level_plural(view.level)} in {where} are too many for one map. "),
            f"The dashboard draws at most {view.max_areas:,} areas at once (the max_map_areas setting), so that "
            "pages stay quick to open and the areas large enough to see."
            + (f" To see them, {advice}." if advice else ""),
        ],
    )


def in_view(table: pd.DataFrame, view: MapView, column: str = "code") -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` is one of the view's areas (all of them when nothing is chosen)."""
    if view.within is None:
        return table
    return table[table[column].isin(view.codes)]


def within_name(within: tuple[str, str]) -> str:
    """The name of the area chosen under "Within" (its code if it has none)."""
    _, code = within
    return data_access().call(area_names).get(code, code)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
