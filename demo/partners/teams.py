"""Illustrative neighbourhood teams (PCSO numbers that do not follow need) and named partner contacts."""

from __future__ import annotations

import numpy as np

from demo.partners.areas import RESERVED_PHONE, DemoAreas, PartnerFile


def generate_teams(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """One police team per small group of neighbourhoods (one neighbourhood left out), and a few partner teams."""
    neighbourhoods = areas.neighbourhoods()
    uncovered = neighbourhoods["neighbourhood_code"].iloc[int(rng.integers(len(neighbourhoods)))]
    rows = []
    for csp_code, csp in neighbourhoods.groupby("csp_code", sort=True):
        csp_name = csp["csp_name"].iloc[0]
        prefix = csp_name[:3].upper()
        codes = [code for code in csp["neighbourhood_code"] if code != uncovered]
        groups = []
        while codes:
            size = int(rng.choice([2, 3, 4], p=[0.35, 0.45, 0.2]))
            groups.append(codes[:size])
            codes = codes[size:]
        for k, group in enumerate(groups, start=1):
            team = f"NPT-{prefix}-{k:02d}"
            # PCSO numbers are drawn with no regard to crime or population: the gaps are there to be found.
            match_funded = int(rng.integers(1, 3)) if rng.random() < 0.15 else 0
            rows.append(
                [
                    team,
                    f"{csp_name} Neighbourhood Policing Team {k}",
                    "Police",
                    "police",
                    f"{team.lower()}@police.example",
                    RESERVED_PHONE.format(len(rows)),
                    "; ".join(group),
                    1,
                    int(rng.integers(2, 7)),
                    int(rng.integers(1, 7)),
                    match_funded,
                    "",
                    _meeting(rng, 0.7, "beat"),
                    _meeting(rng, 0.3, "face"),
                    _meeting(rng, 0.4, "asb"),
                ]
            )
        wardens = [code for code in csp["neighbourhood_code"] if rng.random() < 0.4]
        rows.append(
            [
                f"WARDENS-{prefix}",
                f"{csp_name} Neighbourhood Wardens",
                "Council",
                "partner",
                f"wardens.{prefix.lower()}@council.example",
                RESERVED_PHONE.format(len(rows)),
                "; ".join(wardens),
                "",
                "",
                "",
                "",
                f"neighbourhood_warden={int(rng.integers(4, 9))}; neighbourhood_manager=1",
                "",
                "",
                "",
            ]
        )
        rows.append(
            [
                f"YOUTH-{prefix}",
                f"{csp_name} Youth Service",
                "Youth services",
                "partner",
                f"youth.{prefix.lower()}@council.example",
                "",
                csp_code,
                "",
                "",
                "",
                "",
                f"youth_worker={int(rng.integers(6, 11))}; detached_youth_worker={int(rng.integers(2, 5))}",
                "",
                "",
                "",
            ]
        )
    header = [
        "team_id",
        "team_name",
        "agency",
        "team_type",
        "contact_email",
        "contact_phone",
        "areas",
        "sergeants",
        "pcs",
        "pcsos",
        "match_funded_pcsos",
        "other_staff",
        "beat_meetings",
        "face_the_people",
        "asb_meetings",
    ]
    return PartnerFile("teams", header, rows)


CONTACT_ROLES = (
    ("Council", "ASB caseworker", "asb", "council.example"),
    ("Housing", "Neighbourhood housing officer", "housing", "housing.example"),
    ("Health", "Public health practitioner", "health", "nhs.example"),
    ("Fire", "Community safety advocate", "safety", "fire.example"),
    ("Youth services", "Youth work lead", "youth", "council.example"),
)


def generate_contacts(areas: DemoAreas, rng: np.random.Generator) -> PartnerFile:
    """A role mailbox per neighbourhood and agency, mostly; two neighbourhoods have none at all."""
    codes = areas.neighbourhoods()["neighbourhood_code"].tolist()
    without = set(rng.choice(codes, size=2, replace=False).tolist())
    rows = []
    for code in codes:
        if code in without:
            continue
        for agency, role, mailbox, domain in CONTACT_ROLES:
            if rng.random() < 0.1:
                continue
            phone = RESERVED_PHONE.format(100 + len(rows) % 900) if rng.random() < 0.5 else ""
            rows.append([code, agency, role, f"{mailbox}.{code.lower()}@{domain}", phone])
    return PartnerFile("contacts", ["neighbourhood_code", "agency", "role", "work_email", "work_phone"], rows)


def _meeting(rng: np.random.Generator, chance: float, kind: str) -> str:
    if rng.random() >= chance:
        return ""
    day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"])
    venue = rng.choice(["the community centre", "the library", "the church hall", "the sports club"])
    if kind == "beat":
        return f"{rng.choice(['First', 'Second', 'Last'])} {day} of the month, 7pm, {venue}"
    if kind == "face":
        return f"Quarterly, {day} 6pm, {venue}"
    return f"Monthly, {day} 6.30pm, {venue}"
