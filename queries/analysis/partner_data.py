"""Partner rows ready for analysis: counted in the areas of a level, within a period, with their data's label.

Every partner table locates a row by its LSOA when known, else by the area the file named. A row is counted in
the area of the chosen level that wholly contains that LSOA or area (``partner_containing_areas.sql``); a row
known only by an area that the level splits (a neighbourhood, when counting by LSOA) is left out and counted in
the notes. Demo data carries the label ``illustrative`` (table ``dataset_labels``): every result built on it says
so in its ``label`` and first note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.selection import format_month, format_months, month_range
from queries.errors import CspmapError
from queries.kept import kept
from queries.sql_files import load_sql


@dataclass(frozen=True)
class Period:
    """The months a partner analysis covers, and how they were chosen, in words."""

    months: tuple[date, ...]
    description: str

    def holds(self, moments: pd.Series) -> np.ndarray:
        """Which dates or timestamps fall in one of the months."""
        firsts = pd.to_datetime(moments).dt.to_period("M").dt.start_time
        return firsts.isin(pd.to_datetime(list(self.months))).to_numpy()


@dataclass(frozen=True)
class PartnerSource:
    """One kind of partner rows: the SQL reading them, the column dating them, and how to name them."""

    kind: str  # as in ingest_runs.kind and dataset_labels; also the `cspmap ingest` command that loads them
    sql: str
    moment: str
    name: str  # e.g. "ASB cases"
    what: str  # the rows of a period, e.g. "ASB cases reported"


SURVEY = PartnerSource("survey", "partner_survey_responses", "response_date", "survey responses", "survey responses")
ASB_CASES = PartnerSource("asb-cases", "partner_asb_cases", "reported_at", "ASB cases", "ASB cases reported")


@dataclass(frozen=True)
class PartnerRows:
    """The rows in a period, each with the area of the level (``area_code``) and the reference area
    (``reference_code``) it is counted in, and the data's label."""

    rows: pd.DataFrame
    period: Period
    label: str | None
    label_notes: tuple[str, ...]


def read_partner_rows(
    con: duckdb.DuckDBPyConnection,
    source: PartnerSource,
    level: str,
    reference_level: str,
    months: tuple[date, ...] | None,
    window_months: int | None,
) -> PartnerRows:
    """The rows of ``source`` in the chosen months (else the latest ``window_months``, or all with None), placed.

    Kept for the other analyses of a page (queries/kept.py), each caller given its own copy of the rows: the
    priority index, the coverage table and the standards all read the same cases."""

    def read() -> PartnerRows:
        rows = con.execute(load_sql(source.sql)).df()
        if rows.empty:
            raise CspmapError(f"No {source.name} are loaded; load them with `cspmap ingest {source.kind} FILE`.")
        first, latest = (pd.Timestamp(rows[source.moment].agg(end)).date() for end in ("min", "max"))
        period = choose_period(months, first, latest, window_months, source.what)
        rows = rows[period.holds(rows[source.moment])].reset_index(drop=True)
        if rows.empty:
            raise CspmapError(f"No {period.description}; the {source.name} run from {first} to {latest}.")
        rows["area_code"] = place_rows(con, rows, level)
        rows["reference_code"] = place_rows(con, rows, reference_level)
        label, label_notes = data_label(con, (source.kind,))
        return PartnerRows(rows, period, label, label_notes)

    found = kept("partner rows", (source, level, reference_level, months, window_months), read)
    return replace(found, rows=found.rows.copy())


def choose_period(
    chosen: tuple[date, ...] | None, first: date, latest: date, window_months: int | None, what: str
) -> Period:
    """The months chosen, else the latest ``window_months`` months ending with the month of ``latest`` (None:
    every month from ``first`` to ``latest``)."""
    if chosen:
        return Period(tuple(sorted(chosen)), f"{what} in {month_span(tuple(sorted(chosen)))} (as chosen)")
    last = date(latest.year, latest.month, 1)
    if window_months is None:
        months = tuple(month_range(date(first.year, first.month, 1), last))
        return Period(months, f"{what} in {month_span(months)} (all of them)")
    months = tuple(month_range(shift_month(last, 1 - window_months), last))
    return Period(months, f"{what} in {month_span(months)} (the latest {window_months} months of {what})")


def place_rows(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, level: str) -> pd.Series:
    """The code of the area of ``level`` each row is counted in (NaN: its area is split by the level).

    ``rows`` has columns lsoa_code (NULL when unknown), row_area and row_level (the area the file named).
    """
    containing = con.execute(load_sql("partner_containing_areas"), {"level": level}).df()
    lookup = containing.set_index(["row_level", "row_area"])["area_code"]
    by_lsoa = rows["lsoa_code"].notna()
    keys = pd.MultiIndex.from_arrays(
        [
            np.where(by_lsoa, "lsoa", rows["row_level"].astype(object)),
            np.where(by_lsoa, rows["lsoa_code"].astype(object), rows["row_area"].astype(object)),
        ]
    )
    return pd.Series(lookup.reindex(keys).to_numpy(), index=rows.index, name="area_code")


def unplaced_note(count: int, what: str, level: str) -> tuple[str, ...]:
    """A note on rows known only by an area the level splits, if there are any (``what``: plural, e.g. cases)."""
    if not count:
        return ()
    rows = f"{count:,} {what} are" if count > 1 else f"1 {what.removesuffix('s')} is"
    return (f"{rows} known only by an area that spans several {level} areas, so not counted in any.",)


def level_areas(con: duckdb.DuckDBPyConnection, level: str, reference_level: str) -> pd.DataFrame:
    """The areas of ``level`` (area_code, area_name, population) and the ``reference_level`` area holding most of
    each one's LSOAs (reference_code: NaN when that level is not loaded, or is this level)."""
    areas = con.execute(load_sql("rates_areas"), {"level": level, "within_level": None, "within_code": None}).df()
    mapping = pd.DataFrame(columns=["area_code", "reference_code"])
    if level != reference_level:
        mapping = con.execute(load_sql("rates_reference"), {"level": level, "reference_level": reference_level}).df()
    return areas.merge(mapping, how="left", on="area_code")


def data_label(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """The label of the data of these kinds (``illustrative`` for the demo's; None for real data) and a note."""
    labelled = con.execute(load_sql("partner_labels"), {"kinds": list(kinds)}).fetchall()
    if not labelled:
        return None, ()
    label = labelled[0][1]
    notes = []
    for found in sorted({row[1] for row in labelled}):
        named = [row for row in labelled if row[1] == found]
        note = named[0][2] or ""
        if note.lower().startswith(f"{found.lower()}:"):
            note = note[len(found) + 1 :].strip()
        kinds_text = ", ".join(row[0] for row in named)
        notes.append(f"{found.capitalize()} data ({kinds_text}): {note}".rstrip(": "))
    return label, tuple(notes)


def shift_month(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or, negative, before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_span(months: tuple[date, ...]) -> str:
    """``2017-10..2018-09`` for a run of months, else each month listed."""
    if tuple(month_range(months[0], months[-1])) != months:
        return format_months(months)
    first, last = format_month(months[0]), format_month(months[-1])
    return first if first == last else f"{first}..{last}"
