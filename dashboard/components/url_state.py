"""Page state in the address bar: read from the query string by ``layout``, written back as filters change.

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


def chosen_values(query_value: str | None, allowed: list[str]) -> list[str]:
    """The comma-separated URL values that are allowed choices (unknown ones are ignored)."""
    return [value for value in (query_value or "").split(",") if value in allowed]


def chosen_value(query_value: str | None, allowed: list[str], default: str) -> str:
    """The URL value if it is an allowed choice, else the default."""
    return query_value if query_value in allowed else default
