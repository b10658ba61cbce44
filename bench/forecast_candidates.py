"""Try forecast methods against prior counts on the demo's folds: the figures in docs/analysis.md.

Run from the repository root: ``python -m bench.forecast_candidates --db cspmap.duckdb``. Every candidate is
scored on the four grid positions of ``grid.evaluation_offsets`` and judged as ``cspmap evaluate`` judges
(mean PAI over the 1% and 5% shares and the positions; paired Poisson bootstrap against prior counts). A
candidate's tuning parameters are chosen on earlier periods only: for the fold trained on 2016+2017 and tested on
2018, by training on 2016 and validating on 2017; the fold trained on 2016 alone has no earlier period, so its
parameters stay at their defaults. The test months never enter a choice.
"""

from __future__ import annotations

import argparse
from datetime import date

import duckdb
import numpy as np

from queries.analysis.evaluation import GridFlags, bootstrap_wins, capture_measures, flag_top, training_density
from queries.analysis.methods import BASELINE
from queries.analysis.points import GridPoints, grid_points, study_lattice
from queries.analysis.selection import Selection
from queries.config import AnalysisConfig, load_config

JULYS = (date(2016, 7, 1), date(2017, 7, 1), date(2018, 7, 1))
BANDWIDTHS = (250.0, 500.0, 750.0)
KDE_WEIGHTS = (0.1, 0.25, 0.5, 1.0, 2.0)
POINT_WEIGHTS = (0.05, 0.1, 0.25, 0.5, 1.0)
DEFAULTS = {"kde": (0.25, 500.0), "points": 0.25}


def expected_from_kde(points: GridPoints, months: tuple[date, ...], bandwidth: float, config: AnalysisConfig):
    hotspots = config.hotspots.model_copy(update={"kde_bandwidth_m": bandwidth})
    density = training_density(points, months, config.model_copy(update={"hotspots": hotspots}))
    return density * points.lattice.cell_size**2 / 1e6


def map_points_in_cell(points: GridPoints, months: tuple[date, ...]) -> np.ndarray:
    """How many distinct police.uk map points had an incident in each cell in ``months``."""
    chosen = points.on_grid & np.isin(points.months, np.array(months, dtype="datetime64[D]"))
    distinct = np.unique(np.c_[points.x[chosen], points.y[chosen], points.cells[chosen]], axis=0)
    return np.bincount(distinct[:, 2].astype(np.int64), minlength=points.lattice.n_cells).astype(float)


def pai(grids: list[GridPoints], scores: list[np.ndarray], test: tuple[date, ...], share: float) -> list[float]:
    return [
        capture_measures(flag_top(s, share), g.counts(test), g.counts(test), g.lattice.cell_inside_area())["pai"]
        for g, s in zip(grids, scores, strict=True)
    ]


def mean_pai(grids, scores, test, shares) -> float:
    return float(np.mean([pai(grids, scores, test, share) for share in shares]))


def choose(grids, train, validation, shares, config) -> dict:
    """The blend weights (and bandwidth) with the best mean PAI on ``validation`` after training on ``train``."""
    counts = [g.counts(train) for g in grids]
    expected = {h: [expected_from_kde(g, train, h, config) for g in grids] for h in BANDWIDTHS}
    kde_fit = {
        (w, h): mean_pai(grids, [c + w * e for c, e in zip(counts, expected[h], strict=True)], validation, shares)
        for w in KDE_WEIGHTS
        for h in BANDWIDTHS
    }
    spots = [map_points_in_cell(g, train) for g in grids]
    point_fit = {
        a: mean_pai(grids, [c + a * p for c, p in zip(counts, spots, strict=True)], validation, shares)
        for a in POINT_WEIGHTS
    }
    return {"kde": max(kde_fit, key=kde_fit.get), "points": max(point_fit, key=point_fit.get)}


def candidates(grids, train, chosen, config, how: str) -> dict[str, list[np.ndarray]]:
    found = {BASELINE: [g.counts(train) for g in grids]}
    if len(train) > 1:  # older periods count half as much per period back
        found["counts with decay (x0.5 a period)"] = [
            sum(0.5 ** (len(train) - 1 - k) * g.counts((m,)) for k, m in enumerate(sorted(train))) for g in grids
        ]
    w, h = chosen["kde"]
    found[f"counts + KDE, {how} (w {w:g}, h {h:g} m)"] = [
        g.counts(train) + w * expected_from_kde(g, train, h, config) for g in grids
    ]
    a = chosen["points"]
    found[f"counts + map points, {how} (a {a:g})"] = [g.counts(train) + a * map_points_in_cell(g, train) for g in grids]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="cspmap.duckdb")
    args = parser.parse_args()
    config = load_config()
    size, shares = config.grid.cell_size_m, tuple(config.evaluation.shares)
    with duckdb.connect(args.db, read_only=True) as con:
        base = grid_points(con, Selection(), size)
        grids = [
            base if not f else base.on_lattice(study_lattice(con, size, None, (f * size, f * size)))
            for f in config.grid.evaluation_offsets
        ]
    folds = (((JULYS[0], JULYS[1]), (JULYS[2],), ((JULYS[0],), (JULYS[1],))), ((JULYS[0],), (JULYS[1],), None))
    for train, test, earlier in folds:
        chosen = choose(grids, *earlier, shares, config) if earlier else DEFAULTS
        found = candidates(grids, train, chosen, config, "chosen" if earlier else "default")
        flags = [
            GridFlags(
                flags={name: [flag_top(s[k], share) for share in shares] for name, s in found.items()},
                test=g.counts(test),
                cell_area=g.lattice.cell_inside_area(),
            )
            for k, g in enumerate(grids)
        ]
        wins = bootstrap_wins(flags, config.evaluation.bootstrap_runs, config.evaluation.seed, list(found))
        baseline = mean_pai(grids, found[BASELINE], test, shares)
        print(f"train {', '.join(f'{m:%Y-%m}' for m in train)}; test {', '.join(f'{m:%Y-%m}' for m in test)}")
        for name, scores in found.items():
            by_share = [pai(grids, scores, test, share) for share in shares]
            figures = "  ".join(f"{np.mean(v):5.2f} ({min(v):.2f}-{max(v):.2f})" for v in by_share)
            gain = mean_pai(grids, scores, test, shares) / baseline - 1
            won = f"{wins[name]:.1%}" if name in wins else "-"
            print(f"  {name:40s} {figures}  mean {gain:+.1%}  ahead in {won}")


if __name__ == "__main__":
    main()
