"""Illustrative neighbourhood priorities agreed with residents, and each CSP's targets."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from demo.partners.areas import DemoAreas, PartnerFile

PRIORITIES = {
    "Anti-social behaviour": "Patrols at the times residents report; an update at every community meeting",
    "Violence in the town centre at night": "Weekend night-time patrols with licensing checks",
    "Speeding": "Speed checks twice a month; results published at beat meetings",
    "Parking near schools": "Enforcement visits at school drop-off and pick-up each week",
    "Drug dealing": "Intelligence-led operations; feedback within a month of each report",
    "Fly-tipping": "Removal within five working days; cameras at repeat sites",
    "Burglary": "Crime prevention visits to every victim and their neighbours",
    "Vehicle crime": "Targeted patrols of car parks; prevention advice",
}


def generate_agreements(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """One to three priorities per neighbourhood, set in spring 2018, ASB first where ASB is high."""
    asb = areas.counts.groupby("lsoa_code")["asb"].sum()
    lsoas = areas.lsoas.assign(asb=lambda f: f["lsoa_code"].map(asb).fillna(0))
    asb_by_neighbourhood = lsoas.groupby("neighbourhood_code")["asb"].sum()
    busy = asb_by_neighbourhood >= asb_by_neighbourhood.median()
    topics = list(PRIORITIES)
    rows = []
    for code in areas.neighbourhoods()["neighbourhood_code"]:
        chosen = ["Anti-social behaviour"] if busy[code] else []
        others = [topic for topic in topics if topic not in chosen]
        chosen += list(rng.choice(others, size=int(rng.integers(1, 3)), replace=False))
        set_on = date(2018, 4, 1) + timedelta(days=int(rng.integers(0, 30)))
        for k, topic in enumerate(chosen, start=1):
            where = rng.choice(["Neighbourhood Agreement 2018", "Monthly ASB community meeting", "Beat meeting"])
            review = set_on + timedelta(days=91)
            rows.append(
                [f"{code}-P{k}", code, topic, PRIORITIES[topic], where, f"{set_on:%Y-%m-%d}", f"{review:%Y-%m-%d}"]
            )
    header = [
        "priority_id",
        "neighbourhood_code",
        "priority",
        "service_standard",
        "agreed_at",
        "date_set",
        "review_date",
    ]
    return PartnerFile("agreements", header, rows)


def generate_targets(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """Each CSP's targets: confidence 60%, ASB down 10% on the year before (baseline from police.uk), and more."""
    july_2017 = areas.counts[pd.to_datetime(areas.counts["month"]) == pd.Timestamp(2017, 7, 1)]
    asb_2017 = july_2017.merge(areas.lsoas[["lsoa_code", "csp_code"]], on="lsoa_code").groupby("csp_code")["asb"].sum()
    rows = []
    for csp_code in sorted(areas.lsoas["csp_code"].dropna().unique()):
        confidence = int(rng.choice([55, 60, 65]))
        rows += [
            [csp_code, "confidence", confidence, "value", "increase", "", "", "2019-03-31", "2018-04-01"],
            [csp_code, "asb_incidents", -10, "change_pct", "decrease", int(asb_2017.get(csp_code, 0)), "2017-07",
             "2018-07-31", "2017-09-01"],
            [csp_code, "asb_responded_24h", 90, "value", "increase", "", "", "2019-03-31", "2018-04-01"],
            [csp_code, "feel_safe_after_dark", 70, "value", "increase", "", "", "2019-03-31", "2018-04-01"],
            [csp_code, "ae_assaults", -5, "change_pct", "decrease", "", "", "2019-03-31", "2018-04-01"],
        ]  # fmt: skip
    header = [
        "csp_code",
        "indicator",
        "target",
        "target_type",
        "direction",
        "baseline",
        "baseline_period",
        "deadline",
        "set_on",
    ]
    return PartnerFile("targets", header, rows)
