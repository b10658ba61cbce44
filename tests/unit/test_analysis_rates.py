"""Rates: exact Poisson intervals, Marshall's empirical Bayes, and the above/below flags, by hand."""

from __future__ import annotations

import numpy as np
import pytest
from esda.smoothing import Empirical_Bayes

from queries.analysis.rates import compare_with_reference, empirical_bayes_rates, poisson_interval


def test_garwood_intervals_match_the_published_table():
    # Exact 95% limits for a Poisson count k (e.g. Ulm 1990; PHE's "Technical guide: confidence intervals"):
    #   k = 0: (0, 3.6889); k = 2: (0.2422, 7.2247); k = 10: (4.7954, 18.3904); k = 50: (37.1110, 65.9188)
    lower, upper = poisson_interval(np.array([0, 2, 10, 50]))
    assert lower == pytest.approx([0.0, 0.2422, 4.7954, 37.1110], abs=1e-4)
    assert upper == pytest.approx([3.6889, 7.2247, 18.3904, 65.9188], abs=1e-4)


def test_a_wider_confidence_gives_a_wider_interval():
    lower95, upper95 = poisson_interval(np.array([10]), 0.95)
    lower99, upper99 = poisson_interval(np.array([10]), 0.99)
    assert lower99[0] < lower95[0] and upper99[0] > upper95[0]


def test_marshall_empirical_bayes_by_hand():
    # Three areas: counts 2, 50, 20; residents 1000, 2000, 500.
    # m = 72 / 3500 = 0.0205714; raw rates r = 0.002, 0.025, 0.04.
    # s^2 = [1000(0.002-m)^2 + 2000(0.025-m)^2 + 500(0.04-m)^2] / 3500
    #     = [0.344898 + 0.0392245 + 0.188735] / 3500 = 1.636735e-4
    # A = s^2 - m / mean(P) = 1.636735e-4 - 0.0205714/1166.667 = 1.636735e-4 - 1.763265e-5 = 1.460408e-4
    # C_1 = A / (A + m/1000) = 1.460408e-4 / 1.666122e-4 = 0.876531
    # EB_1 = 0.876531 * 0.002 + 0.123469 * 0.0205714 = 0.0017531 + 0.0025399 = 0.0042930
    # likewise C_2 = 0.934204, EB_2 = 0.0247086; C_3 = 0.780201, EB_3 = 0.0357296.
    counts, population = np.array([2.0, 50.0, 20.0]), np.array([1000.0, 2000.0, 500.0])
    smoothed = empirical_bayes_rates(counts, population)
    assert smoothed == pytest.approx([0.0042930, 0.0247086, 0.0357296], abs=1e-7)
    # The same as esda's global Empirical_Bayes (which does not truncate A at 0; here A > 0 anyway).
    assert smoothed == pytest.approx(Empirical_Bayes(counts, population).r.ravel(), rel=1e-12)


def test_empirical_bayes_shrinks_everything_to_the_mean_when_areas_differ_no_more_than_chance():
    # Rates 0.010 and 0.011 in 1000 residents each: s^2 = 2.5e-7 < m/mean(P) = 1.05e-5, so A = 0 and every area
    # gets the global rate 21/2000 = 0.0105. Areas without residents get NaN, and do not move the estimate.
    smoothed = empirical_bayes_rates(np.array([10.0, 11.0, 4.0]), np.array([1000.0, 1000.0, np.nan]))
    assert smoothed[:2] == pytest.approx([0.0105, 0.0105])
    assert np.isnan(smoothed[2])


def test_flags_say_above_below_similar_or_no_population():
    lower = np.array([5.0, 1.0, 1.0, np.nan])
    upper = np.array([9.0, 3.0, 6.0, np.nan])
    flags = compare_with_reference(lower, upper, np.array([4.0, 4.0, 4.0, 4.0]))
    assert flags.tolist() == ["above", "below", "similar", "no population"]
