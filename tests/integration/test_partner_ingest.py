"""Each partner importer on a small hand-made file (tests/fixtures/partner) with answers worked out by hand.

The areas are four 1 km squares of LSOAs (E01000001-4, 1,500-1,800 residents) in two neighbourhoods (E02000001:
LSOAs 1 and 2, south; E02000002: LSOAs 3 and 4, north) and one CSP (E08000001). Every fixture mixes good rows
with bad ones, unknown area codes, duplicate ids, mixed date formats and personal-data columns.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from queries.database import write_session
from queries.errors import CspmapError
from queries.ingest.ae_assaults import ingest_ae_assaults
from queries.ingest.agreements import ingest_agreements
from queries.ingest.areas import ingest_boundaries, ingest_lsoa_lookup
from queries.ingest.asb_cases import ingest_asb_cases
from queries.ingest.contacts import ingest_contacts
from queries.ingest.population import ingest_population
from queries.ingest.survey import ingest_survey
from queries.ingest.targets import ingest_targets
from queries.ingest.teams import ingest_teams

FIXTURES = Path(__file__).parents[1] / "fixtures" / "partner"
PARTNER_TABLES = (
    "survey_responses",
    "asb_cases",
    "teams",
    "team_areas",
    "team_staff",
    "team_meetings",
    "contacts",
    "ae_assaults",
    "neighbourhood_priorities",
    "targets",
    "rejects",
)
# Values from the fixtures' personal-data columns, and respondents' and patients' coordinates: none may be stored.
NEVER_STORED = (
    "Doe",
    "Roe",
    "Poe",
    "Jane Smith",
    "HX1 1A",
    "943 476",
    "07700 900",
    "Shouting",
    "Cars racing",
    "Bags dumped",
    "Insp ",
    "-1.872681",
    "53.716846",
    "-1.857498",
    "53.725817",
    "-1.698429",
    "10.5",
)


@pytest.fixture(scope="module")
def areas_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four LSOAs, two neighbourhoods and a CSP, with population."""
    path = tmp_path_factory.mktemp("partner") / "areas.duckdb"
    with write_session(path, fresh=True) as con:
        ingest_boundaries(con, FIXTURES / "lsoas.geojson", "lsoa")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "neighbourhood", code_field="Neighbourhood code")
        ingest_lsoa_lookup(con, FIXTURES / "lookup.csv", "csp", code_field="CSP code")
        ingest_population(con, FIXTURES / "population.csv")
    return path


@pytest.fixture
def db(areas_db: Path, tmp_path: Path) -> Path:
    """A private copy of the areas database for one test."""
    path = tmp_path / "partner.duckdb"
    shutil.copyfile(areas_db, path)
    return path


