"""`cspmap report patrol` on the demo: a one- or two-page PDF whose target cells, place names and month counts
equal those counted here from the raw police.uk CSV and LSOA boundary file, with a map that is really drawn."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
import shapely

from demo.build import LSOA_BOUNDARIES
from geodata.crs import bng_to_lonlat, lonlat_to_bng
from queries.analysis.patrol_brief import patrol_brief
from queries.analysis.selection import Selection
from queries.config import load_config
from tests.cli_runner import run_cli
from tests.report_checks import embedded_images, non_white_share, pdf_pages_text, rendered_page, share_of_colour
from tests.sample_rows import loaded_lsoa_codes, raw_rows

TEAM = "NPT-CAL-01"
TARGET_RED = (178, 24, 43)  # the target cells' fill


@pytest.fixture(scope="module")
def patrol_pdf(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("patrol") / "patrol.pdf"
    result = run_cli("report", "patrol", "--team", TEAM, "--db", demo_db, "--out", out)
    assert "8 target cells" in result.stdout
    return out


def raw_cells() -> tuple[list[dict], np.ndarray, np.ndarray]:
    """The loaded areas' located raw rows and the 250 m cell (column, row) each falls in."""
    located = [row for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes() and row["Longitude"]]
    x, y = lonlat_to_bng(
        np.array([float(row["Longitude"]) for row in located]), np.array([float(row["Latitude"]) for row in located])
    )
    return located, np.floor(x / 250), np.floor(y / 250)


def team_polygons(demo_con) -> list:
    """The team's LSOAs from the raw boundary file (WGS84), for testing cell centres independently."""
    codes = {
        code for (code,) in demo_con.execute("SELECT lsoa_code FROM team_coverage WHERE team_id = ?", [TEAM]).fetchall()
    }
    features = json.loads(LSOA_BOUNDARIES.read_text())["features"]
    return [shapely.geometry.shape(f["geometry"]) for f in features if f["properties"]["LSOA11CD"] in codes]


def test_the_targets_are_the_busiest_cells_centred_in_the_patch_as_the_raw_rows_say(demo_con):
    brief = patrol_brief(demo_con, TEAM, Selection(), load_config())
    located, cx, cy = raw_cells()
    counts = Counter(zip(cx, cy, strict=True))
    patch = shapely.union_all(team_polygons(demo_con))
    keys = list(counts)
    lon, lat = bng_to_lonlat(np.array([k[0] * 250 + 125 for k in keys]), np.array([k[1] * 250 + 125 for k in keys]))
    inside = shapely.contains_xy(patch, lon, lat)
    ranked = sorted((key for key, keep in zip(keys, inside, strict=True) if keep), key=lambda k: (-counts[k], k))
    # Prior counts score a cell by its incidents, so the targets are the patch's busiest cells (ties: more
    # incidents then the lower cell number, which runs south to north, so only the counts are compared).
    assert brief.method == "prior_counts"
    assert brief.targets["incidents"].tolist() == [counts[key] for key in ranked[:8]]
    top = (brief.targets.loc[0, "easting"] // 250, brief.targets.loc[0, "northing"] // 250)
    assert top == ranked[0]
    here = [located[i] for i in np.flatnonzero((cx == top[0]) & (cy == top[1]))]
    names = Counter(row["Location"] for row in here)
    assert brief.targets.loc[0, "place_names"] == "; ".join(sorted(names, key=lambda n: (-names[n], n))[:3])
    months = Counter(row["Month"] for row in here)
    assert brief.targets.loc[0, "months"] == "; ".join(f"{m} {months[m]}" for m in sorted(months))
    categories = Counter(row["Crime type"] for row in here)
    top_three = sorted(categories, key=lambda c: (-categories[c], c))[:3]
    assert brief.targets.loc[0, "categories"] == "; ".join(f"{c} {categories[c]}" for c in top_three)


def test_the_pdf_has_its_sections_on_one_or_two_pages_and_each_target_cell(patrol_pdf, demo_con):
    pages = pdf_pages_text(patrol_pdf)
    assert 1 <= len(pages) <= 2
    text = "\n".join(pages)
    for section in ("Patrol brief: Calderdale Neighbourhood Policing Team 1", "Target cells", "Agreed priorities"):
        assert section in text
    assert "Illustrative data" in text
    brief = patrol_brief(demo_con, TEAM, Selection(), load_config())
    for row in brief.targets.itertuples():
        assert f"{row.easting:.0f} E" in text and f"{row.northing:.0f} N" in text
    for (priority,) in demo_con.execute(
        "SELECT DISTINCT priority FROM neighbourhood_priorities WHERE area_code IN "
        "(SELECT area_code FROM team_areas WHERE team_id = ?)",
        [TEAM],
    ).fetchall():
        assert priority in text.replace("\n", " ")


def test_the_map_is_drawn_with_its_target_cells(patrol_pdf, tmp_path):
    page = rendered_page(patrol_pdf, 0, out=tmp_path / "patrol-page-1.png")
    assert non_white_share(page) > 0.05
    (map_png,) = embedded_images(patrol_pdf, 0)
    assert non_white_share(map_png) > 0.05
    assert share_of_colour(map_png, TARGET_RED) > 0.002  # the numbered cells are there, in their colour


def test_an_unknown_team_or_a_wrong_suffix_is_one_line(demo_db, tmp_path):
    result = run_cli(
        "report", "patrol", "--team", "NOPE", "--db", demo_db, "--out", tmp_path / "p.pdf", expect_success=False
    )
    assert (
        result.returncode == 1 and result.stderr.startswith("Error: No team 'NOPE'") and "NPT-CAL-01" in result.stderr
    )
    result = run_cli(
        "report", "patrol", "--team", TEAM, "--db", demo_db, "--out", tmp_path / "p.doc", expect_success=False
    )
    assert result.stderr.strip() == f"Error: --out {tmp_path / 'p.doc'}: write a .pdf file."
