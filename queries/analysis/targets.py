"""Progress of each target: the indicator's current value, progress from the baseline, whether it is on track,
and the monthly change needed to meet it by the deadline (linear), from the data cspmap holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.partner_data import data_label, month_span, shift_month
from queries.analysis.selection import format_months, month_range
from queries.analysis.target_indicators import INDICATORS, IndicatorReader, MonthlySeries
from queries.config import AnalysisConfig, TargetsConfig
from queries.errors import CspmapError
from queries.sql_files import load_sql

DAYS_PER_MONTH = 365.25 / 12
KINDS = ("targets", "survey", "asb-cases", "ae-assaults")


@dataclass(frozen=True)
class TargetProgress:
    """One row per target (``table``); ``label_notes`` say what the data's label means, ``method_notes`` how
    progress is judged."""

    table: pd.DataFrame
    label: str | None
    label_notes: tuple[str, ...]
    method_notes: tuple[str, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note, the label's first."""
        return (*self.label_notes, *self.method_notes)


def period_months(text: str | None) -> int | None:
    """How many months a baseline period covers: ``2017-07`` 1, ``2017-01..2017-06`` 6, ``2023/24`` (a financial
    year) or ``2023`` 12; None when it is not one of these."""
    text = text.strip() if isinstance(text, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return 1
    if match := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text):
        start, end = (int(match[1]) * 12 + int(match[2]), int(match[3]) * 12 + int(match[4]))
        return end - start + 1 if end >= start else None
    if re.fullmatch(r"\d{4}(/\d{2}|/\d{4})?", text):
        return 12
    return None


def linear_trend(months: list[date], values: np.ndarray, weights: np.ndarray) -> float:
    """Weighted least-squares slope of the values against time, per month."""
    x = np.array([month.year * 12 + month.month for month in months], dtype=float)
    y, w = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    mean_x, mean_y = np.average(x, weights=w), np.average(y, weights=w)
    spread = (w * (x - mean_x) ** 2).sum()
    return float((w * (x - mean_x) * (y - mean_y)).sum() / spread) if spread > 0 else float("nan")


def assess_target(target: dict[str, Any], series: MonthlySeries, settings: TargetsConfig, as_of: date | None) -> dict:
    """Current value, target value, progress, trend and status of one target (see docs/analysis.md)."""
    length = period_months(target["baseline_period"]) or settings.period_months
    if as_of is not None:  # judged at a date: the data after it is not known yet
        series = series.until(as_of)
    have = series.months
    if not have:
        return {"status": "no data", "note": f"no {series.description} in this area"}
    latest = max(have)
    window = tuple(month_range(shift_month(latest, -(length - 1)), latest))
    current = series.value(window)
    notes = []
    covered = [month for month in window if month in set(have)]
    if len(covered) < length:
        notes.append(f"the latest {length} months have data for {len(covered)}: {format_months(covered)}")
    baseline = target["baseline"]
    if pd.isna(baseline):
        baseline = series.value(tuple(shift_month(month, -12) for month in window))
        if not pd.isna(baseline):
            notes.append("baseline: the same months a year earlier")
    if target["target_type"] == "change_pct":
        if pd.isna(baseline):
            return {"current": current, "status": "no baseline", "note": "a change target needs a baseline"}
        goal = baseline * (1.0 + target["target"] / 100.0)
    else:
        goal = float(target["target"])
    better = 1.0 if target["direction"] == "increase" else -1.0
    reference = as_of or _month_end(latest)
    months_left = (pd.Timestamp(target["deadline"]) - pd.Timestamp(reference)).days / DAYS_PER_MONTH
    row = {
        "current": current,
        "current_period": month_span(window),
        "baseline_used": baseline,
        "target_value": goal,
        "progress": (current - baseline) / (goal - baseline) if not pd.isna(baseline) and goal != baseline else np.nan,
        "months_left": max(months_left, 0.0),
    }
    trend = _observed_trend(series, len(covered), settings.min_trend_months)
    if months_left <= 0:
        row["status"] = "met" if better * (current - goal) >= 0 else "missed"
        notes.append(f"judged on {reference}, at or after the deadline")
    else:
        row["needed_per_month"] = (goal - current) / months_left
        row["trend_per_month"] = trend
        if better * (current - goal) >= 0:
            row["status"] = "reached"
        elif np.isnan(trend):
            row["status"] = "unknown"
            notes.append(f"too little data for a trend: {len(have)} month(s), {settings.min_trend_months} needed")
        else:
            row["projected"] = current + trend * months_left
            row["status"] = "on track" if better * (row["projected"] - goal) >= 0 else "off track"
    row["note"] = "; ".join(notes)
    return row


def target_progress(
    con: duckdb.DuckDBPyConnection, config: AnalysisConfig, as_of: date | None = None
) -> TargetProgress:
    """Every target's progress; indicators cspmap does not measure are listed as not computable."""
    targets = con.execute(load_sql("targets_list")).df()
    if targets.empty:
        raise CspmapError("No targets are loaded; load them with `cspmap ingest targets FILE`.")
    reader = IndicatorReader(con)
    rows = []
    for target in targets.to_dict("records"):
        series = reader.series(target["indicator"], target["area_level"], target["area_code"])
        if series is None:
            found = {"status": "not computable", "note": "cspmap has no data for this indicator: measured elsewhere"}
        else:
            found = assess_target(target, series, config.targets, as_of)
        unit = "" if series is None else ("count" if series.kind == "count" else "%")
        rows.append({**target, "unit": unit, **found})
    columns = ["area_code", "area_name", "indicator", "unit", "target_type", "target", "direction", "baseline"]
    columns += ["baseline_period", "deadline", "current", "current_period", "baseline_used", "target_value"]
    columns += ["progress", "months_left", "needed_per_month", "trend_per_month", "projected", "status", "note"]
    table = pd.DataFrame(rows).reindex(columns=columns)
    table["deadline"] = pd.to_datetime(table["deadline"]).dt.strftime("%Y-%m-%d")
    label, label_notes = data_label(con, KINDS)
    notes = [
        "current: the indicator over the latest months with data, as long as the baseline period (12 months when it "
        "is not a month, a month range or a year); shares in %, counts as totals. target_value: the target, or the "
        "baseline changed by the target %. progress: the share of the way from baseline to target_value.",
        f"needed_per_month: the change a month needed to reach target_value by the deadline; trend_per_month: the "
        f"least-squares trend over the months with data (at least {config.targets.min_trend_months}), projected "
        "linearly to the deadline to judge 'on track'/'off track'. Time runs to "
        + (f"{as_of} (as chosen)." if as_of else "the end of each indicator's latest month of data."),
        "Indicators measured: " + ", ".join(INDICATORS) + ". Others are 'not computable' here.",
    ]
    return TargetProgress(table, label, label_notes, tuple(notes))


def _observed_trend(series: MonthlySeries, months_in_total: int, min_months: int) -> float:
    """The trend of the period's value a month: the monthly slope; for a count, times the months with data in the
    period, since a total over that many months moves by that many monthly slopes."""
    monthly = series.monthly[series.monthly["denominator"] > 0]
    if len(monthly) < min_months:
        return float("nan")
    if series.kind == "count":
        return linear_trend(list(monthly["month"]), monthly["numerator"], np.ones(len(monthly))) * months_in_total
    values = 100.0 * monthly["numerator"] / monthly["denominator"]
    return linear_trend(list(monthly["month"]), values, monthly["denominator"])


def _month_end(month: date) -> date:
    return shift_month(month, 1) - timedelta(days=1)
