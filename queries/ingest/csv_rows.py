"""Read a small CSV (population, lookups, partner data) row by row, with each record's line number.

Large police.uk files go through DuckDB's reader instead (queries/ingest/police_uk.py); this one is for
files of up to a few hundred thousand rows, where plain Python is fast enough and line numbers, raw text and
odd headers (blank or repeated names, a byte-order mark) are easy to keep exact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from queries.errors import CspmapError
from queries.ingest.runs import Reject

_BAD_BYTE = re.compile("[\udc80-\udcff]")
# A value longer than this is no real field (a quote never closed swallows the lines after it): its row is
# rejected. Python's csv module stops the whole file at a field over its own limit (128 KiB), so that is raised.
MAX_VALUE_CHARS = 10_000
csv.field_size_limit(64 << 20)


@dataclass
class CsvRecord:
    """One parsed record: its first line in the file, its values and the text it came from."""

    line: int
    values: list[str]
    raw: str


@dataclass
class CsvRows:
    """The header, the records with the right number of fields, and the rows that could not be parsed."""

    path: Path
    header: list[str]
    records: list[CsvRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def column(self, name: str) -> int:
        """Position of the first column called ``name`` (case and surrounding spaces ignored)."""
        wanted = name.strip().lower()
        for position, heading in enumerate(self.header):
            if heading.lower() == wanted:
                return position
        raise CspmapError(f"{self.path} has no column {name!r} (columns: {', '.join(self.header)}).")

    def find_column(self, *patterns: str) -> int | None:
        """Position of the first column whose name fully matches one of the regexes, tried in order."""
        for pattern in patterns:
            for position, heading in enumerate(self.header):
                if re.fullmatch(pattern, heading, flags=re.IGNORECASE):
                    return position
        return None


def read_csv_rows(path: Path, encoding: str = "utf-8") -> CsvRows:
    """Parse ``path``; records whose field count differs from the header's, or with bad bytes, are rejects."""
    if not path.exists():
        raise CspmapError(f"No such file: {path}")
    try:
        text = path.read_bytes().decode(encoding, errors="surrogateescape")
    except LookupError as exc:
        raise CspmapError(f"Unknown text encoding {encoding!r}.") from exc
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="").readlines()
    records = _records(path, lines)
    try:
        _, header_values, header_raw = next(records)
    except StopIteration:
        raise CspmapError(f"{path} is empty: expected a header line and rows.") from None
    if _BAD_BYTE.search(header_raw):
        raise CspmapError(f"{path}: the header line is not {encoding} text; pass --encoding (e.g. cp1252).")
    header = [name.strip() for name in header_values]
    table = CsvRows(path, header)
    for line, values, raw in records:
        shown = _BAD_BYTE.sub("?", raw.rstrip("\r\n"))
        if _BAD_BYTE.search(raw):
            table.rejects.append(Reject(line, f"bad encoding: not valid {encoding} text", shown))
        elif not any(value.strip() for value in values):
            table.rejects.append(Reject(line, "empty row: every field is blank", shown))
        elif (longest := max(len(value) for value in values)) > MAX_VALUE_CHARS:
            table.rejects.append(
                Reject(
                    line,
                    f"value too long: a field holds {longest:,} characters (at most {MAX_VALUE_CHARS:,}; most likely "
                    "a quote that is never closed)",
                    None,
                )
            )
        elif len(values) != len(header):
            table.rejects.append(
                Reject(
                    line,
                    f"wrong number of columns: expected {len(header)} as in the header, found {len(values)}",
                    shown,
                )
            )
        else:
            table.records.append(CsvRecord(line, [value.strip() for value in values], shown))
    return table


def _records(path: Path, lines: list[str]) -> Iterator[tuple[int, list[str], str]]:
    reader = csv.reader(lines)
    first_line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CspmapError(f"{path}, line {first_line}: cannot be read as CSV ({exc}).") from exc
        last_line = reader.line_num
        if values:  # a blank line is not a row
            yield first_line, values, "".join(lines[first_line - 1 : last_line])
        first_line = last_line + 1
