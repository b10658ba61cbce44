"""The public app on a real public file: only public routes, validated inputs, nothing disclosive in any page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publicmap.app import create_public_app
from queries.config import load_config
from queries.database import write_session
from queries.ingest.postcodes import ingest_postcodes
from queries.public_file import open_read_only
from queries.publish import publish
from tests.cli_runner import run_cli
from tests.public_db import SECRET_VALUES, build_public_db

POSTCODES = Path(__file__).parents[1] / "fixtures" / "public" / "postcodes.csv"


@pytest.fixture(scope="module")
def small_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public-app")
    source = build_public_db(folder / "partner.duckdb")
    # The postcode fixture names LSOAs E01000001-4; give two of its postcodes this database's LSOAs.
    rewritten = folder / "postcodes.csv"
    rewritten.write_text(POSTCODES.read_text().replace("E01000001", "L1").replace("E01000003", "L3"))
    with write_session(source) as con:
        ingest_postcodes(con, rewritten, lsoa_field="lsoa11")
    out = folder / "public.duckdb"
    publish(source, out, load_config())
    return create_public_app(out).test_client()


@pytest.fixture(scope="module")
def demo_client(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("public-demo") / "public.duckdb"
    publish(demo_db, out, load_config())
    return create_public_app(out).test_client()


def test_the_public_app_has_only_public_routes(small_client):
    rules = {rule.rule for rule in small_client.application.url_map.iter_rules()}
    assert rules == {"/", "/search", "/area/<code>", "/area/<code>/team", "/help", "/about", "/static/<path:filename>"}
    for partner_route in ("/_dash-dependencies", "/_dash-update-component", "/priorities", "/coverage", "/login"):
        assert small_client.get(partner_route).status_code == 404


def test_a_postcode_leads_to_its_neighbourhood_and_a_name_to_its_area(small_client):
    by_postcode = small_client.get("/search?q=tt12aa")  # TT1 2AA is in L3, in N2
    assert by_postcode.status_code == 303 and by_postcode.headers["Location"].endswith("/area/N2")
    assert small_client.get("/search?q=n1").headers["Location"].endswith("/area/N1")
    unknown = small_client.get("/search?q=ZZ9 9ZZ")
    assert unknown.status_code == 200 and b"could not find the postcode ZZ9 9ZZ" in unknown.data


def test_the_area_page_says_the_figures_in_words(small_client):
    page = small_client.get("/area/N1").get_data(as_text=True)
    # N1 (L1): 12 burglaries in January 2024 against 6 in January 2023; 1,000 residents; C1 has 12 crimes in 3,000.
    assert "All crime up 100% on January 2023 (6 then, 12 in January 2024)." in page
    assert "12.0 per 1,000 residents" in page and "higher than C1 as a whole (4.0 per 1,000)" in page
    asb = small_client.get("/area/N2?category=Anti-social behaviour").get_data(as_text=True)
    assert "ASB down 20% on January 2023 (5 then, 4 in January 2024)." in asb
    team = small_client.get("/area/N1/team").get_data(as_text=True)
    assert "npt1@police.example" in team and "Patrols and crime prevention visits" in team
    assert "Monthly, Tuesday 7pm, the library" in team


def test_pages_are_cacheable_compressed_and_in_british_english(small_client):
    response = small_client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'none': no script at all
    html = small_client.get("/").get_data(as_text=True)
    assert '<html lang="en-GB">' in html and "<script" not in html


def every_page(client) -> list[str]:
    codes = re.findall(r'href="/area/([^"/?#]+)"', client.get("/").get_data(as_text=True))
    pages = ["/", "/help", "/about", *(f"/area/{code}" for code in codes), *(f"/area/{code}/team" for code in codes)]
    return [client.get(page).get_data(as_text=True) for page in pages]


@pytest.mark.parametrize("which", ["small_client", "demo_client"])
def test_no_page_shows_a_partner_count_below_10_or_anything_restricted(which, request):
    client = request.getfixturevalue(which)
    for html in every_page(client):
        assert not re.search(r">[^<]*\bnan\b", html)  # a missing value is never printed as "nan"
        for secret in SECRET_VALUES:
            assert secret not in html
        for reports in re.findall(r"(?:July \d{4}|January \d{4}|All months): (\d+)</li>", html):
            assert int(reports) == 0 or int(reports) >= 10
        for answered in re.findall(r"About (\d+) people answered", html):
            assert int(answered) >= 30


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/", "/search", "/area/N1", "/area/N2/team", "/about"]),
    key=st.sampled_from(["q", "category", "zoom", "x", "y", "code", "level"]),
    value=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            [
                "nan",
                "inf",
                "-1",
                "1e308",
                "99999999999999999999",
                "../../etc/passwd",
                "'; DROP TABLE areas; --",
                "%00",
                "<script>alert(1)</script>",
            ]
        ),
    ),
    code=st.text(min_size=1, max_size=60).filter(lambda text: "/" not in text and "?" not in text and "#" not in text),
)
def test_hostile_query_values_never_cause_a_server_error(small_client, path, key, value, code):
    assert small_client.get(path, query_string={key: value}).status_code < 500
    assert small_client.get(f"/area/{code}", query_string={key: value}).status_code < 500
    page = small_client.get("/search", query_string={"q": value})
    assert page.status_code < 500 and "<script>alert" not in page.get_data(as_text=True)


def test_app_py_builds_only_the_app_asked_for(tmp_path, small_client):
    public_file = small_client.application.extensions["cspmap_public_file"].path
    code = (
        "import sys, app; server = app.public_server; "
        "print(any(name.startswith('dashboard') for name in sys.modules), 'dash' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
        env={"CSPMAP_PUBLIC_DB": str(public_file), "PATH": "/usr/bin:/bin"}, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.stdout.split() == ["False", "False"]


def test_the_public_file_is_opened_read_only_and_left_unchanged(small_client):
    public_file = small_client.application.extensions["cspmap_public_file"].path
    before = public_file.read_bytes()
    con = open_read_only(public_file)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("CREATE TABLE survey_responses (response_id VARCHAR)")
    finally:
        con.close()
    for page in ("/", "/area/N1", "/area/N1/team", "/search?q=n"):
        assert small_client.get(page).status_code in (200, 303)
    assert public_file.read_bytes() == before
    assert not public_file.with_name(public_file.name + ".wal").exists()


def test_serve_public_refuses_a_partner_database_in_one_line(demo_db):
    result = run_cli("serve", "--public", "--db", demo_db, expect_success=False)
    assert result.returncode == 1 and "is not a public file" in result.stderr and "Traceback" not in result.stderr