def reject_categories(con: duckdb.DuckDBPyConnection, kind: str) -> dict[int, str]:
    rows = con.execute("SELECT line, reason FROM rejects WHERE kind = $kind ORDER BY line", {"kind": kind}).fetchall()
    return {line: reason.split(":")[0] for line, reason in rows}


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_survey(db):
    with write_session(db) as con:
        summary = ingest_survey(con, FIXTURES / "survey.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (16, 6, 10)
        assert summary.notes == [
            "Warning: personal data refused, these columns were dropped and never stored: "
            "'Respondent name' (name), 'Postcode' (address)",
            "Columns that are not part of the survey format were dropped: 'Ward name'",
        ]
        assert reject_categories(con, "survey") == {
            5: "bad date",  # 31/02/2024
            6: "unknown area",  # E01999999
            7: "duplicate id",  # R1 again
            8: "coordinates outside the UK",
            9: "outside areas",  # in the UK, in no loaded LSOA
            10: "bad answer",  # 'maybe'
            13: "bad coordinates",  # longitude without latitude
            14: "wrong number of columns",
            16: "missing value",  # no date
            17: "bad number",  # weight 0
        }
        got = records(
            con,
            "SELECT response_id, response_date, lsoa_code, area_code, area_level, located_by, weight, confidence, "
            "confidence_agree, safe_after_dark, feels_safe_after_dark, asb_big_problem, knows_how_to_contact, "
            "source_file, source_line FROM survey_responses ORDER BY source_line",
        )
        reasons = dict(records(con, "SELECT line, reason FROM rejects"))
        raws = dict(records(con, "SELECT line, raw FROM rejects"))
    lsoa1, lsoa3, lsoa4 = "E01000001", "E01000003", "E01000004"
    assert got == [
        ("R1", date(2024, 3, 5), lsoa1, lsoa1, "lsoa", "area_code", 1.2, 5, True, 4, True, False, True, "survey.csv", 2),
        ("R2", date(2024, 3, 5), None, "E02000002", "neighbourhood", "area_code", 1.0, 2, False, 2, False, True, False,
         "survey.csv", 3),
        ("R3", date(2024, 3, 6), lsoa1, lsoa1, "lsoa", "point", 0.8, 4, True, 3, True, True, True, "survey.csv", 4),
        ("R9", date(2024, 3, 9), lsoa4, lsoa4, "lsoa", "area_code", 1.0, None, None, None, None, None, None,
         "survey.csv", 11),
        ("R10", date(2024, 9, 3), lsoa4, lsoa4, "lsoa", "area_code", 1.0, 3, False, 1, False, False, True,
         "survey.csv", 12),
        ("R12", date(2024, 3, 11), lsoa3, lsoa3, "lsoa", "area_code", 1.0, 1, False, 1, False, False, False,
         "survey.csv", 15),
    ]  # fmt: skip
    assert reasons[7] == "duplicate id: R1 already given on line 2"
    assert reasons[6] == "unknown area: area_code 'E01999999' is not a loaded area"
    assert reasons[8] == "coordinates outside the UK: point (value withheld) is outside the box around the UK"
    # A reject keeps only the row's id: every other value is blanked out of the raw row (the bad value is in the
    # reason), and a row that cannot be split keeps no text.
    hidden = ",".join(["[not stored]"] * 2)
    assert raws[5] == f"R4,{hidden},,,,{hidden},{hidden},{hidden},"
    assert raws[8] == f"R6,[not stored],,{hidden},,{hidden},{hidden},{hidden},"
    assert reasons[5] == "bad date: date '31/02/2024' is not a date (no such day; dates are DD/MM/YYYY or YYYY-MM-DD)"
    assert raws[14] is None


def test_asb_cases(db):
    with write_session(db) as con:
        summary = ingest_asb_cases(con, FIXTURES / "asb_cases.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (14, 5, 9)
        assert "Open cases judged as of 2024-04-30 (the latest date in the file)." in summary.notes
        assert summary.notes[0].endswith("'Complainant name' (name), 'Case notes' (free text)")
        assert reject_categories(con, "asb-cases") == {
            5: "bad date",
            6: "bad id",  # a caseworker's name
            7: "duplicate id",
            8: "bad dates",  # closed before reported
            9: "unknown area",
            11: "inconsistent reviews",
            12: "no location",
            13: "bad coordinates",
            15: "missing value",  # no ASB type
        }
        got = records(
            con,
            "SELECT case_id, lsoa_code, area_code, located_by, easting, northing, caseworker_id, named_caseworker, "
            "review_count, review_dates, responded_within_24h, reviewed_monthly, repeat_victim, vulnerable_victim, "
            "victim_ref, as_of FROM asb_cases ORDER BY source_line",
        )
        reported_c2 = records(con, "SELECT reported_at, closed_at FROM asb_cases WHERE case_id = 'C2'")
        raw_c5 = records(con, "SELECT raw FROM rejects WHERE line = 6")[0][0]
    as_of = date(2024, 4, 30)
    assert got == [
        # response after 6 hours; reviews 18, 26 and 15 days apart
        ("C1", "E01000001", "E01000001", "point", 408500.0, 424500.0, "CW101", True, 2,
         [date(2024, 1, 20), date(2024, 2, 15)], True, True, True, False, "V001", as_of),
        # response after 48 hours; open 118 days to the as-of date with 1 review (3 needed)
        ("C2", "E01000002", "E01000002", "area_code", None, None, None, True, 1, None, False, False, False, True,
         None, as_of),
        # no response recorded; open 2 days, so no review was due
        ("C3", None, "E02000001", "area_code", None, None, None, False, 0, None, False, True, None, None, None,
         as_of),
        # response after 1 hour; reviewed 29 days in, on the as-of date
        ("C8", "E01000004", "E01000004", "area_code", None, None, "CW102", True, 1, [date(2024, 4, 30)], True, True,
         False, False, "V002", as_of),
        # response after 12 hours; open 74 days with 2 reviews (2 needed)
        ("C12", "E01000003", "E01000003", "area_code", None, None, "CW104", True, 2, None, True, True, False, False,
         None, as_of),
    ]  # fmt: skip
    assert reported_c2 == [(datetime(2024, 1, 3, 10, 0), None)]  # DD/MM/YYYY HH:MM, still open
    assert raw_c5 == "C5,[not stored],,[not stored],,,,[not stored],,,[not stored],,,,[not stored],"


def test_asb_cases_as_of_a_given_date(db):
    with write_session(db) as con:
        summary = ingest_asb_cases(con, FIXTURES / "asb_cases.csv", as_of=date(2024, 2, 1))
        got = records(con, "SELECT reviewed_monthly, as_of FROM asb_cases WHERE case_id = 'C2'")
    assert "Open cases judged as of 2024-02-01 (given)." in summary.notes
    assert got == [(True, date(2024, 2, 1))]  # open 29 days by then: no review yet due


def test_teams(db):
    with write_session(db) as con:
        summary = ingest_teams(con, FIXTURES / "teams.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (11, 4, 7)
        assert reject_categories(con, "teams") == {
            6: "unknown area",
            7: "duplicate id",
            8: "no areas",
            9: "bad number",  # PCs 'two'
            10: "bad team type",
            11: "bad contact",
            12: "bad staff",
        }
        teams = records(con, "SELECT team_id, team_type, contact_email, contact_phone FROM teams ORDER BY team_id")
        areas = records(con, "SELECT team_id, area_code, area_level FROM team_areas ORDER BY ALL")
        staff = records(con, "SELECT team_id, role, staff FROM team_staff WHERE team_id IN ('NPT2', 'W1') ORDER BY ALL")
        meetings = records(con, "SELECT team_id, meeting_type FROM team_meetings ORDER BY ALL")
        coverage = records(
            con, "SELECT lsoa_code, list(team_id ORDER BY team_id) FROM team_coverage GROUP BY 1 ORDER BY 1"
        )
    assert teams == [
        ("NPT1", "police", "south.npt@police.example", "01632 960001"),
        ("NPT2", "police", "north.npt@police.example", None),
        ("NPT3", "police", None, "01632 960003"),
        ("W1", "partner", "wardens@council.example", None),
    ]
    assert areas == [
        ("NPT1", "E02000001", "neighbourhood"),
        ("NPT2", "E01000003", "lsoa"),
        ("NPT3", "E01000002", "lsoa"),  # given in lower case
        ("W1", "E02000001", "neighbourhood"),
        ("W1", "E02000002", "neighbourhood"),
    ]
    assert staff == [
        ("NPT2", "pc", 2.0),
        ("NPT2", "pcso", 2.5),
        ("NPT2", "police_staff", 1.0),
        ("NPT2", "sergeant", 1.0),
        ("W1", "neighbourhood_warden", 3.0),
        ("W1", "youth_worker", 1.5),
    ]
    assert meetings == [("NPT1", "beat_meeting"), ("NPT1", "face_the_people"), ("NPT2", "asb_community_meeting")]
    assert coverage == [
        ("E01000001", ["NPT1", "W1"]),
        ("E01000002", ["NPT1", "NPT3", "W1"]),
        ("E01000003", ["NPT2", "W1"]),
        ("E01000004", ["W1"]),
    ]
    # No police team covers LSOA 4 (1,800 residents); NPT1 (by its neighbourhood) and NPT3 both cover LSOA 2.
    assert "Coverage gap: 1 loaded LSOA(s), 1,800 residents, have no police team: E01000004" in summary.notes
    assert (
        "Coverage overlap: 1 LSOA(s) are covered by more than one team of the same agency: E01000002 (NPT1, NPT3)"
        in summary.notes
    )
    assert summary.notes[0].endswith("'Inspector name' (name)")


def test_teams_with_a_boundary_file(db):
    with write_session(db) as con:
        summary = ingest_teams(
            con, FIXTURES / "teams.csv", boundaries=FIXTURES / "team_boundaries.geojson", team_field="team_id"
        )
        areas = records(
            con, "SELECT area_code, area_level, covered_by FROM team_areas WHERE team_id = 'NPT2' ORDER BY 1"
        )
    # NPT2's polygon is the northern row of squares: LSOA 3 (also listed, so kept as listed) and LSOA 4.
    assert areas == [("E01000003", "lsoa", "area_code"), ("E01000004", "lsoa", "boundary")]
    assert not any(note.startswith("Coverage gap") for note in summary.notes)
    assert "Boundary for NPT99 ignored: no such team in teams.csv" in summary.notes


def test_contacts(db):
    with write_session(db) as con:
        summary = ingest_contacts(con, FIXTURES / "contacts.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (9, 4, 5)
        assert reject_categories(con, "contacts") == {
            5: "duplicate id",  # council / asb caseworker, differing only in case
            6: "unknown area",
            7: "no contact",
            8: "bad contact",
            9: "missing value",
        }
        got = records(
            con, "SELECT area_code, area_level, agency, role, work_email, work_phone FROM contacts ORDER BY 1, 3"
        )
        duplicate = records(con, "SELECT reason FROM rejects WHERE line = 5")[0][0]
    assert summary.notes == [
        "Warning: personal data refused, these columns were dropped and never stored: 'Name' (name), 'Mobile' (phone number)"
    ]
    assert got == [
        ("E01000003", "lsoa", "Youth services", "Detached youth worker", "youth@council.example", "+44 1632 960104"),
        ("E02000001", "neighbourhood", "Council", "ASB caseworker", "asb.south@council.example", "01632 960101"),
        ("E02000001", "neighbourhood", "Housing", "Neighbourhood housing officer", None, "01632 960102"),
        ("E02000002", "neighbourhood", "Fire", "Community safety advocate", "fire.north@fire.example", None),
    ]
    assert duplicate == "duplicate id: E02000001 / council / asb caseworker already given on line 2"


def test_ae_assaults(db):
    with write_session(db) as con:
        summary = ingest_ae_assaults(con, FIXTURES / "ae_assaults.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (12, 5, 7)
        assert reject_categories(con, "ae-assaults") == {
            6: "bad date",
            7: "bad time band",
            8: "missing value",  # no site
            9: "unknown area",
            10: "bad weapon",
            11: "coordinates outside the UK",
            12: "outside areas",
        }
        got = records(
            con,
            "SELECT assault_date, month, time_band, lsoa_code, located_by, place_text, weapon, age_band "
            "FROM ae_assaults ORDER BY source_line",
        )
    assert "'Patient name' (name), 'Age' (exact age), 'NHS number' (NHS or other personal number)" in summary.notes[0]
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    assert got == [
        (date(2024, 1, 5), jan, "22:00-23:59", "E01000001", "area_code", None, "sharp", "18-24"),
        (date(2024, 1, 6), jan, "00:00-01:59", "E01000004", "point", None, "glass", "25-34"),
        (date(2024, 1, 20), jan, None, None, None, "Outside the Red Lion, High Street", "none", "65+"),
        (date(2024, 2, 1), feb, None, None, None, None, None, None),
        # the same as line 2: A&E rows have no ids, two patients can share every field
        (date(2024, 1, 5), jan, "22:00-23:59", "E01000001", "area_code", None, "sharp", "18-24"),
    ]


def test_ae_assaults_site_option_and_month_replacement(db):
    with write_session(db) as con:
        summary = ingest_ae_assaults(con, FIXTURES / "ae_assaults.csv", site="Testtown General")
        assert (summary.rows_stored, summary.rows_rejected) == (6, 6)  # line 8 now takes the site given
        ingest_ae_assaults(con, FIXTURES / "ae_assaults_february.csv")
        got = records(con, "SELECT site, strftime(month, '%Y-%m'), count(*) FROM ae_assaults GROUP BY ALL ORDER BY ALL")
    # February at Testtown General is now the new file's two rows (the first file's two are gone), January stays.
    assert got == [
        ("Other Hospital", "2024-01", 1),
        ("Testtown General", "2024-01", 4),
        ("Testtown General", "2024-02", 2),
    ]


def test_agreements(db):
    with write_session(db) as con:
        summary = ingest_agreements(con, FIXTURES / "agreements.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (6, 2, 4)
        assert reject_categories(con, "agreements") == {
            4: "bad dates",
            5: "duplicate id",
            6: "unknown area",
            7: "missing value",
        }
        got = records(
            con, "SELECT priority_id, area_code, agreed_at, date_set, review_date FROM neighbourhood_priorities"
        )
    assert sorted(got) == [
        ("P1", "E02000001", "Neighbourhood Agreement 2024", date(2024, 1, 10), date(2024, 4, 10)),
        ("P2", "E02000002", "Monthly ASB community meeting", date(2024, 1, 10), date(2024, 7, 10)),
    ]
    assert summary.notes[0].endswith("'Officer name' (name)")


def test_targets(db):
    with write_session(db) as con:
        summary = ingest_targets(con, FIXTURES / "targets.csv")
        assert (summary.rows_read, summary.rows_stored, summary.rows_rejected) == (8, 3, 5)
        assert reject_categories(con, "targets") == {
            5: "inconsistent target",
            6: "duplicate id",
            7: "unknown area",
            8: "bad number",
            9: "bad direction",
        }
        got = records(
            con,
            "SELECT area_code, area_level, indicator, target_type, target, direction, baseline, deadline FROM targets "
            "ORDER BY source_line",
        )
    assert got == [
        ("E08000001", "csp", "confidence", "value", 60.0, "increase", 52.0, date(2025, 3, 31)),
        ("E08000001", "csp", "asb_incidents", "change_pct", -10.0, "decrease", 1200.0, date(2025, 3, 31)),
        ("E08000001", "csp", "residents_happy", "value", 75.0, "increase", None, date(2025, 3, 31)),
    ]
    assert summary.notes == ["Indicators cspmap does not measure (stored; track them elsewhere): residents_happy"]


def ingest_every_fixture(con: duckdb.DuckDBPyConnection) -> None:
    ingest_survey(con, FIXTURES / "survey.csv")
    ingest_asb_cases(con, FIXTURES / "asb_cases.csv")
    ingest_teams(con, FIXTURES / "teams.csv")
    ingest_contacts(con, FIXTURES / "contacts.csv")
    ingest_ae_assaults(con, FIXTURES / "ae_assaults.csv", site="Testtown General")
    ingest_agreements(con, FIXTURES / "agreements.csv")
    ingest_targets(con, FIXTURES / "targets.csv")


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every partner table's rows (and the rejects), leaving out run_id, which points at the latest run."""
    return {
        table: records(con, f"SELECT COLUMNS(lambda c: c <> 'run_id') FROM {table} ORDER BY ALL")
        for table in PARTNER_TABLES
    }


def test_ingesting_every_file_again_leaves_every_table_identical(db):
    with write_session(db) as con:
        ingest_every_fixture(con)
        first = snapshot(con)
        ingest_every_fixture(con)
        second = snapshot(con)
        runs = records(con, "SELECT count(*) FROM ingest_runs WHERE kind NOT IN ('boundaries', 'lookup', 'population')")
    assert all(first[table] for table in PARTNER_TABLES)
    assert second == first
    assert runs == [(14,)]  # ingest_runs is a log: one row per ingest


def test_personal_data_never_reaches_the_database(db):
    with write_session(db) as con:
        ingest_every_fixture(con)
        ingest_ae_assaults(con, FIXTURES / "ae_assaults_february.csv")
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = records(
            con,
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND data_type = 'VARCHAR'",
        )

        def holding(needle: str) -> list[tuple[str, str]]:
            sql = 'SELECT count(*) FROM "{}" WHERE contains("{}", $needle)'
            return [(t, c) for t, c in columns if con.execute(sql.format(t, c), {"needle": needle}).fetchall()[0][0]]

        found = {needle: holding(needle) for needle in NEVER_STORED}
        kept = holding("Red Lion")  # the search finds what is stored: an A&E place description
    finally:
        con.close()
    assert found == {needle: [] for needle in NEVER_STORED}
    assert kept == [("ae_assaults", "place_text")]


def test_a_file_ingested_again_under_its_name_replaces_what_it_brought(db, tmp_path):
    wave = tmp_path / "wave.csv"
    wave.write_text(
        "response_id,date,area_code,confidence\nA1,2024-01-01,E01000001,agree\nA2,2024-01-01,E01000002,agree\n"
    )
    with write_session(db) as con:
        ingest_survey(con, wave)
        wave.write_text("response_id,date,area_code,confidence\nA1,2024-01-01,E01000001,disagree\n")
        ingest_survey(con, wave)
        got = records(con, "SELECT response_id, confidence FROM survey_responses")
    assert got == [("A1", 2)]


def test_an_id_given_by_another_file_replaces_the_older_row(db, tmp_path):
    header = "case_id,reported_at,asb_type,lsoa_code\n"
    (tmp_path / "march.csv").write_text(header + "K1,2024-03-01,Noise,E01000001\nK2,2024-03-02,Noise,E01000001\n")
    (tmp_path / "april.csv").write_text(header + "K1,2024-03-01,Harassment,E01000002\n")
    with write_session(db) as con:
        ingest_asb_cases(con, tmp_path / "march.csv")
        ingest_asb_cases(con, tmp_path / "april.csv")
        got = records(con, "SELECT case_id, asb_type, lsoa_code, source_file FROM asb_cases ORDER BY 1")
    assert got == [("K1", "Harassment", "E01000002", "april.csv"), ("K2", "Noise", "E01000001", "march.csv")]


def test_a_file_without_a_required_column_is_refused_before_anything_is_written(db):
    with write_session(db) as con:
        runs_before = records(con, "SELECT count(*) FROM ingest_runs")
    with write_session(db) as con, pytest.raises(CspmapError) as refused:
        ingest_survey(con, FIXTURES / "teams.csv")
    message = str(refused.value)
    assert "teams.csv is not a survey file as documented in docs/data-formats.md" in message
    assert "response_id; date; area_code (or longitude and latitude, or easting and northing)" in message
    with write_session(db) as con:
        assert records(con, "SELECT count(*) FROM ingest_runs") == runs_before


def test_two_columns_for_the_same_field_are_refused(db, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("response_id,id,date,area_code\nA1,A1,2024-01-01,E01000001\n")
    with write_session(db) as con, pytest.raises(CspmapError, match="'response_id' and 'id' both give response_id"):
        ingest_survey(con, path)


def test_partner_data_needs_areas_first(empty_db):
    with write_session(empty_db) as con, pytest.raises(CspmapError, match="No areas are loaded"):
        ingest_survey(con, FIXTURES / "survey.csv")
