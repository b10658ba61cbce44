"""Click an area on any map to open its profile: a ``dcc.Location`` per map, moved by a browser-side callback.

A map's clicked point names its area by ``customdata`` when the trace gives it (the hot spots map's cells carry
the code of the area they are in, "" when in none) and otherwise by ``location`` (the area code on every
choropleth). Navigation
is Dash's own ("callback-nav"): the profile page opens without reloading the app.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, clientside_callback, dcc

PROFILE_PATH = "/profile"

_OPEN_PROFILE = """
function(click) {
    const point = click && click.points && click.points[0];
    if (!point) { return window.dash_clientside.no_update; }
    // A trace that gives customdata names the area by it ("" for a cell in no area: nothing opens).
    const code = point.customdata !== undefined && point.customdata !== null ? point.customdata : point.location;
    if (typeof code !== "string" || !code) { return window.dash_clientside.no_update; }
    return "PROFILE_PATH?area=" + encodeURIComponent(code);
}
""".replace("PROFILE_PATH", PROFILE_PATH)


def profile_location(map_id: str) -> dcc.Location:
    """The component that carries a click on ``map_id`` to the profile page; put it in the page's layout."""
    return dcc.Location(id=f"{map_id}-profile-link", refresh="callback-nav")


def open_profile_on_click(map_id: str) -> None:
    """Register (once, at import) the browser-side callback that opens the clicked area's profile."""
    clientside_callback(_OPEN_PROFILE, Output(f"{map_id}-profile-link", "href"), Input(map_id, "clickData"))


def profile_href(code: str, level: str | None = None) -> str:
    """The profile page's address for an area, for links in tables and text."""
    query = {"area": code, **({"level": level} if level else {})}
    return f"{PROFILE_PATH}?{urlencode(query)}"
