"""A&E assaults beside police violence on a database built by hand, every share worked out below."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from queries.analysis.cardiff import ae_beside_police
from queries.analysis.selection import Selection
from queries.database import connect_read, write_session
from queries.errors import CspmapError
from tests.analysis_db import X0, Y0, incident, write_database

JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
VIOLENCE = "Violence and sexual offences"


def two_lsoas(path):
    """L1 and L2 (both in C1). Police violence: L1 3 in January and 1 in February, L2 none; a January burglary in
    L2 (not violence) and a March violence in L1 (no A&E that month). A&E: site A saw 2 assaults in L1 and 1 in L2
    in January and 2 in L1 in February; site B 2 in L1 in January; site A 1 in January with no known place."""
    areas = [
        {
            "level": "lsoa",
            "code": code,
            "geometry": shapely.box(X0 + 500 * k, Y0, X0 + 500 * (k + 1), Y0 + 500),
            "population": 100,
        }
        for k, code in enumerate(["L1", "L2"])
    ]
    areas.append(
        {"level": "csp", "code": "C1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 500), "population": 200}
    )
    lookup = [("L1", "lsoa", "L1"), ("L2", "lsoa", "L2"), ("L1", "csp", "C1"), ("L2", "csp", "C1")]
    police = [
        *[incident("L1", JAN, VIOLENCE, X0 + 100, Y0 + 100) for _ in range(3)],
        incident("L1", FEB, VIOLENCE, X0 + 100, Y0 + 100),
        incident("L2", JAN, "Burglary", X0 + 600, Y0 + 100),
        incident("L1", MAR, VIOLENCE, X0 + 100, Y0 + 100),
    ]
    write_database(path, areas, lookup, police)
    ae = [("A", JAN, "L1")] * 2 + [("A", JAN, "L2"), ("A", FEB, "L1"), ("A", FEB, "L1")] + [("B", JAN, "L1")] * 2
    ae.append(("A", JAN, None))
    with write_session(path) as con:
        con.executemany(
            "INSERT INTO ae_assaults (site, assault_date, month, lsoa_code, area_code, area_level, located_by, "
            "source_file, run_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, 'ae.csv', 1, ?)",
            [
                (site, month, month, lsoa, lsoa, "lsoa" if lsoa else None, "area_code" if lsoa else None, line + 2)
                for line, (site, month, lsoa) in enumerate(ae)
            ],
        )
    return path


def test_by_month_and_by_site_with_the_unplaced_assault_said(tmp_path):
    con = connect_read(two_lsoas(tmp_path / "c.duckdb"))
    result = ae_beside_police(con, Selection())
    # January: A&E L1 2 + 2 = 4 against 3 police, L2 1 against 0: 3 of 5. February: L1 2 against 1: 1 of 2.
    months = result.by_month.set_index("month")
    assert months.loc["2024-01", ["ae_assaults", "also_in_police", "police_violence"]].tolist() == [5, 3, 3]
    assert months.loc["2024-02", ["ae_assaults", "also_in_police", "police_violence"]].tolist() == [2, 1, 1]
    assert "2024-03" not in months.index  # no A&E data that month
    assert months.loc["2024-01", "share_in_police"] == pytest.approx(0.6)
    assert months.loc["2024-01", "share_low"] < 0.6 < months.loc["2024-01", "share_high"]
    # Site A: January L1 min(2, 3) = 2, L2 min(1, 0) = 0, February L1 min(2, 1) = 1: 3 of 5. Site B: 2 of 2.
    sites = result.by_site.set_index("site")
    assert sites.loc["A", ["ae_assaults", "also_in_police"]].tolist() == [5, 3]
    assert sites.loc["B", ["ae_assaults", "also_in_police"]].tolist() == [2, 2]
    assert result.unplaced == 1 and any("1 A&E assault(s) have no known LSOA" in note for note in result.notes)


def test_within_one_lsoa_only_its_assaults_and_violence_count(tmp_path):
    con = connect_read(two_lsoas(tmp_path / "c.duckdb"))
    result = ae_beside_police(con, Selection(within=("lsoa", "L2")))
    # L2: one A&E assault in January and no police violence there (the burglary is not violence): 0 of 1.
    assert result.by_month[["month", "ae_assaults", "also_in_police", "police_violence"]].values.tolist() == [
        ["2024-01", 1, 0, 0]
    ]
    assert result.by_month["share_in_police"].tolist() == [0.0]
    assert result.unplaced == 0  # the assault with no place is in no LSOA, so not in L2
    with pytest.raises(CspmapError, match="No A&E assaults are loaded for this area and period"):
        ae_beside_police(con, Selection(within=("lsoa", "L2"), months=(FEB,)))


def test_no_ae_data_is_a_message(tmp_path):
    path = two_lsoas(tmp_path / "c.duckdb")
    with write_session(path) as con:
        con.execute("DELETE FROM ae_assaults")
    with pytest.raises(CspmapError, match="No A&E assaults are loaded"):
        ae_beside_police(connect_read(path), Selection())
