"""`cspmap report strategic` on the demo: a PDF with every section and drawn maps, and an HTML page whose trend and
A&E figures equal those counted here from the raw police.uk and census files and the stored A&E rows."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest
import shapely

from demo.build import CENSUS
from queries.analysis.priorities import priority_index
from queries.analysis.selection import Selection
from queries.config import load_config
from tests.analysis_db import X0, Y0, incident, write_database
from tests.cli_runner import run_cli
from tests.report_checks import embedded_images, html_tables, non_white_share, pdf_pages_text, rendered_page
from tests.sample_rows import loaded_lsoa_codes, raw_rows

SECTIONS = (
    "Priority neighbourhoods",
    "Hot spots and emerging hot spots",
    "Trends",
    "Residents' confidence against target",
    "ASB case standards",
    "Coverage gaps",
    "A&E assaults beside police violence (Cardiff model)",
    "Data quality and caveats",
)


@pytest.fixture(scope="module")
def reports(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("strategic")
    run_cli("report", "strategic", "--db", demo_db, "--out", folder / "all.pdf")
    run_cli("report", "strategic", "--db", demo_db, "--out", folder / "july-2018.html", "--period", "2018-07")
    return folder


def table_with(tables: list[list[list[str]]], first_heading: str, second_heading: str) -> list[dict[str, str]]:
    table = next(t for t in tables if t[0][:2] == [first_heading, second_heading])
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def csp_of_lsoa() -> dict[str, str]:
    with open(CENSUS, newline="", encoding="utf-8") as handle:
        return {row["LSOA Code"]: row["Local authority name"] for row in csv.DictReader(handle)}


def test_the_pdf_has_every_section_and_its_maps_are_drawn(reports, demo_con, tmp_path):
    path = reports / "all.pdf"
    pages = pdf_pages_text(path)
    assert 3 <= len(pages) <= 8
    text = "\n".join(pages).replace("\n", " ")
    for section in SECTIONS:
        assert section in text
    assert "Illustrative data" in text
    assert "West Yorkshire Police: 22 month(s) missing from the monthly series" in text
    assert non_white_share(rendered_page(path, 0, out=tmp_path / "strategic-1.png")) > 0.05
    maps = [image for number in range(len(pages)) for image in embedded_images(path, number)]
    assert len(maps) == 2 and all(non_white_share(image) > 0.05 for image in maps)
    # The priority areas are the priority index's top ten for the same months, in its order.
    index = priority_index(demo_con, "neighbourhood", Selection(), load_config(), None).table
    top = index[index["rank"] <= 10].sort_values("rank")
    positions = [text.index(f"{row.rank} {row.area_name} {row.score:.1f}") for row in top.itertuples()]
    assert positions == sorted(positions)


def test_the_html_trends_and_ae_figures_for_one_month_equal_the_raw_counts(reports, demo_con):
    page = (reports / "july-2018.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in page.replace("&#x27;", "'").replace("&amp;", "&")
    assert "data:image/png;base64," in page and "<script" not in page
    tables = html_tables(page)
    csps = csp_of_lsoa()
    counts = Counter(
        csps[row["LSOA code"]]
        for row in raw_rows()
        if row["Month"] == "2018-07" and row["LSOA code"] in loaded_lsoa_codes()
    )
    trends = table_with(tables, "Area", "Month")
    assert {(row["Area"], row["Month"]): int(row["Incidents"].replace(",", "")) for row in trends} == {
        (csp, "2018-07"): n for csp, n in counts.items()
    }
    ae = demo_con.execute(
        "SELECT count(*) FROM ae_assaults WHERE month = DATE '2018-07-01' AND lsoa_code IS NOT NULL"
    ).fetchone()[0]
    violence = sum(
        row["Crime type"] == "Violence and sexual offences" and row["LSOA code"] in loaded_lsoa_codes()
        for row in raw_rows()
        if row["Month"] == "2018-07"
    )
    (month,) = table_with(tables, "Month", "A&E assaults")
    assert month["Month"] == "2018-07"
    assert int(month["A&E assaults"]) == ae and int(month["Police violence"].replace(",", "")) == violence


def test_a_bad_period_or_suffix_is_one_line(demo_db, tmp_path):
    result = run_cli(
        "report", "strategic", "--db", demo_db, "--out", tmp_path / "s.pdf", "--period", "2099-01", expect_success=False
    )
    assert result.returncode == 1 and result.stderr.startswith("Error: No incidents for 2099-01")
    result = run_cli("report", "strategic", "--db", demo_db, "--out", tmp_path / "s.txt", expect_success=False)
    assert result.stderr.startswith("Error: --out") and "write a .pdf or .html file" in result.stderr


def police_only(path):
    """Four 500 m LSOAs (L0..L3, 1,000 residents each) and twelve months of 2024 with no partner data: LSOA k has
    (k x month mod 7) + 1 incidents in each month."""
    areas = [
        {
            "level": "lsoa",
            "code": f"L{k}",
            "geometry": shapely.box(X0 + 500 * k, Y0, X0 + 500 * (k + 1), Y0 + 500),
            "population": 1000,
        }
        for k in range(4)
    ]
    rows = [
        incident(f"L{k}", date(2024, month, 1), "Burglary", X0 + 500 * k + 100 + 30 * j, Y0 + 200)
        for month in range(1, 13)
        for k in range(4)
        for j in range(k * month % 7 + 1)
    ]
    return write_database(path, areas, [(f"L{k}", "lsoa", f"L{k}") for k in range(4)], rows)


def test_police_data_alone_gives_an_assessment_that_says_what_is_not_loaded(tmp_path):
    db = police_only(tmp_path / "police.duckdb")
    out = tmp_path / "police.html"
    run_cli("report", "strategic", "--db", db, "--out", out)
    page = out.read_text(encoding="utf-8")
    for missing in ("No survey responses are loaded", "No ASB cases are loaded", "No teams cover any loaded area"):
        assert missing in page
    assert "Emerging hot spots: none." in page  # twelve months: enough to look, and nothing emerges
    trends = table_with(html_tables(page), "Area", "Month")
    assert len(trends) == 48
    for row in trends:
        k, month = int(row["Area"][1:]), int(row["Month"][5:])
        assert int(row["Incidents"]) == k * month % 7 + 1
        assert float(row["Per 1,000"]) == pytest.approx((k * month % 7 + 1) / 1000 * 1000, abs=0.005)
