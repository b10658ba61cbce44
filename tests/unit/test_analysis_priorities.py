"""The priority index: normalisation, weighted scores, contributions and rank stability on three areas."""

from __future__ import annotations

import numpy as np
import pytest

from queries.analysis.priorities import normalise, rank_stability, tied_scores, weighted_scores

# Three areas A, B, C and two components: x1 = 10, 20, 30 and x2 = 3, 1, 2.
X1 = np.array([10.0, 20.0, 30.0])
X2 = np.array([3.0, 1.0, 2.0])


def test_normalisations_by_hand():
    # percentile: (rank - 1)/(n - 1): x1 -> 0, 0.5, 1; x2 (ranks 3, 1, 2) -> 1, 0, 0.5.
    assert normalise(X1, "percentile").tolist() == [0.0, 0.5, 1.0]
    assert normalise(X2, "percentile").tolist() == [1.0, 0.0, 0.5]
    # Ties share their average rank: 5, 5, 9 have ranks 1.5, 1.5, 3 -> 0.25, 0.25, 1.
    assert normalise(np.array([5.0, 5.0, 9.0]), "percentile").tolist() == [0.25, 0.25, 1.0]
    # minmax on 3, 1, 2: (x - 1)/2 -> 1, 0, 0.5. zscore on 10, 20, 30: mean 20, sd sqrt(200/3) = 8.16497.
    assert normalise(X2, "minmax").tolist() == [1.0, 0.0, 0.5]
    assert normalise(X1, "zscore") == pytest.approx([-1.224745, 0.0, 1.224745], abs=1e-6)
    # A component that does not vary cannot rank anyone.
    assert normalise(np.array([4.0, 4.0, 4.0]), "zscore").tolist() == [0.0, 0.0, 0.0]


def test_weighted_scores_and_contributions_by_hand():
    # Weights 1 and 3. score = 100 * (1*x1 + 3*x2) / 4 on the percentile scale:
    #   A: 100 * (0 + 3*1)/4 = 75;  B: 100 * (0.5 + 0)/4 = 12.5;  C: 100 * (1 + 3*0.5)/4 = 62.5
    normalised = np.column_stack([normalise(X1, "percentile"), normalise(X2, "percentile")])
    scores = weighted_scores(normalised, np.array([1.0, 3.0]))[0]
    assert scores.tolist() == [75.0, 12.5, 62.5]
    # Contributions 100 * w_k x_k / sum(w) add up to the score: C = 25 + 37.5.
    contributions = 100 * normalised * np.array([1.0, 3.0]) / 4
    assert contributions[2].tolist() == [25.0, 37.5]
    assert contributions.sum(axis=1).tolist() == scores.tolist()


def test_rank_stability_by_hand():
    # Weights 1 and 2 on the same components: A = 100*w2/(w1+w2), C = 100*(w1 + 0.5 w2)/(w1+w2), so A is first
    # exactly when w2 > 2 w1. With w1 = U1 and w2 = 2 U2 (U uniform on [0.8, 1.2]) that is U2 > U1: a half.
    normalised = np.column_stack([normalise(X1, "percentile"), normalise(X2, "percentile")])
    share = rank_stability(normalised, np.array([1.0, 2.0]), top=1, perturbation=0.2, runs=4000, seed=11)
    assert share[0] == pytest.approx(0.5, abs=0.03)  # 4 standard errors: sqrt(0.25/4000) = 0.0079
    assert share[1] == 0.0
    assert share.sum() == pytest.approx(1.0)
    # Without perturbation every run is the same ranking; in the top 2 each time: A and C.
    fixed = rank_stability(normalised, np.array([1.0, 3.0]), top=2, perturbation=0.0, runs=10, seed=11)
    assert fixed.tolist() == [1.0, 0.0, 1.0]
    # The same seed gives the same answer.
    again = rank_stability(normalised, np.array([1.0, 2.0]), top=1, perturbation=0.2, runs=4000, seed=11)
    assert again.tolist() == share.tolist()


def test_mathematically_equal_scores_share_a_rank():
    # Eleven areas give percentile steps of 0.1. Area A has components 0.1 and 0.2, area B 0.3 and 0: both score
    # 100 x 0.3 / 2 = 15 exactly, but 0.1 + 0.2 is 0.30000000000000004 in binary, so the raw scores differ.
    steps = normalise(np.arange(11.0), "percentile")
    normalised = np.array([[steps[1], steps[2]], [steps[3], steps[0]], [steps[9], steps[9]], [steps[1], steps[0]]])
    raw = weighted_scores(normalised, np.array([1.0, 1.0]))[0]
    assert raw[0] != raw[1]  # the floating-point noise the ranking must not see
    ranks, scores = tied_scores(raw)
    # C scores 90 (rank 1); A and B tie at 15 (both rank 2); D scores 5 (rank 4, after the two-way tie).
    assert ranks.tolist() == [2.0, 2.0, 1.0, 4.0]
    assert scores[0] == scores[1]
    assert scores.tolist() == pytest.approx([15.0, 15.0, 90.0, 5.0], abs=1e-12)


def test_priority_scores_25_x_3161_over_791_tie():
    # The case: two scores of 25 x 3161/791 = 99.905..., one nudged 1e-13
    # either way; a genuinely lower score 1e-6 below stays apart, and a missing score has no rank.
    exact = 25 * 3161 / 791
    raw = np.array([exact - 1e-13, exact + 1e-13, exact - 1e-6, np.nan, 40.0])
    ranks, _ = tied_scores(raw)
    assert ranks[:3].tolist() == [1.0, 1.0, 3.0]
    assert np.isnan(ranks[3])
    assert ranks[4] == 4.0
