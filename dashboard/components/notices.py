"""Messages shown in place of, or above, what a page draws."""

from __future__ import annotations

from dash import html


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


def notes_list(notes: tuple[str, ...] | list[str]) -> html.Ul:
    """What the analysis left out or assumed, as the result's notes say it."""
    return html.Ul(className="notes", children=[html.Li(note) for note in notes])
