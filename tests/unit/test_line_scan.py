"""Line numbers of a file's rows: blank lines found a block at a time, and each accepted row's line."""

import itertools

import numpy as np
import pytest

from queries.ingest import line_scan
from queries.ingest.line_scan import accepted_row_lines, line_skips, scan_file

FILES = [
    b"",
    b"header",
    b"header\n",
    b"header\n\n",
    b"header\na\n\nb\n\r\n\n",
    b"header\r\n\r\na\r\n\r\n\r\nb",
    b"\n\n\nheader\na\r\rb\n",
    b"h\n\r\n\r\n\n\rx\n\n",
]


def _by_splitting(data: bytes) -> tuple[list[int], int]:
    """Blank lines below the first (empty, or a lone CR, and ended by an LF) and the number of lines, from
    bytes.split."""
    pieces = data.split(b"\n")
    if pieces[-1] == b"":
        pieces = pieces[:-1]  # a final LF ends the last line; it does not start another
    ended = len(pieces) if data.endswith(b"\n") else len(pieces) - 1  # lines followed by an LF
    blank = [number for number, text in enumerate(pieces[:ended], start=1) if number >= 2 and text in (b"", b"\r")]
    return blank, len(pieces)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 1 << 20])
@pytest.mark.parametrize("data", FILES)
def test_blank_lines_and_line_count_do_not_depend_on_where_blocks_end(tmp_path, monkeypatch, data, block):
    monkeypatch.setattr(line_scan, "SCAN_BLOCK_BYTES", block)
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    scan = scan_file(path)
    blank, lines = _by_splitting(data)
    assert scan.blank_lines.tolist() == blank
    assert scan.lines == lines


def test_each_accepted_row_gets_its_own_line_whichever_lines_are_not_rows():
    # Every choice of non-row lines among lines 2..9 of a 9-line file (line 1 the header).
    lines = list(range(2, 10))
    for count in range(len(lines) + 1):
        for not_rows in itertools.combinations(lines, count):
            rows = [line for line in lines if line not in not_rows]
            ordinals = np.arange(1, len(rows) + 1)
            assert accepted_row_lines(ordinals, np.array(not_rows, dtype=np.int64)).tolist() == rows
            # The steps the SQL insert reads: the last step at or below a row's order less one applies.
            before, skipped = line_skips(np.array(not_rows, dtype=np.int64))
            assert all(np.diff(before) > 0)
            for ordinal, line in zip(ordinals, rows, strict=True):
                applying = [s for b, s in zip(before, skipped, strict=True) if b <= ordinal - 1]
                assert ordinal + 1 + (applying[-1] if applying else 0) == line
