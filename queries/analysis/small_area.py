"""Modelled small-area shares: a Fay-Herriot model on the logit scale that borrows strength from the CSP and from
area covariates, so every area gets an estimate with a 95% interval even where too few responded to publish one.

The estimate is labelled as modelled wherever it is shown: it is not a count of what the area's residents said.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special


@dataclass(frozen=True)
class FayHerriotFit:
    """Per area: the modelled share and its interval (``share``, ``low``, ``high``), and how much of it rests on the
    area's own responses (``own_weight``: 0 for an area with none). ``between_variance`` is the variance of the
    areas' true logits about the model's line, ``coefficients`` the line's."""

    share: np.ndarray
    low: np.ndarray
    high: np.ndarray
    own_weight: np.ndarray
    between_variance: float
    coefficients: np.ndarray


def logit_direct(share: np.ndarray, effective_n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each area's direct estimate on the logit scale and its sampling variance (NaN where no one answered).

    The share is first nudged away from 0 and 1 by half a response, (share n + 1/2) / (n + 1), so that an area where
    all or none agreed still has a finite logit; the variance is the delta method's 1 / (n p (1 - p)) at that share.
    """
    n = np.asarray(effective_n, dtype=float)
    p = np.asarray(share, dtype=float)
    answered = (n > 0) & np.isfinite(p)
    nudged = np.where(answered, (p * n + 0.5) / (n + 1.0), np.nan)
    variance = np.where(answered, 1.0 / ((n + 1.0) * nudged * (1.0 - nudged)), np.nan)
    return special.logit(nudged), variance


def fay_herriot(
    share: np.ndarray,
    effective_n: np.ndarray,
    covariates: np.ndarray,
    confidence: float = 0.95,
    own: np.ndarray | None = None,
) -> FayHerriotFit:
    """Fit theta_i = x_i' beta + u_i + e_i on the areas' logit shares and give every area its best estimate.

    u_i ~ N(0, s2) is the area's own departure from the line (s2 by adjusted restricted maximum likelihood),
    e_i ~ N(0, v_i) the sampling error of its direct estimate (``logit_direct``). An answered area's estimate is
    the precision-weighted mix g theta_i + (1 - g) x_i' beta with g = s2 / (s2 + v_i); an area with no responses
    takes the line.
    Its mean squared error is g1 + g2 + g3 in Prasad and Rao's terms (g3: the uncertainty in s2; the textbook
    2 g3 corrects g1's downward bias under REML, which the adjusted s2 already leans against), and the interval
    is estimate +- z sqrt(mse) on the logit scale, turned back into shares. ``covariates`` is (areas, k) and
    should hold a column of ones. ``own`` (default: every area) says whose own responses may shape their own
    estimate; the others still help fit the line but take it, as an area with no responses does, so that a
    handful of answers cannot be worked back from the published figure.
    """
    theta, v = logit_direct(share, effective_n)
    n = np.asarray(effective_n, dtype=float)
    x = np.asarray(covariates, dtype=float)
    seen = np.isfinite(theta)
    if seen.sum() <= x.shape[1]:
        raise ValueError("too few areas with responses to fit the model")
    xs, ts = x[seen], theta[seen]
    # The direct variance at the area's own share is noisy and tied to its error (an area where few agreed looks
    # precise), which biases s2 down and the intervals narrow; the variance at the model's line for the area (a
    # generalised variance function) avoids both. Two rounds settle it.
    vs = v[seen]
    for _ in range(2):
        s2 = _restricted_ml_variance(xs, ts, vs)
        line = xs @ _gls(xs, ts, 1.0 / (s2 + vs))
        expected = special.expit(line)
        vs = 1.0 / ((n[seen] + 1.0) * expected * (1.0 - expected))
    s2 = _restricted_ml_variance(xs, ts, vs)
    v = np.full(len(theta), np.nan)
    v[seen] = vs
    weights = 1.0 / (s2 + vs)
    information = xs.T @ (xs * weights[:, None])
    covariance = np.linalg.inv(information)
    beta = covariance @ (xs.T @ (ts * weights))
    line = x @ beta
    # The areas whose own logit enters their estimate.
    used = seen if own is None else seen & np.asarray(own, dtype=bool)
    gamma = np.where(used, s2 / (s2 + np.where(used, v, 1.0)), 0.0)
    estimate = np.where(used, gamma * np.where(used, theta, 0.0) + (1.0 - gamma) * line, line)
    # Prasad-Rao: g1 the error of the mix had beta and s2 been known, g2 from estimating beta, g3 from s2 (its
    # asymptotic variance is 2 / sum(1 / (s2 + v)^2)).
    g1 = np.where(used, gamma * np.where(used, v, 0.0), s2)
    g2 = (1.0 - gamma) ** 2 * np.einsum("ij,jk,ik->i", x, covariance, x)
    var_s2 = 2.0 / np.sum(weights**2)
    g3 = np.where(used, np.where(used, v, 0.0) ** 2 / np.where(used, s2 + v, 1.0) ** 3 * var_s2, var_s2)
    mse = g1 + g2 + g3
    z = special.ndtri(0.5 + confidence / 2.0)  # the normal quantile: what scipy.stats.norm.ppf calls
    spread = z * np.sqrt(mse)
    return FayHerriotFit(
        share=special.expit(estimate),
        low=special.expit(estimate - spread),
        high=special.expit(estimate + spread),
        own_weight=gamma,
        between_variance=s2,
        coefficients=beta,
    )


def _gls(x: np.ndarray, t: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return np.linalg.solve(x.T @ (x * weights[:, None]), x.T @ (t * weights))


def _restricted_ml_variance(x: np.ndarray, t: np.ndarray, v: np.ndarray) -> float:
    """The adjusted REML estimate of the between-area variance s2 (Li and Lahiri 2010: always above 0)."""

    def minus_loglik(log_s2: float) -> float:
        total = np.exp(log_s2) + v
        weights = 1.0 / total
        information = x.T @ (x * weights[:, None])
        resid = t - x @ np.linalg.solve(information, x.T @ (t * weights))
        restricted = 0.5 * (np.log(total).sum() + np.linalg.slogdet(information)[1] + (resid**2 * weights).sum())
        # Li and Lahiri's adjustment: the likelihood times s2, so the estimate is never 0 (an estimate of 0 would
        # claim every area sits exactly on the line, and its intervals would be far too narrow).
        return restricted - log_s2

    found = optimize.minimize_scalar(minus_loglik, bounds=(np.log(1e-6), np.log(10.0)), method="bounded")
    return float(np.exp(found.x))


def area_design(reference: np.ndarray, covariate: np.ndarray | None) -> np.ndarray:
    """The model's covariates: one intercept per reference area (CSP), plus a standardised covariate if given.

    An area with no reference area is taken with the first one; a missing covariate is set to the mean.
    """
    codes = np.asarray(reference, dtype=object)
    known = [code for code in dict.fromkeys(codes) if isinstance(code, str)]
    columns = [np.ones(len(codes))]
    # One column of ones plus a dummy for every CSP but the first: the first is the baseline.
    columns += [(codes == code).astype(float) for code in known[1:]]
    if covariate is not None:
        values = np.asarray(covariate, dtype=float)
        if np.isfinite(values).sum() > 1 and np.nanstd(values) > 0:
            standard = (values - np.nanmean(values)) / np.nanstd(values)
            columns.append(np.where(np.isfinite(standard), standard, 0.0))
    return np.column_stack(columns)
