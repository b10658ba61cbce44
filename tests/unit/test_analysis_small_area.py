"""The small-area model: the direct logits by hand, and its intervals' coverage on simulated areas."""

from __future__ import annotations

import numpy as np
import pytest

from queries.analysis.small_area import area_design, fay_herriot, logit_direct


def test_direct_logits_and_variances_by_hand():
    # Share 0.5 of 9: nudged (4.5 + 0.5)/10 = 0.5, logit 0, variance 1/(10 x 0.25) = 0.4. All 3 of 3 agree:
    # (3 + 0.5)/4 = 0.875, logit ln(0.875/0.125) = ln 7, variance 1/(4 x 0.875 x 0.125) = 2.2857. No responses: NaN.
    theta, variance = logit_direct(np.array([0.5, 1.0, np.nan]), np.array([9.0, 3.0, 0.0]))
    assert theta[:2] == pytest.approx([0.0, np.log(7.0)])
    assert variance[:2] == pytest.approx([0.4, 1 / (4 * 0.875 * 0.125)])
    assert np.isnan(theta[2]) and np.isnan(variance[2])


def test_design_has_an_intercept_a_dummy_per_further_csp_and_a_standardised_covariate():
    design = area_design(np.array(["A", "B", "B", None], dtype=object), np.array([1.0, 2.0, 3.0, np.nan]))
    # Covariate 1, 2, 3: mean 2, population sd sqrt(2/3); the missing one is set to the mean (0).
    z = 1 / np.sqrt(2 / 3)
    assert design.ravel().tolist() == pytest.approx([1, 0, -z, 1, 1, 0, 1, 1, z, 1, 0, 0])


def simulated_areas(rng: np.random.Generator, between_sd: float):
    """86 areas in two CSPs, as on the demo: true logit = -0.2 + 0.3 (CSP B) + 0.25 x + N(0, sd), 0 to 25
    responses each (so some areas have none: their whole sample is held out), agreeing with the true share."""
    csp = np.where(np.arange(86) < 40, "A", "B").astype(object)
    x = rng.normal(size=86)
    truth = -0.2 + 0.3 * (csp == "B") + 0.25 * x + rng.normal(0.0, between_sd, 86)
    n = rng.integers(0, 26, 86)
    agreed = rng.binomial(n, 1 / (1 + np.exp(-truth)))
    share = np.where(n > 0, agreed / np.maximum(n, 1), np.nan)
    return share, n.astype(float), area_design(csp, x), 1 / (1 + np.exp(-truth))


@pytest.mark.parametrize("between_sd", [0.3, 0.5])  # either side of the demo's estimate (0.47)
def test_95_percent_intervals_cover_the_true_share_in_93_to_97_percent_of_areas(between_sd):
    # 120 simulated partnerships of 86 areas: 10,320 intervals, so the coverage is known to about +-0.2%.
    rng = np.random.default_rng(20240611)
    covered, held_out = [], []
    for _ in range(120):
        share, n, design, truth = simulated_areas(rng, between_sd)
        fit = fay_herriot(share, n, design)
        inside = (fit.low <= truth) & (truth <= fit.high)
        covered.append(inside)
        held_out.append(inside[n == 0])
        assert np.all((fit.low <= fit.share) & (fit.share <= fit.high))
        assert np.all(fit.own_weight[n == 0] == 0)
    coverage = np.concatenate(covered).mean()
    assert 0.93 <= coverage <= 0.97
    # Areas whose every response was held out rest on the model alone, and still their intervals hold the truth.
    assert 0.90 <= np.concatenate(held_out).mean() <= 0.99


def test_an_area_with_more_responses_leans_more_on_its_own():
    rng = np.random.default_rng(5)
    share, n, design, _ = simulated_areas(rng, 0.5)
    fit = fay_herriot(share, n, design)
    answered = n > 0
    # own weight = s2 / (s2 + v), v shrinking as n grows: rank-correlated with n, and wider intervals for fewer.
    order = np.argsort(n[answered])
    assert np.corrcoef(n[answered][order], fit.own_weight[answered][order])[0, 1] > 0.8
    width = fit.high - fit.low
    assert width[n >= 20].mean() < width[(n > 0) & (n <= 5)].mean() < width[n == 0].mean()


def test_an_area_kept_off_its_own_answers_takes_the_line():
    # The small-number rule: areas marked not `own` help fit the line but their estimate is the line itself,
    # expit(x' beta), with none of their own weight, whatever their few answers said.
    rng = np.random.default_rng(11)
    share, n, design, _ = simulated_areas(rng, 0.5)
    own = n >= 5
    fit = fay_herriot(share, n, design, own=own)
    line = 1 / (1 + np.exp(-(design @ fit.coefficients)))
    assert fit.share[~own] == pytest.approx(line[~own])
    assert np.all(fit.own_weight[~own] == 0) and np.all(fit.own_weight[own & (n > 0)] > 0)
    # Changing a kept-off area's answers moves its estimate only through the shared line, not by its own weight.
    flipped = share.copy()
    few = np.flatnonzero(~own & (n > 0))[0]
    flipped[few] = 1.0 - share[few]
    refit = fay_herriot(flipped, n, design, own=own)
    assert abs(refit.share[few] - fit.share[few]) < 0.01


def test_held_out_check_scores_a_small_count_by_its_randomised_pit():
    """The held-out validation (bench/small_area_holdout.py) worked by hand: a share known to be one half gives
    one response P(0) = P(1) = 0.5, so either answer's PIT is uniform on a half of [0, 1], of which 0.475 is inside
    [0.025, 0.975]: 95% covered; with two responses, P = 0.25, 0.5, 0.25 and a count of 0 (PIT on [0, 0.25])
    is 90% covered, a count of 1 (on [0.25, 0.75]) wholly covered."""
    from bench.small_area_holdout import _pit_coverage

    assert _pit_coverage(0.0, 0.0, 1, 0) == pytest.approx(0.95)
    assert _pit_coverage(0.0, 0.0, 1, 1) == pytest.approx(0.95)
    assert _pit_coverage(0.0, 0.0, 2, 0) == pytest.approx(0.225 / 0.25)
    assert _pit_coverage(0.0, 0.0, 2, 1) == pytest.approx(1.0)
