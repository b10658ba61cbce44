"""Targets: the current value, the baseline, progress, the trend needed and whether it is on track, by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries.analysis.target_indicators import MonthlySeries
from queries.analysis.targets import assess_target, linear_trend, period_months
from queries.config import load_config

SETTINGS = load_config().targets  # period 12 months, a trend needs 3 months


def series(kind: str, rows: list[tuple[date, float, float]]) -> MonthlySeries:
    monthly = pd.DataFrame(rows, columns=["month", "numerator", "denominator"])
    return MonthlySeries("test", kind, monthly, "test data")


def target(**given) -> dict:
    base = {"target_type": "value", "direction": "increase", "baseline": np.nan, "baseline_period": None}
    return {**base, **given}


def test_baseline_periods_give_the_months_compared():
    assert [period_months(text) for text in ("2017-07", "2017-01..2017-06", "2023/24", "2023", "last year", None)] == [
        1, 6, 12, 12, None, None,
    ]  # fmt: skip


def test_linear_trend_is_the_least_squares_slope_per_month():
    # 10, 11, 12 in January to March: one a month; weights change nothing on a straight line.
    months = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    assert linear_trend(months, np.array([10.0, 11.0, 12.0]), np.ones(3)) == pytest.approx(1.0)
    assert linear_trend(months, np.array([10.0, 11.0, 12.0]), np.array([1.0, 5.0, 2.0])) == pytest.approx(1.0)


def test_a_count_rising_fast_enough_is_on_track():
    # 10, 11, 12 incidents in January-March 2024; reach 15 in a month by 31 July. The baseline period is one month, so
    # the current value is March's 12. Time runs to 31 March: 122 days = 122 / 30.4375 = 4.008214 months left.
    # needed = (15 - 12) / 4.008214 = 0.748463 a month; trend 1 a month -> projected 12 + 4.008214 = 16.008 >= 15.
    counts = series("count", [(date(2024, m, 1), 10.0 + m - 1, 1.0) for m in (1, 2, 3)])
    found = assess_target(
        target(target=15.0, baseline_period="2024-01", deadline=date(2024, 7, 31)), counts, SETTINGS, None
    )
    assert found["current"] == 12.0
    assert found["months_left"] == pytest.approx(4.008214, abs=1e-6)
    assert found["needed_per_month"] == pytest.approx(0.748463, abs=1e-6)
    assert found["trend_per_month"] == pytest.approx(1.0)
    assert found["projected"] == pytest.approx(16.008214, abs=1e-6)
    assert found["status"] == "on track"


def test_a_share_past_its_deadline_is_met_or_missed():
    # 6 of 10 in January, 8 of 10 in February: over the latest 12 months 14 / 20 = 70%, short of 75% due 15 Feb.
    shares = series("share", [(date(2024, 1, 1), 6.0, 10.0), (date(2024, 2, 1), 8.0, 10.0)])
    found = assess_target(target(target=75.0, deadline=date(2024, 2, 15)), shares, SETTINGS, None)
    assert found["current"] == pytest.approx(70.0)
    assert found["status"] == "missed"
    assert "the latest 12 months have data for 2" in found["note"]
    assert assess_target(target(target=65.0, deadline=date(2024, 2, 15)), shares, SETTINGS, None)["status"] == "met"


def test_too_little_data_for_a_trend_is_said_so():
    shares = series("share", [(date(2024, 1, 1), 6.0, 10.0)])
    found = assess_target(target(target=75.0, deadline=date(2024, 12, 31)), shares, SETTINGS, None)
    assert found["status"] == "unknown"
    assert "too little data for a trend: 1 month(s), 3 needed" in found["note"]


def test_a_change_without_a_baseline_is_measured_against_a_year_earlier():
    # 20 in January 2023, 18 in January 2024; down 5% on the year before: 20 * 0.95 = 19, and 18 is below it.
    # progress = (18 - 20) / (19 - 20) = 2: twice the change asked for.
    counts = series("count", [(date(2023, 1, 1), 20.0, 1.0), (date(2024, 1, 1), 18.0, 1.0)])
    given = target(target_type="change_pct", target=-5.0, direction="decrease", baseline_period="2024-01")
    found = assess_target({**given, "deadline": date(2024, 12, 31)}, counts, SETTINGS, None)
    assert (found["baseline_used"], found["target_value"], found["status"]) == (20.0, 19.0, "reached")
    assert found["progress"] == pytest.approx(2.0)
    assert "baseline: the same months a year earlier" in found["note"]


def test_progress_can_be_judged_at_a_chosen_date():
    # The same rising count judged on 1 July 2024: 30 days left (0.985626 months), projected 12.99 < 15: off track.
    counts = series("count", [(date(2024, m, 1), 10.0 + m - 1, 1.0) for m in (1, 2, 3)])
    given = target(target=15.0, baseline_period="2024-01", deadline=date(2024, 7, 31))
    found = assess_target(given, counts, SETTINGS, date(2024, 7, 1))
    assert found["months_left"] == pytest.approx(30 / 30.4375)
    assert found["status"] == "off track"


def test_data_after_the_chosen_date_is_not_used():
    # Judged on 15 February, March's 12 is not known yet: the current value is February's 11, and two months are
    # too few for a trend.
    counts = series("count", [(date(2024, m, 1), 10.0 + m - 1, 1.0) for m in (1, 2, 3)])
    given = target(target=15.0, baseline_period="2024-01", deadline=date(2024, 7, 31))
    found = assess_target(given, counts, SETTINGS, date(2024, 2, 15))
    assert (found["current"], found["current_period"], found["status"]) == (11.0, "2024-02", "unknown")
