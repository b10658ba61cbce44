"""Who serves each neighbourhood: teams, staff by role, officers and PCSOs per 1,000 residents and per 100
harm-weighted incidents, named partner contacts, a monthly community meeting, and the minimum-service check."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.harm import harm_of_counts
from queries.analysis.partner_data import data_label, level_areas
from queries.analysis.rates import incident_counts
from queries.analysis.selection import ASB, Selection, settle_months
from queries.analysis.standards import monthly_meetings
from queries.config import AnalysisConfig, MinimumServiceConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals
from queries.sql_files import load_sql

OFFICER_ROLES = ("sergeant", "pc")
PCSO_ROLES = ("pcso", "match_funded_pcso")
POLICE_ROLES = OFFICER_ROLES + PCSO_ROLES
PARTNER_KINDS = ("teams", "contacts")


@dataclass(frozen=True)
class CoverageTable:
    """One row per area of the level: its teams, staff, ratios, contacts, meeting and minimum-service check."""

    table: pd.DataFrame
    level: str
    selection: Selection  # with its months set: the police data the harm-weighted incidents come from
    label: str | None
    placement: PlacementTotals  # the incidents of those months: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def apportion_staff(team_areas: pd.DataFrame) -> pd.DataFrame:
    """Each team's staff shared among the areas it covers in proportion to the residents it covers in each (by
    LSOAs covered when residents are unknown): one row per area, team and role, with the ``staff`` share."""
    rows = []
    for team_id, team in team_areas.groupby("team_id", sort=True):
        residents = team["covered_residents"].fillna(0).to_numpy(dtype=float)
        basis = residents if residents.sum() > 0 else team["covered_lsoas"].to_numpy(dtype=float)
        shares = basis / basis.sum()
        staff = team["staff"].iloc[0] or {}
        for area_code, share in zip(team["area_code"], shares, strict=True):
            for role, number in staff.items():
                rows.append((area_code, team_id, team["team_type"].iloc[0], role, float(number) * share))
    return pd.DataFrame(rows, columns=["area_code", "team_id", "team_type", "role", "staff"])


def harm_weighted_incidents(
    con: duckdb.DuckDBPyConnection, level: str, selection: Selection, config: AnalysisConfig
) -> tuple[pd.Series, str]:
    """Crimes per area, each counted as its harm weight over the average weight of the selected crimes in all the
    level's areas (so a burglary counts for more than one crime, ASB for none, and the totals agree)."""
    counts = incident_counts(con, level, selection, by_category=True, by_month=False)
    if counts.empty:
        return pd.Series(dtype=float), "There are no incidents in the selection: no per-harm ratios."
    harm, unknown = harm_of_counts(counts, config.harm.weights)
    crimes = counts.loc[counts["category"] != ASB, "incidents"].sum()
    if crimes == 0 or harm.sum() == 0:
        return pd.Series(dtype=float), "There are no crimes with a harm weight in the selection: no per-harm ratios."
    average = harm.sum() / crimes
    note = (
        f"Harm-weighted incidents: each crime counts as its harm weight over the average weight of the "
        f"{int(crimes):,} selected crimes ({average:.1f}), so they add up to the crimes; ASB counts 0."
    )
    if unknown:
        note += f" No harm weight for {', '.join(unknown)}: they count 0."
    return (harm.groupby(counts["area_code"]).sum() / average).rename("harm_weighted_incidents"), note


def check_minimum_service(table: pd.DataFrame, settings: MinimumServiceConfig) -> tuple[pd.Series, pd.Series]:
    """Whether each area meets every item of the minimum service, and what it lacks, in words."""
    missing = pd.Series([[] for _ in range(len(table))], index=table.index)
    agencies = table["contact_agencies"].str.lower().str.split("; ")
    for k, row in table.iterrows():
        lacks = missing[k]
        if settings.police_team and not row["police_teams"]:
            lacks.append("no police team")
        if settings.min_pcsos > 0 and row["pcsos_total"] < settings.min_pcsos:
            lacks.append(f"fewer than {settings.min_pcsos:g} PCSO ({row['pcsos_total']:.2f})")
        for agency in settings.contact_agencies:
            if agency.lower() not in agencies[k]:
                lacks.append(f"no {agency} contact")
        if settings.monthly_meeting and not row["monthly_meeting"]:
            lacks.append("no monthly community meeting")
    return missing.map(lambda lacks: not lacks), missing.map("; ".join)


