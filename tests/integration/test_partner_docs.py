"""The worked examples in docs/data-formats.md load into the demo exactly as the text says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from queries.database import write_session
from queries.ingest.ae_assaults import ingest_ae_assaults
from queries.ingest.agreements import ingest_agreements
from queries.ingest.asb_cases import ingest_asb_cases
from queries.ingest.contacts import ingest_contacts
from queries.ingest.survey import ingest_survey
from queries.ingest.targets import ingest_targets
from queries.ingest.teams import ingest_teams

DOC = Path(__file__).parents[2] / "docs" / "data-formats.md"
EXAMPLE = re.compile(r"<!-- example: ([a-z-]+) -->\n```csv\n(.*?)```", re.DOTALL)
IMPORTERS = {
    "survey": ingest_survey,
    "asb-cases": ingest_asb_cases,
    "teams": ingest_teams,
    "contacts": ingest_contacts,
    "ae-assaults": ingest_ae_assaults,
    "agreements": ingest_agreements,
    "targets": ingest_targets,
}
# What the text under each example says: rows stored, and the reason of each rejected row.
DOCUMENTED = {
    "survey": (4, ["bad date"]),
    "asb-cases": (2, ["bad id"]),
    "teams": (2, ["unknown area"]),
    "contacts": (2, ["duplicate id"]),
    "ae-assaults": (2, ["bad weapon"]),
    "agreements": (1, ["bad dates"]),
    "targets": (2, ["inconsistent target"]),
}


@pytest.fixture(scope="module")
def examples() -> dict[str, str]:
    return dict(EXAMPLE.findall(DOC.read_text(encoding="utf-8")))


def test_every_kind_has_a_worked_example(examples):
    assert set(examples) == set(IMPORTERS)


def test_the_worked_examples_load_as_documented(examples, demo_db, tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with write_session(db) as con:
        for kind, text in examples.items():
            path = tmp_path / f"example-{kind}.csv"
            path.write_text(text, encoding="utf-8")
            summary = IMPORTERS[kind](con, path)
            reasons = [
                reason.split(":")[0]
                for (reason,) in con.execute(
                    "SELECT reason FROM rejects WHERE source_file = $file ORDER BY line", {"file": str(path)}
                ).fetchall()
            ]
            assert (summary.rows_stored, reasons) == DOCUMENTED[kind], kind
        survey = con.execute(
            "SELECT response_id, lsoa_code, area_code, located_by, confidence_agree FROM survey_responses "
            "WHERE response_id LIKE 'DOC-%' ORDER BY 1"
        ).fetchall()
        cases = con.execute(
            "SELECT case_id, lsoa_code, responded_within_24h, named_caseworker, reviewed_monthly, as_of "
            "FROM asb_cases WHERE case_id LIKE 'DOC-%' ORDER BY 1"
        ).fetchall()
        assaults = con.execute(
            "SELECT weapon, time_band, age_band FROM ae_assaults WHERE site = 'Calderdale Royal Hospital ED' ORDER BY 1"
        ).fetchall()
    assert survey == [
        ("DOC-1", "E01010875", "E01010875", "area_code", True),
        ("DOC-2", None, "E02002262", "area_code", False),
        ("DOC-3", "E01011001", "E01011001", "point", True),
        ("DOC-4", "E01010878", "E01010878", "area_code", None),
    ]
    as_of = cases[0][-1]
    assert str(as_of) == "2018-09-01"
    assert cases == [
        ("DOC-C1", "E01010875", True, True, True, as_of),
        ("DOC-C2", "E01011001", False, True, False, as_of),
    ]
    assert assaults == [("glass", "22:00-23:59", "18-24"), ("none", "00:00-02:00", "25-34")]
