"""Declare a partner-data CSV format as fields, and read a file against it into checked rows and rejects.

Every partner kind (survey, ASB cases, teams, ...) is a ``PartnerFormat``: its fields (column name, aliases,
parser, required or not), the fields that identify a row, how rows are located, and any checks across fields.
``read_partner_rows`` applies it the same way to every kind:

- columns are matched by name, in any order and case ("Response ID" is ``response_id``); a required column
  that is missing stops the file with a message, before anything is written;
- columns outside the format are dropped; those whose heading announces personal data are named in a warning
  (queries/ingest/personal_data.py); a reject keeps only the row's id (its file, line and reason beside it),
  every other value shown as ``[not stored]``;
- each row is stored or rejected with a ``category: detail`` reason: a blank required value, a value that does
  not parse, an area that is not loaded, a point outside the UK or the loaded LSOAs, a failed cross-field
  check, or an id already given earlier in the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from queries.errors import CspmapError
from queries.ingest.csv_rows import CsvRecord, CsvRows, read_csv_rows
from queries.ingest.partner_location import (
    CODE_ALIASES,
    LOCATION_RESULTS,
    POINT_ALIASES,
    POINT_COLUMNS,
    AreaLocator,
    Location,
    grid_point,
    parse_area_code,
    parse_coordinate,
)
from queries.ingest.partner_values import FieldError, Parser, snake_name
from queries.ingest.personal_data import personal_data_columns, refusal_warning
from queries.ingest.runs import Reject

NOT_STORED = "[not stored]"


@dataclass(frozen=True)
class Field:
    """One column of a format: its name, other names it may go by, and how its text becomes a value.

    A ``required`` field must be a column of the file and never blank; any other blank field takes ``default``.
    A ``private`` field's values are never shown in a reject (reason or raw row).
    """

    name: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    default: object = None
    private: bool = False


# A check across a row's fields, run once every field has parsed; raises FieldError.
RowCheck = Callable[[dict, AreaLocator], None]


@dataclass(frozen=True)
class PartnerFormat:
    """A partner CSV format: ``kind`` as in ``cspmap ingest <kind>``, its fields, row id and location rule.

    ``key`` names the fields that identify a row (a repeat within a file is rejected); ``check`` runs across a
    row's parsed fields.
    """

    kind: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    location: Location | None = None
    check: RowCheck | None = None
    derived: tuple[str, ...] = ()  # values a kind's store adds to each row before it is stored

    def all_fields(self) -> tuple[Field, ...]:
        """The format's own fields, then the location columns (an area code, and coordinates if accepted)."""
        if self.location is None:
            return self.fields
        only_code = not self.location.points
        located = [Field("area_code", parse_area_code, required=only_code, aliases=CODE_ALIASES)]
        if self.location.points:
            located += [
                Field(name, parse_coordinate, aliases=POINT_ALIASES[name], private=not self.location.keep_point)
                for name in POINT_COLUMNS
            ]
        return (*self.fields, *located)

    def row_columns(self) -> list[str]:
        """The names of the values each accepted row carries."""
        names = [f.name for f in self.fields]
        if self.location is not None:
            names += LOCATION_RESULTS
        return [*names, *self.derived, "source_line"]


@dataclass
class PartnerRows:
    """What a partner file brought: accepted rows (dicts, in file order), rejects, and notes for the user."""

    format: PartnerFormat
    columns: frozenset[str] = frozenset()  # the format's fields that the file has a column for
    rows: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The accepted rows as a frame of Python values (object columns), one column per row value."""
        columns = self.format.row_columns()
        return pd.DataFrame([[row.get(name) for name in columns] for row in self.rows], columns=columns).astype(object)


@dataclass(frozen=True)
class _Layout:
    """Where the format's fields are in the file, and which positions must never be shown."""

    positions: dict[str, int]
    hidden: frozenset[int]


