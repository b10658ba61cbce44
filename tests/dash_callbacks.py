"""Call a page's callback the way the browser does: a POST to ``/_dash-update-component``, with the payload built
from ``/_dash-dependencies``, through the app's Flask test client. Answers come back as JSON, as the browser gets
them: components as ``{"type", "namespace", "props"}`` dicts, figures as dicts, a patch as Dash's patch object."""

from __future__ import annotations

from typing import Any

NOT_UPDATED = object()  # an output the callback left as it was (no_update)


class PageCallbacks:
    """The server-side callbacks of an app, called by the id of their first output."""

    def __init__(self, app) -> None:
        self.client = app.server.test_client()
        response = self.client.get("/_dash-dependencies")
        assert response.status_code == 200, response.text
        self.dependencies = [item for item in response.json if item.get("clientside_function") is None]

    def dependency(self, first_output: str) -> dict:
        """The callback whose first output is component ``first_output``."""
        (found,) = [item for item in self.dependencies if _outputs(item)[0]["id"] == first_output]
        return found

    def post(self, first_output: str, *values: Any, triggered_by: str | None = None):
        """The HTTP response to calling the callback with its inputs, then its states, set to ``values``, in order.

        Values may stop short of the last inputs and states: those are sent with no value, as the browser sends a
        property that is not set (a 'Within' choice that a small database does not offer)."""
        dependency = self.dependency(first_output)
        specs = [*dependency["inputs"], *dependency["state"]]
        assert len(values) <= len(specs), f"{len(values)} values for {len(specs)} inputs and states"
        given = [{**spec, "value": value} for spec, value in zip(specs[: len(values)], values, strict=True)]
        given += [dict(spec) for spec in specs[len(values) :]]
        payload = {
            "output": dependency["output"],
            "outputs": _outputs(dependency) if dependency["output"].startswith("..") else _outputs(dependency)[0],
            "inputs": given[: len(dependency["inputs"])],
            "changedPropIds": [_changed(dependency, triggered_by)] if triggered_by else [],
            "state": given[len(dependency["inputs"]) :],
        }
        return self.client.post("/_dash-update-component", json=payload)

    def call(self, first_output: str, *values: Any, triggered_by: str | None = None) -> tuple:
        """The callback's outputs, in order (``NOT_UPDATED`` for those it left alone); fails on any HTTP error."""
        response = self.post(first_output, *values, triggered_by=triggered_by)
        assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
        answered = response.json["response"]
        return tuple(
            answered.get(output["id"], {}).get(output["property"], NOT_UPDATED)
            for output in _outputs(self.dependency(first_output))
        )


def _changed(dependency: dict, component: str) -> str:
    """The ``id.property`` of the input of component ``component`` (``value`` when it is not an input)."""
    properties = [spec["property"] for spec in dependency["inputs"] if spec["id"] == component]
    return f"{component}.{properties[0] if properties else 'value'}"


def _outputs(dependency: dict) -> list[dict]:
    """The outputs in a dependency's ``output`` string: ``..a.figure...b.data..`` or ``a.figure``."""
    text = dependency["output"]
    parts = text.strip(".").split("...") if text.startswith("..") else [text]
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]
