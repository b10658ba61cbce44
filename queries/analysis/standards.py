"""ASB case-handling standards per area and CSP: answered within 24 hours, a named caseworker, reviewed monthly
(counts, shares and Wilson intervals), and whether a team holds a monthly community meeting there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.partner_data import ASB_CASES, PartnerRows, Period, level_areas, read_partner_rows, unplaced_note
from queries.analysis.proportions import shrink_towards, wilson_interval
from queries.config import AnalysisConfig, StandardsConfig
from queries.sql_files import load_sql

# standard (a BOOLEAN column of asb_cases) -> what it means
STANDARDS = {
    "responded_within_24h": "first response within 24 hours of the report (no recorded response counts as not)",
    "named_caseworker": "a named caseworker",
    "reviewed_monthly": "reviewed at least monthly while open (judged at the export's as-of date)",
}
ALL_AREAS = "all"


@dataclass(frozen=True)
class Standards:
    """One row per area of the level (``table``) and per reference area plus ``all`` (``reference``)."""

    table: pd.DataFrame
    reference: pd.DataFrame
    level: str
    period: Period
    label: str | None
    notes: tuple[str, ...]


def case_rows(
    con: duckdb.DuckDBPyConnection,
    level: str,
    config: AnalysisConfig,
    months: tuple[date, ...] | None = None,
    every_month: bool = False,
) -> PartnerRows:
    """Cases reported in the chosen months (default: the latest ``cases.window_months``, or all of them with
    ``every_month``), placed in areas."""
    window = None if every_month else config.cases.window_months
    return read_partner_rows(con, ASB_CASES, level, config.rates.reference_level, months, window)


def standard_shares(rows: pd.DataFrame, by: str, confidence: float) -> pd.DataFrame:
    """Per value of ``by``: cases; for each standard the cases meeting it, those where it is known, the share and
    its Wilson interval; and the cases failing any known standard (an unknown standard is not a failure)."""
    flags = {name: rows[name].astype("boolean") for name in STANDARDS}
    frame = pd.DataFrame({by: rows[by], "cases": 1})
    for name, flag in flags.items():
        frame[f"{name}_met"] = flag.fillna(False).astype(int)
        frame[f"{name}_known"] = flag.notna().astype(int)
    failing = np.zeros(len(rows), dtype=bool)
    for flag in flags.values():
        failing |= (flag == False).fillna(False).to_numpy()  # noqa: E712 (a nullable comparison)
    frame["failing_any"] = failing.astype(int)
    sums = frame.groupby(by).sum()
    for name in STANDARDS:
        known = sums[f"{name}_known"]
        share = sums[f"{name}_met"] / known.where(known > 0)
        low, high = wilson_interval(share.to_numpy(), known.to_numpy(), confidence)
        sums[f"{name}_share"], sums[f"{name}_low"], sums[f"{name}_high"] = share, low, high
    sums["failing_share"] = sums["failing_any"] / sums["cases"]
    return sums


def monthly_meetings(
    con: duckdb.DuckDBPyConnection, level: str, settings: StandardsConfig
) -> tuple[pd.Series, pd.Series, list[str]]:
    """Per area with a team meeting: whether one of ``meeting_types`` is held at least monthly, and by which teams;
    and the schedules of those types not read as at least monthly (to show in a note)."""
    meetings = con.execute(load_sql("standards_meetings"), {"level": level}).df()
    words = [word.lower() for word in settings.monthly_words]
    wanted = meetings["meeting_type"].isin(settings.meeting_types)
    said_monthly = meetings["schedule"].str.lower().map(lambda text: any(word in text for word in words))
    monthly = wanted & said_monthly.astype(bool)
    held = meetings.assign(monthly=monthly).groupby("area_code")["monthly"].any()
    teams = meetings[monthly].groupby("area_code")["team_id"].agg(lambda ids: "; ".join(sorted(set(ids))))
    return held, teams, sorted(set(meetings.loc[wanted & ~monthly, "schedule"]))


def case_standards(
    con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig, months: tuple[date, ...] | None = None
) -> Standards:
    """The ASB case standards for every area of ``level`` and its CSP, and the monthly meeting standard."""
    found = case_rows(con, level, config, months)
    rows, confidence = found.rows, config.standards.interval
    areas = level_areas(con, level, config.rates.reference_level)
    shares = standard_shares(rows, "area_code", confidence).reindex(areas["area_code"])
    counts = [column for column in shares if column.endswith(("_met", "_known")) or column in ("cases", "failing_any")]
    shares[counts] = shares[counts].fillna(0).astype(int)
    table = areas[["area_code", "area_name", "reference_code"]].join(shares.reset_index(drop=True))
    held, teams, unrecognised = monthly_meetings(con, level, config.standards)
    table["monthly_meeting"] = table["area_code"].map(held).fillna(False).astype(bool)
    table["monthly_meeting_teams"] = table["area_code"].map(teams).fillna("")
    reference = pd.concat(
        [
            standard_shares(rows, "reference_code", confidence),
            standard_shares(rows.assign(all=ALL_AREAS), "all", confidence),
        ]
    )
    reference = reference.rename_axis("reference_code").reset_index()
    notes = [
        *found.label_notes,
        f"{found.period.description}: {len(rows):,} cases. Standards: "
        + "; ".join(f"{name} = {meaning}" for name, meaning in STANDARDS.items())
        + f". Shares are of the cases where the standard is known, with {confidence:.0%} Wilson intervals; "
        "failing_any counts cases failing at least one known standard.",
        f"monthly_meeting: a team covering the area holds a meeting "
        f"({' or '.join(config.standards.meeting_types)}) whose schedule says it is at least monthly; "
        f"{int(table['monthly_meeting'].sum())} of {len(table)} {level} areas.",
        *unplaced_note(int(rows["area_code"].isna().sum()), "cases", level),
    ]
    if unrecognised:
        shown = "; ".join(repr(schedule) for schedule in unrecognised[:5])
        notes.append(f"{len(unrecognised)} meeting schedule(s) not read as at least monthly, e.g. {shown}.")
    for row in reference.itertuples():
        where = "All cases" if row.reference_code == ALL_AREAS else row.reference_code
        notes.append(
            f"{where}: {row.cases:,} cases; "
            + ", ".join(f"{name} {getattr(row, f'{name}_share'):.1%}" for name in STANDARDS)
            + f"; failing any {row.failing_share:.1%}."
        )
    return Standards(table, reference, level, found.period, found.label, tuple(notes))


def shrunk_failures(con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig) -> tuple[pd.Series, Standards]:
    """Each area's share of cases failing any standard, shrunk towards its CSP's share by its number of cases
    (for ranking: an area with two cases is not ranked on them alone; one with none takes its CSP's share)."""
    found = case_standards(con, level, config)
    table = found.table
    reference = found.reference.set_index("reference_code")["failing_share"]
    overall = float(reference[ALL_AREAS])
    target = table["reference_code"].map(reference).fillna(overall).to_numpy()
    shrunk = shrink_towards(table["failing_share"].to_numpy(), table["cases"].to_numpy(), target, overall)
    return pd.Series(shrunk, index=table["area_code"].to_numpy()), found