def read_partner_rows(path: Path, fmt: PartnerFormat, locator: AreaLocator, *, encoding: str = "utf-8") -> PartnerRows:
    """Read ``path`` as ``fmt``: every data row ends up in ``rows`` or ``rejects``."""
    table = read_csv_rows(path, encoding)
    fields = fmt.all_fields()
    layout = _layout(table, fmt, fields)
    result = PartnerRows(fmt, frozenset(layout.positions), notes=_column_notes(table, fmt, layout))
    # A row that could not be split into columns cannot be redacted column by column: keep its text only
    # when the file holds nothing that must be hidden.
    result.rejects += [
        Reject(reject.line, reject.reason, None if layout.hidden else reject.raw) for reject in table.rejects
    ]
    records: dict[int, CsvRecord] = {}
    for record in table.records:
        try:
            row = _parse_record(record, fields, layout, fmt, locator)
        except FieldError as exc:
            private = exc.column in _private_columns(fields)
            withheld = {layout.positions[exc.column]} if exc.withhold and exc.column in layout.positions else set()
            shown = _shown_raw(record, layout.hidden | withheld)
            result.rejects.append(Reject(record.line, exc.reason(private=private), shown))
            continue
        records[record.line] = record
        result.rows.append(row)
    _place_points(result, locator, fmt, layout, records)
    _reject_repeated_keys(result, fmt, layout, records)
    result.rejects.sort(key=lambda reject: reject.line or 0)
    return result


def _private_columns(fields: tuple[Field, ...]) -> set[str]:
    private = {f.name for f in fields if f.private}
    if private & set(POINT_COLUMNS):
        private.add("point")  # errors about the pair of coordinates are reported under this name
    return private


def _layout(table: CsvRows, fmt: PartnerFormat, fields: tuple[Field, ...]) -> _Layout:
    names = {snake_name(alias): f.name for f in fields for alias in (f.name, *f.aliases)}
    positions: dict[str, int] = {}
    for position, heading in enumerate(table.header):
        name = names.get(snake_name(heading))
        if name is None:
            continue
        if name in positions:
            raise CspmapError(
                f"{table.path}: the columns {table.header[positions[name]]!r} and {heading!r} both give "
                f"{name}; keep one of them."
            )
        positions[name] = position
    missing = [f.name for f in fields if f.required and f.name not in positions]
    if fmt.location is not None and fmt.location.required and fmt.location.points:
        has_point = {"longitude", "latitude"} <= positions.keys() or {"easting", "northing"} <= positions.keys()
        if "area_code" not in positions and not has_point:
            missing.append("area_code (or longitude and latitude, or easting and northing)")
    if missing:
        raise CspmapError(
            f"{table.path} is not a {fmt.kind} file as documented in docs/data-formats.md: it lacks the "
            f"column(s) {'; '.join(missing)} (columns found: {', '.join(table.header) or 'none'})."
        )
    # A reject keeps only what finds the row again (its id; the line and reason are kept beside it): any other
    # value may be a name, an address, a reference or free text, so none is copied into rejects.raw.
    private = {positions[f.name] for f in fields if f.private and f.name in positions}
    shown = {positions[name] for name in fmt.key if name in positions} - private
    hidden = {position for position in range(len(table.header)) if position not in shown}
    return _Layout(positions, frozenset(hidden))


def _column_notes(table: CsvRows, fmt: PartnerFormat, layout: _Layout) -> list[str]:
    stored = set(layout.positions.values())
    refused = personal_data_columns(table.header, stored)
    ignored = [
        repr(heading) for position, heading in enumerate(table.header) if position not in stored | refused.keys()
    ]
    notes = [refusal_warning(table.header, refused)] if refused else []
    if ignored:
        notes.append(f"Columns that are not part of the {fmt.kind} format were dropped: {', '.join(ignored)}")
    return notes


