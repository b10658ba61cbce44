"""Survey shares: weighted agreement with don't-knows left out, suppression and the target, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from queries.analysis.confidence import judge_shares, weighted_shares

# Area A: weights 1, 1, 2 answering agree, disagree, agree, and one don't know; area B: two agreeing, weight 1.
RESPONSES = pd.DataFrame(
    {
        "area_code": ["A", "A", "A", "A", "B", "B"],
        "weight": [1.0, 1.0, 2.0, 1.0, 1.0, 1.0],
        "confidence_agree": pd.array([True, False, True, None, True, True], dtype="boolean"),
    }
)


def test_weighted_share_leaves_dont_know_out():
    shares = weighted_shares(RESPONSES, "area_code", "confidence_agree")
    # A: (1 + 2) / (1 + 1 + 2) = 0.75 of 3 answers (1 don't know); Kish n = 4^2 / (1 + 1 + 4) = 2.667. B: 2 of 2.
    assert shares.loc["A"].tolist() == pytest.approx([3, 1, 8 / 3, 0.75])
    assert shares.loc["B"].tolist() == pytest.approx([2, 0, 2.0, 1.0])


def test_shares_on_too_few_responses_are_suppressed_and_others_compared_with_the_target():
    judged = judge_shares(weighted_shares(RESPONSES, "area_code", "confidence_agree"), 3, 0.95, 0.6)
    # A (3 responses): 0.75 with interval (0.2385, 0.9664) around the target 0.6: similar.
    assert judged.loc["A", ["share", "share_low", "share_high"]].tolist() == pytest.approx(
        [0.75, 0.238502, 0.966370], abs=1e-6
    )
    assert judged.loc["A", "compared"] == "similar"
    # B has 2 answered responses, fewer than 3: no share, no interval, and the reason.
    assert np.isnan(judged.loc["B", "share"]) and np.isnan(judged.loc["B", "share_low"])
    assert judged.loc["B", ["compared", "reason"]].tolist() == ["suppressed", "suppressed: 2 responses, fewer than 3"]


def test_a_share_is_above_or_below_the_target_only_when_its_whole_interval_is():
    # n = 100: z^2/n = 0.0384146, so the denominator is 1.0384146 and z / it = 1.887457.
    # 0.9: centre (0.9 + 0.0192073) / 1.0384146 = 0.885201, half 1.887457 * sqrt(0.0009 + 0.00009604) = 0.059568:
    #      (0.8256, 0.9448), wholly above 0.6.
    # 0.4: centre 0.4192073 / 1.0384146 = 0.403699, half 1.887457 * sqrt(0.0024 + 0.00009604) = 0.094299:
    #      (0.309401, 0.497997), wholly below.
    shares = pd.DataFrame(
        {"responses": [100, 100], "dont_know": [0, 0], "effective_n": [100.0, 100.0], "share": [0.9, 0.4]},
        index=["high", "low"],
    )
    judged = judge_shares(shares, 30, 0.95, 0.6)
    assert judged["compared"].tolist() == ["above", "below"]
    assert judged.loc["high", ["share_low", "share_high"]].tolist() == pytest.approx([0.825633, 0.944769], abs=1e-5)
    assert judged.loc["low", ["share_low", "share_high"]].tolist() == pytest.approx([0.309401, 0.497997], abs=2e-6)
