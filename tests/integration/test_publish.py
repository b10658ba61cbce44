"""`cspmap publish`: the public file holds only the allow-listed tables and columns, and nothing disclosive.

Built from the small database in tests/public_db.py (every figure worked out by hand there) and from the demo.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from queries.config import load_config
from queries.publish import PUBLIC_SCHEMA, publish, schema_problems
from tests.cli_runner import run_cli
from tests.public_db import SECRET_VALUES, build_public_db

# Columns holding figures derived from partner data (counts of people or cases).
PARTNER_COUNT_COLUMNS = {"partner_asb_reports": ("reports",), "confidence": ("responses",)}


@pytest.fixture(scope="module")
def small_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("public")
    source = build_public_db(folder / "partner.duckdb")
    out = folder / "public.duckdb"
    publish(source, out, load_config())
    return out


@pytest.fixture(scope="module")
def demo_public(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-public") / "public.duckdb"
    run_cli("publish", "--db", demo_db, "--out", out, "--quiet")
    return out


def read(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def every_text_value(path: Path) -> set[str]:
    values = set()
    for table, columns in PUBLIC_SCHEMA.items():
        for column, kind in columns.items():
            if kind == "VARCHAR":
                values |= {value for (value,) in read(path, f'SELECT DISTINCT "{column}" FROM "{table}"') if value}
    return values


@pytest.mark.parametrize("which", ["small_public", "demo_public"])
def test_the_file_holds_exactly_the_allow_listed_tables_and_columns(which, request):
    path = request.getfixturevalue(which)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert schema_problems(con) == []
        tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        kinds = {
            kind for (kind,) in con.execute("SELECT DISTINCT data_type FROM information_schema.columns").fetchall()
        }
    finally:
        con.close()
    assert tables == set(PUBLIC_SCHEMA)
    assert not tables & {
        "survey_responses",
        "asb_cases",
        "contacts",
        "ae_assaults",
        "rejects",
        "ingest_runs",
        "incidents",
    }
    # Months only: no column can hold a day or a time.
    assert kinds <= {"VARCHAR", "BIGINT", "DOUBLE"}


@pytest.mark.parametrize("which", ["small_public", "demo_public"])
def test_no_partner_count_between_1_and_9_is_published(which, request):
    path = request.getfixturevalue(which)
    for table, columns in PARTNER_COUNT_COLUMNS.items():
        for column in columns:
            values = [value for (value,) in read(path, f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")]
            assert all(value == 0 or value >= 10 for value in values), (table, column)
            assert all(value % 5 == 0 for value in values), (table, column)


def test_partner_asb_counts_are_suppressed_as_worked_by_hand(small_public):
    rows = read(small_public, "SELECT level, area_code, month, reports, status FROM partner_asb_reports")
    published = {(area, month): (reports, status) for _, area, month, reports, status in rows}
    # N1's January 2023 (4) is below 10. Hiding it alone would not do: N1's total 24 minus its January 2024 (20)
    # gives it back, as does C1's January 2023 (34) minus N2's (30). So the four inner cells are hidden and every
    # total is published, rounded to the nearest 5.
    assert published == {
        ("N1", "2023-01"): (None, "primary"),
        ("N1", "2024-01"): (None, "secondary"),
        ("N1", "all"): (25, "shown"),
        ("N2", "2023-01"): (None, "secondary"),
        ("N2", "2024-01"): (None, "secondary"),
        ("N2", "all"): (55, "shown"),
        ("C1", "2023-01"): (35, "shown"),
        ("C1", "2024-01"): (45, "shown"),
        ("C1", "all"): (80, "shown"),
    }


def test_confidence_needs_30_answers_and_no_share_can_be_differenced(small_public):
    rows = read(small_public, "SELECT area_code, share, responses, status FROM confidence ORDER BY area_code")
    # N2 has 25 answers (fewer than 30); publishing N1 (40) beside C1 (65) would give N2's away, so N1 goes too.
    assert rows[0][0] == "C1" and rows[0][1] == pytest.approx(40 / 65) and rows[0][2] == 65 and rows[0][3] == "shown"
    assert rows[1:] == [("N1", None, None, "suppressed"), ("N2", None, None, "suppressed")]


def test_police_counts_rates_and_public_details_are_published(small_public):
    counts = read(small_public, "SELECT level, area_code, month, category, incidents FROM incident_counts")
    assert ("neighbourhood", "N2", "2024-01", "Anti-social behaviour", 4) in counts  # 3 in L2 + 1 in L3
    assert ("lsoa", "L3", "2024-01", "Anti-social behaviour", 1) in counts  # police.uk's own figure, not suppressed
    (rate,) = read(
        small_public,
        "SELECT rate, reference_rate FROM rates WHERE area_code = 'N1' AND category = 'All crime' AND period = '2024-01'",
    )
    assert rate == pytest.approx((12 / 1000 * 1000, 12 / 3000 * 1000))
    assert read(small_public, "SELECT team_name, contact_email, contact_phone FROM teams ORDER BY team_id") == [
        ("Team 1", "npt1@police.example", "01632 960000"),
        ("Wardens", None, None),  # its mailbox is a named contact's, so it is left out
    ]
    assert read(small_public, "SELECT area_code, priority, month_set, review_month FROM priorities") == [
        ("N1", "Burglary", "2023-11", "2024-02")
    ]
    metadata = dict(read(small_public, "SELECT key, value FROM metadata"))
    assert metadata["months"] == "2023-01,2024-01"


def test_nothing_restricted_is_anywhere_in_the_file(small_public):
    text = " ".join(every_text_value(small_public))
    for secret in SECRET_VALUES:
        assert secret not in text


def test_the_demo_file_leaves_out_every_named_contact_and_partner_record(demo_db, demo_public):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        secrets = {
            value for (value,) in con.execute("SELECT work_email FROM contacts WHERE work_email IS NOT NULL").fetchall()
        }
        secrets |= {value for (value,) in con.execute("SELECT case_id FROM asb_cases").fetchall()}
        secrets |= {value for (value,) in con.execute("SELECT response_id FROM survey_responses").fetchall()}
    finally:
        con.close()
    assert secrets and not secrets & every_text_value(demo_public)


def test_months_are_limited_to_the_latest_n(demo_db, tmp_path):
    out = tmp_path / "two.duckdb"
    result = run_cli("publish", "--db", demo_db, "--out", out, "--months", "2")
    assert "2017-07 to 2018-07" in result.stdout
    months = {month for (month,) in read(out, "SELECT DISTINCT month FROM incident_counts")}
    assert months == {"2017-07", "2018-07"}
    partner_months = {month for (month,) in read(out, "SELECT DISTINCT month FROM partner_asb_reports")}
    assert partner_months == {"2017-07", "2018-07", "all"}


def test_publish_refuses_bad_requests_in_one_line(demo_db, tmp_path):
    same = run_cli("publish", "--db", demo_db, "--out", demo_db, expect_success=False)
    assert same.returncode == 1 and "different file" in same.stderr and "Traceback" not in same.stderr
    missing = run_cli("publish", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "p.duckdb", expect_success=False)
    assert missing.returncode == 1 and "no database" in missing.stderr.lower()
    zero = run_cli("publish", "--db", demo_db, "--out", tmp_path / "p.duckdb", "--months", "0", expect_success=False)
    assert zero.returncode == 1 and "at least 1" in zero.stderr
