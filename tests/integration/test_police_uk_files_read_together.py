"""Files read together (one DuckDB read of several files) are stored and rejected as if each were read alone.

Four small files in one command, each with its own blank lines, unreadable rows and rows that fail a check, two of
them bringing the same force-month and one the same bytes as another. What each row becomes is worked out here from
the files' text, line by line; the ids are those of the same files ingested one group per file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.build import LSOA_BOUNDARIES
from queries.database import write_session
from queries.ingest import police_uk
from queries.ingest.areas import ingest_boundaries
from queries.ingest.street_files import find_street_files
from tests.stored import fetch

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context"
)
WY = "West Yorkshire Police,West Yorkshire Police"


def good(crime_id: str, month: str = "2018-07") -> str:
    return f"{crime_id},{month},{WY},-1.886304,53.761764,On or near Green Lane,E01010911,Calderdale 001A,Drugs,,"


FILES = {
    "a/2018-07-west-yorkshire-street.csv": [HEADER, good("a2"), "", good("a4"), "a5,2018-07,too,few", good("a6")],
    "b/2018-07-west-yorkshire-street.csv": [HEADER, "", "", good("b4"), good("b5", "2018-13"), good("b6")],
    "c/2018-06-west-yorkshire-street.csv": [HEADER, good("c2", "2018-06"), "", good("c4", "2018-06")],  # CR LF
    "d/2018-07-west-yorkshire-street.csv": [HEADER, good("a2"), "", good("a4"), "a5,2018-07,too,few", good("a6")],
}


def expected(files: dict[str, list[str]]) -> tuple[set, set]:
    """(file, line, crime id) of every row stored and (file, line, reason) of every row rejected, from the text."""
    stored, rejected = set(), set()
    for name, lines in files.items():
        if name.startswith("d/"):
            continue  # the same bytes as a/: passed over
        for number, text in enumerate(lines[1:], start=2):
            if text.strip() == "":
                continue
            values = text.split(",")
            if len(values) != 12:
                rejected.add((name, number, "too few columns"))
            elif values[1] == "2018-13":
                rejected.add((name, number, "bad month"))
            else:
                stored.add((name, number, values[0]))
    return stored, rejected


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, lines in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        ending = "\r\n" if name.startswith("c/") else "\n"
        (tmp_path / name).write_bytes((ending.join(lines) + ending).encode())
    return tmp_path


def ingest(folder: Path, db: Path) -> list:
    with write_session(db, fresh=True) as con:
        ingest_boundaries(con, LSOA_BOUNDARIES, "lsoa")
    with write_session(db) as con:
        sources = find_street_files([folder / name for name in FILES]).files
        summaries, _ = police_uk.ingest_street_files(con, sources)
    return summaries


def stored_rows(db: Path, folder: Path) -> list[tuple]:
    rows = fetch(
        db,
        "SELECT r.source_file, i.source_line, i.crime_id, i.id FROM incidents AS i JOIN ingest_runs AS r USING (run_id)",
    )
    return [(str(Path(file).relative_to(folder)), line, crime_id, row_id) for file, line, crime_id, row_id in rows]


def test_every_row_of_files_read_together_is_stored_or_rejected_on_its_own_line(folder, tmp_path, monkeypatch):
    db = tmp_path / "together.duckdb"
    summaries = ingest(folder, db)
    stored, rejected = expected(FILES)
    assert {(file, line, crime_id) for file, line, crime_id, _ in stored_rows(db, folder)} == stored
    rejects = fetch(db, "SELECT r.source_file, j.line, j.reason FROM rejects AS j JOIN ingest_runs AS r USING (run_id)")
    assert {(str(Path(f).relative_to(folder)), line, reason.split(":")[0]) for f, line, reason in rejects} == rejected
    by_file = {str(Path(s.source_file).relative_to(folder)): s for s in summaries}
    assert [by_file[name].rows_stored for name in FILES] == [3, 2, 2, 0]
    assert "passed over" in " ".join(by_file["d/2018-07-west-yorkshire-street.csv"].notes)

    # The same files, each read alone: the same ids (a/ and b/ share July 2018, so b/'s rows come after a/'s).
    monkeypatch.setattr(police_uk, "GROUP_FILES", 1)
    alone = tmp_path / "alone.duckdb"
    ingest(folder, alone)
    assert sorted(stored_rows(alone, folder)) == sorted(stored_rows(db, folder))
    assert len({row_id for *_, row_id in stored_rows(db, folder)}) == len(stored)


def test_a_file_that_comes_back_short_when_read_with_others_is_read_again_alone(folder, tmp_path, monkeypatch):
    # All four files in one read, the CR LF file among LF ones: DuckDB reads a list of files with the first one's
    # line ends, and c/ comes back empty. The ingest sees fewer rows than lines and reads each file alone.
    monkeypatch.setattr(police_uk, "_groups", lambda sources: iter([list(sources)]))
    db = tmp_path / "one-read.duckdb"
    ingest(folder, db)
    stored, rejected = expected(FILES)
    assert {(file, line, crime_id) for file, line, crime_id, _ in stored_rows(db, folder)} == stored
    rejects = fetch(db, "SELECT r.source_file, j.line, j.reason FROM rejects AS j JOIN ingest_runs AS r USING (run_id)")
    assert {(str(Path(f).relative_to(folder)), line, reason.split(":")[0]) for f, line, reason in rejects} == rejected
