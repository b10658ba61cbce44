"""The dashboard's data access: cached by argument, renewed when an ingest publishes a new file."""

from __future__ import annotations

import pytest

from dashboard.data import DataAccess
from queries.config import load_config
from queries.database import write_session
from queries.errors import CspmapError
from queries.incidents import counts_by_area
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
