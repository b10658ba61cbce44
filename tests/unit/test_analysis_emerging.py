"""Emerging hot spots: the Mann-Kendall test on hand-worked series and Esri's categories on made-up histories."""

from __future__ import annotations

import numpy as np
import pytest

from queries.analysis.emerging import classify_location, mann_kendall


def test_mann_kendall_by_hand():
    # x = 1, 2, 3, 5, 4. Pairs (i < j): from 1: +4; from 2: +3; from 3: +2; 5 then 4: -1. S = 8.
    # Var(S) = n(n-1)(2n+5)/18 = 5*4*15/18 = 16.6667; z = (S - 1)/sqrt(Var) = 7/4.08248 = 1.71464;
    # p = 2(1 - Phi(1.71464)) = 0.08641; tau = S / (n(n-1)/2) = 8/10 = 0.8.
    result = mann_kendall(np.array([1.0, 2.0, 3.0, 5.0, 4.0]))
    assert result.s[0] == 8
    assert result.variance[0] == pytest.approx(16.6667, abs=1e-4)
    assert result.z[0] == pytest.approx(1.71464, abs=1e-5)
    assert result.p[0] == pytest.approx(0.08641, abs=1e-5)
    assert result.tau[0] == pytest.approx(0.8)


def test_mann_kendall_with_ties_and_a_falling_series():
    # x = 1, 1, 2: S = 0 + 1 + 1 = 2; one tie group of t = 2 adds 2*1*9 = 18:
    # Var = (3*2*11 - 18)/18 = 48/18 = 2.6667; z = (2 - 1)/1.63299 = 0.61237.
    # A falling series 3, 2, 1: S = -3, Var = 3*2*11/18 = 3.6667, z = (-3 + 1)/1.91485 = -1.04447.
    # A flat series: S = 0 and z = 0.
    result = mann_kendall(np.array([[1.0, 1.0, 2.0], [3.0, 2.0, 1.0], [4.0, 4.0, 4.0]]))
    assert result.s.tolist() == [2.0, -3.0, 0.0]
    assert result.variance[:2] == pytest.approx([2.6667, 3.6667], abs=1e-4)
    assert result.z == pytest.approx([0.61237, -1.04447, 0.0], abs=1e-5)
    assert result.p[2] == pytest.approx(1.0)


# Histories over ten months (oldest first): 1 = significant hot spot, -1 = significant cold spot, 0 = neither (N).
H, C, N = 1, -1, 0


@pytest.mark.parametrize(
    ("history", "trend_z", "trend_p", "expected"),
    [
        ([N, N, N, N, N, N, N, N, N, H], 1.0, 0.3, "new hot spot"),
        ([N, N, N, N, N, N, N, H, H, H], 2.5, 0.01, "consecutive hot spot"),
        ([H, H, H, H, H, H, H, H, H, H], 3.0, 0.003, "intensifying hot spot"),
        ([H, H, H, H, H, H, H, H, H, H], 0.4, 0.7, "persistent hot spot"),
        ([N, H, H, H, H, H, H, H, H, H], -2.2, 0.03, "diminishing hot spot"),
        ([H, H, H, H, H, H, H, H, H, N], 0.0, 1.0, "historical hot spot"),
        ([H, N, H, N, N, H, N, N, N, H], 0.5, 0.6, "sporadic hot spot"),
        ([C, N, N, H, N, N, N, N, H, H], 1.5, 0.1, "oscillating hot spot"),
        ([N, N, N, N, N, N, N, N, N, C], -1.0, 0.3, "new cold spot"),
        ([C, C, C, C, C, C, C, C, C, C], -3.0, 0.003, "intensifying cold spot"),
        ([H, N, N, N, N, N, N, N, N, C], -1.0, 0.3, "oscillating cold spot"),
        ([N, N, H, N, N, N, N, N, N, N], 0.0, 1.0, "no pattern"),
    ],
)
def test_esri_categories(history, trend_z, trend_p, expected):
    history = np.array(history)
    assert classify_location(history == H, history == C, trend_z, trend_p, alpha=0.05, share=0.9) == expected
