"""Passes over a CSV file's bytes: its hash and blank lines, the text of given lines, and each row's line number.

DuckDB's reader numbers rows, not lines: it skips blank lines without counting them and never hands back the
text of a row it stored. These functions recover the line of every row, and the text of the rejected ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np


def accepted_row_lines(ordinals: np.ndarray, not_rows: np.ndarray, header_lines: int = 1) -> np.ndarray:
    """File line numbers of accepted rows, given their 1-based order and the lines that are not rows.

    ``not_rows`` lists the lines below the header that did not become rows (rejected or blank).
    """
    accepted_before, skipped = line_skips(not_rows, header_lines)
    step = np.searchsorted(accepted_before, np.asarray(ordinals) - 1, side="right")
    return np.asarray(ordinals, dtype=np.int64) + header_lines + np.concatenate([[0], skipped])[step]


def line_skips(not_rows: np.ndarray, header_lines: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """How many lines that are not rows lie above each accepted row, as steps (``accepted_before``, ``skipped``).

    The k-th accepted row sits after the header and after every line that is not a row whose position leaves
    fewer than k accepted rows before it: below ``skipped`` of them for the last step whose ``accepted_before``
    is at most k - 1 (none for a row above the first step). ``accepted_before`` rises strictly.
    """
    not_rows = np.unique(np.asarray(not_rows, dtype=np.int64))
    accepted_before = not_rows - header_lines - 1 - np.arange(len(not_rows))
    # Lines that are not rows, one after another, share a value: the step counts them all.
    last_of_each = np.append(accepted_before[1:] != accepted_before[:-1], True)[: len(accepted_before)]
    return accepted_before[last_of_each], np.flatnonzero(last_of_each) + 1


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes tells: its SHA-256, the numbers of its blank lines, how many lines."""

    sha256: str
    blank_lines: np.ndarray
    lines: int


SCAN_BLOCK_BYTES = 4 << 20
CR, LF = 13, 10


def scan_file(path: Path) -> FileScan:
    """Hash the file and find its blank lines (which DuckDB skips without counting them) in one pass, a block
    at a time, so its memory does not grow with the file.

    This runs in a thread while DuckDB reads the same file. Reading, hashing and numpy's byte comparisons all
    release the GIL, so DuckDB, which takes the GIL back now and then while it runs a query, is not held up.
    """
    digest = hashlib.sha256()
    block = bytearray(SCAN_BLOCK_BYTES)
    blank_lines = []
    newlines_before = 0  # LFs in the blocks before this one
    last_lf, after_last_lf = -2, -1  # the last LF seen so far (-2: none) and the byte after it (-1: not yet)
    offset = 0
    with open(path, "rb", buffering=0) as handle:
        while size := handle.readinto(block):
            data = np.frombuffer(block, dtype=np.uint8, count=size)
            digest.update(memoryview(block)[:size])
            if last_lf == offset - 1:
                after_last_lf = int(data[0])
            found = np.flatnonzero(data == LF)
            after = np.full(len(found), -1, dtype=np.int16)
            inside = found < size - 1
            after[inside] = data[found[inside] + 1]
            # The LFs of this block, after the last one of the blocks before (the first gap spans the two).
            positions = np.concatenate([[last_lf], found + offset])
            following = np.concatenate([[after_last_lf], after])
            gaps = np.diff(positions)
            # A blank line is an LF right after an LF, or CR LF right after an LF; its number is one more than
            # the number of LFs up to and including the one before it.
            blank = (gaps == 1) | ((gaps == 2) & (following[:-1] == CR))
            blank_lines.append(np.flatnonzero(blank) + newlines_before + 1)
            if len(found):
                last_lf, after_last_lf = int(found[-1]) + offset, int(after[-1])
            newlines_before += len(found)
            offset += size
    # A last line without a newline counts.
    lines = newlines_before + (1 if offset and last_lf < offset - 1 else 0)
    blanks = np.concatenate(blank_lines).astype(np.int64) if blank_lines else np.array([], dtype=np.int64)
    return FileScan(digest.hexdigest(), blanks, lines)


def read_lines(path: Path, numbers: np.ndarray) -> dict[int, str]:
    """The text of the given line numbers (invalid bytes replaced), read in one pass."""
    wanted = set(int(n) for n in numbers)
    if not wanted:
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                found[number] = line.decode("utf-8", errors="replace").rstrip("\r\n")
            if number >= last:
                break
    return found
