"""One neighbourhood (or any area) in one place: its police data against the CSP, the partner data about it, and
who looks after it. Every number comes from the analysis functions the other pages and commands use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.cardiff import CardiffComparison, ae_beside_police
from queries.analysis.confidence import survey_shares
from queries.analysis.coverage import coverage_table
from queries.analysis.harm import harm_of_counts
from queries.analysis.partner_data import data_label, shift_month
from queries.analysis.proportions import wilson_interval
from queries.analysis.rates import area_rates
from queries.analysis.repeats import repeat_locations
from queries.analysis.selection import Selection, available_months, format_months
from queries.analysis.standards import case_standards
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.sql_files import load_sql

PERIOD_MONTHS = 12  # with no months chosen, the profile covers the latest year of data
REPEATS_SHOWN = 10

Result = TypeVar("Result")


@dataclass(frozen=True)
class YearOnYear:
    """Incidents in the period against the same months a year earlier, with the ratio's 95% interval."""

    months: tuple[date, ...]
    earlier_months: tuple[date, ...]
    incidents: int
    earlier_incidents: int
    ratio: float  # incidents / earlier_incidents
    ratio_low: float
    ratio_high: float
    verdict: str  # "up", "down" or "no clear change"


@dataclass(frozen=True)
class AreaProfile:
    """Everything the profile page and the reports show about one area. Partner parts are None when their data
    is not loaded (the notes say so); tables are empty rather than None when the data is loaded but holds none."""

    level: str
    code: str
    name: str
    population: int | None
    reference_code: str | None
    months: tuple[date, ...]
    overall: dict[str, Any]  # incidents, rate, rate_low, rate_high, reference_rate, compared (area_rates)
    by_category: pd.DataFrame  # category, incidents, rate, rate_low, rate_high, reference_rate, compared, harm
    by_month: pd.DataFrame  # period (YYYY-MM, every month with data), incidents, rate, rate_low, rate_high
    harm: float
    year_on_year: YearOnYear | None
    repeats: pd.DataFrame  # location, incidents, months, first_month, last_month, categories (busiest first)
    confidence: dict[str, Any] | None  # share, share_low, share_high, responses, reason, target, reference_share
    teams: pd.DataFrame  # team_id, team_name, team_type, agency, contact_email, contact_phone, covered_lsoas, ...
    staffing: dict[str, Any] | None  # officers, pcsos, officers_per_1000, minimum_service, lacks (coverage_table)
    contacts: pd.DataFrame  # agency, role, work_email, work_phone, given_for
    priorities: pd.DataFrame  # priority_id, priority, service_standard, agreed_at, date_set, review_date, given_for
    standards: dict[str, Any] | None  # cases and each standard's share with its interval (case_standards)
    cardiff: CardiffComparison | None
    labels: tuple[str, ...]  # notes saying which kinds of partner data are illustrative
    notes: tuple[str, ...]


def profile_months(con: duckdb.DuckDBPyConnection, months: tuple[date, ...] | None) -> tuple[date, ...]:
    """The months with data among those chosen, else those in the latest ``PERIOD_MONTHS`` months of data."""
    have = available_months(con)
    if not have:
        raise CspmapError("No police.uk incidents are loaded yet. Load them with `cspmap ingest police-uk`.")
    if months:
        used = tuple(month for month in sorted(months) if month in set(have))
        if not used:
            raise CspmapError(f"No incidents for {format_months(months)}. Months with data: {format_months(have)}.")
        return used
    start = shift_month(have[-1], 1 - PERIOD_MONTHS)
    return tuple(month for month in have if month >= start)


def year_on_year(now: int, before: int, months: tuple[date, ...], earlier: tuple[date, ...]) -> YearOnYear:
    """The ratio of two Poisson counts with its interval from the conditional binomial: given n = now + before,
    now ~ Binomial(n, p) with p = r / (1 + r), so the Wilson interval for p gives r = p / (1 - p)."""
    n = now + before
    low, high = wilson_interval(np.array([now / n if n else np.nan]), np.array([n]))
    ratio_low, ratio_high = (float(p / (1 - p)) if p < 1 else np.inf for p in (low[0], high[0]))
    ratio = now / before if before else np.inf
    verdict = "up" if ratio_low > 1 else "down" if ratio_high < 1 else "no clear change"
    return YearOnYear(months, earlier, now, before, ratio, ratio_low, ratio_high, verdict)


