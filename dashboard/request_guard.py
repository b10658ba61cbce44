"""The server's gate: who may have what, the shape of callback requests, and answers that are never a 500.

Every request passes :func:`_gate` before Dash sees it. Only the sign-in form and the static scripts, styles and
icon are public; a page needs a viewer whose role may open it; a callback request (``POST
/_dash-update-component``) needs a viewer, a well-formed body naming a known callback, and a role that may open
the page owning that callback (:mod:`dashboard.access`). Refusals carry no data: 401 (nobody signed in), 403
(the role lacks the page), 400 (a malformed request). A callback that raises anyway answers with a notice on
the page and is logged with its traceback; anything that still escapes is logged and answered with a 400 for a
callback request, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import dash
import flask
from dash import no_update
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException

from dashboard.access import ROUTING, callback_page, may_open, page_name
from dashboard.components.notices import problem_notice
from dashboard.signin import Viewer, current_signin, current_viewer

LOGGER = logging.getLogger("cspmap.requests")
CALLBACK_PATH = "/_dash-update-component"
ROUTING_INPUT = "_pages_location"  # the dcc.Location whose pathname and search Dash's page routing reads
PUBLIC_PATHS = frozenset({"/login", "/logout", "/_favicon.ico"})
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
MAX_REQUEST_BYTES = 1024 * 1024  # a callback request from a page is a few kilobytes
MAX_OUTPUT_KEY = 4096
NO_USERS = (
    "This cspmap server has no users, so it answers only on this computer (local mode). To serve others, add a "
    "user: cspmap users add NAME --role analyst"
)
FAILED_NOTICE = (
    "This view could not be drawn from the choices sent. Choose again from the controls on the page, or reload it."
)


def install_request_guard(app: dash.Dash) -> None:
    """Put the gate in front of every request of ``app`` and turn unexpected errors into logged 4xx answers."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.before_request(lambda: _gate(app))
    server.register_error_handler(DependencyException, _unknown_script)
    server.register_error_handler(Exception, _unexpected)


def callback_failed(error: Exception) -> Any:
    """Dash's ``on_error``: log the error and show a notice in the callback's first ``children`` output.

    This is the safety net under each page's own validation, not a substitute for it.
    """
    LOGGER.error("callback raised %s: %s", type(error).__name__, error, exc_info=error)
    outputs = dash.callback_context.outputs_list
    if isinstance(outputs, dict):
        return problem_notice(FAILED_NOTICE) if outputs.get("property") == "children" else no_update
    values, shown = [], False
    for output in outputs:
        if not shown and isinstance(output, dict) and output.get("property") == "children":
            values.append(problem_notice(FAILED_NOTICE))
            shown = True
        else:
            values.append([no_update] * len(output) if isinstance(output, list) else no_update)
    return values


def payload_problem(body: Any, callbacks: Mapping[str, dict]) -> str | None:
    """What is wrong with a callback request's body, or None when it has the shape Dash needs.

    ``callbacks`` is the app's callback map: the body must name one of its server-side callbacks and send
    exactly the inputs and states that callback declares, with the ``outputs`` its key spells out.
    """
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or len(output) > MAX_OUTPUT_KEY:
        return "'output' must be a callback's output key"
    declared = callbacks.get(output)
    if declared is None or declared.get("callback") is None:
        return "'output' names no callback this server runs"
    for field in ("inputs", "state"):
        problem = _items_problem(field, body.get(field, []), declared.get(field, []))
        if problem:
            return problem
    problem = _outputs_problem(body.get("outputs"), output)
    if problem:
        return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(item, str) for item in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _gate(app: dash.Dash) -> flask.Response | None:
    request = flask.request
    if request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES):
        return None
    viewer = current_viewer()
    if viewer is None:
        if not current_signin().users():
            return _refusal(403, NO_USERS)
        if request.path.startswith("/_dash-") or request.method != "GET":
            return _refusal(401, "Sign in first.")
        return flask.redirect(f"/login?next={quote(request.full_path.rstrip('?'), safe='/')}", code=303)
    if request.path == CALLBACK_PATH:
        return _callback_refusal(app, viewer)
    page = _page_at(request.path)
    if page is not None and not _may_open(viewer, page_name(page["module"])):
        return _refusal(403, "Your role cannot open this page.")
    return None


