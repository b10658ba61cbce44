"""Callback requests built from the app's own /_dash-dependencies, as the browser builds them."""

from __future__ import annotations

from typing import Any


def server_callbacks(client) -> list[dict]:
    """Every callback the server runs (clientside ones never reach it), from ``/_dash-dependencies``."""
    response = client.get("/_dash-dependencies")
    assert response.status_code == 200, response.status_code
    return [dependency for dependency in response.json if not dependency.get("clientside_function")]


def output_ids(dependency: dict) -> list[dict]:
    """The outputs of a callback as {id, property}, from its key."""
    key = dependency["output"]
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]


def payload(dependency: dict, values: list[Any] | None = None) -> dict:
    """The body of ``POST /_dash-update-component`` for this callback, with these input values (the inputs after the
    last value given are sent as None: a 'Within' choice that a small database does not offer)."""
    outputs = output_ids(dependency)
    inputs = dependency["inputs"]
    values = list(values if values is not None else [])
    assert len(values) <= len(inputs), f"{len(values)} values for {len(inputs)} inputs"
    values += [None] * (len(inputs) - len(values))
    return {
        "output": dependency["output"],
        "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
        "inputs": [{**item, "value": value} for item, value in zip(inputs, values, strict=True)],
        "state": [{**item, "value": None} for item in dependency["state"]],
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
    }


def owner(dependency: dict) -> str:
    """The page prefix of a callback's first output (``_pages_content`` for Dash's page routing)."""
    return output_ids(dependency)[0]["id"].split("-", 1)[0]
