"""A small partner database for the public file's hand-worked tests.

Areas (a 2.5 km square cut north-south, as in tests/partner_analysis_db.py): LSOAs L1 (1,000 residents), L2
(1,200) and L3 (800); neighbourhoods N1 = L1 and N2 = L2 + L3; CSP C1 = all three.
Police data: January 2023 and January 2024. In January 2024: 12 burglaries in L1 and 3 ASB in L2, 1 in L3; in
January 2023: 6 burglaries in L1 and 5 ASB in L2.
ASB reported to partners (cases), by month of report:
             Jan 2023  Jan 2024  both
    N1           4        20       24
    N2          30        25       55
    C1          34        45       79
Survey (real, not illustrative): N1 40 answers (30 agree), N2 25 answers (10 agree): C1 65 answers, 40 agree.
Teams: NPT1 covers N1, mailbox npt1@police.example; WARD (wardens) covers C1 and gives as its mailbox the named
contact's address. The named contact (Council, asb.officer@council.example) for N1 is partner-only and must never
be published, even as a team's mailbox.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from queries.database import write_session
from tests.analysis_db import X0, Y0, incident, write_database
from tests.partner_analysis_db import square_areas

JAN23, JAN24 = date(2023, 1, 1), date(2024, 1, 1)
# (LSOA, month): cases reported to partners that month
CASES = {("L1", JAN23): 4, ("L1", JAN24): 20, ("L2", JAN23): 18, ("L3", JAN23): 12, ("L2", JAN24): 25}
# (LSOA, answers, agreeing)
SURVEY = (("L1", 40, 30), ("L2", 25, 10))
SECRET_VALUES = ("asb.officer@council.example", "VICTIM-7", "CASE-", "RESP-", "Patient", "Calderdale Royal")


def build_public_db(path: Path) -> Path:
    """Write the database described in the module docstring at ``path``."""
    areas, lookup = square_areas()
    incidents = [incident("L1", JAN24, "Burglary", X0 + 500, Y0 + 500) for _ in range(12)]
    incidents += [incident("L2", JAN24, "Anti-social behaviour", X0 + 1200, Y0 + 500) for _ in range(3)]
    incidents += [incident("L3", JAN24, "Anti-social behaviour", X0 + 2000, Y0 + 500)]
    incidents += [incident("L1", JAN23, "Burglary", X0 + 500, Y0 + 500) for _ in range(6)]
    incidents += [incident("L2", JAN23, "Anti-social behaviour", X0 + 1200, Y0 + 500) for _ in range(5)]
    write_database(path, areas, lookup, incidents)
    with write_session(path) as con:
        number = 0
        for (lsoa, month), count in CASES.items():
            for _ in range(count):
                number += 1
                con.execute(
                    "INSERT INTO asb_cases (case_id, asb_type, reported_at, lsoa_code, area_code, area_level, located_by, "
                    "responded_within_24h, victim_ref, as_of, source_file, run_id, source_line) "
                    "VALUES (?, 'Noise', ?, ?, ?, 'lsoa', 'area_code', true, 'VICTIM-7', DATE '2024-01-31', 'cases.csv', 1, ?)",
                    [f"CASE-{number}", f"{month} 10:00", lsoa, lsoa, number + 1],
                )
        number = 0
        for lsoa, answers, agreeing in SURVEY:
            for answer in range(answers):
                number += 1
                agree = answer < agreeing
                con.execute(
                    "INSERT INTO survey_responses (response_id, response_date, lsoa_code, area_code, area_level, "
                    "located_by, weight, confidence, confidence_agree, source_file, run_id, source_line) "
                    "VALUES (?, DATE '2023-12-15', ?, ?, 'lsoa', 'area_code', 1.0, ?, ?, 'survey.csv', 1, ?)",
                    [f"RESP-{number}", lsoa, lsoa, 5 if agree else 2, agree, number + 1],
                )
        con.execute(
            "INSERT INTO teams VALUES ('NPT1', 'Team 1', 'Police', 'police', 'npt1@police.example', '01632 960000', "
            "'t.csv', 1, 2)"
        )
        # A partner team whose "team" mailbox is really the named contact's: it must not be published.
        con.execute(
            "INSERT INTO teams VALUES ('WARD', 'Wardens', 'Council', 'partner', 'asb.officer@council.example', NULL, "
            "'t.csv', 1, 3)"
        )
        con.execute(
            "INSERT INTO team_areas VALUES ('NPT1', 'N1', 'neighbourhood', 'area_code'), "
            "('WARD', 'C1', 'csp', 'area_code')"
        )
        con.execute("INSERT INTO team_meetings VALUES ('NPT1', 'beat_meeting', 'Monthly, Tuesday 7pm, the library')")
        con.execute(
            "INSERT INTO contacts VALUES ('N1', 'neighbourhood', 'Council', 'ASB officer', "
            "'asb.officer@council.example', NULL, 'c.csv', 1, 2)"
        )
        con.execute(
            "INSERT INTO ae_assaults (site, assault_date, month, lsoa_code, age_band, source_file, run_id, source_line) "
            "VALUES ('Calderdale Royal', DATE '2024-01-03', DATE '2024-01-01', 'L1', 'Patient 18-24', 'ae.csv', 1, 2)"
        )
        con.execute(
            "INSERT INTO neighbourhood_priorities VALUES ('P1', 'N1', 'neighbourhood', 'Burglary', "
            "'Patrols and crime prevention visits', 'Beat meeting', DATE '2023-11-20', DATE '2024-02-20', 'p.csv', 1, 2)"
        )
        con.execute("INSERT INTO rejects VALUES (1, 'survey', 'survey.csv', 9, 'bad row', 'RESP-raw,Patient')")
    return path
