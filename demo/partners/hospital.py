"""Illustrative A&E assault attendances (Cardiff model), following police.uk violence, mostly at night."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from demo.partners.areas import DemoAreas, PartnerFile, normalised

AE_SHARE = 0.1  # A&E assault attendances per police.uk violence incident
TWO_HOUR_BANDS = [f"{hour:02d}:00-{hour + 1:02d}:59" for hour in range(0, 24, 2)]
NIGHT_HEAVY = np.array([16, 12, 4, 3, 4, 5, 6, 7, 8, 10, 11, 14], dtype=float)  # per two-hour band

AE_WEAPONS = (["none", "knife", "blunt object", "bottle", "other", "unknown"], [0.6, 0.08, 0.1, 0.08, 0.06, 0.08])
AE_AGES = (
    ["under 16", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    [0.04, 0.06, 0.3, 0.25, 0.15, 0.1, 0.06, 0.04],
)
AE_PLACES = ["Town centre street", "Outside a pub or bar", "Inside a pub or bar", "Park or open space", "Bus station"]


def generate_ae_assaults(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """Assault attendances following police.uk violence, one A&E site per CSP, mostly at night."""
    counts = areas.counts.merge(areas.lsoas[["lsoa_code", "csp_name"]], on="lsoa_code")
    attendances = rng.poisson(AE_SHARE * counts["violence"].to_numpy())
    rows = []
    for (_, count), n in zip(counts.iterrows(), attendances, strict=True):
        month = count["month"]
        for _ in range(int(n)):
            how = rng.random()
            rows.append(
                [
                    f"{count['csp_name']} ED (illustrative)",
                    f"{date(month.year, month.month, 1) + timedelta(days=int(rng.integers(0, 31))):%Y-%m-%d}",
                    TWO_HOUR_BANDS[int(rng.choice(12, p=normalised(NIGHT_HEAVY)))],
                    count["lsoa_code"] if how < 0.7 else "",
                    AE_PLACES[int(rng.integers(len(AE_PLACES)))] if 0.7 <= how < 0.85 else "",
                    rng.choice(AE_WEAPONS[0], p=AE_WEAPONS[1]),
                    rng.choice(AE_AGES[0], p=AE_AGES[1]),
                ]
            )
    return PartnerFile("ae-assaults", ["site", "date", "time_band", "lsoa_code", "place", "weapon", "age_band"], rows)
