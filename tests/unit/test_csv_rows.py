"""Reading small CSVs: line numbers, odd headers and rows that cannot be parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries.errors import CspmapError
from queries.ingest.csv_rows import read_csv_rows


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    return path


def test_lines_are_counted_from_the_header_including_blank_lines_and_quoted_newlines(tmp_path):
    path = write(tmp_path, b'code,note\r\nA,"one\r\ntwo"\r\n\r\nB,plain\r\n')
    table = read_csv_rows(path)
    # header = line 1; A spans lines 2-3; line 4 is blank; B is line 5.
    assert [(r.line, r.values) for r in table.records] == [(2, ["A", "one\r\ntwo"]), (5, ["B", "plain"])]
    assert table.rejects == []


def test_byte_order_mark_blank_and_repeated_headings_are_kept_as_published(tmp_path):
    path = write(tmp_path, "\ufeffCode,,Persons,Persons\n1,,2,3\n".encode())
    table = read_csv_rows(path)
    assert table.header == ["Code", "", "Persons", "Persons"]
    assert table.column("persons") == 2  # the first of the repeated names
    assert table.find_column(r"nothing", r"pers.*") == 2


def test_unparseable_rows_are_rejected_with_line_and_reason_and_good_rows_kept(tmp_path):
    path = write(tmp_path, b"a,b\n1,2\n3\n\xff\xfe,4\n,\n5,6\n")
    table = read_csv_rows(path)
    assert [r.line for r in table.records] == [2, 6]
    reasons = {r.line: r.reason.split(":")[0] for r in table.rejects}
    assert reasons == {3: "wrong number of columns", 4: "bad encoding", 5: "empty row"}
    assert table.rejects[1].raw == "??,4"


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(CspmapError, match="empty"):
        read_csv_rows(write(tmp_path, b""))


def test_a_missing_column_is_named_in_the_error(tmp_path):
    table = read_csv_rows(write(tmp_path, b"a,b\n1,2\n"))
    with pytest.raises(CspmapError, match=r"no column 'c'.*columns: a, b"):
        table.column("c")
