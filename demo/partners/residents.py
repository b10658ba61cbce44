"""The illustrative residents' survey: agreement with the confidence statement falls as crime per resident rises."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from demo.partners.areas import DemoAreas, PartnerFile, logistic, standardised

SURVEY_RESPONSES_PER_YEAR = 600
SURVEY_YEARS = (2016, 2017, 2018)


def generate_survey(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """Responses across three summers; agreement with the confidence statement falls as crime per resident rises."""
    lsoas = areas.lsoas[areas.lsoas["population"] > 0].reset_index(drop=True)
    totals = areas.counts.groupby("lsoa_code")[["incidents", "asb"]].sum()
    crime = standardised(np.log1p(1000 * lsoas["lsoa_code"].map(totals["incidents"]).fillna(0) / lsoas["population"]))
    asb = standardised(np.log1p(1000 * lsoas["lsoa_code"].map(totals["asb"]).fillna(0) / lsoas["population"]))
    place_effect = rng.normal(0, 0.35, len(lsoas))  # what the police figures do not explain, lasting across years
    share = lsoas["population"].to_numpy(float) / lsoas["population"].sum()
    rows = []
    for year_shift, year in zip((-0.1, 0.0, 0.05), SURVEY_YEARS, strict=True):
        n = SURVEY_RESPONSES_PER_YEAR
        where = rng.choice(len(lsoas), size=n, p=share)
        days = rng.integers(0, 92, n)
        agrees = rng.random(n) < logistic(0.3 - 0.55 * crime[where] + place_effect[where] + year_shift)
        safe = rng.random(n) < logistic(0.9 - 0.5 * crime[where] + 0.5 * place_effect[where])
        asb_problem = rng.random(n) < logistic(-1.6 + 0.8 * asb[where] - 0.5 * place_effect[where])
        knows = rng.random(n) < logistic(-0.5 + 0.3 * place_effect[where])
        weights = np.round(np.exp(rng.normal(0, 0.25, n)), 2)
        how, strength, dont_know = rng.random(n), rng.random(n), rng.random(n) < 0.05
        for i in range(n):
            lsoa = lsoas.iloc[where[i]]
            code, lon, lat = lsoa["lsoa_code"], "", ""
            if how[i] >= 0.95:
                code = lsoa["neighbourhood_code"]
            elif how[i] >= 0.85:  # a point inside the LSOA: the importer finds the LSOA and drops the point
                code, lon, lat = "", f"{lsoa['longitude']:.6f}", f"{lsoa['latitude']:.6f}"
            rows.append(
                [
                    f"S{year}-{i + 1:04d}",
                    f"{date(year, 7, 1) + timedelta(days=int(days[i])):%Y-%m-%d}",
                    code,
                    lon,
                    lat,
                    f"{weights[i]:.2f}",
                    "Don't know" if dont_know[i] else _confidence_answer(agrees[i], strength[i]),
                    ("Very safe" if strength[i] < 0.35 else "Fairly safe")
                    if safe[i]
                    else ("A bit unsafe" if strength[i] < 0.6 else "Very unsafe"),
                    ("Very big problem" if strength[i] < 0.3 else "Fairly big problem")
                    if asb_problem[i]
                    else ("Not a very big problem" if strength[i] < 0.6 else "Not a problem at all"),
                    "Yes" if knows[i] else "No",
                ]
            )
    header = [
        "response_id",
        "date",
        "area_code",
        "longitude",
        "latitude",
        "weight",
        "confidence",
        "safe_after_dark",
        "asb_big_problem",
        "knows_how_to_contact",
    ]
    return PartnerFile("survey", header, rows)


def _confidence_answer(agrees: bool, strength: float) -> str:
    if agrees:
        return "Strongly agree" if strength < 0.3 else "Tend to agree"
    return (
        "Neither agree nor disagree"
        if strength < 0.4
        else "Tend to disagree"
        if strength < 0.8
        else "Strongly disagree"
    )