def coverage_table(
    con: duckdb.DuckDBPyConnection, level: str, selection: Selection, config: AnalysisConfig
) -> CoverageTable:
    """Teams, staff, ratios, contacts and meetings for every area of ``level``; see docs/analysis.md."""
    team_areas = con.execute(load_sql("coverage_team_areas"), {"level": level}).df()
    if team_areas.empty:
        raise CspmapError("No teams cover any loaded area; load them with `cspmap ingest teams FILE`.")
    try:
        selection, month_notes = settle_months(con, selection)
    except CspmapError:  # no police data: harm_weighted_incidents says there are no per-harm ratios
        month_notes = ()
    areas = level_areas(con, level, config.rates.reference_level)
    table = areas[["area_code", "area_name", "population"]].copy()
    for team_type, column in (("police", "police_teams"), ("partner", "partner_teams")):
        chosen = team_areas[team_areas["team_type"] == team_type]
        table[column] = table["area_code"].map(chosen.groupby("area_code")["team_id"].agg("; ".join)).fillna("")
    table["police_covered_share"] = table["area_code"].map(_police_covered_share(con, level))
    staff = apportion_staff(team_areas)
    police = staff[(staff["team_type"] == "police") & staff["role"].isin(POLICE_ROLES)]
    by_role = police.pivot_table(index="area_code", columns="role", values="staff", aggfunc="sum")
    for role in POLICE_ROLES:
        values = by_role[role] if role in by_role else pd.Series(dtype=float)
        table[f"{role}s"] = table["area_code"].map(values).fillna(0.0)
    table["officers"] = table["sergeants"] + table["pcs"]
    table["pcsos_total"] = table["pcsos"] + table["match_funded_pcsos"]
    others = staff[~staff.index.isin(police.index)]
    table["partner_staff"] = table["area_code"].map(others.groupby("area_code")["staff"].sum()).fillna(0.0)
    table["partner_roles"] = table["area_code"].map(_roles_text(others)).fillna("")
    residents = table["population"].astype(float).where(table["population"].fillna(0) > 0)
    harm, harm_note = harm_weighted_incidents(con, level, selection, config)
    table["harm_weighted_incidents"] = table["area_code"].map(harm).fillna(0.0)
    per_harm = table["harm_weighted_incidents"].where(table["harm_weighted_incidents"] > 0)
    for column in ("officers", "pcsos_total"):
        name = "pcsos" if column == "pcsos_total" else column
        table[f"{name}_per_1000"] = 1000.0 * table[column] / residents
        table[f"{name}_per_100_harm"] = 100.0 * table[column] / per_harm
    contacts = con.execute(load_sql("coverage_contacts"), {"level": level}).df()
    table["contact_agencies"] = (
        table["area_code"].map(contacts.groupby("area_code")["agency"].agg("; ".join)).fillna("")
    )
    table["named_contact"] = table["contact_agencies"] != ""
    held, _, _ = monthly_meetings(con, level, config.standards)
    table["monthly_meeting"] = table["area_code"].map(held).fillna(False).astype(bool)
    table["minimum_service"], table["lacks"] = check_minimum_service(table, config.coverage.minimum_service)
    label, label_notes = data_label(con, PARTNER_KINDS)
    notes = [
        *label_notes,
        "A team serves an area when it covers at least one of its LSOAs; its staff are shared among the areas it "
        "covers in proportion to the residents it covers in each. Officers = sergeants + PCs; PCSOs include "
        "match-funded PCSOs. A contact serves every area sharing an LSOA with the area it was given for.",
        harm_note,
        f"Minimum service ({_describe_minimum(config.coverage.minimum_service)}): met by "
        f"{int(table['minimum_service'].sum())} of {len(table)} {level} areas.",
        *month_notes,
    ]
    placement = placement_totals(con, selection.months, selection.categories)
    notes.append(placement.left_out_note)
    return CoverageTable(table, level, selection, label, placement, tuple(notes))


def _police_covered_share(con: duckdb.DuckDBPyConnection, level: str) -> pd.Series:
    """Per area: the share of its residents (of its LSOAs, when residents are unknown) a police team covers."""
    lsoas = con.execute(load_sql("coverage_lsoas"), {"level": level}).df()
    weight = lsoas["population"].fillna(0).astype(float)
    lsoas["weight"] = weight if weight.sum() > 0 else 1.0
    lsoas["covered"] = lsoas["weight"] * lsoas["police_covered"]
    sums = lsoas.groupby("area_code")[["weight", "covered"]].sum()
    return sums["covered"] / sums["weight"].where(sums["weight"] > 0)


def _roles_text(staff: pd.DataFrame) -> pd.Series:
    """Per area: staff by role as text, e.g. ``neighbourhood_warden 1.50; youth_worker 0.25``."""
    totals = staff.groupby(["area_code", "role"])["staff"].sum()
    return totals.groupby(level="area_code").apply(
        lambda group: "; ".join(f"{role} {number:.2f}" for (_, role), number in group.items())
    )


def _describe_minimum(settings: MinimumServiceConfig) -> str:
    items = []
    if settings.police_team:
        items.append("a police team")
    if settings.min_pcsos > 0:
        items.append(f"at least {settings.min_pcsos:g} PCSO")
    items += [f"a named {agency} contact" for agency in settings.contact_agencies]
    if settings.monthly_meeting:
        items.append("a monthly community meeting")
    return ", ".join(items) or "nothing checked"


def median_resourcing(table: pd.DataFrame) -> float:
    """The median of officers and PCSOs per 1,000 residents over the areas that have residents."""
    per_1000 = table["officers_per_1000"] + table["pcsos_per_1000"]
    return float(np.nanmedian(per_1000)) if per_1000.notna().any() else float("nan")
