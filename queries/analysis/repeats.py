"""Repeat locations: police.uk map points where incidents recur across months."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from queries.analysis.selection import Selection, define_located_selection, settle_months
from queries.config import AnalysisConfig
from queries.incidents import PlacementTotals, placement_totals
from queries.sql_files import load_sql


@dataclass(frozen=True)
class RepeatLocations:
    """One row per repeat location, busiest first, and what share of the selected incidents they hold."""

    table: pd.DataFrame
    incidents: int  # incidents in the selection with coordinates
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def repeat_locations(
    con: duckdb.DuckDBPyConnection,
    selection: Selection,
    config: AnalysisConfig,
    box: tuple[float, float, float, float] | None = None,
) -> RepeatLocations:
    """Map points with incidents in at least ``repeats.min_months`` months (and ``min_incidents`` incidents).

    ``box``: only the map points with min_easting <= easting < max_easting and min_northing <= northing <
    max_northing, given as (min_easting, min_northing, max_easting, max_northing) in metres; a point's counts are
    all its incidents either way. None: every point.
    """
    selection, month_notes = settle_months(con, selection)
    in_box = {"box": None if box is None else [float(edge) for edge in box]}
    table = _repeats_query(con, "repeats_locations", selection, config, in_box)  # defines located_selection
    for column in ("first_month", "last_month"):
        table[column] = pd.to_datetime(table[column]).dt.strftime("%Y-%m")
    located = con.execute(load_sql("repeats_located_total"), {**selection.params(), **in_box}).fetchone()[0]
    at_repeats = int(table["incidents"].sum())
    share = at_repeats / located if located else 0.0
    notes = (
        f"{len(table):,} map point(s) had incidents in at least {config.repeats.min_months} different months; they "
        f"hold {at_repeats:,} of {located:,} located incidents ({share:.1%}).",
        "police.uk moves every incident to an anonymised map point near where it happened: a repeat location is a "
        "point (often a street or a building), not an address.",
        *month_notes,
    )
    placement = placement_totals(con, selection.months, selection.categories)
    return RepeatLocations(
        table=table, incidents=int(located), placement=placement, notes=(*notes, placement.left_out_note)
    )


def repeats_by_area(
    con: duckdb.DuckDBPyConnection, level: str, selection: Selection, config: AnalysisConfig
) -> pd.DataFrame:
    """Repeat locations and the incidents at them per area of ``level`` (areas with none are absent).

    A location counts in the area of the LSOA most of its incidents are in.
    """
    by_lsoa = _repeats_query(con, "repeats_by_lsoa", selection, config)
    lookup = con.execute(load_sql("area_lookup_level"), {"level": level}).df()
    return (
        by_lsoa.merge(lookup, on="lsoa_code")
        .groupby("area_code", as_index=False)[["repeat_locations", "repeat_incidents"]]
        .sum()
        .sort_values("area_code", ignore_index=True)
    )


def _repeats_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    selection: Selection,
    config: AnalysisConfig,
    extra: dict[str, object] | None = None,
) -> pd.DataFrame:
    thresholds = {"min_months": config.repeats.min_months, "min_incidents": config.repeats.min_incidents}
    define_located_selection(con)  # and repeat_points
    return con.execute(load_sql(name), {**selection.params(), **thresholds, **(extra or {})}).df()
