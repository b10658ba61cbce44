"""ASB case standards per area: counts of cases meeting each standard where it is known, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from queries.analysis.standards import standard_shares

# Three cases in A, one in B; None means the file did not say.
CASES = pd.DataFrame(
    {
        "area_code": ["A", "A", "A", "B"],
        "responded_within_24h": [True, False, True, True],
        "named_caseworker": pd.array([True, True, False, None], dtype="boolean"),
        "reviewed_monthly": pd.array([True, None, False, None], dtype="boolean"),
    }
)


def test_each_standard_is_counted_where_it_is_known():
    shares = standard_shares(CASES, "area_code", 0.95)
    a = shares.loc["A"]
    # A: responded 2 of 3; named 2 of 3; reviewed 1 of the 2 where it is known.
    assert [a["responded_within_24h_met"], a["responded_within_24h_known"]] == [2, 3]
    assert [a["named_caseworker_met"], a["named_caseworker_known"]] == [2, 3]
    assert [a["reviewed_monthly_met"], a["reviewed_monthly_known"]] == [1, 2]
    assert a["reviewed_monthly_share"] == 0.5
    # Wilson for 2 of 3: z^2/n = 1.280486; centre (0.666667 + 0.640243) / 2.280486 = 0.573083;
    # half (1.959964 / 2.280486) * sqrt(0.222222 / 3 + 3.841459 / 36) = 0.859452 * 0.425184 = 0.365425.
    assert [a["responded_within_24h_low"], a["responded_within_24h_high"]] == pytest.approx(
        [0.207660, 0.938508], abs=2e-6
    )
    # B: nothing known about the caseworker or reviews: no share, not a failure.
    assert shares.loc["B", "named_caseworker_known"] == 0
    assert pd.isna(shares.loc["B", "named_caseworker_share"])


def test_a_case_fails_when_it_fails_any_known_standard():
    shares = standard_shares(CASES, "area_code", 0.95)
    # A: the second case was not answered in 24 h, the third had no named caseworker (and no monthly review): 2 of 3.
    # B: its only known standard was met: 0 of 1.
    assert shares["failing_any"].to_dict() == {"A": 2, "B": 0}
    assert shares["failing_share"].to_dict() == pytest.approx({"A": 2 / 3, "B": 0.0})
