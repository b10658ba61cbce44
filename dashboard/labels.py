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


# The priority index's built-in components (queries/analysis/components.py), as a reader would name them.
COMPONENT_LABELS = {
    "crime_rate": "Crime per 1,000 residents (smoothed)",
    "asb_rate": "ASB per 1,000 residents (smoothed)",
    "harm_rate": "Harm per 1,000 residents",
    "trend": "Rising incidents",
    "repeat_locations": "Repeat locations",
    "low_confidence": "Low confidence",
    "asb_standard_failures": "ASB case standards missed",
}

# ASB case-handling standards (queries/analysis/standards.py).
STANDARD_LABELS = {
    "responded_within_24h": "Answered within 24 h",
    "named_caseworker": "Named caseworker",
    "reviewed_monthly": "Reviewed monthly",
}


def component_label(name: str) -> str:
    """'crime_rate' -> 'Crime per 1,000 residents (smoothed)'; a user indicator's name is capitalised."""
    return COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize())
