"""A small database with police and partner data, built row by row, for the partner analyses' hand-worked tests.

Areas (a 2.5 km square at X0, Y0 cut north-south):
  LSOAs  L1 x 0-1000 m (1,000 residents), L2 x 1000-1500 (1,200), L3 x 1500-2500 (800)
  neighbourhoods N1 = L1 (1,000), N2 = L2 + L3 (2,000); CSP C1 = all three (3,000)
Police data (January 2024): on a 5x5 grid of 500 m cells, one burglary in every cell and 9 more in each of the
nine middle cells: L1 37, L2 32, L3 37 (N2 69). Only the middle cell (in L2) is a Gi* hot spot (z = 4.899).
Teams: NPT1 (police) covers N1 with 1 sergeant, 2 PCs, 3 PCSOs, a monthly ASB community meeting and a quarterly
beat meeting; WARD (partner) covers C1 with 3 wardens. Contacts: Council for N1, Housing for all of C1.
Survey (labelled illustrative): R1-R4 in L1, R5-R6 given only as N2 (see ``SURVEY``).
ASB cases C1-C7 (see ``CASES``), judged as of 2024-07-31. Targets T1-T5 for C1 (see ``TARGETS``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import shapely

from queries.database import write_session
from tests.analysis_db import X0, Y0, incident, write_database

JAN = datetime(2024, 1, 1).date()
LSOAS = (("L1", 0, 1000, 1000, "N1"), ("L2", 1000, 1500, 1200, "N2"), ("L3", 1500, 2500, 800, "N2"))

# response_id, date, lsoa_code, area_code, area_level, weight, confidence (NULL: don't know)
SURVEY = [
    ("R1", "2024-05-10", "L1", "L1", "lsoa", 1.0, 5),
    ("R2", "2024-05-11", "L1", "L1", "lsoa", 1.0, 2),
    ("R3", "2024-06-01", "L1", "L1", "lsoa", 2.0, 4),
    ("R4", "2024-06-02", "L1", "L1", "lsoa", 1.0, None),
    ("R5", "2024-07-01", None, "N2", "neighbourhood", 1.0, 4),
    ("R6", "2024-07-02", None, "N2", "neighbourhood", 1.0, 5),
]
# case_id, reported_at, closed_at, lsoa_code, area_code, area_level, easting, northing (offsets from X0, Y0),
# responded_within_24h, named_caseworker, reviewed_monthly, repeat_victim, vulnerable_victim, victim_ref, location_ref
CASES = [
    ("C1", "2024-01-05 10:00", "2024-02-01", "L1", "L1", "lsoa", None, None, True, True, True, True, False, "V001", "LOC1"),
    ("C2", "2024-02-10 10:00", None, "L1", "L1", "lsoa", None, None, False, True, None, True, False, "V001", "LOC1"),
    ("C3", "2024-04-01 22:00", "2024-05-01", "L1", "L1", "lsoa", None, None, True, False, False, True, False, "V001", "LOC2"),
    ("C4", "2024-02-20 09:00", None, "L3", "L3", "lsoa", 2010, 20, True, None, True, False, False, None, None),
    ("C5", "2024-03-01 13:00", None, "L3", "L3", "lsoa", 1990, 10, True, True, True, False, False, None, None),
    ("C6", "2024-07-15 17:00", None, None, "N2", "neighbourhood", None, None, False, False, False, True, False, None, None),
    ("C7", "2024-06-30 21:00", None, "L3", "L3", "lsoa", 2020, 0, True, True, True, False, True, None, None),
]  # fmt: skip
# indicator, target_type, target, direction, baseline, baseline_period, deadline
TARGETS = [
    ("confidence", "value", 60.0, "increase", None, None, "2025-03-31"),
    ("crime_incidents", "change_pct", -10.0, "decrease", 120.0, "2024-01", "2024-12-31"),
    ("asb_responded_24h", "value", 90.0, "increase", None, None, "2024-12-31"),
    ("hate_crime_reports", "value", 10.0, "decrease", None, None, "2025-03-31"),
    ("ae_assaults", "change_pct", -5.0, "decrease", None, None, "2025-03-31"),
]


def square_areas() -> tuple[list[dict], list[tuple[str, str, str]]]:
    """The areas of the module docstring (the 2.5 km square cut north-south) and their LSOA lookup rows, as
    ``write_database`` takes them; tests/public_db.py builds on the same areas."""
    areas, lookup = [], []
    for code, west, east, population, neighbourhood in LSOAS:
        box = shapely.box(X0 + west, Y0, X0 + east, Y0 + 2500)
        areas.append({"level": "lsoa", "code": code, "geometry": box, "population": population})
        lookup += [(code, "lsoa", code), (code, "neighbourhood", neighbourhood), (code, "csp", "C1")]
    areas += [
        {"level": "neighbourhood", "code": "N1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 2500), "population": 1000},
        {"level": "neighbourhood", "code": "N2", "geometry": shapely.box(X0 + 1000, Y0, X0 + 2500, Y0 + 2500), "population": 2000},
        {"level": "csp", "code": "C1", "geometry": shapely.box(X0, Y0, X0 + 2500, Y0 + 2500), "population": 3000},
    ]  # fmt: skip
    return areas, lookup


def build_partner_analysis_db(path: Path) -> Path:
    """Write the database described in the module docstring at ``path``."""
    areas, lookup = square_areas()
    incidents = []
    for row in range(5):
        for col in range(5):
            x, y = X0 + 500 * col + 250, Y0 + 500 * row + 250
            lsoa = "L1" if col < 2 else "L2" if col == 2 else "L3"
            extra = 9 if 1 <= row <= 3 and 1 <= col <= 3 else 0
            incidents += [incident(lsoa, JAN, "Burglary", x, y) for _ in range(1 + extra)]
    write_database(path, areas, lookup, incidents)
    with write_session(path) as con:
        for line, (response, day, lsoa, area, level, weight, confidence) in enumerate(SURVEY, start=2):
            agree = None if confidence is None else confidence >= 4
            con.execute(
                "INSERT INTO survey_responses (response_id, response_date, lsoa_code, area_code, area_level, "
                "located_by, weight, confidence, confidence_agree, source_file, run_id, source_line) "
                "VALUES (?, ?, ?, ?, ?, 'area_code', ?, ?, ?, 'survey.csv', 1, ?)",
                [response, day, lsoa, area, level, weight, confidence, agree, line],
            )
        for line, case in enumerate(CASES, start=2):
            case_id, reported, closed, lsoa, area, level, east, north, *flags, victim, place = case
            con.execute(
                "INSERT INTO asb_cases (case_id, asb_type, reported_at, closed_at, lsoa_code, area_code, area_level, "
                "located_by, easting, northing, responded_within_24h, named_caseworker, reviewed_monthly, "
                "repeat_victim, vulnerable_victim, victim_ref, location_ref, as_of, source_file, run_id, source_line) "
                "VALUES (?, 'Noise', ?, ?, ?, ?, ?, 'area_code', ?, ?, ?, ?, ?, ?, ?, ?, ?, DATE '2024-07-31', "
                "'cases.csv', 1, ?)",
                [
                    case_id, reported, closed, lsoa, area, level,
                    None if east is None else X0 + east, None if north is None else Y0 + north,
                    *flags, victim, place, line,
                ],
            )  # fmt: skip
        con.execute(
            "INSERT INTO teams VALUES ('NPT1', 'Team 1', 'Police', 'police', NULL, NULL, 't.csv', 1, 2), "
            "('WARD', 'Wardens', 'Council', 'partner', NULL, NULL, 't.csv', 1, 3)"
        )
        con.execute(
            "INSERT INTO team_areas VALUES ('NPT1', 'N1', 'neighbourhood', 'area_code'), "
            "('WARD', 'C1', 'csp', 'area_code')"
        )
        con.execute(
            "INSERT INTO team_staff VALUES ('NPT1', 'sergeant', 1), ('NPT1', 'pc', 2), ('NPT1', 'pcso', 3), "
            "('WARD', 'neighbourhood_warden', 3)"
        )
        con.execute(
            "INSERT INTO team_meetings VALUES ('NPT1', 'asb_community_meeting', 'Monthly, Tuesday 6.30pm, the library'), "
            "('NPT1', 'beat_meeting', 'Quarterly, Thursday 7pm, the hall')"
        )
        con.execute(
            "INSERT INTO contacts VALUES ('N1', 'neighbourhood', 'Council', 'ASB caseworker', 'asb@x.example', NULL, "
            "'c.csv', 1, 2), ('C1', 'csp', 'Housing', 'Housing officer', 'h@x.example', NULL, 'c.csv', 1, 3)"
        )
        for line, (indicator, kind, target, direction, baseline, period, deadline) in enumerate(TARGETS, start=2):
            con.execute(
                "INSERT INTO targets VALUES ('C1', 'csp', ?, ?, ?, ?, ?, ?, ?, NULL, 'targets.csv', 1, ?)",
                [indicator, kind, target, direction, baseline, period, deadline, line],
            )
        con.execute("INSERT INTO dataset_labels VALUES ('survey', 'illustrative', 'Illustrative: made up for a test.')")
    return path
