"""The small-number rule for partner views: counts of a few people or cases per area are not shown.

A count ``c`` is small when ``0 < c < threshold`` (zero reveals no one). For each :class:`CountRule`, an area's
count is withheld when it is small, and every column the rule names in ``hides`` (a share or a text built on
that count) is withheld with it. Then, so that a withheld count cannot be worked back from a total
(secondary suppression), a column with exactly one withheld area also withholds its smallest other non-zero
count. docs/security.md states the rule and its threshold ([access] partner_threshold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class CountRule:
    """A count column, and the columns withheld with it."""

    count: str
    hides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Withheld:
    """Which cells of a per-area table the small-number rule withholds.

    ``mask`` has the table's index and one boolean column per withheld column (True: do not show); ``areas`` is
    how many rows lost at least one cell.
    """

    mask: pd.DataFrame
    threshold: int
    areas: int


def withhold_small_counts(table: pd.DataFrame, rules: Sequence[CountRule], threshold: int) -> Withheld:
    """Apply the rule to ``table`` (one row per area); the table itself is not changed."""
    columns = list(dict.fromkeys(column for rule in rules for column in (rule.count, *rule.hides)))
    mask = pd.DataFrame(False, index=table.index, columns=columns)
    for rule in rules:
        count = _numbers(table[rule.count])
        hidden = _small(count, threshold)
        for column in (rule.count, *rule.hides):
            mask[column] |= hidden
    for rule in rules:
        extra = _secondary(_numbers(table[rule.count]), mask[rule.count].to_numpy())
        for column in (rule.count, *rule.hides):
            mask[column] |= extra
    return Withheld(mask=mask, threshold=threshold, areas=int(mask.any(axis=1).sum()))


def show_withheld(table: pd.DataFrame, withheld: Withheld, text: str | None = None) -> pd.DataFrame:
    """A copy of ``table`` whose withheld cells read ``text`` (default "under N") instead of the number."""
    shown = table.copy()
    label = text or f"under {withheld.threshold}"
    for column in withheld.mask.columns:
        if withheld.mask[column].any():
            shown[column] = shown[column].astype(object).where(~withheld.mask[column], label)
    return shown


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)


def _small(values: np.ndarray, threshold: int) -> np.ndarray:
    return (values > 0) & (values < threshold)  # NaN compares False: an unknown count is not small


def _secondary(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """When exactly one count is withheld, also withhold the smallest other non-zero one."""
    extra = np.zeros(len(values), dtype=bool)
    if hidden.sum() != 1:
        return extra
    candidates = np.where(~hidden & (values > 0), values, np.inf)
    if np.isfinite(candidates).any():
        extra[int(np.argmin(candidates))] = True
    return extra