def _callback_refusal(app: dash.Dash, viewer: Viewer) -> flask.Response | None:
    request = flask.request
    if not request.is_json:
        return _refusal(400, "A callback request must be JSON.")
    body = request.get_json(silent=True)
    problem = payload_problem(body, app.callback_map)
    if problem:
        LOGGER.warning("refused a malformed callback request from %s: %s", request.remote_addr, problem)
        return _refusal(400, f"Malformed callback request: {problem}.")
    pages = [page_name(page["module"]) for page in dash.page_registry.values()]
    owner = callback_page(body["output"], pages)
    if owner == ROUTING:
        path = _routing_path(body)
        if path is None:
            return _refusal(400, "Malformed callback request: the page's location must be a path and a query string.")
        page = _page_at(path)
        owner = page_name(page["module"]) if page is not None else None
        if owner is None:
            return None  # no page there: Dash draws its "not found" page, which holds nothing
    if owner is None or not _may_open(viewer, owner):
        return _refusal(403, "Your role cannot use this part of the dashboard.")
    return None


def _routing_path(body: dict) -> str | None:
    """The path Dash's page routing is asked to draw, or None when its location is not a path and a query string."""
    location = {item.get("property"): item.get("value") for item in body["inputs"] if item.get("id") == ROUTING_INPUT}
    path, search = location.get("pathname"), location.get("search")
    if not isinstance(path, str) or not path.startswith("/") or not isinstance(search, str | None):
        return None  # Dash's own routing would raise on these
    return path


def _page_at(path: str) -> dict | None:
    wanted = path.strip("/")
    for page in dash.page_registry.values():
        if page["path"].strip("/") == wanted:
            return page
    return None


def _may_open(viewer: Viewer, view: str) -> bool:
    return viewer.local or may_open(current_signin().settings.roles, viewer.role, view)


def _items_problem(field: str, items: Any, declared: list[dict]) -> str | None:
    if not isinstance(items, list) or len(items) != len(declared):
        return f"'{field}' must be a list of {len(declared)} items"
    for item, wanted in zip(items, declared, strict=True):
        group = item if isinstance(wanted.get("id"), dict) and isinstance(item, list) else [item]
        for one in group:
            if not isinstance(one, dict) or one.get("property") != wanted["property"]:
                return f"'{field}' must hold {wanted['property']!r} of the callback's components"
            if not isinstance(wanted["id"], dict) and one.get("id") != wanted["id"]:
                return f"'{field}' must hold the callback's components"
            if isinstance(wanted["id"], dict) and not isinstance(one.get("id"), dict):
                return f"'{field}' must hold the callback's components"
    return None


def _outputs_problem(outputs: Any, key: str) -> str | None:
    several = key.startswith("..")
    expected = [part.rsplit(".", 1) for part in (key[2:-2].split("...") if several else [key])]
    sent = outputs if several else [outputs]
    if not isinstance(sent, list) or len(sent) != len(expected):
        return f"'outputs' must list the callback's {len(expected)} output(s)"
    for output, (component, prop) in zip(sent, expected, strict=True):
        pattern = component.startswith("{")  # a pattern-matching id: one output per matching component
        group = output if pattern and isinstance(output, list) else [output]
        for one in group:
            if not isinstance(one, dict) or one.get("property") != prop:
                return "'outputs' must list the callback's outputs"
            if not pattern and one.get("id") != component:
                return "'outputs' must list the callback's outputs"
    return None


def _refusal(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _unknown_script(error: DependencyException) -> flask.Response:
    return _refusal(404, "No such script.")


def _unexpected(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return error
    LOGGER.error(
        "unexpected %s on %s %s", type(error).__name__, flask.request.method, flask.request.path, exc_info=error
    )
    if flask.request.path == CALLBACK_PATH:
        return _refusal(400, "This request could not be answered; it has been logged.")
    return _refusal(500, "Something went wrong; it has been logged.")
