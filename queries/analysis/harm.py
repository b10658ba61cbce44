"""Harm: police.uk categories weighted by the ONS Crime Severity Score (docs/harm-weights.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from queries.config import AnalysisConfig
from queries.errors import CspmapError

OFFENCE_COLUMNS = ("category", "offence", "weight", "volume")


def harm_table(config: AnalysisConfig) -> pd.DataFrame:
    """The harm weight of each category in use (defaults overridden by the user's config), heaviest first."""
    weights = config.harm.weights
    table = pd.DataFrame({"category": list(weights), "harm_weight": list(weights.values())})
    return table.sort_values(["harm_weight", "category"], ascending=[False, True], ignore_index=True)


def harm_of_counts(counts: pd.DataFrame, weights: dict[str, float]) -> tuple[pd.Series, list[str]]:
    """Harm per row of ``counts`` (columns category, incidents), and the categories that have no weight.

    A category without a weight adds no harm: it is reported, never guessed.
    """
    weight = counts["category"].map(weights)
    unknown = sorted(set(counts.loc[weight.isna(), "category"]))
    return (counts["incidents"] * weight.fillna(0.0)).astype(float), unknown


def derive_category_weights(offences: pd.DataFrame) -> pd.Series:
    """Each police.uk category's weight: the volume-weighted mean CSS weight of the offences it holds.

    ``offences`` has one row per ONS offence: category (the police.uk category it is published under), offence,
    weight (its Crime Severity Score weight) and volume (offences recorded in England and Wales in a year).
    weight_c = sum(weight_o * volume_o) / sum(volume_o) over the offences o in category c.
    """
    missing = [column for column in OFFENCE_COLUMNS if column not in offences.columns]
    if missing:
        raise CspmapError(f"The offence table needs the columns {', '.join(OFFENCE_COLUMNS)}; missing: {missing}.")
    weighted = offences.assign(harm=offences["weight"] * offences["volume"]).groupby("category")
    totals = weighted[["harm", "volume"]].sum()
    return (totals["harm"] / totals["volume"].where(totals["volume"] > 0, np.nan)).rename("harm_weight")


def read_offence_table(path: Path) -> pd.DataFrame:
    """An offence table from CSV (columns category, offence, weight, volume), checked row by row."""
    try:
        table = pd.read_csv(path, dtype={"category": str, "offence": str})
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CspmapError(f"Could not read {path} as CSV: {exc}") from exc
    missing = [column for column in OFFENCE_COLUMNS if column not in table.columns]
    if missing:
        raise CspmapError(f"{path} needs the columns {', '.join(OFFENCE_COLUMNS)}; it has no {', '.join(missing)}.")
    for column in ("weight", "volume"):
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() | (numbers < 0)
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
            raise CspmapError(
                f"{path}, line {line}, column {column}: {table[column].iloc[line - 2]!r} is not a number >= 0."
            )
        table[column] = numbers
    return table
