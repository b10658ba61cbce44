"""The priority-neighbourhood index: normalised components, weighted, with each one's contribution and the
rank's stability when the weights are perturbed."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.components import ComponentInputs, ComponentValues, component_values
from queries.analysis.rates import incident_counts
from queries.analysis.selection import Selection, settle_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals, placement_totals
from queries.sql_files import load_sql


@dataclass(frozen=True)
class Priorities:
    """Every area of the level, ranked (``table``); ``weights`` are the components used, with their weights.

    ``table["top_share"]`` is the rank stability: the share of perturbed runs in which the area stays in the top
    ``top``.
    """

    table: pd.DataFrame
    level: str
    weights: dict[str, float]
    top: int
    placement: PlacementTotals  # the incidents matching the filters: in the loaded areas, outside, unlocated
    notes: tuple[str, ...]  # the placement's note among them


def normalise(values: np.ndarray, method: str) -> np.ndarray:
    """Put a component on a common scale, higher meaning more in need.

    percentile: (rank - 1) / (n - 1), ties sharing their average rank, so 0 is the lowest area and 1 the highest;
    minmax: (x - min) / (max - min); zscore: (x - mean) / standard deviation. A constant component is 0 everywhere.
    """
    x = np.asarray(values, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        return np.zeros(len(x))
    if method == "percentile":
        # pandas ranks as scipy.stats.rankdata does (bit for bit), without importing scipy.stats (1-3 s).
        return (pd.Series(x).rank(method="average").to_numpy() - 1.0) / (len(x) - 1.0)
    if method == "minmax":
        return (x - x.min()) / np.ptp(x)
    if method == "zscore":
        return (x - x.mean()) / x.std()
    raise ValueError(f"unknown normalisation {method!r}")


def weighted_scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """100 x the weighted mean of each area's normalised components; ``weights`` is (K,) or (runs, K)."""
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    return 100.0 * (weights @ np.asarray(normalised, dtype=float).T) / weights.sum(axis=1, keepdims=True)


# Scores closer than this (on the 0-100 scale) are the same score. Mathematically equal scores built from different
# components (0.1 + 0.2 against 0.3 + 0) differ by a few units in the last place, about 1e-14 here; real
# differences between areas are far above 1e-9, so this splits no genuine gap and joins every rounding one.
SCORE_TOLERANCE = 1e-9


def tied_scores(scores: np.ndarray, tolerance: float = SCORE_TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """Ranks (1 = highest, equal scores share the best rank) and the scores with every tie set to one value.

    Scores are sorted from the highest; a score within ``tolerance`` of the one before it joins its tie group
    (so a chain of near-equal scores is one group), and the group takes its highest score. NaN has no rank.
    """
    x = np.asarray(scores, dtype=float)
    ranks = np.full(len(x), np.nan)
    settled = x.copy()
    present = np.flatnonzero(~np.isnan(x))
    order = present[np.argsort(-x[present], kind="stable")]
    if len(order) == 0:
        return ranks, settled
    starts = np.r_[True, -np.diff(x[order]) > tolerance]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    ranks[order] = first[group] + 1
    settled[order] = x[order][first[group]]
    return ranks, settled


def rank_stability(
    normalised: np.ndarray, weights: np.ndarray, top: int, perturbation: float, runs: int, seed: int
) -> np.ndarray:
    """For each area, the share of runs in which it is in the top ``top`` when every weight is multiplied by its
    own uniform random factor in [1 - perturbation, 1 + perturbation] (ties broken by area order)."""
    weights = np.asarray(weights, dtype=float)
    factors = np.random.default_rng(seed).uniform(1.0 - perturbation, 1.0 + perturbation, size=(runs, len(weights)))
    scores = weighted_scores(normalised, factors * weights)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :top]
    return np.bincount(order.ravel(), minlength=normalised.shape[0]) / runs


def priority_index(
    con: duckdb.DuckDBPyConnection,
    level: str,
    selection: Selection,
    config: AnalysisConfig,
    top: int | None = None,
) -> Priorities:
    """Rank every area of ``level`` by the configured components; see docs/analysis.md for the method."""
    settings = config.priorities
    top = top or settings.top
    selection, month_notes = settle_months(con, selection)
    inputs = _inputs(con, level, selection, config)
    used: list[ComponentValues] = []
    notes: list[str] = list(month_notes)
    for name, spec in settings.components.items():
        if spec.weight == 0:
            continue
        found = component_values(name, spec, inputs)
        if found.note:
            notes.append(found.note)
        if found.values is not None and not found.values.notna().any():
            notes.append(f"{name} skipped: no {level} area has a value (is the population loaded?).")
        elif found.values is not None:
            used.append(found)
    if not used:
        raise CspmapError("No priority component has data and a weight above 0; check [priorities.components].")
    codes = inputs.areas["area_code"]
    raw = pd.DataFrame({found.name: found.values.reindex(codes).to_numpy(dtype=float) for found in used})
    complete = raw.notna().all(axis=1).to_numpy()
    weights = np.array([settings.components[found.name].weight for found in used])
    normalised = np.column_stack([normalise(raw.loc[complete, name], settings.normalisation) for name in raw])
    table = inputs.areas[["area_code", "area_name"]].reset_index(drop=True)
    ranked = table[complete].copy()
    ranks, ranked["score"] = tied_scores(weighted_scores(normalised, weights)[0])
    ranked["rank"] = ranks
    for k, name in enumerate(raw.columns):
        ranked[f"contribution_{name}"] = 100.0 * weights[k] * normalised[:, k] / weights.sum()
    ranked["top_share"] = rank_stability(
        normalised, weights, min(top, len(ranked)), settings.perturbation, settings.runs, settings.seed
    )
    table = table.join(ranked.drop(columns=["area_code", "area_name", "rank"]))
    table = table.join(raw.add_prefix("value_"))
    table.insert(0, "rank", ranked["rank"].reindex(table.index).astype("Int64"))
    table = table.sort_values(["rank", "area_code"], na_position="last", ignore_index=True)
    if (~complete).any():
        missing = ", ".join(codes[~complete].head(10))
        notes.append(
            f"{int((~complete).sum())} area(s) lack a component value (e.g. no population) and are not ranked: "
            f"{missing}."
        )
    described = "; ".join(
        f"{found.name} x{settings.components[found.name].weight:g} ({found.description})" for found in used
    )
    notes.insert(0, f"Components: {described}. Normalisation: {settings.normalisation}.")
    notes.append(
        f"top_share: share of {settings.runs:,} runs with every weight perturbed by up to "
        f"±{settings.perturbation:.0%} in which the area stays in the top {top}."
    )
    placement = placement_totals(con, selection.months, selection.categories)
    notes.append(placement.left_out_note)
    return Priorities(
        table=table,
        level=level,
        weights={found.name: settings.components[found.name].weight for found in used},
        top=top,
        placement=placement,
        notes=tuple(notes),
    )


def _inputs(
    con: duckdb.DuckDBPyConnection, level: str, selection: Selection, config: AnalysisConfig
) -> ComponentInputs:
    areas = con.execute(load_sql("rates_areas"), {"level": level, **selection.within_params()}).df()
    if areas.empty:
        raise CspmapError(f"There are no areas at level {level!r}; see the loaded levels with `cspmap status`.")
    by_category = incident_counts(con, level, selection, by_category=True, by_month=False)
    by_month = incident_counts(con, level, selection, by_category=False, by_month=True)
    months = tuple(selection.months or ())
    return ComponentInputs(con, level, selection, config, months, areas, by_category, by_month)
