"""Shares of people or cases: Wilson intervals, the Kish effective sample size of weighted responses, and
empirical-Bayes shrinkage of small-sample shares towards a reference (the CSP's share)."""

from __future__ import annotations

import numpy as np
from scipy import special


def wilson_interval(share: np.ndarray, n: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a share observed in ``n`` (possibly effective, non-integer) responses.

    With z the normal quantile: centre = (p + z^2/2n) / (1 + z^2/n) and half-width =
    z / (1 + z^2/n) * sqrt(p(1 - p)/n + z^2/4n^2). NaN where n is 0.
    """
    p = np.asarray(share, dtype=float)
    n = np.asarray(n, dtype=float)
    z = special.ndtri(0.5 + confidence / 2.0)  # the normal quantile: what scipy.stats.norm.ppf calls
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = 1.0 + z**2 / n
        centre = (p + z**2 / (2.0 * n)) / denominator
        half = z / denominator * np.sqrt(p * (1.0 - p) / n + z**2 / (4.0 * n**2))
    valid = n > 0
    return np.where(valid, centre - half, np.nan), np.where(valid, centre + half, np.nan)


def kish_effective_n(weight_sum: np.ndarray, weight_squares: np.ndarray) -> np.ndarray:
    """Kish's effective sample size (sum w)^2 / sum w^2: n when every weight is equal, fewer when weights vary."""
    weight_sum = np.asarray(weight_sum, dtype=float)
    weight_squares = np.asarray(weight_squares, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(weight_squares > 0, weight_sum**2 / weight_squares, 0.0)


def shrink_towards(share: np.ndarray, n: np.ndarray, reference: np.ndarray, overall: float) -> np.ndarray:
    """Each area's share pulled towards its reference share, the more so the fewer its responses.

    The proportion analogue of Marshall's empirical Bayes (as in ``rates.empirical_bayes_rates``): with r_i the
    reference share, the true between-area variance around it is estimated as
    A = sum(n_i (p_i - r_i)^2) / sum(n_i) - R(1 - R) / mean(n), where R is the ``overall`` share and the mean is
    over areas with responses (A is set to 0 when negative); each area keeps the weight C_i = A / (A + r_i(1 - r_i)
    / n_i) on its own share: shrunk_i = C_i p_i + (1 - C_i) r_i. An area with no responses takes its reference.
    """
    p = np.asarray(share, dtype=float)
    n = np.asarray(n, dtype=float)
    r = np.asarray(reference, dtype=float)
    has = (n > 0) & np.isfinite(p)
    if not has.any():
        return r.copy()
    spread = (n[has] * (p[has] - r[has]) ** 2).sum() / n[has].sum()
    between = max(spread - overall * (1.0 - overall) / n[has].mean(), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        chance = np.where(has, r * (1.0 - r) / n, np.inf)
        weight = np.where(has & (between + chance > 0), between / (between + chance), 0.0)
    return np.where(has, weight * np.nan_to_num(p) + (1.0 - weight) * r, r)
