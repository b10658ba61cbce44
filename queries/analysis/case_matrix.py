"""Ratcliffe's hotspot matrix on ASB case records: each area with enough cases classed by where (the places its
cases are at) and when (the hour of day they were reported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from queries.analysis.hotspot_matrix import hotspot_matrix
from queries.analysis.partner_data import Period, level_areas, unplaced_note
from queries.analysis.standards import case_rows
from queries.analysis.triggers import location_keys
from queries.config import AnalysisConfig
from queries.errors import CspmapError


@dataclass(frozen=True)
class CaseMatrix:
    """One row per area with at least ``hotspot_matrix.min_cases`` cases, busiest first."""

    table: pd.DataFrame
    level: str
    period: Period
    label: str | None
    notes: tuple[str, ...]


def case_incidents(rows: pd.DataFrame, config: AnalysisConfig) -> pd.DataFrame:
    """The cases as ``hotspot_matrix`` takes them: hotspot (the area), location (the location_ref, else the point
    rounded to ``cases.location_precision_m``, else the case alone), and the window the ASB happened in (the
    ``case_window_hours`` before the report, or the report time itself)."""
    place = location_keys(rows, config.cases.location_precision_m)
    reported = pd.to_datetime(rows["reported_at"])
    return pd.DataFrame(
        {
            "hotspot": rows["area_code"],
            "location": place.where(place.notna(), "case " + rows["case_id"]),
            "start": reported - pd.Timedelta(hours=config.hotspot_matrix.case_window_hours),
            "end": reported,
        }
    )


def asb_case_matrix(
    con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig, months: tuple[date, ...] | None = None
) -> CaseMatrix:
    """Spatial and temporal category of each area of ``level`` with enough ASB cases (default: all cases)."""
    settings = config.hotspot_matrix
    found = case_rows(con, level, config, months, every_month=True)
    rows = found.rows[found.rows["area_code"].notna()].reset_index(drop=True)
    counts = rows["area_code"].value_counts()
    busy = rows[rows["area_code"].isin(counts[counts >= settings.min_cases].index)].reset_index(drop=True)
    if busy.empty:
        raise CspmapError(
            f"No {level} area has {settings.min_cases} or more of the {found.period.description} (the busiest has "
            f"{int(counts.max()) if len(counts) else 0}); lower [hotspot_matrix] min_cases or choose more months."
        )
    matrix = hotspot_matrix(case_incidents(busy, config), settings).rename(
        columns={"hotspot": "area_code", "incidents": "cases"}
    )
    names = level_areas(con, level, config.rates.reference_level).set_index("area_code")["area_name"]
    matrix.insert(1, "area_name", matrix["area_code"].map(names))
    matrix = matrix.sort_values(["cases", "area_code"], ascending=[False, True], ignore_index=True)
    timing = (
        f"the {settings.case_window_hours:g} hours before each report"
        if settings.case_window_hours
        else "the report time"
    )
    notes = [
        *found.label_notes,
        f"Ratcliffe's hotspot matrix for the {len(matrix)} {level} areas with at least {settings.min_cases} ASB cases "
        f"({len(busy):,} of {len(found.rows):,} cases; {found.period.description}).",
        f"Where: a place is a case's location_ref, else its point rounded to {config.cases.location_precision_m:g} m, "
        f"else the case alone. When: the hour of day of {timing}. Thresholds in [hotspot_matrix].",
        "Areas by category: " + ", ".join(f"{k} {v}" for k, v in matrix["matrix"].value_counts().items()) + ".",
        *unplaced_note(int(found.rows["area_code"].isna().sum()), "cases", level),
    ]
    return CaseMatrix(matrix, level, found.period, found.label, tuple(notes))
