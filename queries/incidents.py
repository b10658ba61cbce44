"""Incident counts by area and the choices a user can filter them by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from queries.areas import loaded_levels
from queries.kept import kept
from queries.sql_files import load_sql, query_records


@dataclass(frozen=True)
class FilterOptions:
    """What the data offers: levels loaded, months with incidents, categories (commonest first) with counts."""

    levels: tuple[str, ...]
    months: tuple[date, ...]
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PlacementTotals:
    """Incidents matching a filter: in the loaded areas, outside them, and with no location."""

    in_areas: int
    outside_areas: int
    no_location: int

    @property
    def left_out_note(self) -> str:
        """How many incidents matching the filters an analysis leaves out and why, as `cspmap status` counts them."""
        if not (self.outside_areas or self.no_location):
            return f"All {self.in_areas:,} incidents matching the filters are in the loaded areas: none is left out."
        return (
            f"Left out: {self.outside_areas:,} incident(s) outside the loaded areas (the force's data covers more "
            f"ground) and {self.no_location:,} published with no location; {self.in_areas:,} are in the loaded areas."
        )


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """The levels, months and categories present in the database."""
    return FilterOptions(
        levels=tuple(loaded_levels(con)),
        months=tuple(row["month"] for row in query_records(con, "incident_months")),
        categories=tuple((row["category"], row["incidents"]) for row in query_records(con, "incident_categories")),
    )


def counts_by_area(
    con: duckdb.DuckDBPyConnection,
    level: str,
    months: tuple[date, ...] = (),
    categories: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Incidents per area of ``level`` (every area listed), with residents and the rate per 1,000.

    Empty ``months`` or ``categories`` means all of them. Columns: code, name, incidents, population,
    per_1000 (NaN where the population is unknown).
    """
    return con.execute(load_sql("incident_counts_by_area"), _filter_params(months, categories, level=level)).df()


def placement_totals(
    con: duckdb.DuckDBPyConnection, months: tuple[date, ...] | None = (), categories: tuple[str, ...] | None = ()
) -> PlacementTotals:
    """How many incidents matching the filters are on the map, outside the loaded areas, or unlocated.

    Empty or None ``months`` or ``categories`` means all of them. Kept for the other analyses of a page (see
    queries/kept.py): an area profile's four analyses ask for the same totals.
    """
    months, categories = tuple(months or ()), tuple(categories or ())

    def count() -> PlacementTotals:
        (row,) = query_records(con, "incident_placement_totals", _filter_params(months, categories))
        return PlacementTotals(**row)

    return kept("placement totals", (months, categories), count)


def _filter_params(months: tuple[date, ...], categories: tuple[str, ...], **extra: str) -> dict:
    return {"months": list(months) or None, "categories": list(categories) or None, **extra}
