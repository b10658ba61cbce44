"""Load a dashboard page the way the browser does, over HTTP through the app's Flask test client, and time it.

A page's first load is: the page's HTML, ``/_dash-layout`` and ``/_dash-dependencies``, the Dash pages callback
that returns the page's layout (``_pages_content``), then every server callback whose inputs are all on the page,
with the values the layout gives them, in the order Dash would fire them (a callback whose input is another's
output waits for it, as the profile page's area waits for its level). Answers are parsed from JSON as the browser
gets them. A callback's time is the server's: the request through the test client, Dash's serialisation and the
compression of the response included, the client's own decompression and JSON parse left out (parsing a hot spots map's
3.7 MB is a browser's work, and here took longer than serving it from the cache).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import brotli

try:
    from compression import zstd  # Python 3.14
except ImportError:
    from backports import zstd  # what flask-compress uses before 3.14

from dashboard.precompressed import finish_precompressing

PAGES_CALLBACK = "_pages_content"
BROWSER_ENCODING = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what headless Chromium asks for, http or https

DECOMPRESS = {None: bytes, "gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
Prop = tuple[str, str]  # (component id, property)
SUITES = "/_dash-component-suites"
PLOTLY_CHUNK = f"{SUITES}/plotly/package_data/plotly.min.js"
# dcc.Graph fetches plotly.js from the address in window._dashPlotlyJSURL, Dash's full plotly.min.js unless the
# app's assets/plotly-loader.js has pinned it to the app's partial bundle.
OWN_PLOTLY_LOADER = re.compile(r"^/assets/plotly-loader\.js(\?|$)")
OWN_PLOTLY = "/assets/plotly-cspmap.min.js"
# What Dash's components fetch by themselves once on the page (their "async" resources), by component type.
LAZY_CHUNKS = {
    "Graph": (f"{SUITES}/dash/dcc/async-graph.js", PLOTLY_CHUNK),
    "Dropdown": (f"{SUITES}/dash/dcc/async-dropdown.js",),
    "Slider": (f"{SUITES}/dash/dcc/async-slider.js",),
    "RangeSlider": (f"{SUITES}/dash/dcc/async-slider.js",),
    "DatePickerRange": (f"{SUITES}/dash/dcc/async-datepicker.js",),
    "DatePickerSingle": (f"{SUITES}/dash/dcc/async-datepicker.js",),
    "Markdown": (f"{SUITES}/dash/dcc/async-markdown.js",),
    "Upload": (f"{SUITES}/dash/dcc/async-upload.js",),
    "AgGrid": (f"{SUITES}/dash_ag_grid/async-community.js",),
    "DataTable": (f"{SUITES}/dash/dash_table/async-table.js",),
}


@dataclass(frozen=True)
class Callback:
    """One server callback of the app, as ``/_dash-dependencies`` describes it."""

    output: str  # Dash's output string: "a.figure" or "..a.figure...b.data.."
    outputs: tuple[Prop, ...]
    inputs: tuple[Prop, ...]
    state: tuple[Prop, ...]
    prevent_initial_call: bool

    @property
    def name(self) -> str:
        """The callback's first output, ``id.property``: how the report names it."""
        return ".".join(self.outputs[0])


@dataclass(frozen=True)
class Timed:
    """One request of a page load and how long its answer took."""

    name: str
    seconds: float


