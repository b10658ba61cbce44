"""Look inside the Dash component trees that page layouts and callbacks return."""

from __future__ import annotations


def find(tree, component_id: str):
    """The component with this id anywhere in a layout, or None."""
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
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
    return text_of(getattr(tree, "children", None), separator)
