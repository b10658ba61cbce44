"""Hold out half of each area's survey responses and check the small-area model's intervals on them.

Run from the repository root: ``python -m bench.small_area_holdout --db cspmap.duckdb``. For each of 50 seeded
splits, half of every neighbourhood's responses (latest 12 months) are held out; the model is fitted on the other
half, and its 95% interval, widened by the held-out half's own sampling error, is checked against the held-out
half's share. With ``--simulate``, the simulation of tests/unit/test_analysis_small_area.py instead, at three
between-area spreads, 200 partnerships each. Figures in docs/analysis.md.
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
    covered = []
    for _ in range(SPLITS):
        held = rng.random(len(rows)) < 0.5
        kept = weighted_shares(rows[~held], "area_code", "confidence_agree").reindex(codes)
        out = weighted_shares(rows[held], "area_code", "confidence_agree").reindex(codes)
        own = kept["responses"].fillna(0).to_numpy() >= config.confidence.modelled_own_min  # as the product does
        fit = fay_herriot(kept["share"].to_numpy(float), kept["effective_n"].fillna(0).to_numpy(), design, own=own)
        centre = special.logit(fit.share)
        mse = ((special.logit(fit.high) - special.logit(fit.low)) / (2 * z)) ** 2
        n_out = out["effective_n"].fillna(0).to_numpy()
        p_out = out["share"].to_numpy(float)
        judged = n_out > 0
        nudged = (p_out * n_out + 0.5) / (n_out + 1.0)
        sampling = 1.0 / ((n_out + 1.0) * fit.share * (1.0 - fit.share))
        inside = np.abs(special.logit(nudged) - centre) <= z * np.sqrt(mse + sampling)
        covered.append(inside[judged])
    every = np.concatenate(covered)
    print(f"{args.level}: {len(every):,} held-out area halves over {SPLITS} splits; covered {every.mean():.1%}")


if __name__ == "__main__":
    main()
