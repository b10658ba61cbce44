"""Plain-English names for the codes the data uses."""

from __future__ import annotations

from datetime import date

LEVEL_LABELS = {
    "lsoa": "LSOA",
    "msoa": "MSOA",
    "ward": "Ward",
    "neighbourhood": "Neighbourhood",
    "csp": "Community Safety Partnership",
    "lad": "Local authority",
}


def level_label(level: str) -> str:
    """'neighbourhood' -> 'Neighbourhood'; unknown custom levels are capitalised."""
    return LEVEL_LABELS.get(level, level.replace("_", " ").capitalize())


def month_label(month: date) -> str:
    """date(2018, 7, 1) -> 'July 2018'."""
    return month.strftime("%B %Y")