def _parse_record(
    record: CsvRecord, fields: tuple[Field, ...], layout: _Layout, fmt: PartnerFormat, locator: AreaLocator
) -> dict:
    row: dict = {"source_line": record.line}
    for f in fields:
        position = layout.positions.get(f.name)
        text = record.values[position] if position is not None else ""
        if not text:
            if f.required:
                raise FieldError("missing value", None, "is blank", column=f.name)
            row[f.name] = f.default
            continue
        try:
            row[f.name] = f.parse(text)
        except FieldError as exc:
            exc.column = exc.column or f.name
            raise
    if fmt.location is not None:
        _locate(row, fmt.location, locator)
    if fmt.check is not None:
        fmt.check(row, locator)
    return row


def _locate(row: dict, location: Location, locator: AreaLocator) -> None:
    """Set the row's area from its code, and its grid point; the LSOA of a point is found later, in bulk."""
    try:
        point = grid_point(row) if location.points else None
    except FieldError as exc:
        exc.column = "point"
        raise
    for name in POINT_COLUMNS:
        row.pop(name, None)
    row["easting"], row["northing"] = point if point is not None else (None, None)
    row["lsoa_code"] = row["area_level"] = row["located_by"] = None
    if row.get("area_code") is not None:
        try:
            row["area_code"], row["area_level"] = locator.find(row["area_code"])
        except FieldError as exc:
            exc.column = "area_code"
            raise
        row["located_by"] = "area_code"
        if row["area_level"] == "lsoa":
            row["lsoa_code"] = row["area_code"]
    elif point is None and location.required:
        raise FieldError("no location", None, "give an area code, or coordinates in a loaded LSOA")


def _place_points(
    result: PartnerRows, locator: AreaLocator, fmt: PartnerFormat, layout: _Layout, records: dict[int, CsvRecord]
) -> None:
    """Find the LSOA of every row that has a point and no LSOA yet; a point-only row outside them is rejected."""
    if fmt.location is None:
        return
    waiting = [row for row in result.rows if row["easting"] is not None and row["lsoa_code"] is None]
    if waiting:
        found = locator.lsoas_at(np.array([r["easting"] for r in waiting]), np.array([r["northing"] for r in waiting]))
        for row, lsoa in zip(waiting, found, strict=True):
            row["lsoa_code"] = lsoa
            if row["area_code"] is None and lsoa is not None:
                row.update(area_code=lsoa, area_level="lsoa", located_by="point")
    outside = [row for row in result.rows if row["easting"] is not None and row["area_code"] is None]
    for row in outside:
        record = records[row["source_line"]]
        reason = "outside areas: point is in no loaded LSOA"
        result.rejects.append(Reject(record.line, reason, _shown_raw(record, layout.hidden)))
    if outside:
        result.rows = [row for row in result.rows if row["area_code"] is not None or row["easting"] is None]
    if not fmt.location.keep_point:
        for row in result.rows:
            row["easting"] = row["northing"] = None


def _reject_repeated_keys(
    result: PartnerRows, fmt: PartnerFormat, layout: _Layout, records: dict[int, CsvRecord]
) -> None:
    """Keep the first row of each id; later rows with the same id (case ignored) are rejected."""
    if not fmt.key:
        return
    first_line: dict[tuple, int] = {}
    kept = []
    for row in result.rows:
        key = tuple(str(row[name]).casefold() for name in fmt.key)
        if key in first_line:
            shown = " / ".join(str(row[name]) for name in fmt.key)
            record = records[row["source_line"]]
            reason = f"duplicate id: {shown} already given on line {first_line[key]}"
            result.rejects.append(Reject(record.line, reason, _shown_raw(record, layout.hidden)))
            continue
        first_line[key] = row["source_line"]
        kept.append(row)
    result.rows = kept


def _shown_raw(record: CsvRecord, hidden: frozenset[int] | set[int]) -> str | None:
    """The record as it may be kept in ``rejects.raw``: its own text, or with hidden columns blanked out (None when
    nothing is left to show)."""
    if not hidden:
        return record.raw
    if all(position in hidden or not value for position, value in enumerate(record.values)):
        return None
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [NOT_STORED if position in hidden and value else value for position, value in enumerate(record.values)]
    )
    return buffer.getvalue()
