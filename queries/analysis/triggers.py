"""The ASB case review (community trigger): complaints about the same victim or place reaching the threshold
(by default three within six months), with counts per area, so that no repeat victim falls through the gaps.

Only opaque references leave this module (case ids, victim and location references, points rounded to a grid):
never a person's details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.partner_data import Period, level_areas, unplaced_note
from queries.analysis.standards import case_rows
from queries.config import AnalysisConfig, TriggersConfig

GROUP_COLUMNS = [
    "by",
    "ref",
    "asb_type",
    "area_code",
    "complaints",
    "most_in_window",
    "threshold_met_on",
    "first_complaint",
    "last_complaint",
    "current",
    "open_cases",
    "vulnerable_victim",
    "case_ids",
]


@dataclass(frozen=True)
class Triggers:
    """Every group of complaints that met the threshold (``groups``) and the counts per area (``areas``)."""

    groups: pd.DataFrame
    areas: pd.DataFrame
    level: str
    period: Period
    as_of: date
    label: str | None
    notes: tuple[str, ...]


def location_keys(rows: pd.DataFrame, precision_m: float) -> pd.Series:
    """Each case's place: its location_ref, else its point rounded to a ``precision_m`` grid, else missing."""
    easting = (rows["easting"] / precision_m).round() * precision_m
    northing = (rows["northing"] / precision_m).round() * precision_m
    points = "point " + easting.map("{:.0f}".format) + "," + northing.map("{:.0f}".format)
    points = points.where(rows["easting"].notna() & rows["northing"].notna())
    return rows["location_ref"].where(rows["location_ref"].notna(), points)


def threshold_reached(times: pd.Series, threshold: int, window_months: int) -> tuple[int, pd.Timestamp | None]:
    """The most complaints in any window of ``window_months`` (from one complaint to the last within that many
    calendar months of it), and when ``threshold`` complaints were first reached within one (None: never)."""
    times = pd.Series(sorted(pd.to_datetime(times)))
    ends = times + pd.DateOffset(months=window_months)
    within = np.searchsorted(times.to_numpy(), ends.to_numpy(), side="right") - np.arange(len(times))
    reached = np.flatnonzero(within >= threshold)
    met_on = times.iloc[reached[0] + threshold - 1] if len(reached) else None
    return int(within.max()), met_on


def trigger_groups(
    rows: pd.DataFrame, settings: TriggersConfig, precision_m: float, current_since: pd.Timestamp
) -> pd.DataFrame:
    """One row per victim or place whose complaints met the threshold, with its area (the most common among its
    cases), when the threshold was first met, and whether it is met again by complaints after ``current_since``."""
    keys = {"victim": rows["victim_ref"], "location": location_keys(rows, precision_m)}
    by_columns = ["ref", "asb_type"] if settings.same_type else ["ref"]
    found = []
    for by in settings.by:
        keyed = rows.assign(ref=keys[by])[keys[by].notna()]
        keyed = keyed[keyed.groupby(by_columns)["case_id"].transform("size") >= settings.threshold]
        for key, group in keyed.groupby(by_columns, sort=True):
            most, met_on = threshold_reached(group["reported_at"], settings.threshold, settings.window_months)
            if met_on is None:
                continue
            areas = group["area_code"].dropna()
            found.append(
                {
                    "by": by,
                    "ref": key[0],
                    "asb_type": key[1] if settings.same_type else "",
                    "area_code": areas.mode().sort_values().iloc[0] if len(areas) else None,
                    "complaints": len(group),
                    "most_in_window": most,
                    "threshold_met_on": met_on,
                    "first_complaint": group["reported_at"].min(),
                    "last_complaint": group["reported_at"].max(),
                    "current": int((group["reported_at"] >= current_since).sum()) >= settings.threshold,
                    "open_cases": int(group["closed_at"].isna().sum()),
                    "vulnerable_victim": bool(group["vulnerable_victim"].fillna(False).any()),
                    "case_ids": "; ".join(group["case_id"]),
                }
            )
    groups = pd.DataFrame(found, columns=GROUP_COLUMNS)
    return groups.sort_values(["current", "threshold_met_on"], ascending=[False, False], ignore_index=True)


def community_triggers(
    con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig, months: tuple[date, ...] | None = None
) -> Triggers:
    """Trigger groups among the cases reported in ``months`` (default: all) and their counts per area of ``level``."""
    settings = config.triggers
    found = case_rows(con, level, config, months, every_month=True)
    rows = found.rows
    as_of = pd.Timestamp(rows["as_of"].max())
    # "current": the threshold is met by complaints in the window up to the end of the as-of day.
    since = as_of + pd.Timedelta(days=1) - pd.DateOffset(months=settings.window_months)
    groups = trigger_groups(rows, settings, config.cases.location_precision_m, since)
    areas = level_areas(con, level, config.rates.reference_level)[["area_code", "area_name"]]
    for by in ("victim", "location"):
        chosen = groups[groups["by"] == by]
        areas[f"{by}_triggers"] = areas["area_code"].map(chosen["area_code"].value_counts()).fillna(0).astype(int)
        current = chosen[chosen["current"].astype(bool)]["area_code"].value_counts()
        areas[f"{by}_triggers_current"] = areas["area_code"].map(current).fillna(0).astype(int)
    case_ids = groups.assign(case=groups["case_ids"].str.split("; ")).explode("case")
    areas["cases_in_triggers"] = (
        areas["area_code"]
        .map(rows[rows["case_id"].isin(case_ids["case"])]["area_code"].value_counts())
        .fillna(0)
        .astype(int)
    )
    vulnerable = groups[groups["vulnerable_victim"].astype(bool)]["area_code"].value_counts()
    areas["with_vulnerable_victim"] = areas["area_code"].map(vulnerable).fillna(0).astype(int)
    ungrouped = rows["repeat_victim"].fillna(False).astype(bool) & rows["victim_ref"].isna()
    no_place = location_keys(rows, config.cases.location_precision_m).isna()
    what = "the same ASB type, " if settings.same_type else ""
    notes = [
        *found.label_notes,
        f"Community trigger: {settings.threshold} or more complaints about {what}the same "
        f"{' or the same '.join(settings.by)} within {settings.window_months} months; {found.period.description}, "
        f"{len(rows):,} cases. A place is the case's location_ref, else its point rounded to "
        f"{config.cases.location_precision_m:g} m.",
        f"{len(groups):,} group(s) met the threshold; {int(groups['current'].sum()):,} in the {settings.window_months} "
        f"months to {as_of:%Y-%m-%d} (the cases' as-of date): current.",
        *unplaced_note(int(rows["area_code"].isna().sum()), "cases", level),
    ]
    if ungrouped.any():
        notes.append(
            f"{int(ungrouped.sum()):,} case(s) flagged repeat victim have no victim_ref, so cannot be counted "
            "together by victim: check them by hand."
        )
    if "location" in settings.by and no_place.any():
        notes.append(f"{int(no_place.sum()):,} case(s) have no location_ref or point and are grouped by victim only.")
    return Triggers(groups, areas, level, found.period, as_of.date(), found.label, tuple(notes))
