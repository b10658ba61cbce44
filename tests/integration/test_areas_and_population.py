"""Boundaries, population and lookup-built levels on a small hand-made patch with known answers."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from demo.build import CENSUS
from tests.cli_runner import run_cli
from tests.stored import fetch

# Four 1 km squares in a row (LSOAs L1..L4); the lookup puts L1, L2 in ward W1 and L3, L4 in ward W2.
LSOAS = {f"L{i + 1}": shapely.box(410000 + 1000 * i, 400000, 411000 + 1000 * i, 401000) for i in range(4)}


@pytest.fixture
def patch_files(tmp_path: Path) -> dict[str, Path]:
    lsoas = tmp_path / "lsoas.geojson"
    gpd.GeoDataFrame(
        {"LSOA21CD": list(LSOAS), "LSOA21NM": [f"Patch {code}" for code in LSOAS]},
        geometry=list(LSOAS.values()),
        crs=27700,
    ).to_file(lsoas)
    population = tmp_path / "population.csv"
    population.write_text('code,population\nL1,"1,000"\nL2,1500\nL3,2000\nL4,abc\nL3,9\n,5\n')
    lookup = tmp_path / "lookup.csv"
    lookup.write_text(
        "LSOA21CD,WD22CD,WD22NM\nL1,W1,Ward One\nL2,W1,Ward One\nL3,W2,Ward Two\nL4,W2,Ward Two\nL9,W9,Elsewhere\n"
    )
    return {"lsoas": lsoas, "population": population, "lookup": lookup}


def test_population_rows_are_stored_or_rejected_with_reasons(patch_files, tmp_path):
    db = tmp_path / "p.duckdb"
    run_cli("ingest", "population", patch_files["population"], "--db", db, "--quiet")
    assert fetch(db, "SELECT code, population FROM population ORDER BY code") == [
        ("L1", 1000),
        ("L2", 1500),
        ("L3", 2000),
    ]
    assert fetch(db, "SELECT line, reason FROM rejects ORDER BY line") == [
        (5, "bad population: 'abc' is not a number"),
        (6, "duplicate code: L3 already given on line 4"),
        (7, "no code: the area code is blank"),
    ]


def test_a_level_built_through_a_lookup_sums_population_and_merges_shapes(patch_files, tmp_path):
    db = tmp_path / "w.duckdb"
    run_cli("ingest", "boundaries", patch_files["lsoas"], "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "population", patch_files["population"], "--db", db, "--quiet")
    run_cli("ingest", "lookup", patch_files["lookup"], "--level", "ward", "--db", db, "--quiet")
    # W1 = L1 + L2 = 1,000 + 1,500; W2 = L3 (2,000) + L4 (rejected, so unknown) = 2,000.
    assert fetch(db, "SELECT code, name, population, round(area_m2) FROM areas WHERE level = 'ward' ORDER BY code") == [
        ("W1", "Ward One", 2500, 2_000_000),
        ("W2", "Ward Two", 2000, 2_000_000),
    ]
    assert fetch(db, "SELECT lsoa_code, area_code FROM area_lookup WHERE level = 'ward' ORDER BY 1") == [
        ("L1", "W1"),
        ("L2", "W1"),
        ("L3", "W2"),
        ("L4", "W2"),
    ]
    # The merged ward is one polygon, not two touching squares.
    (wkb,) = fetch(db, "SELECT geometry FROM areas WHERE level = 'ward' AND code = 'W1'")[0]
    assert shapely.from_wkb(bytes(wkb)).geom_type == "Polygon"


def test_lookup_before_boundaries_builds_the_level_once_lsoas_arrive(patch_files, tmp_path):
    db = tmp_path / "order.duckdb"
    run_cli("ingest", "lookup", patch_files["lookup"], "--level", "ward", "--db", db, "--quiet")
    assert fetch(db, "SELECT count(*) FROM areas") == [(0,)]
    run_cli("ingest", "boundaries", patch_files["lsoas"], "--level", "lsoa", "--db", db, "--quiet")
    assert fetch(db, "SELECT code FROM areas WHERE level = 'ward' ORDER BY code") == [("W1",), ("W2",)]


def test_boundaries_are_added_or_replaced_by_code(patch_files, tmp_path):
    db = tmp_path / "upsert.duckdb"
    run_cli("ingest", "boundaries", patch_files["lsoas"], "--level", "lsoa", "--db", db, "--quiet")
    extra = tmp_path / "extra.geojson"
    gpd.GeoDataFrame(
        {"LSOA21CD": ["L4", "L5"], "LSOA21NM": ["Renamed", "New"]},
        geometry=[LSOAS["L4"], shapely.box(414000, 400000, 415000, 401000)],
        crs=27700,
    ).to_file(extra)
    run_cli("ingest", "boundaries", extra, "--level", "lsoa", "--db", db, "--quiet")
    assert fetch(db, "SELECT code, name FROM areas ORDER BY code")[-2:] == [("L4", "Renamed"), ("L5", "New")]
    assert fetch(db, "SELECT count(*) FROM areas") == [(5,)]
    run_cli("ingest", "boundaries", extra, "--level", "lsoa", "--replace", "--db", db, "--quiet")
    assert fetch(db, "SELECT code FROM areas ORDER BY code") == [("L4",), ("L5",)]


def test_a_level_cannot_be_both_a_boundary_file_and_a_lookup(patch_files, tmp_path):
    db = tmp_path / "mixed.duckdb"
    run_cli(
        "ingest",
        "boundaries",
        patch_files["lsoas"],
        "--level",
        "ward",
        "--code-field",
        "LSOA21CD",
        "--db",
        db,
        "--quiet",
    )
    result = run_cli("ingest", "lookup", patch_files["lookup"], "--level", "ward", "--db", db, expect_success=False)
    assert result.returncode == 1
    assert "loaded from a boundary file" in result.stderr


def test_the_census_file_as_published_gives_the_population_of_england_and_wales(tmp_path):
    db = tmp_path / "census.duckdb"
    run_cli("ingest", "population", CENSUS, "--db", db, "--quiet")
    # 2011 Census usual residents, England and Wales: 56,075,912 in 34,753 LSOAs.
    assert fetch(db, "SELECT count(*), sum(population) FROM population") == [(34_753, 56_075_912)]
    assert fetch(db, "SELECT population FROM population WHERE code = 'E01020634'") == [(1_563,)]


def test_snake_case_lookup_headings_are_recognised(patch_files, tmp_path):
    lookup = tmp_path / "snake.csv"
    lookup.write_text("lsoa_code,msoa_code,msoa_name\nL1,M1,Middle One\nL2,M1,Middle One\nL3,M2,Middle Two\n")
    db = tmp_path / "snake.duckdb"
    run_cli("ingest", "boundaries", patch_files["lsoas"], "--level", "lsoa", "--db", db, "--quiet")
    run_cli("ingest", "lookup", lookup, "--level", "msoa", "--db", db, "--quiet")
    assert fetch(db, "SELECT code, name FROM areas WHERE level = 'msoa' ORDER BY code") == [
        ("M1", "Middle One"),
        ("M2", "Middle Two"),
    ]
