"""Figures in plain words for residents: changes on last year, rates against the CSP, months by name."""

from __future__ import annotations

import math
from datetime import date

CATEGORY_NAMES = {"Anti-social behaviour": "ASB"}


def month_name(month: str) -> str:
    """``2018-07`` -> ``July 2018``."""
    year, number = (int(part) for part in month.split("-"))
    return f"{date(year, number, 1):%B %Y}"


def year_before(month: str) -> str:
    """``2018-07`` -> ``2017-07``."""
    year, number = month.split("-")
    return f"{int(year) - 1:04d}-{number}"


def change_in_words(label: str, now: int, before: int | None, month: str) -> str:
    """``"ASB down 12% on July 2017 (51 then, 45 now)"``; says plainly when there is nothing to compare with."""
    short = CATEGORY_NAMES.get(label, label)
    then = month_name(year_before(month))
    if before is None:
        return f"{short}: {now:,} in {month_name(month)}. There are no figures for {then} to compare with."
    if before == 0:
        if now == 0:
            return f"{short}: none in {month_name(month)}, and none in {then}."
        return f"{short}: {now:,} in {month_name(month)}, up from none in {then}."
    change = (now - before) / before * 100
    if round(change) == 0:
        return f"{short}: {now:,} in {month_name(month)}, about the same as {then} ({before:,})."
    direction = "up" if change > 0 else "down"
    return f"{short} {direction} {abs(round(change))}% on {then} ({before:,} then, {now:,} in {month_name(month)})."


def rate_in_words(rate: float, low: float, high: float, reference: float | None, reference_name: str) -> str:
    """The rate per 1,000 residents with its interval, and how it compares with the CSP's, in one sentence."""
    if any(math.isnan(value) for value in (rate, low, high)):
        return "There is no rate per 1,000 residents: the number of residents is not known."
    text = f"{rate:.1f} per 1,000 residents (likely between {low:.1f} and {high:.1f})"
    if reference is None or math.isnan(reference):
        return text + "."
    if low > reference:
        verdict = "higher than"
    elif high < reference:
        verdict = "lower than"
    else:
        verdict = "similar to"
    return f"{text}: {verdict} {reference_name} as a whole ({reference:.1f} per 1,000)."


def trend_in_words(label: str, by_month: dict[str, int]) -> str:
    """The first and latest month shown and which way the number went, e.g. ``"ASB: 33 in July 2016, 10 in July
    2018: down."``; a single month has no trend."""
    short = CATEGORY_NAMES.get(label, label)
    months = sorted(by_month)
    if len(months) < 2:
        return f"{short}: only {month_name(months[0])} is covered, so there is no trend yet." if months else ""
    first, last = by_month[months[0]], by_month[months[-1]]
    direction = "up" if last > first else "down" if last < first else "no change"
    return (
        f"{short}: {first:,} in {month_name(months[0])} and {last:,} in {month_name(months[-1])} ({direction}), "
        f"over the {len(months)} months shown."
    )
