"""Look inside the Dash component trees that page layouts and callbacks return: component objects (from a
layout) or the JSON the browser gets (from a callback, ``{"type", "namespace", "props"}``)."""

from __future__ import annotations


def _prop(tree, name: str):
    if isinstance(tree, dict):
        return tree.get("props", {}).get(name)
    return getattr(tree, name, None)


def find(tree, component_id: str):
    """The component with this id anywhere in a layout, or None."""
    if _prop(tree, "id") == component_id:
        return tree
    children = _prop(tree, "children")
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def text_of(tree, separator: str = "") -> str:
    """The text a reader sees in a tree, its pieces joined by ``separator``."""
    if tree is None:
        return ""
    if isinstance(tree, str | int | float):
        return str(tree)
    if isinstance(tree, list | tuple):
        return separator.join(text_of(child, separator) for child in tree)
    return text_of(_prop(tree, "children"), separator)
