"""The dashboard's data access: cached by argument, renewed when an ingest publishes a new file."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import data as data_module
from dashboard.data import INPUTS_KEPT, DataAccess
from queries.analysis import points as points_module
from queries.analysis import selection as selection_module
from queries.analysis.points import grid_points
from queries.analysis.rates import incident_counts
from queries.analysis.selection import Selection, available_months
from queries.analysis.standards import case_rows
from queries.config import load_config
from queries.database import write_session
from queries.errors import CspmapError
from queries.incidents import counts_by_area, placement_totals
from queries.kept import KeptInputs, keeping
from tests.sample_rows import loaded_lsoa_codes, raw_rows


def test_results_are_cached_copies_and_renewed_after_a_new_version_is_published(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    data = DataAccess(db, load_config())
    first = data.call(counts_by_area, level="csp")
    assert first.set_index("code")["incidents"].sum() == 20_422
    first.loc[:, "incidents"] = -1  # a caller scribbling on its copy
    assert data.call(counts_by_area, level="csp")["incidents"].sum() == 20_422

    with write_session(db) as con:
        con.execute("DELETE FROM incidents WHERE category = 'Anti-social behaviour'")
    asb_in_areas = sum(
        1
        for row in raw_rows()
        if row["Crime type"] == "Anti-social behaviour" and row["LSOA code"] in loaded_lsoa_codes()
    )
    assert data.call(counts_by_area, level="csp")["incidents"].sum() == 20_422 - asb_in_areas


def test_a_missing_database_is_a_plain_message(tmp_path):
    with pytest.raises(CspmapError, match="no database at"):
        DataAccess(tmp_path / "missing.duckdb", load_config()).call(counts_by_area, level="lsoa")


CALLS: list[str] = []


def incidents_by_category(con):
    """A page query that notes each time it really runs (the test's stand-in for an expensive analysis)."""
    CALLS.append("ran")
    return con.execute("SELECT category, count(*) AS n FROM incidents GROUP BY category ORDER BY category").df()


def test_workers_share_results_through_the_cache_folder_and_never_across_versions(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CSPMAP_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    CALLS.clear()
    worker_a, worker_b = DataAccess(db, load_config()), DataAccess(db, load_config())  # as two gunicorn workers
    first = worker_a.call(incidents_by_category)
    shared = worker_b.call(incidents_by_category)
    assert CALLS == ["ran"]  # the second worker read the first one's answer
    assert shared.equals(first)
    assert int(shared["n"].sum()) == len(raw_rows())  # every row of the sample, in or outside the areas

    with write_session(db) as con:
        con.execute("DELETE FROM incidents WHERE category = 'Burglary'")
    renewed = worker_b.call(incidents_by_category)
    assert CALLS == ["ran", "ran"]  # a new version of the file is computed afresh, not read from the cache
    burglaries = sum(1 for row in raw_rows() if row["Crime type"] == "Burglary")
    assert int(renewed["n"].sum()) == len(raw_rows()) - burglaries


def test_a_result_the_old_code_worked_out_is_not_served_after_an_upgrade(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CSPMAP_CACHE_DIR", str(tmp_path / "cache"))
    CALLS.clear()
    monkeypatch.setattr(data_module, "code_fingerprint", lambda: "the code before the upgrade")
    DataAccess(demo_db, load_config()).call(incidents_by_category)
    monkeypatch.setattr(data_module, "code_fingerprint", lambda: "the code after it")
    DataAccess(demo_db, load_config()).call(incidents_by_category)  # a worker started on the new code
    assert CALLS == ["ran", "ran"]


def test_a_cache_folder_others_can_open_is_not_used(demo_db, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    monkeypatch.setenv("CSPMAP_CACHE_DIR", str(folder))
    CALLS.clear()
    DataAccess(demo_db, load_config()).call(incidents_by_category)
    DataAccess(demo_db, load_config()).call(incidents_by_category)
    assert CALLS == ["ran", "ran"]  # each process computed its own: nothing was written where others could plant it
    assert list(folder.iterdir()) == []


def incidents_of_category(con, category="Burglary"):
    """A page query with a default, noting each time it really runs."""
    CALLS.append(category)
    return con.execute("SELECT count(*) FROM incidents WHERE category = ?", [category]).fetchone()[0]


def test_a_call_passing_a_default_and_one_leaving_it_out_share_one_result(demo_db):
    CALLS.clear()
    data = DataAccess(demo_db, load_config())
    burglaries = sum(1 for row in raw_rows() if row["Crime type"] == "Burglary")
    assert data.call(incidents_of_category) == burglaries
    assert data.call(incidents_of_category, category="Burglary") == burglaries
    assert CALLS == ["Burglary"]
    robberies = sum(1 for row in raw_rows() if row["Crime type"] == "Robbery")
    assert data.call(incidents_of_category, category="Robbery") == robberies  # another value is another result
    assert CALLS == ["Burglary", "Robbery"]


def incidents_of_categories(con, **categories):
    """A page query taking its arguments as keywords, noting each time it really runs."""
    CALLS.append(",".join(sorted(categories)))
    return con.execute("SELECT count(*) FROM incidents WHERE category IN ?", [list(categories.values())]).fetchone()[0]


def test_a_call_taking_keywords_is_keyed_by_each_of_them(demo_db):
    CALLS.clear()
    data = DataAccess(demo_db, load_config())
    burglaries = sum(1 for row in raw_rows() if row["Crime type"] == "Burglary")
    robberies = sum(1 for row in raw_rows() if row["Crime type"] == "Robbery")
    assert data.call(incidents_of_categories, a="Burglary") == burglaries
    assert data.call(incidents_of_categories, a="Burglary", b="Robbery") == burglaries + robberies
    assert data.call(incidents_of_categories, a="Burglary") == burglaries
    assert CALLS == ["a", "a,b"]


def incidents_read_onto_the_grid(con) -> int:
    """An analysis reading the selection's incidents onto the grid, as the hot spots, evaluation and plan do."""
    return int(grid_points(con, Selection(), 250.0).incidents.sum())


def test_a_pages_analyses_read_the_grids_incidents_once_per_version_of_the_file(demo_db, tmp_path, monkeypatch):
    reads: list[str] = []
    read = points_module._read_grid_points

    def counted(*args, **kwargs):
        reads.append("read")
        return read(*args, **kwargs)

    monkeypatch.setattr(points_module, "_read_grid_points", counted)
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    data = DataAccess(db, load_config())
    in_areas = [row for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes()]
    # Two different analyses (two cache entries), one read of the incidents.
    assert data.call(incidents_read_onto_the_grid) == len(in_areas)
    assert data.call(lambda con: incidents_read_onto_the_grid(con) * 2) == 2 * len(in_areas)
    assert reads == ["read"]

    with write_session(db) as con:
        con.execute("DELETE FROM incidents WHERE category = 'Burglary'")
    burglaries = sum(1 for row in in_areas if row["Crime type"] == "Burglary")
    assert data.call(incidents_read_onto_the_grid) == len(in_areas) - burglaries  # the new file, read afresh
    assert reads == ["read", "read"]


def months_and_placement(con) -> tuple[list, int]:
    """An analysis asking which months are loaded and how many incidents are placed, as most of them do."""
    return available_months(con), placement_totals(con).in_areas


def test_the_months_loaded_are_read_once_per_version_of_the_file(demo_db, tmp_path, monkeypatch):
    reads: list[str] = []
    read = selection_module._months_loaded
    monkeypatch.setattr(selection_module, "_months_loaded", lambda con: reads.append("read") or read(con))
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    data = DataAccess(db, load_config())
    july = [date(2016, 7, 1), date(2017, 7, 1), date(2018, 7, 1)]  # the sample's three months
    in_areas = sum(1 for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes())
    assert data.call(months_and_placement) == (july, in_areas)
    assert data.call(lambda con: available_months(con)[-1]) == date(2018, 7, 1)  # another analysis, no new read
    assert reads == ["read"]

    with write_session(db) as con:
        con.execute("DELETE FROM incidents WHERE month = DATE '2018-07-01'")
    in_2018 = sum(1 for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes() and row["Month"] == "2018-07")
    assert data.call(months_and_placement) == (july[:2], in_areas - in_2018)  # the new file, read afresh
    assert reads == ["read", "read"]


def test_kept_counts_are_each_callers_own_copy(demo_con):
    in_areas = sum(1 for row in raw_rows() if row["LSOA code"] in loaded_lsoa_codes())
    with keeping(KeptInputs(INPUTS_KEPT)):
        first = incident_counts(demo_con, "csp", Selection(), by_category=False, by_month=False)
        first["incidents"] = -1  # a caller scribbling on what it was given
        again = incident_counts(demo_con, "csp", Selection(), by_category=False, by_month=False)
    assert int(again["incidents"].sum()) == in_areas


def test_kept_partner_rows_are_each_callers_own_copy(demo_con):
    case_ids = [case_id for (case_id,) in demo_con.execute("SELECT case_id FROM asb_cases").fetchall()]
    settings = load_config()
    with keeping(KeptInputs(INPUTS_KEPT)):
        first = case_rows(demo_con, "lsoa", settings, every_month=True)
        first.rows["case_id"] = "scribbled"  # a caller scribbling on what it was given
        again = case_rows(demo_con, "lsoa", settings, every_month=True)
    assert sorted(again.rows["case_id"]) == sorted(case_ids)
