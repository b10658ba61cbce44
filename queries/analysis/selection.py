"""Which incidents an analysis uses: months, categories and an optional area to stay within."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from queries.errors import CspmapError
from queries.kept import kept
from queries.sql_files import load_sql

ASB = "Anti-social behaviour"
# Names a user can give instead of listing categories.
CATEGORY_GROUPS = {"crime": "every category except anti-social behaviour", "asb": ASB}
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


def define_located_selection(con: duckdb.DuckDBPyConnection) -> None:
    """Create, on this connection, the table macros ``located_selection(months, categories, within_level,
    within_code)``: the selection's incidents in the loaded areas that have a map point, and ``repeat_points(...,
    min_months, min_incidents)``: the repeat locations among their map points (located_selection.sql)."""
    con.execute(load_sql("located_selection"))


@dataclass(frozen=True)
class Selection:
    """Filters shared by every analysis; ``None`` means no filter."""

    months: tuple[date, ...] | None = None
    categories: tuple[str, ...] | None = None
    within: tuple[str, str] | None = None  # (level, code) of one area

    def params(self, months: bool = True) -> dict[str, Any]:
        """The bound parameters the selection's SQL files take (``months=False`` for files without $months)."""
        params = {"categories": list(self.categories) if self.categories is not None else None, **self.within_params()}
        if months:
            params["months"] = list(self.months) if self.months is not None else None
        return params

    def within_params(self) -> dict[str, Any]:
        """Just the area filter's parameters."""
        return {
            "within_level": self.within[0] if self.within else None,
            "within_code": self.within[1] if self.within else None,
        }

    def with_months(self, months: tuple[date, ...] | None) -> Selection:
        return Selection(months=months, categories=self.categories, within=self.within)


def parse_month(text: str) -> date:
    """``YYYY-MM`` as the first day of that month."""
    match = MONTH_PATTERN.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CspmapError(f"{text!r} is not a month; write months as YYYY-MM, e.g. 2018-07.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_months(text: str) -> tuple[date, ...]:
    """Months from text such as ``2016-07,2017-07`` or ``2017-01..2017-12`` (ranges include both ends)."""
    months: set[date] = set()
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        if ".." in part:
            first, _, last = part.partition("..")
            start, end = parse_month(first), parse_month(last)
            if end < start:
                raise CspmapError(f"The month range {part!r} ends before it starts.")
            months.update(month_range(start, end))
        else:
            months.add(parse_month(part))
    if not months:
        raise CspmapError(f"No months in {text!r}; write e.g. 2018-07 or 2017-01..2017-12.")
    return tuple(sorted(months))


def month_range(start: date, end: date) -> list[date]:
    """Every month from ``start`` to ``end`` inclusive."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def resolve_categories(con: duckdb.DuckDBPyConnection, names: list[str] | None) -> tuple[str, ...] | None:
    """Category names as stored, from names given in any case or the groups ``crime`` and ``asb``."""
    if not names:
        return None
    stored = [category for (category, _) in con.execute(load_sql("selection_categories")).fetchall()]
    by_lower = {category.lower(): category for category in stored}
    chosen: set[str] = set()
    for name in names:
        key = name.strip().lower()
        if key == "crime":
            chosen.update(category for category in stored if category != ASB)
        elif key == "asb":
            chosen.add(ASB)
        elif key in by_lower:
            chosen.add(by_lower[key])
        else:
            raise CspmapError(
                f"There is no category {name!r} in the database. Categories: {', '.join(stored)}; "
                f"or a group: {', '.join(CATEGORY_GROUPS)}."
            )
    return tuple(sorted(chosen))


def resolve_within(con: duckdb.DuckDBPyConnection, text: str | None) -> tuple[str, str] | None:
    """(level, code) of the area named as ``CODE`` or ``LEVEL:CODE``; an error if it is not loaded or ambiguous."""
    if not text:
        return None
    level, _, code = text.rpartition(":")
    found = con.execute(load_sql("selection_find_area"), {"code": code.strip(), "level": level.strip() or None})
    rows = found.fetchall()
    if not rows:
        raise CspmapError(f"No loaded area has the code {text!r}; see the levels and areas with `cspmap status`.")
    if len(rows) > 1:
        levels = ", ".join(f"{row[0]}:{row[1]}" for row in rows)
        raise CspmapError(f"{code} is loaded at more than one level; name one: {levels}.")
    return rows[0][0], rows[0][1]


def available_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months with incidents in the loaded areas (whatever their category): the months of data loaded (kept for
    the other analyses of a page: see queries/kept.py)."""
    return list(kept("months loaded", (), lambda: _months_loaded(con)))


def _months_loaded(con: duckdb.DuckDBPyConnection) -> tuple[date, ...]:
    return tuple(month for (month,) in con.execute(load_sql("selection_months")).fetchall())


def settle_months(con: duckdb.DuckDBPyConnection, selection: Selection) -> tuple[Selection, tuple[str, ...]]:
    """The selection with its months set to those that have data (every such month when none were chosen).

    Chosen months without data are dropped and named in a note (a range may span months not loaded); if none of
    the chosen months has data, that is an error naming the months that do.
    """
    have = available_months(con)
    if not have:
        raise CspmapError("There are no incidents in the loaded areas for this selection.")
    if selection.months is None:
        return selection.with_months(tuple(have)), ()
    used = tuple(month for month in selection.months if month in set(have))
    if not used:
        raise CspmapError(
            f"No incidents for {format_months(selection.months)}. Months with data: {format_months(have)}."
        )
    missing = [month for month in selection.months if month not in set(have)]
    note = (f"{len(missing)} chosen month(s) have no data and are left out: {format_months(missing)}.",)
    return selection.with_months(used), note if missing else ()


def require_months(con: duckdb.DuckDBPyConnection, months: tuple[date, ...]) -> None:
    """Refuse months that have no incidents, naming the months that do."""
    have = set(available_months(con))
    missing = [month for month in months if month not in have]
    if missing:
        raise CspmapError(
            f"No incidents for {', '.join(format_month(month) for month in missing)}. "
            f"Months with data: {format_months(sorted(have))}."
        )


def format_month(month: date) -> str:
    return month.strftime("%Y-%m")


def format_months(months: list[date] | tuple[date, ...]) -> str:
    """Months as ``2016-07, 2017-07`` (or ``none``)."""
    return ", ".join(format_month(month) for month in months) if months else "none"
