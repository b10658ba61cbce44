"""Plain-English names for the codes the data uses, and for the internal names in the analysis' notes.

Everything a page shows in words goes through here, so "crime_rate x1", "top_share", "prior_counts" or
"2017-10..2018-09" never reach the screen as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from queries.analysis.methods import CEILING, METHODS

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


def level_plural(level: str) -> str:
    """'neighbourhood' -> 'neighbourhoods', 'lsoa' -> 'LSOAs', 'csp' -> 'Community Safety Partnerships'."""
    label = level_label(level)
    return (label if label.isupper() or " " in label else label.lower()) + "s"


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

# The same components in a word or two, for table headers (at most two lines); the full name is the tooltip.
COMPONENT_SHORT_LABELS = {
    "crime_rate": "Crime",
    "asb_rate": "ASB",
    "harm_rate": "Harm",
    "trend": "Rising",
    "repeat_locations": "Repeats",
    "low_confidence": "Low confidence",
    "asb_standard_failures": "Standards missed",
}

# ASB case-handling standards (queries/analysis/standards.py).
STANDARD_LABELS = {
    "responded_within_24h": "Answered within 24 h",
    "named_caseworker": "Named caseworker",
    "reviewed_monthly": "Reviewed monthly",
}


def short_component_label(name: str) -> str:
    """'crime_rate' -> 'Crime': a component's name short enough for a table header."""
    return COMPONENT_SHORT_LABELS.get(name) or component_label(name)


def component_label(name: str) -> str:
    """'crime_rate' -> 'Crime per 1,000 residents (smoothed)'; a user indicator's name is capitalised."""
    return COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize())


# The hot-spot methods (queries/analysis/evaluation.py).
# Hot-spot methods, from the one registry the CLI, pages and reports read (queries/analysis/methods.py).
METHOD_LABELS = {method.name: method.label for method in (*METHODS.values(), CEILING)}

# Other names the analysis' notes use for columns, meetings and settings.
OTHER_LABELS = {
    "top_share": "Rank stability",
    "failing_any": "failing any standard",
    "monthly_meeting": "monthly meeting",
    "asb_community_meeting": "ASB community meeting",
    "beat_meeting": "beat meeting",
    "needed_per_month": "change needed a month",
    "trend_per_month": "trend a month so far",
    "target_value": "target",
    "feel_safe_after_dark": "feeling safe after dark",
    "asb_big_problem": "ASB a big problem",
    "knows_how_to_contact": "knowing how to contact the team",
    "asb_responded_24h": "ASB cases answered within 24 hours",
    "asb_named_caseworker": "ASB cases with a named caseworker",
    "asb_reviewed_monthly": "ASB cases reviewed monthly",
    "asb_incidents": "ASB incidents",
    "crime_incidents": "crimes",
    "ae_assaults": "assaults seen at A&E",
}

_MONTH_SPAN = re.compile(r"\b(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})\b")
_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")
_WEIGHTED = re.compile(r"\b([a-z][a-z0-9_]*) x([0-9.]+)")
_CODE = re.compile(r"\b[EW]\d{8}\b")
_NAMES = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # snake_case words only: ordinary words pass


def period_label(first: date, last: date) -> str:
    """The months from ``first`` to ``last`` as a reader writes them: 'Oct 2017 to Sep 2018' ('Jul 2018' alone)."""
    return (
        f"{first:%b %Y}" if (first.year, first.month) == (last.year, last.month) else f"{first:%b %Y} to {last:%b %Y}"
    )


def internal_label(name: str) -> str | None:
    """The words for an internal name (a component, standard, method or column), or None if it is not one."""
    for labels in (COMPONENT_LABELS, STANDARD_LABELS, METHOD_LABELS, OTHER_LABELS):
        if name in labels:
            return labels[name]
    return None


def plain_note(note: str, area_names: Mapping[str, str] | None = None) -> str:
    """A note from the analysis in plain English: internal names as words, area codes as names, months as
    'Oct 2017 to Sep 2018'.

    >>> plain_note("crime_rate x1; top_share; 2017-10..2018-09; E08000033: 56%", {"E08000033": "Calderdale"})
    'Crime per 1,000 residents (smoothed) ×1; Rank stability; Oct 2017 to Sep 2018; Calderdale: 56%'
    """
    text = _MONTH_SPAN.sub(lambda m: period_label(date(int(m[1]), int(m[2]), 1), date(int(m[3]), int(m[4]), 1)), note)
    text = _MONTH.sub(lambda m: f"{date(int(m[1]), int(m[2]), 1):%b %Y}", text)
    text = _WEIGHTED.sub(lambda m: f"{internal_label(m[1]) or m[1]} ×{m[2]}", text)
    text = _NAMES.sub(lambda m: internal_label(m[0]) or m[0].replace("_", " "), text)
    if area_names:
        text = _CODE.sub(lambda m: area_names.get(m[0], m[0]), text)
    return text
