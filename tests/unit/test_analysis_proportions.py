"""Shares: Wilson intervals, Kish's effective sample size and shrinkage towards the CSP, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from queries.analysis.proportions import kish_effective_n, shrink_towards, wilson_interval


def test_wilson_interval_matches_the_published_values():
    # Newcombe (1998), Statistics in Medicine 17, table II: 5 of 10 -> (0.2366, 0.7634). By hand, z = 1.959964,
    # z^2 = 3.841459: centre = (0.5 + 0.192073) / 1.384146 = 0.5, half = 1.415994 * sqrt(0.025 + 0.0096036) = 0.2634.
    low, high = wilson_interval(np.array([0.5]), np.array([10.0]))
    assert (low[0], high[0]) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    # A share of 0 still has an upper limit: z^2/(n + z^2) = 3.841459 / 13.841459 = 0.27753 for 0 of 10.
    low, high = wilson_interval(np.array([0.0]), np.array([10.0]))
    assert low[0] == pytest.approx(0.0, abs=1e-12) and high[0] == pytest.approx(0.27753, abs=1e-5)


def test_wilson_interval_on_an_effective_sample_size_and_with_none():
    # p = 0.75 on n = 8/3: z^2/n = 1.440547; centre = (0.75 + 0.720274) / 2.440547 = 0.602436;
    # half = (1.959964 / 2.440547) * sqrt(0.1875 / 2.666667 + 3.841459 / 28.444444) = 0.803083 * 0.453171 = 0.363934.
    low, high = wilson_interval(np.array([0.75, np.nan]), np.array([8 / 3, 0.0]))
    assert (low[0], high[0]) == pytest.approx((0.238502, 0.966370), abs=1e-6)
    assert np.isnan(low[1]) and np.isnan(high[1])  # no responses, no interval


def test_kish_effective_sample_size():
    # Weights 1, 1, 2: (1 + 1 + 2)^2 / (1 + 1 + 4) = 16 / 6 = 2.667; equal weights give n; none gives 0.
    assert kish_effective_n(np.array([4.0, 3.0, 0.0]), np.array([6.0, 3.0, 0.0])).tolist() == pytest.approx(
        [16 / 6, 3.0, 0.0]
    )


def test_shrinkage_towards_the_reference_by_hand():
    # Shares 0.2 and 0.8 on 100 responses each, reference 0.5, and an area with none.
    # spread = (100 * 0.09 + 100 * 0.09) / 200 = 0.09; chance = 0.5 * 0.5 / mean n (100) = 0.0025; A = 0.0875.
    # C = 0.0875 / (0.0875 + 0.25 / 100) = 0.972222: 0.972222 * 0.2 + 0.027778 * 0.5 = 0.208333, and 0.791667.
    shrunk = shrink_towards(np.array([0.2, 0.8, np.nan]), np.array([100.0, 100.0, 0.0]), np.full(3, 0.5), 0.5)
    assert shrunk == pytest.approx([0.208333, 0.791667, 0.5], abs=1e-6)


def test_shares_no_further_apart_than_chance_all_take_the_reference():
    # 3 of 4 and 1 of 2 around a reference of 2/3: spread = (4 * (1/12)^2 + 2 * (1/6)^2) / 6 = 0.013889 is less
    # than chance, (2/3)(1/3) / 3 = 0.074074, so A = 0 and both areas get 2/3 exactly.
    shrunk = shrink_towards(np.array([0.75, 0.5]), np.array([4.0, 2.0]), np.full(2, 2 / 3), 2 / 3)
    assert shrunk == pytest.approx([2 / 3, 2 / 3])
