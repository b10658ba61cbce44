"""Hold out half of each area's survey responses and check the small-area model's intervals on them.

Run from the repository root: ``python -m bench.small_area_holdout --db cspmap.duckdb``. For each of 50 seeded
splits, half of every neighbourhood's responses (latest 12 months) are held out and the model is fitted on the
other half. The held-out half is a small sample (1 to 10 responses), so it is judged as what it is, a count: the
model's estimate (normal on the logit, with the interval's spread) and the binomial sampling of the held-out
half's effective number of responses give the count's predictive distribution, and a held-out half counts as
covered by the share of its randomised PIT (Czado, Gneiting and Held 2009) that falls in the central 95%. That
share is exactly 95% on average when the model is right, whatever the sample sizes; a plain "is the count inside
the central 95% of counts" is conservative for small counts, and the earlier check (the held-out share's logit
against the interval widened by a normal sampling error) was conservative too (97.3%). Both are printed.
With ``--simulate``, the simulation of tests/unit/test_analysis_small_area.py instead, at three between-area
spreads, 200 partnerships each. Figures in docs/analysis.md.
"""

from __future__ import annotations

import argparse

import duckdb
import numpy as np
from scipy import special, stats

from queries.analysis.confidence import survey_rows, weighted_shares
from queries.analysis.partner_data import level_areas
from queries.analysis.small_area import area_design, fay_herriot
from queries.config import load_config
from queries.sql_files import load_sql

SPLITS = 50
_NODES, _NODE_WEIGHTS = np.polynomial.hermite_e.hermegauss(60)  # for the normal on the logit


def simulate() -> None:
    from tests.unit.test_analysis_small_area import simulated_areas

    for variance in (0.05, 0.15, 0.40):
        rng = np.random.default_rng(7)
        covered = []
        for _ in range(200):
            share, n, design, truth = simulated_areas(rng, np.sqrt(variance))
            fit = fay_herriot(share, n, design)
            covered.append((fit.low <= truth) & (truth <= fit.high))
        print(f"between-area variance {variance:.2f}: 95% intervals covered {np.concatenate(covered).mean():.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="cspmap.duckdb")
    parser.add_argument("--level", default="neighbourhood")
    parser.add_argument("--simulate", action="store_true")
    args = parser.parse_args()
    if args.simulate:
        simulate()
        return
    config = load_config()
    z = stats.norm.ppf(0.975)
    with duckdb.connect(args.db, read_only=True) as con:
        rows = survey_rows(con, args.level, config).rows
        areas = level_areas(con, args.level, config.rates.reference_level)
        incidents = con.execute(load_sql("small_area_incidents"), {"level": args.level}).df().set_index("area_code")
    codes = areas["area_code"]
    counts = incidents["incidents"].reindex(codes).fillna(0).to_numpy(dtype=float)
    rate = np.log1p(1000.0 * counts / areas["population"].to_numpy(dtype=float))
    design = area_design(areas["reference_code"].to_numpy(), rate)
    rng = np.random.default_rng(20240611)
    pit: list[float] = []
    inside: list[bool] = []
    for _ in range(SPLITS):
        held = rng.random(len(rows)) < 0.5
        kept = weighted_shares(rows[~held], "area_code", "confidence_agree").reindex(codes)
        out = weighted_shares(rows[held], "area_code", "confidence_agree").reindex(codes)
        own = kept["responses"].fillna(0).to_numpy() >= config.confidence.modelled_own_min  # as the product does
        fit = fay_herriot(kept["share"].to_numpy(float), kept["effective_n"].fillna(0).to_numpy(), design, own=own)
        centre = special.logit(fit.share)
        spread = (special.logit(fit.high) - special.logit(fit.low)) / (2 * z)
        n_out = np.rint(out["effective_n"].fillna(0).to_numpy()).astype(int)
        agreed = np.rint(out["share"].fillna(0).to_numpy(float) * n_out).astype(int)
        judged = np.flatnonzero(n_out > 0)
        pit.extend(_pit_coverage(centre[i], spread[i], n_out[i], agreed[i]) for i in judged)
        inside.extend(_central_set_holds(centre[i], spread[i], n_out[i], agreed[i]) for i in judged)
    print(
        f"{args.level}: {len(pit):,} held-out area halves over {SPLITS} splits; "
        f"covered (randomised PIT in the central 95%) {np.mean(pit):.1%}; "
        f"held-out count inside the central 95% of counts {np.mean(inside):.1%}"
    )


def _predictive_counts(centre: float, spread: float, n: int) -> np.ndarray:
    """P(k of n agree) when the share's logit is normal(centre, spread) and the n answers are binomial."""
    shares = special.expit(centre + spread * _NODES)
    pmf = stats.binom.pmf(np.arange(n + 1)[:, None], n, shares[None, :]) @ _NODE_WEIGHTS
    return pmf / pmf.sum()


def _pit_coverage(centre: float, spread: float, n: int, agreed: int) -> float:
    """The share of the randomised PIT of ``agreed`` (uniform between F(k-1) and F(k)) inside [2.5%, 97.5%]."""
    pmf = _predictive_counts(centre, spread, n)
    below, upto = pmf[:agreed].sum(), pmf[: agreed + 1].sum()
    return max(0.0, min(upto, 0.975) - max(below, 0.025)) / pmf[agreed]


def _central_set_holds(centre: float, spread: float, n: int, agreed: int) -> bool:
    """Whether ``agreed`` is inside the central 95% of predicted counts (2.5% or less cut off each side)."""
    cdf = np.cumsum(_predictive_counts(centre, spread, n))
    low = int(np.searchsorted(cdf, 0.025, side="right"))  # the smallest k with P(K <= k) > 2.5%
    high = int(np.searchsorted(cdf, 0.975, side="left"))  # the smallest k with P(K <= k) >= 97.5%
    return low <= agreed <= high


if __name__ == "__main__":
    main()