class DashClient:
    """The server callbacks of a Dash app, callable by HTTP as the browser calls them."""

    def __init__(self, app) -> None:
        self.client = app.server.test_client()
        response = self.client.get("/_dash-dependencies")
        if response.status_code != 200:
            raise SystemExit(f"/_dash-dependencies answered {response.status_code}: {response.text[:300]}")
        self.callbacks = [_callback(item) for item in response.json if item.get("clientside_function") is None]

    def callback(self, name: str) -> Callback:
        """The callback whose first output is ``name`` (``id.property``)."""
        (found,) = [item for item in self.callbacks if item.name == name]
        return found

    def post(self, callback: Callback, values: dict[Prop, Any], changed: list[Prop] | None = None):
        """The HTTP response to calling the callback with ``values`` of its inputs and state."""
        multi = callback.output.startswith("..")
        outputs = [{"id": id_, "property": prop} for id_, prop in callback.outputs]
        payload = {
            "output": callback.output,
            "outputs": outputs if multi else outputs[0],
            "inputs": [
                {"id": id_, "property": prop, "value": values.get((id_, prop))} for id_, prop in callback.inputs
            ],
            "state": [{"id": id_, "property": prop, "value": values.get((id_, prop))} for id_, prop in callback.state],
            "changedPropIds": [".".join(prop) for prop in changed or []],
        }
        return self.client.post("/_dash-update-component", json=payload, headers=BROWSER_ENCODING)

    def call(self, callback: Callback, values: dict[Prop, Any], changed: list[Prop] | None = None) -> dict[Prop, Any]:
        """What the callback answers for ``values`` of its inputs and state: the outputs it updated."""
        return self.timed_call(callback, values, changed)[0]

    def timed_call(
        self, callback: Callback, values: dict[Prop, Any], changed: list[Prop] | None = None
    ) -> tuple[dict[Prop, Any], float]:
        """What the callback answers (as :meth:`call`) and the seconds the server took to answer it."""
        started = time.perf_counter()
        response = self.post(callback, values, changed)
        seconds = time.perf_counter() - started
        return self._outputs(callback, response), seconds

    def _outputs(self, callback: Callback, response) -> dict[Prop, Any]:
        if response.status_code == 204:  # every output left as it was
            return {}
        if response.status_code != 200:
            raise SystemExit(
                f"{callback.name} answered {response.status_code}: {response.get_data(as_text=True)[:300]}"
            )
        answered = json.loads(response_body(response))["response"]
        return {
            (id_, prop): answered[id_][prop]
            for id_, prop in callback.outputs
            if id_ in answered and prop in answered[id_]
        }

    def page_layout(self, path: str, search: str = "") -> Any:
        """The page's layout (a component tree as JSON), from Dash's pages callback."""
        return self.timed_page_layout(path, search)[0]

    def timed_page_layout(self, path: str, search: str = "") -> tuple[Any, float]:
        """The page's layout and the seconds the server took to answer the pages callback."""
        pages = self.callback(f"{PAGES_CALLBACK}.children")
        location = {("_pages_location", "pathname"): path, ("_pages_location", "search"): search}
        answered, seconds = self.timed_call(pages, location, changed=[("_pages_location", "pathname")])
        return answered[(PAGES_CALLBACK, "children")], seconds

    def first_callbacks(self, layout: Any) -> list[Callback]:
        """The server callbacks Dash fires when the page appears: all inputs on the page, initial call allowed."""
        present = {component_id for component_id, _ in component_values(layout, "")}
        return [
            callback
            for callback in self.callbacks
            if not callback.prevent_initial_call and all(id_ in present for id_, _ in callback.inputs)
        ]

    def click_callbacks(self, layout: Any) -> list[Callback]:
        """The page's button callbacks (downloads): fired by a click, not when the page appears."""
        present = {component_id for component_id, _ in component_values(layout, "")}
        return [
            callback
            for callback in self.callbacks
            if callback.prevent_initial_call
            and callback.inputs[0][1] == "n_clicks"
            and all(id_ in present for id_, _ in callback.inputs)
        ]

    def first_load(self, path: str, search: str = "") -> PageLoad:
        """Every request of the page's first load in a browser (less static files), each timed, then one click
        on each of its buttons (with the first choice in any list left empty)."""
        timed = []
        for name in (path, "/_dash-layout", "/_dash-dependencies"):
            started = time.perf_counter()
            response = self.client.get(name + search if name == path else name, headers=BROWSER_ENCODING)
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}")
            timed.append(Timed(name, time.perf_counter() - started))
        layout, seconds = self.timed_page_layout(path, search)
        timed.append(Timed(f"{PAGES_CALLBACK}.children", seconds))
        values = component_values(layout, path, search)
        pending = self.first_callbacks(layout)
        while pending:
            # Dash holds back a callback whose input is still to come from another one.
            waiting_on = {prop for callback in pending for prop in callback.outputs}
            ready = next((c for c in pending if not set(c.inputs) & (waiting_on - set(c.outputs))), pending[0])
            pending.remove(ready)
            answered, seconds = self.timed_call(ready, values)
            values.update(answered)
            timed.append(Timed(ready.name, seconds))
        for callback in self.click_callbacks(layout):
            chosen = {**values, **_first_choices(values, callback.state), callback.inputs[0]: 1}
            _, seconds = self.timed_call(callback, chosen, changed=[callback.inputs[0]])
            timed.append(Timed(callback.name, seconds))
        return PageLoad(tuple(timed), values)


@dataclass(frozen=True)
class PageLoad:
    """A page's first load: each request timed, and the values its components had at the end."""

    timed: tuple[Timed, ...]
    values: dict[Prop, Any]

    def selection(self) -> dict[str, list[str] | None]:
        """The months and categories the page's filters ask for (None: all)."""
        chosen = {"months": None, "categories": None}
        for (component_id, prop), value in self.values.items():
            for name in chosen:
                if prop == "value" and component_id.endswith(f"-{name}") and value:
                    chosen[name] = list(value)
        return chosen


