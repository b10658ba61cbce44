"""Illustrative ASB case records, drawn from the police.uk ASB incidents and handled well or less well."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import numpy as np

from demo.partners.areas import DemoAreas, PartnerFile, normalised

# The demo's ASB case export is "taken" at the end of September 2018, after the last police.uk month (July 2018).
CASES_AS_OF = date(2018, 9, 30)
CASE_SHARE = 0.3  # of police.uk ASB incidents that become a partner case
REPORTING_HOURS = np.array([1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 5, 4, 3, 2], dtype=float)


def generate_asb_cases(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """Cases drawn from the police.uk ASB incidents (at their map points), handled well or less well."""
    points = areas.asb_points[rng.random(len(areas.asb_points)) < CASE_SHARE].reset_index(drop=True)
    n = len(points)
    agencies = rng.choice(["Council", "Housing", "Police"], size=n, p=[0.5, 0.3, 0.2])
    types = rng.choice(
        ["Noise", "Rowdy behaviour", "Neighbour dispute", "Vehicle nuisance", "Harassment", "Fly-tipping", "Graffiti"],
        size=n,
        p=[0.25, 0.2, 0.15, 0.1, 0.1, 0.12, 0.08],
    )
    hours = rng.choice(24, size=n, p=normalised(REPORTING_HOURS))
    reported = [
        datetime(m.year, m.month, 1) + timedelta(days=int(d), hours=int(h), minutes=int(mi))
        for m, d, h, mi in zip(points["month"], rng.integers(0, 31, n), hours, rng.integers(0, 60, n), strict=True)
    ]
    response_kind, fast, slow = rng.random(n), rng.exponential(6, n), 24 + rng.exponential(48, n)
    caseworker_kind, caseworker_number = rng.random(n), rng.integers(100, 400, n)
    durations = 1 + rng.exponential(40, n)
    intervals = rng.choice([21, 28, 30, 45], size=n, p=[0.2, 0.4, 0.25, 0.15])
    repeat, vulnerable = rng.random(n) < 0.2, rng.random(n) < 0.15
    victim_numbers = rng.integers(0, 10_000_000, n)
    rows = []
    for i in range(n):
        start = reported[i]
        response = (
            ""
            if response_kind[i] < 0.04
            else start + timedelta(hours=float(fast[i] if response_kind[i] < 0.8 else slow[i]))
        )
        closed = start + timedelta(days=float(durations[i]))
        still_open = closed.date() > CASES_AS_OF
        end = CASES_AS_OF if still_open else closed.date()
        reviews = _review_dates(start.date(), end, int(intervals[i]), rng)
        by_count = agencies[i] == "Housing"  # the housing system exports a count, the others the dates
        lsoa, easting, northing = points.loc[i, "lsoa_code"], points.loc[i, "easting"], points.loc[i, "northing"]
        victim = _victim_ref(lsoa, rng.integers(0, 3)) if repeat[i] else f"V{victim_numbers[i]:07d}"
        caseworker = (
            f"CW{caseworker_number[i]}" if caseworker_kind[i] < 0.7 else ("yes" if caseworker_kind[i] < 0.85 else "no")
        )
        rows.append(
            [
                f"ASB-{start.year}-{i + 1:05d}",
                agencies[i],
                types[i],
                f"{start:%Y-%m-%d %H:%M}",
                f"{response:%Y-%m-%d %H:%M}" if response else "",
                caseworker,
                "" if by_count else "; ".join(f"{review:%Y-%m-%d}" for review in reviews),
                str(len(reviews)) if by_count else "",
                "" if still_open else f"{closed:%Y-%m-%d %H:%M}",
                lsoa,
                f"{easting:.0f}",
                f"{northing:.0f}",
                "yes" if repeat[i] else "no",
                "yes" if vulnerable[i] else "no",
                victim,
                _location_ref(easting, northing),
            ]
        )
    header = [
        "case_id",
        "agency",
        "asb_type",
        "reported_at",
        "first_response_at",
        "caseworker",
        "review_dates",
        "review_count",
        "closed_at",
        "lsoa_code",
        "easting",
        "northing",
        "repeat_victim",
        "vulnerable_victim",
        "victim_ref",
        "location_ref",
    ]
    return PartnerFile("asb-cases", header, rows)


def _review_dates(start: date, end: date, interval: int, rng: np.random.Generator) -> list[date]:
    """Reviews every ``interval`` days while open, one in ten missed."""
    reviews, day = [], start + timedelta(days=interval)
    while day <= end:
        if rng.random() >= 0.1:
            reviews.append(day)
        day += timedelta(days=interval)
    return reviews


def _victim_ref(lsoa: str, k: int) -> str:
    """A repeat victim's pseudonym: one of three per LSOA, so repeats of the same victim can be counted."""
    return f"V{int(hashlib.sha256(f'{lsoa}/{k}'.encode()).hexdigest()[:12], 16) % 10**7:07d}"


def _location_ref(easting: float, northing: float) -> str:
    """An opaque reference for a map point: the same point always gets the same reference."""
    return f"L{int(hashlib.sha256(f'{easting:.0f},{northing:.0f}'.encode()).hexdigest()[:12], 16) % 10**9:09d}"
