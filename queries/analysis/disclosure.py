"""Disclosure control for published partner figures: the ONS 10-5 rule and secondary suppression.

A table of counts is described by its cells (any hashable key to an exact count) and its *lines*: each line says
that one cell (the total) is the sum of others (its parts), such as a CSP's month being the sum of its
neighbourhoods' months, or an area's period total the sum of its months. Primary suppression hides every count
from 1 to ``threshold - 1``. Secondary suppression then hides more cells until no hidden cell can be worked out
from the published ones by adding and subtracting along the lines, and no line gives away the sum of its hidden
parts when that sum is itself below the threshold. Published counts are then rounded to the nearest ``base``.
docs/privacy.md explains the rules in plain English.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SHOWN = "shown"
PRIMARY = "primary"  # hidden: the count itself is below the threshold
SECONDARY = "secondary"  # hidden: it would let a hidden count be worked out


@dataclass(frozen=True)
class Line:
    """``total`` is the sum of ``parts`` (all cell keys)."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass(frozen=True)
class Disclosed:
    """What may be published: each cell's status and its published value (None when hidden)."""

    status: dict[Hashable, str]
    published: dict[Hashable, int | None]

    @property
    def hidden(self) -> set[Hashable]:
        return {key for key, status in self.status.items() if status != SHOWN}


def round_to_base(count: int, base: int = 5) -> int:
    """``count`` rounded to the nearest multiple of ``base`` (halves up: with base 5 and whole counts, none)."""
    if count < 0:
        raise ValueError(f"counts cannot be negative: {count}")
    return int((count + base / 2) // base * base)


def primary_suppressed(count: int, threshold: int = 10) -> bool:
    """True for a count from 1 to ``threshold - 1``: too few to publish. Zero is published."""
    return 0 < count < threshold


def determined_cells(values: Mapping[Hashable, int], hidden: set[Hashable], lines: Sequence[Line]) -> set[Hashable]:
    """The hidden cells whose exact value follows from the published cells and the lines.

    Each line is an equation ``total - sum(parts) = 0``; moving the published cells to the right-hand side leaves a
    linear system ``A x = b`` in the hidden cells. A hidden cell is determined exactly when its unit vector lies in
    the row space of ``A``, that is when the projector onto that row space leaves the unit vector whole: one
    eigen-decomposition answers it for every cell at once. (Non-negativity can narrow the range of a cell
    further; the threshold on hidden sums in :func:`suppress` guards against that.)
    """
    order = sorted(hidden, key=repr)
    if not order:
        return set()
    column = {key: position for position, key in enumerate(order)}
    rows = []
    for line in lines:
        row = np.zeros(len(order))
        for key, sign in [(line.total, 1.0), *((part, -1.0) for part in line.parts)]:
            if key in column:
                row[column[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    system = np.array(rows)
    # The diagonal of the projector onto the row space, A^T (A A^T)^+ A: 1 where a unit vector lies wholly in it.
    # Through the small Gram matrix (lines x lines) rather than an SVD of A: the same answer, and it stays fast
    # when the machine is busy (a multithreaded SVD of a wide matrix slowed 40-fold under load).
    eigenvalues, vectors = np.linalg.eigh(system @ system.T)
    keep = eigenvalues > eigenvalues.max() * len(system) * 1e-12
    basis = (vectors[:, keep].T @ system) / np.sqrt(eigenvalues[keep])[:, None]
    pinned = (basis**2).sum(axis=0) > 1 - 1e-9
    return {key for key, position in column.items() if pinned[position]}


def suppress(values: Mapping[Hashable, int], lines: Sequence[Line], threshold: int = 10, base: int = 5) -> Disclosed:
    """Apply the 10-5 rule with secondary suppression to the cells ``values`` linked by ``lines``.

    Every line must end with either no hidden part, or at least two whose exact sum is at least ``threshold`` (so
    subtracting the published parts from the published total never gives a small number away); a hidden total
    needs at least one hidden part (else it is the sum of the published parts). The complementary cell chosen is
    the line's smallest published non-zero part, so as little as possible is lost; then the total. Finally any
    cell still determined by the system of lines (:func:`determined_cells`) is protected the same way.
    """
    status = {key: PRIMARY if primary_suppressed(count, threshold) else SHOWN for key, count in values.items()}
    for line in lines:
        missing = [key for key in (line.total, *line.parts) if key not in status]
        if missing:
            raise ValueError(f"a line names cells that have no value: {missing[:3]}")
    changed = True
    while changed:
        changed = any([_protect_line(values, status, line, threshold) for line in lines])
        if not changed:
            hidden = {key for key, state in status.items() if state != SHOWN}
            pinned = determined_cells(values, hidden, lines)
            for line in lines:
                if pinned & {line.total, *line.parts} and _hide_one_more(values, status, line):
                    changed = True
                    pinned -= {line.total, *line.parts}
    published = {key: round_to_base(values[key], base) if state == SHOWN else None for key, state in status.items()}
    return Disclosed(status=status, published=published)


def _protect_line(values: Mapping[Hashable, int], status: dict[Hashable, str], line: Line, threshold: int) -> bool:
    """Hide one more cell of ``line`` if the line as it stands gives something away; True if it did."""
    hidden_parts = [part for part in line.parts if status[part] != SHOWN]
    if status[line.total] != SHOWN:
        unsafe = not hidden_parts and bool(line.parts)
    else:
        hidden_sum = sum(values[part] for part in hidden_parts)
        unsafe = bool(hidden_parts) and (len(hidden_parts) < 2 or hidden_sum < threshold)
    return unsafe and _hide_one_more(values, status, line)


def _hide_one_more(values: Mapping[Hashable, int], status: dict[Hashable, str], line: Line) -> bool:
    shown = [part for part in line.parts if status[part] == SHOWN]
    # A zero adds nothing to the hidden sum, so hide the smallest non-zero part first.
    candidates = sorted(shown, key=lambda part: (values[part] == 0, values[part], repr(part)))
    if candidates:
        status[candidates[0]] = SECONDARY
        return True
    if status[line.total] == SHOWN:
        status[line.total] = SECONDARY
        return True
    return False
