"""The hot-spot methods cspmap can score cells with: one registry the CLI, the pages and the reports read."""

from __future__ import annotations

from dataclasses import dataclass

from queries.errors import CspmapError


@dataclass(frozen=True)
class Method:
    """A way to score grid cells: its name (in settings and JSON), a label for people, and what it measures."""

    name: str
    label: str  # plain English, for pages and reports
    note: str  # what the score is, for the notes under a result


BASELINE = "prior_counts"  # what every other method must beat to be used
BEST_POSSIBLE = "best_possible"  # not a method: the held-out months' own counts, the ceiling

METHODS: dict[str, Method] = {
    method.name: method
    for method in (
        Method(BASELINE, "Prior counts (incidents in the cell)", "incidents in the cell in the months scored"),
        Method("kde", "Kernel density (smoothed)", "quartic kernel density of those incidents at the cell centre"),
        Method("gi_star", "Gi* z-score (clusters)", "Gi* z-score of the cell counts"),
        Method(
            "counts_kde",
            "Counts, ties broken by density",
            "cell count plus a share of the KDE's expected count (mostly breaks ties between equal counts)",
        ),
        Method(
            "counts_points",
            "Counts plus street places",
            "cell count plus a share of the number of distinct police.uk map points with an incident in the cell",
        ),
        Method(
            "decayed_counts",
            "Counts, older months weighing less",
            "incidents in the cell, each month scored weighted by the decay to the power of its place back from the "
            "latest (the latest counts whole)",
        ),
    )
}
CEILING = Method(
    BEST_POSSIBLE, "Best possible (hindsight ceiling)", "the test months' own counts: the ceiling no method can beat"
)


def method_named(name: str) -> Method:
    """The method or the ceiling called ``name``; anything else is an error naming the choices."""
    if name == BEST_POSSIBLE:
        return CEILING
    if name not in METHODS:
        raise CspmapError(f"Unknown method {name!r}: choose {', '.join(METHODS)}.")
    return METHODS[name]
