"""Incidents per 1,000 residents by area, with exact Poisson intervals, empirical-Bayes smoothing and flags."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from scipy import special

from queries.analysis.selection import Selection, format_month, settle_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals
from queries.kept import kept
from queries.sql_files import load_sql

ALL_SELECTED = "All selected"


@dataclass(frozen=True)
class Rates:
    """One row per area, category group and period (``table``), and notes on what the figures rest on."""

    table: pd.DataFrame
    level: str
    reference: str  # what each area is compared with, in words
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def poisson_interval(counts: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for a Poisson mean from observed counts.

    lower = chi2(a/2; 2k) / 2 (0 when k = 0) and upper = chi2(1 - a/2; 2k + 2) / 2, with a = 1 - confidence.
    """
    k = np.asarray(counts, dtype=float)
    tail = (1.0 - confidence) / 2.0
    # chi2(p; 2k) / 2 is the inverse regularised lower incomplete gamma function at (k, p), which is how
    # scipy.stats.chi2.ppf computes it (bit for bit), without importing scipy.stats (about 1-2 s).
    lower = np.where(k > 0, special.gammaincinv(np.maximum(k, 1e-300), tail), 0.0)
    upper = special.gammaincinv(k + 1.0, 1.0 - tail)
    return lower, upper


def empirical_bayes_rates(counts: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Marshall's (1991) global empirical-Bayes rates per resident; NaN where there is no population.

    With m = sum(counts) / sum(population), the between-area variance of the true rates is estimated by moments as
    A = sum(P_i (r_i - m)^2) / sum(P) - m / mean(P), set to 0 when negative; each area's rate is pulled towards m
    with weight C_i = A / (A + m / P_i): EB_i = C_i r_i + (1 - C_i) m. Small areas move most.
    """
    counts = np.asarray(counts, dtype=float)
    population = np.asarray(population, dtype=float)
    known = np.isfinite(population) & (population > 0)
    smoothed = np.full(len(counts), np.nan)
    if not known.any():
        return smoothed
    e, p = counts[known], population[known]
    m = e.sum() / p.sum()
    if m == 0:
        smoothed[known] = 0.0
        return smoothed
    rate = e / p
    variance = max((p * (rate - m) ** 2).sum() / p.sum() - m / p.mean(), 0.0)
    weight = variance / (variance + m / p)
    smoothed[known] = weight * rate + (1.0 - weight) * m
    return smoothed


def compare_with_reference(lower: np.ndarray, upper: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``above`` / ``below`` when the area's interval lies wholly above / below the reference rate, else ``similar``."""
    compared = np.where(lower > reference, "above", np.where(upper < reference, "below", "similar"))
    return np.where(np.isnan(lower) | np.isnan(reference), "no population", compared).astype(object)


def incident_counts(
    con: duckdb.DuckDBPyConnection, level: str, selection: Selection, *, by_category: bool, by_month: bool
) -> pd.DataFrame:
    """Incidents per area of ``level`` in the selection, and per category and/or month when asked
    (area_code, [category], [month], incidents; only combinations with incidents): rates_counts.sql.

    Kept for the other analyses of a page (see queries/kept.py): the coverage table and the priority index count
    alike. Each caller gets its own copy, to change as it likes."""

    def count() -> pd.DataFrame:
        params = {"level": level, "by_category": by_category, "by_month": by_month, **selection.params()}
        counts = con.execute(load_sql("rates_counts"), params).df()
        if by_month:
            counts["month"] = pd.to_datetime(counts["month"]).dt.date
        unasked = [name for name, asked in (("category", by_category), ("month", by_month)) if not asked]
        return counts.drop(columns=unasked)

    return kept("incident counts", (level, selection, by_category, by_month), count).copy()


def area_rates(
    con: duckdb.DuckDBPyConnection,
    level: str,
    selection: Selection,
    config: AnalysisConfig,
    *,
    by_category: bool = False,
    by_month: bool = False,
) -> Rates:
    """Rates for every area of ``level``; areas without a population are listed with no rate, not dropped."""
    selection, month_notes = settle_months(con, selection)
    grouping = _Grouping(selection, by_category, by_month)
    table = grouping.counts(con, level, selection.within)
    if table.empty:
        raise CspmapError(f"There are no areas at level {level!r}; see the loaded levels with `cspmap status`.")
    reference, mapping, reference_rates = _reference(con, level, grouping, config)
    table = table.merge(mapping, how="left", on="area_code")
    table = table.merge(reference_rates, how="left", on=["reference_code", "category", "period"])
    per = config.rates.per
    has_population = table["population"].fillna(0).to_numpy() > 0
    pop = np.where(has_population, table["population"].to_numpy(dtype=float, na_value=np.nan), np.nan)
    low, high = poisson_interval(table["incidents"].to_numpy(), config.rates.confidence)
    table["rate"] = table["incidents"].to_numpy() / pop * per
    table["rate_low"] = low / pop * per
    table["rate_high"] = high / pop * per
    table["eb_rate"] = np.nan
    for _, group in table.groupby(["category", "period"], sort=False):
        smoothed = empirical_bayes_rates(group["incidents"].to_numpy(), group["population"].to_numpy(dtype=float))
        table.loc[group.index, "eb_rate"] = smoothed * per
    table["compared"] = compare_with_reference(
        table["rate_low"].to_numpy(), table["rate_high"].to_numpy(), table["reference_rate"].to_numpy(dtype=float)
    )
    table.insert(0, "level", level)
    columns = ["level", "area_code", "area_name", "reference_code", "category", "period", "months", "incidents"]
    columns += ["population", "rate", "rate_low", "rate_high", "eb_rate", "reference_rate", "compared"]
    table = table[columns].sort_values(["category", "period", "area_code"], ignore_index=True)
    notes = [
        f"Incidents per {per:,} residents over each period (not annualised); {config.rates.confidence:.0%} exact "
        "Poisson intervals; eb_rate is Marshall's global empirical-Bayes rate across the level's areas.",
        f"compared: 'above'/'below' when the interval lies wholly above/below the rate of {reference}.",
    ]
    notes.extend(month_notes)
    placement = placement_totals(con, selection.months, selection.categories)
    notes.append(placement.left_out_note)
    missing = table.loc[~has_population, "area_code"].unique()
    if len(missing):
        notes.append(f"{len(missing)} area(s) have no population figure, so no rate: {', '.join(missing[:10])}.")
    return Rates(table=table, level=level, reference=reference, placement=placement, notes=tuple(notes))


@dataclass(frozen=True)
class _Grouping:
    """How incidents are grouped into rows: by category or all together, by month or over the whole period."""

    selection: Selection  # with its months set
    by_category: bool
    by_month: bool

    def counts(self, con: duckdb.DuckDBPyConnection, level: str, within: tuple[str, str] | None) -> pd.DataFrame:
        """Every area of ``level`` (within an area, or all) x every group, with its incidents (0 when none).

        The incidents counted are also only those within that area, so a CSP's rate is never cut down to the part
        of it the user chose to look at.
        """
        chosen = Selection(months=self.selection.months, categories=self.selection.categories, within=within)
        areas = con.execute(load_sql("rates_areas"), {"level": level, **chosen.within_params()}).df()
        counts = incident_counts(con, level, chosen, by_category=self.by_category, by_month=self.by_month)
        counts["period"] = counts.pop("month").map(format_month) if self.by_month else self.period_label
        if not self.by_category:
            counts["category"] = ALL_SELECTED
        table = areas.merge(self.keys(counts), how="cross")
        table = table.merge(counts, how="left", on=["area_code", "category", "period"])
        table["incidents"] = table["incidents"].fillna(0).astype(np.int64)
        return table

    def keys(self, counts: pd.DataFrame) -> pd.DataFrame:
        if self.by_category:
            categories = sorted(set(counts["category"]) | set(self.selection.categories or ()))
        else:
            categories = [ALL_SELECTED]
        months = self.selection.months or ()
        periods = [format_month(month) for month in months] if self.by_month else [self.period_label]
        keys = pd.MultiIndex.from_product([categories, periods], names=["category", "period"]).to_frame(index=False)
        keys["months"] = 1 if self.by_month else len(months)
        return keys

    @property
    def period_label(self) -> str:
        months = self.selection.months
        if not months:
            return "no months"
        first, last = format_month(min(months)), format_month(max(months))
        return first if first == last else f"{first}..{last}"


def _reference(
    con: duckdb.DuckDBPyConnection, level: str, grouping: _Grouping, config: AnalysisConfig
) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """What the areas are compared with (in words), area -> reference_code, and the reference rate per group."""
    reference_level = config.rates.reference_level
    mapping = pd.DataFrame(columns=["area_code", "reference_code"])
    if level != reference_level:
        mapping = con.execute(load_sql("rates_reference"), {"level": level, "reference_level": reference_level}).df()
    if not mapping.empty:
        description = f"the {reference_level} each area is in"
        totals = grouping.counts(con, reference_level, None).rename(columns={"area_code": "reference_code"})
    else:
        # No reference level loaded (or the areas are that level): compare with all the level's areas together.
        description = f"all {level} areas together"
        areas = grouping.counts(con, level, grouping.selection.within)
        mapping = pd.DataFrame({"area_code": areas["area_code"].unique(), "reference_code": "all"})
        areas = areas[areas["population"].fillna(0) > 0]
        totals = areas.groupby(["category", "period"], as_index=False)[["incidents", "population"]].sum()
        totals["reference_code"] = "all"
    population = totals["population"].to_numpy(dtype=float, na_value=np.nan)
    totals["reference_rate"] = totals["incidents"] / np.where(population > 0, population, np.nan) * config.rates.per
    return description, mapping, totals[["reference_code", "category", "period", "reference_rate"]]
