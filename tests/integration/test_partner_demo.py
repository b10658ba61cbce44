"""The demo carries illustrative partner data for every kind, generated deterministically from the police data."""

from __future__ import annotations

from demo.partners import SEED, write_partner_files
from queries.sql_files import query_records

KINDS = ("survey", "asb-cases", "teams", "contacts", "ae-assaults", "agreements", "targets")
TABLES = (
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
)


def scalar(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


def test_every_kind_is_loaded_through_the_importers_and_labelled_illustrative(demo_con):
    counts = {table: scalar(demo_con, f"SELECT count(*) FROM {table}") for table in TABLES}
    assert all(counts.values()), counts
    labels = demo_con.execute("SELECT kind, label FROM dataset_labels ORDER BY kind").fetchall()
    assert labels == sorted((kind, "illustrative") for kind in KINDS)
    runs = demo_con.execute(
        "SELECT kind, file_name, rows_rejected FROM ingest_runs WHERE kind IN $kinds ORDER BY kind", {"kinds": KINDS}
    ).fetchall()
    assert runs == sorted((kind, f"illustrative-{kind}.csv", 0) for kind in KINDS)


def test_the_generator_is_deterministic(demo_con, tmp_path):
    first = write_partner_files(demo_con, _folder(tmp_path / "a"))
    again = write_partner_files(demo_con, _folder(tmp_path / "b"))
    other_seed = write_partner_files(demo_con, _folder(tmp_path / "c"), seed=SEED + 1)
    assert set(first) == set(KINDS)
    assert all(first[kind].read_bytes() == again[kind].read_bytes() for kind in KINDS)
    assert first["survey"].read_bytes() != other_seed["survey"].read_bytes()


def test_asb_cases_follow_police_asb_density(demo_con):
    correlation = scalar(
        demo_con,
        """
        WITH police AS (
            SELECT area_code, count(*) AS n FROM incidents
            WHERE category = 'Anti-social behaviour' AND area_code IS NOT NULL GROUP BY 1
        ), cases AS (SELECT lsoa_code, count(*) AS n FROM asb_cases GROUP BY 1)
        SELECT corr(coalesce(cases.n, 0), police.n) FROM police LEFT JOIN cases ON cases.lsoa_code = police.area_code
        """,
    )
    assert correlation > 0.8
    assert scalar(demo_con, "SELECT count(*) FROM asb_cases WHERE lsoa_code IS NULL OR easting IS NULL") == 0


def test_confidence_is_lower_where_crime_per_resident_is_higher(demo_con):
    correlation = scalar(
        demo_con,
        """
        WITH agree AS (
            SELECT l.area_code, sum(s.weight * s.confidence_agree::INT) / sum(s.weight) AS share
            FROM survey_responses AS s
            JOIN area_lookup AS l ON l.lsoa_code = s.lsoa_code AND l.level = 'neighbourhood'
            WHERE s.confidence IS NOT NULL GROUP BY 1
        ), crime AS (
            SELECT l.area_code, count(*) AS n
            FROM incidents AS i JOIN area_lookup AS l ON l.lsoa_code = i.area_code AND l.level = 'neighbourhood'
            GROUP BY 1
        )
        SELECT corr(agree.share, 1000.0 * crime.n / a.population)
        FROM agree JOIN crime USING (area_code) JOIN areas AS a ON a.level = 'neighbourhood' AND a.code = area_code
        """,
    )
    assert -0.8 < correlation < -0.2  # lower where crime is higher, with noise


def test_there_are_gaps_to_find(demo_con):
    gaps = query_records(demo_con, "teams_coverage_gaps")
    whole = {gap["neighbourhood_code"] for gap in gaps if gap["neighbourhood_whole"]}
    assert len(whole) == 1 and {gap["neighbourhood_code"] for gap in gaps} == whole
    without_contacts = scalar(
        demo_con,
        "SELECT count(*) FROM areas WHERE level = 'neighbourhood' AND code NOT IN (SELECT area_code FROM contacts)",
    )
    assert without_contacts == 2
    # PCSOs are not shared out by need: incidents per PCSO differ several-fold between police teams.
    spread = scalar(
        demo_con,
        """
        WITH load AS (
            SELECT c.team_id, count(*) / any_value(s.staff) AS per_pcso
            FROM team_coverage AS c
            JOIN incidents AS i ON i.area_code = c.lsoa_code
            JOIN team_staff AS s ON s.team_id = c.team_id AND s.role = 'pcso'
            WHERE c.team_type = 'police' GROUP BY 1
        )
        SELECT max(per_pcso) / min(per_pcso) FROM load
        """,
    )
    assert spread > 3


def _folder(path):
    path.mkdir()
    return path
