"""How good the data is: ingest runs, rejected rows, gaps in the monthly series, incidents that could not be
placed, and how recent each kind of partner data is; with the caveats a report built on it must carry."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from queries.sql_files import load_sql


@dataclass(frozen=True)
class DataQuality:
    """The data-quality tables and the caveats in words (``caveats``: empty when nothing needs saying).

    ``missing_months`` is a check: one row per force and month missing from its series (none is healthy).
    ``placement`` is status_incidents: per force and month, incidents placed by LSOA code, by point, outside the
    loaded areas, and with no location.
    """

    runs: pd.DataFrame
    rejects: pd.DataFrame
    missing_months: pd.DataFrame
    placement: pd.DataFrame
    partner: pd.DataFrame
    caveats: tuple[str, ...]


def data_quality(con: duckdb.DuckDBPyConnection) -> DataQuality:
    """Every data-quality table, read fresh from the database."""
    runs = con.execute(load_sql("quality_ingest_runs")).df()
    rejects = con.execute(load_sql("status_rejects")).df()
    missing = con.execute(load_sql("quality_missing_force_months")).df()
    placement = con.execute(load_sql("status_incidents")).df()
    partner = con.execute(load_sql("quality_partner_recency")).df()
    return DataQuality(runs, rejects, missing, placement, partner, caveats(rejects, missing, placement, partner))


def caveats(
    rejects: pd.DataFrame, missing: pd.DataFrame, placement: pd.DataFrame, partner: pd.DataFrame
) -> tuple[str, ...]:
    """What a reader of any figure built on this data should know, one sentence each."""
    found = []
    for force, months in missing.groupby("force", sort=True)["month"]:
        listed = ", ".join(months.head(6)) + (f" and {len(months) - 6} more" if len(months) > 6 else "")
        found.append(f"{force}: {len(months)} month(s) missing from the monthly series ({listed}).")
    total = int(placement["incidents"].sum()) if len(placement) else 0
    if total:
        outside, unlocated = int(placement["outside_areas"].sum()), int(placement["no_location"].sum())
        by_point = int(placement["by_point"].sum())
        if outside:
            found.append(f"{outside:,} of {total:,} incidents ({outside / total:.1%}) are outside the loaded areas.")
        if unlocated:
            found.append(f"{unlocated:,} incidents ({unlocated / total:.1%}) were published with no location.")
        if by_point:
            found.append(f"{by_point:,} incidents were placed by their point: their LSOA code is not loaded.")
    if len(rejects):
        found.append(f"{int(rejects['rows'].sum()):,} rows were rejected at ingest (see the rejects by reason).")
    empty = sorted(partner.loc[partner["rows"] == 0, "kind"])
    if empty:
        found.append(f"No partner data of these kinds is loaded: {', '.join(empty)}.")
    illustrative = sorted(partner.loc[(partner["rows"] > 0) & (partner["label"] != "real"), "kind"])
    if illustrative:
        found.append(f"Illustrative (generated, not real) partner data: {', '.join(illustrative)}.")
    return tuple(found)
