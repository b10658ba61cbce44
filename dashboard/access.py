"""Which role may open which page, and which page a callback belongs to (deny by default).

A page is named by its module in dashboard/pages/ (``dashboard.pages.coverage`` -> ``coverage``) and prefixes the
id of every component it owns with that name (``coverage-map``). A callback belongs to a page when every one of
its outputs carries that page's prefix; any other callback belongs to no page and no role may call it, so a page
added later cannot forget its protection: it is refused until its ids say whose they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

EVERYTHING = "*"
ROUTING_OUTPUT = "_pages_content"  # Dash's own callback that draws the page at the URL's path
ROUTING = "routing"


def page_name(module: str) -> str:
    """The page's name in the [access] settings: its module's last part."""
    return module.rsplit(".", 1)[-1]


def may_open(roles: Mapping[str, list[str]], role: str, view: str) -> bool:
    """Whether ``role`` may open the page or page part ``view`` (an unknown role may open nothing)."""
    allowed = roles.get(role, [])
    return EVERYTHING in allowed or view in allowed


def callback_page(output_key: str, pages: Iterable[str]) -> str | None:
    """The page whose callback writes ``output_key`` (Dash's callback key), ``ROUTING``, or None for nobody's."""
    outputs = _output_ids(output_key)
    if any(_component_name(output) == ROUTING_OUTPUT for output in outputs):
        return ROUTING
    owners = {_owner(_component_name(output), pages) for output in outputs}
    if len(owners) != 1:
        return None
    return owners.pop()


def _output_ids(output_key: str) -> list[str]:
    # Dash's key: "id.prop" for one output, "..id1.prop1...id2.prop2.." for several.
    parts = output_key[2:-2].split("...") if output_key.startswith("..") else [output_key]
    return [part.rsplit(".", 1)[0] for part in parts]


def _component_name(component_id: str) -> str:
    # A pattern-matching id is a JSON object; its "type" carries the page prefix.
    if component_id.startswith("{"):
        try:
            found = json.loads(component_id)
        except ValueError:
            return ""
        return str(found.get("type", "")) if isinstance(found, dict) else ""
    return component_id


def _owner(component: str, pages: Iterable[str]) -> str | None:
    # Longest name first: a page "hotspots_matrix" owns "hotspots-matrix-map", not the page "hotspots".
    for page in sorted(pages, key=len, reverse=True):
        if component.startswith(page.replace("_", "-") + "-"):
            return page
    return None
