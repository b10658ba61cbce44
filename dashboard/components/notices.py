"""Messages shown in place of, or above, what a page draws."""

from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from dashboard.labels import plain_note
from queries.area_names import area_names
from queries.errors import CspmapError


def problem_notice(message: str) -> html.Div:
    """A plain box saying what is wrong and what to do."""
    return html.Div(className="notice", role="alert", children=[html.H2("Nothing to show yet"), html.P(message)])


def illustrative_notice(note: str | None) -> html.Div | None:
    """A banner saying the figures below are built on illustrative (generated) data, or nothing if they are not.

    A note that already opens by saying so ("Illustrative data (survey): ...") keeps its own opening, in bold.
    """
    if not note:
        return None
    opening, colon, rest = note.partition(":")
    if colon and opening.lower().startswith("illustrative"):
        children = [html.Strong(f"{opening}: "), rest.strip()]
    else:
        children = [html.Strong("Illustrative data. "), note]
    return html.Div(className="illustrative", role="note", children=children)


def notes_list(notes: tuple[str, ...] | list[str], names: Mapping[str, str] | None = None) -> html.Ul:
    """What the analysis left out or assumed, in plain English (:func:`dashboard.labels.plain_note`): internal
    names as words, months as "Oct 2017 to Sep 2018", area codes as the names of the loaded areas (or ``names``)."""
    names = _loaded_area_names() if names is None else names
    return html.Ul(className="notes", children=[html.Li(plain_note(note, names)) for note in notes])


def plain_text(text: str) -> str:
    """Text from the analysis in plain English, with the loaded areas' names for their codes."""
    return plain_note(text, _loaded_area_names())


def how_it_is_worked_out(*children) -> html.Details:
    """A folded "How this is worked out" section: the method in a few lines and a link to the full method
    (the /methods page), so method terms stay out of the way of the figures."""
    return html.Details(
        className="how-worked-out",
        children=[
            html.Summary("How this is worked out"),
            *children,
            html.P(dcc.Link("The full method, step by step", href="/methods")),
        ],
    )


def _loaded_area_names() -> dict[str, str]:
    from dashboard.data import data_access  # here, not at the top: notices are also used outside a request

    try:
        return data_access().call(area_names)
    except (RuntimeError, CspmapError):  # no app context (a unit test), or no database
        return {}
