"""Gi* on a 200x200 grid: cspmap's 2-D correlation against esda.G_Local, timed in the same process.

    python bench/bench_gi_star.py [--size 200] [--repeats 7] [--permutations]

Both compute the same statistic on the same cells and the same binary queen weights with the cell itself
(esda: ``G_Local(y, w, transform="B", star=True, permutations=0)``, analytic z-scores only; the weights object
is built once, outside the timing). The answers are checked to agree to 1e-9 before any time is reported.
``--permutations`` also times esda with its default 999 conditional permutations (pseudo p-values), which
cspmap does not compute: it is slower still, and only shown to set the analytic figure in context.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import esda
import libpysal
import numpy as np
import scipy

from geodata.grid import Lattice
from queries.analysis.hotspots import gi_star, gi_star_z


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clustered_counts(size: int, seed: int) -> np.ndarray:
    """Counts like crime on a grid: a Poisson background and a few hot blobs."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    intensity = np.full((size, size), 0.3)
    for _ in range(12):
        r, c, spread = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(2, 8)
        intensity += rng.uniform(2, 10) * np.exp(-((rows - r) ** 2 + (cols - c) ** 2) / (2 * spread**2))
    return rng.poisson(intensity).astype(float).ravel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="cells along each side (default 200)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of each; the median is reported")
    parser.add_argument("--permutations", action="store_true", help="also time esda with 999 permutations")
    args = parser.parse_args()

    size, repeats = args.size, args.repeats
    y = clustered_counts(size, seed=20240611)
    lattice = Lattice(x0=0.0, y0=0.0, cell_size=250.0, active=np.ones((size, size), dtype=bool))
    start = time.perf_counter()
    w = libpysal.weights.lat2W(size, size, rook=False)
    build_w = time.perf_counter() - start

    ours = gi_star_z(lattice, y, "queen")
    theirs = esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs
    difference = float(np.max(np.abs(ours - theirs)))
    if difference >= 1e-9:
        raise SystemExit(f"cspmap and esda disagree by {difference:.3g}; not timing a wrong answer.")

    esda_time = median_seconds(lambda: esda.G_Local(y, w, transform="B", star=True, permutations=0), repeats)
    z_time = median_seconds(lambda: gi_star_z(lattice, y, "queen"), repeats * 10)
    full_time = median_seconds(lambda: gi_star(lattice, y, "queen", alpha=0.05), repeats * 10)

    print(f"Gi* on a {size}x{size} grid ({size * size:,} cells), queen contiguity with the cell itself")
    versions = (
        f"numpy {np.__version__}, scipy {scipy.__version__}, esda {esda.__version__}, libpysal {libpysal.__version__}"
    )
    print(f"python {platform.python_version()}, {versions}; {platform.machine()}")
    print(f"max |z difference| = {difference:.2e}")
    print(f"esda W build (lat2W, not timed below): {build_w * 1000:.1f} ms")
    print(f"esda G_Local(transform='B', star=True, permutations=0): {esda_time * 1000:9.2f} ms (median of {repeats})")
    print(f"cspmap gi_star_z:                                     {z_time * 1000:9.2f} ms (median of {repeats * 10})")
    print(f"cspmap gi_star (z, two-sided p, BH FDR, hot/cold):    {full_time * 1000:9.2f} ms")
    print(f"speed-up: {esda_time / z_time:,.0f}x (z-scores); {esda_time / full_time:,.0f}x (with p, FDR)")
    if args.permutations:
        permuted = median_seconds(lambda: esda.G_Local(y, w, transform="B", star=True, seed=1), 1)
        print(f"esda G_Local with 999 permutations: {permuted:.1f} s ({permuted / full_time:,.0f}x cspmap's gi_star)")


if __name__ == "__main__":
    main()