def area_profile(
    con: duckdb.DuckDBPyConnection,
    level: str,
    code: str,
    config: AnalysisConfig,
    months: tuple[date, ...] | None = None,
) -> AreaProfile:
    """The profile of area ``code`` of ``level`` over ``months`` (default: the latest year of data)."""
    reference_level = config.rates.reference_level
    found = con.execute(
        load_sql("profile_area"), {"level": level, "code": code, "reference_level": reference_level}
    ).fetchone()
    if found is None:
        raise CspmapError(f"No {level} area has the code {code!r}; pick an area from the list.")
    _, name, population, reference_code = found
    period = profile_months(con, months)
    within = Selection(within=(level, code))
    notes: list[str] = []

    rates = area_rates(con, level, within.with_months(period), config)
    overall = _row(rates.table, code, ["incidents", "population", "rate", "rate_low", "rate_high"])
    overall.update(_row(rates.table, code, ["reference_rate", "compared", "reference_code"]))
    by_category = _area_rows(area_rates(con, level, within.with_months(period), config, by_category=True), code)
    by_category = by_category[by_category["incidents"] > 0].reset_index(drop=True)
    harm, unweighted = harm_of_counts(by_category, config.harm.weights)
    by_category["harm"] = harm.to_numpy()
    by_category = by_category.sort_values(["incidents", "category"], ascending=[False, True], ignore_index=True)
    if unweighted:
        notes.append(f"No harm weight for {', '.join(unweighted)}, so they add no harm.")
    by_month = _area_rows(area_rates(con, level, within, config, by_month=True), code)

    earlier = tuple(m for m in (shift_month(month, -12) for month in period) if m in set(available_months(con)))
    change = None
    if earlier:
        before = _row(area_rates(con, level, within.with_months(earlier), config).table, code, ["incidents"])
        change = year_on_year(int(overall["incidents"]), int(before["incidents"]), period, earlier)
    else:
        notes.append("There is no data for the same months a year earlier, so no year-on-year change.")

    repeats = repeat_locations(con, within.with_months(period), config).table.head(REPEATS_SHOWN)
    repeats = repeats[["location", "incidents", "months", "first_month", "last_month", "categories"]]

    def partner(read: Callable[[], Result], what: str) -> Result | None:
        try:
            return read()
        except CspmapError as exc:
            notes.append(f"{what}: {exc}")
            return None

    survey = partner(lambda: survey_shares(con, level, config), "Confidence")
    confidence = None
    if survey is not None:
        confidence = _row(survey.table, code, ["share", "share_low", "share_high", "responses", "reason", "target"])
        confidence["reference_share"] = _row(survey.table, code, ["reference_share"])["reference_share"]
        confidence["period"] = survey.period.description
    coverage = partner(lambda: coverage_table(con, level, within.with_months(period), config), "Team")
    staffing = None
    if coverage is not None:
        columns = ["police_teams", "partner_teams", "officers", "pcsos_total", "officers_per_1000", "pcsos_per_1000"]
        staffing = _row(coverage.table, code, [*columns, "minimum_service", "lacks"])
    teams = _table(con, "profile_teams", level, code)
    contacts = _table(con, "profile_contacts", level, code)
    priorities = _table(con, "profile_priorities", level, code)
    cases = partner(lambda: case_standards(con, level, config), "ASB case standards")
    standards = None
    if cases is not None:
        shares = [
            f"{name}_{part}"
            for name in ("responded_within_24h", "named_caseworker", "reviewed_monthly")
            for part in ("share", "low", "high")
        ]
        standards = _row(cases.table, code, ["cases", *shares, "failing_share", "monthly_meeting"])
        standards["period"] = cases.period.description
    cardiff = partner(lambda: ae_beside_police(con, Selection(within=(level, code))), "A&E assaults")
    labels = _labels(con)
    return AreaProfile(
        level=level,
        code=code,
        name=name,
        population=None if population is None else int(population),
        reference_code=reference_code,
        months=period,
        overall=overall,
        by_category=by_category[
            ["category", "incidents", "rate", "rate_low", "rate_high", "reference_rate", "compared", "harm"]
        ],
        by_month=by_month[["period", "incidents", "rate", "rate_low", "rate_high"]],
        harm=float(by_category["harm"].sum()),
        year_on_year=change,
        repeats=repeats.reset_index(drop=True),
        confidence=confidence,
        teams=teams,
        staffing=staffing,
        contacts=contacts,
        priorities=priorities,
        standards=standards,
        cardiff=cardiff,
        labels=labels,
        notes=tuple([*rates.notes[:2], *notes]),
    )


def _area_rows(rates, code: str) -> pd.DataFrame:
    return rates.table[rates.table["area_code"] == code].reset_index(drop=True)


def _row(table: pd.DataFrame, code: str, columns: list[str]) -> dict[str, Any]:
    rows = table[table["area_code"] == code]
    if rows.empty:
        return dict.fromkeys(columns)
    return {column: _plain(rows.iloc[0][column]) for column in columns}


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return None if value is pd.NA else value


def _table(con: duckdb.DuckDBPyConnection, name: str, level: str, code: str) -> pd.DataFrame:
    return con.execute(load_sql(name), {"level": level, "code": code}).df()


def _labels(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    kinds = ("survey", "asb-cases", "teams", "contacts", "ae-assaults", "agreements")
    return data_label(con, kinds)[1]