def wire_responses(client: DashClient, path: str) -> list[tuple[str, int]]:
    """(address, bytes over the wire) of everything a browser fetches for the page's first load, compressed as
    Chromium asks.

    Worked out without a browser: the HTML, the scripts and stylesheets it names, the favicon, Dash's layout and
    dependencies, the page's callbacks, and the chunks Dash's components load by themselves for the component
    types on the page (plotly.js for a graph, AG Grid's community bundle for a grid, ...)."""
    got = client.client.get(path, headers=BROWSER_ENCODING)
    text = response_body(got).decode()
    addresses = re.findall(r'<script src="([^"]+)"', text) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    addresses += re.findall(r'<link rel="icon"[^>]* href="([^"]+)"', text) or ["/_favicon.ico"]  # Dash's own, else
    addresses += ["/_dash-layout", "/_dash-dependencies"]
    layout = client.page_layout(path)
    types = {component_type for component_type, _ in _components(layout)}
    shell = json.loads(response_body(client.client.get("/_dash-layout", headers=BROWSER_ENCODING)))
    types |= {component_type for component_type, _ in _components(shell)}
    chunks = {chunk for t in types for chunk in LAZY_CHUNKS.get(t, ())}
    if PLOTLY_CHUNK in chunks and any(OWN_PLOTLY_LOADER.match(address) for address in addresses):
        chunks = (chunks - {PLOTLY_CHUNK}) | {OWN_PLOTLY}
    addresses += sorted(chunks)
    # A visitor after the server's first: it has compressed its large scripts once (dashboard/precompressed.py).
    for address in addresses:
        client.client.get(address, headers=BROWSER_ENCODING)
    finish_precompressing(client.client.application)
    sizes = [(path, len(got.data))]
    for address in addresses:
        response = client.client.get(address, headers=BROWSER_ENCODING)
        if response.status_code != 200:
            raise SystemExit(f"{address} answered {response.status_code}")
        sizes.append((address, len(response.data)))
    sizes += [(f"callback {name}", size) for name, size in _callback_sizes(client, path, layout)]
    return sizes


def _callback_sizes(client: DashClient, path: str, layout: Any) -> list[tuple[str, int]]:
    """Bytes over the wire of the pages callback and of each first callback of the page."""
    pages = client.callback(f"{PAGES_CALLBACK}.children")
    values = {("_pages_location", "pathname"): path, ("_pages_location", "search"): ""}
    sizes = [(pages.name, len(client.post(pages, values, [("_pages_location", "pathname")]).data))]
    values = component_values(layout, path)
    for callback in client.first_callbacks(layout):
        response = client.post(callback, values)
        sizes.append((callback.name, len(response.data)))
        if response.status_code == 200:
            answered = json.loads(response_body(response))["response"]
            values.update({(i, p): answered[i][p] for i, p in callback.outputs if p in answered.get(i, {})})
    return sizes


def _first_choices(values: dict[Prop, Any], state: tuple[Prop, ...]) -> dict[Prop, Any]:
    """For each list in ``state`` left empty, its first option (a report needs a team chosen)."""
    chosen = {}
    for component_id, prop in state:
        options = values.get((component_id, "options"))
        if prop == "value" and values.get((component_id, prop)) is None and options:
            first = options[0]
            chosen[(component_id, prop)] = first["value"] if isinstance(first, dict) else first
    return chosen


def response_body(response) -> bytes:
    """A test client response's body as the browser reads it: decompressed (the client itself does not)."""
    encoding = response.headers.get("Content-Encoding")
    if encoding not in DECOMPRESS:
        raise SystemExit(f"Asked for {BROWSER_ENCODING['Accept-Encoding']}, the app answered {encoding}.")
    return DECOMPRESS[encoding](response.data)


def component_values(tree: Any, path: str, search: str = "") -> dict[Prop, Any]:
    """Every (id, property) -> value of the components with an id in a layout tree (JSON, as Dash sends it).

    A ``dcc.Location`` gets the page's ``path`` as its pathname, as it does in the browser when it mounts."""
    values: dict[Prop, Any] = {}
    for component_type, props in _components(tree):
        component_id = props.get("id")
        if isinstance(component_id, str):
            values.update({(component_id, name): value for name, value in props.items()})
            if component_type == "Location":
                values.update({(component_id, "pathname"): path, (component_id, "search"): search})
    return values


def _components(tree: Any) -> Iterator[tuple[str, dict]]:
    if isinstance(tree, list):
        for item in tree:
            yield from _components(item)
    elif isinstance(tree, dict) and "props" in tree and "type" in tree:
        props = tree["props"]
        yield tree["type"], props
        for value in props.values():
            yield from _components(value)


def _callback(item: dict) -> Callback:
    text = item["output"]
    parts = text.strip(".").split("...") if text.startswith("..") else [text]
    return Callback(
        output=text,
        outputs=tuple(tuple(part.rsplit(".", 1)) for part in parts),
        inputs=tuple((spec["id"], spec["property"]) for spec in item["inputs"]),
        state=tuple((spec["id"], spec["property"]) for spec in item["state"]),
        prevent_initial_call=bool(item.get("prevent_initial_call")),
    )
