"""Finished callback answers kept for repeats: the same request again is answered without running the callback.

A page callback that has drawn its figures and tables returns them through :func:`cacheable`. The response Dash
sends (serialised and gzipped once) is then kept in a folder shared by every worker (:class:`DataAccess`,
:meth:`~dashboard.data.DataAccess.cache_answer`), and the same request is answered from it while the database
file, the analysis settings and the code stay the same. Redrawing a cached analysis result is not free (a map of
hot spots is megabytes of JSON), so this is what makes a repeat fast.

A request is the same when it names the same callback and outputs, sends the same input and state values, was
triggered by the same inputs (an answer may be a partial update, see ``area_map``), comes from the same role (a
role may be refused part of a page), with the same basemap settings. A button's click count is left out: a
callback that keeps its answer reads which button was pressed, never how often.

Only answers marked :func:`cacheable` are kept, and only when Dash answered 200: a notice saying what is wrong
(a bad filter, nothing loaded yet) is never marked, so it is worked out again each time. The cache is looked up
after the request guard has let the request through, so a refused request never reaches it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Hashable
from typing import Any

import dash
import flask

from dashboard.basemap import current_basemap
from dashboard.data import data_access
from dashboard.signin import current_viewer
from queries.errors import CspmapError

CALLBACK_PATH = "/_dash-update-component"
CLICK_COUNT = "n_clicks"
GZIP_LEVEL = 6  # flask-compress's default, so a kept answer is the size a fresh one would be
REQUEST_KEY = "cspmap_answer_request"  # flask.g: the request's key, when its answer may be kept
KEEP = "cspmap_answer_keep"  # flask.g: set by cacheable()


def cacheable(*outputs: Any) -> Any:
    """The callback's outputs (one, or a tuple of several), marked as a finished answer that may be kept and
    served again for the same request."""
    if flask.has_request_context():
        flask.g.setdefault(KEEP, True)
    return outputs[0] if len(outputs) == 1 else outputs


def install_answer_cache(app: dash.Dash) -> None:
    """Answer repeated callback requests of ``app`` from the kept answers; install after the request guard."""
    app.server.before_request(_answer_from_cache)
    app.server.after_request(_keep_answer)


def request_key(body: dict, role: Hashable) -> str:
    """What a callback's answer depends on besides the data: the request (less click counts) and the viewer's
    role, as canonical JSON."""
    inputs = [_without_click_count(item) for item in body.get("inputs", [])]
    request = {
        "output": body.get("output"),
        "outputs": body.get("outputs"),
        "inputs": inputs,
        "state": body.get("state", []),
        "changed": sorted(body.get("changedPropIds", [])),
        "role": role,
        "basemap": repr(current_basemap()),
    }
    return json.dumps(request, sort_keys=True, separators=(",", ":"), default=repr)


def _answer_from_cache() -> flask.Response | None:
    request = flask.request
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    viewer = current_viewer()
    body = request.get_json(silent=True)
    if viewer is None or not isinstance(body, dict):
        return None  # the guard refuses these; nothing is kept for them
    try:
        key = request_key(body, "local" if viewer.local else viewer.role)
        kept = data_access().cached_answer(key)
    except CspmapError:  # no database, or a basemap set wrongly: the callback says so
        return None
    if kept is None:
        flask.g.setdefault(REQUEST_KEY, key)
        return None
    if _accepts_gzip(request):
        return flask.Response(kept, mimetype="application/json", headers={"Content-Encoding": "gzip"})
    return flask.Response(gzip.decompress(kept), mimetype="application/json")


def _keep_answer(response: flask.Response) -> flask.Response:
    key = flask.g.pop(REQUEST_KEY, None)
    if key is None or not flask.g.pop(KEEP, False) or response.status_code != 200 or response.is_streamed:
        return response
    if "Content-Encoding" in response.headers:
        return response  # not Dash's own JSON
    compressed = gzip.compress(response.get_data(), GZIP_LEVEL)
    try:
        data_access().cache_answer(key, compressed)
    except CspmapError:
        return response
    if _accepts_gzip(flask.request):  # sent as kept, so flask-compress leaves it alone
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "gzip"
    return response


def _without_click_count(item: Any) -> Any:
    if isinstance(item, list):  # a pattern-matching input: one item per matching component
        return [_without_click_count(one) for one in item]
    if isinstance(item, dict) and item.get("property") == CLICK_COUNT:
        return {name: value for name, value in item.items() if name != "value"}
    return item


def _accepts_gzip(request: flask.Request) -> bool:
    return request.accept_encodings.quality("gzip") > 0
