"""Page state in the address bar: read from the query string by ``layout`` (with ``filters.LinkReader``),
written back here as filters change.

Writing uses ``history.replaceState`` in the browser, not a ``dcc.Location`` update, which would re-run the
page's layout on every change.
"""

from __future__ import annotations

import json

from dash import Input, Output, clientside_callback

_WRITE_QUERY = """
function(...values) {
    const names = %s;
    const query = new URLSearchParams();
    names.forEach((name, i) => {
        const value = values[i];
        if (Array.isArray(value)) {
            if (value.length) { query.set(name, value.join(",")); }
        } else if (value !== null && value !== undefined && value !== "") {
            query.set(name, value);
        }
    });
    const search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    return window.dash_clientside.no_update;
}
"""


def keep_in_url(store_id: str, fields: dict[str, str]) -> None:
    """Write the ``value`` of each component (query name -> component id) into the URL as it changes.

    ``store_id`` names a ``dcc.Store`` on the page that the callback nominally updates.
    """
    clientside_callback(
        _WRITE_QUERY % json.dumps(list(fields)),
        Output(store_id, "data"),
        *(Input(component_id, "value") for component_id in fields.values()),
    )
