"""Gaps in neighbourhood coverage: priority areas below the median resourcing, Gi* hot spots outside every police
team's area, areas with no named partner contact, and areas below the minimum service."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geodata.assign import assign_points_to_areas
from geodata.wkb import from_wkb
from queries.analysis.coverage import coverage_table, median_resourcing
from queries.analysis.hotspots import Hotspots, grid_hotspots
from queries.analysis.partner_data import data_label
from queries.analysis.priorities import Priorities, priority_index
from queries.analysis.selection import Selection
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.incidents import PlacementTotals
from queries.sql_files import load_sql

GAP_COLUMNS = ["gap", "area_code", "area_name", "detail"]
PRIORITY_GAP = "priority area below median resourcing"
HOTSPOT_GAP = "hot spot outside every police team's area"
CONTACT_GAP = "no named partner contact"
MINIMUM_GAP = "below the minimum service"


@dataclass(frozen=True)
class Coverage:
    """Per area (``table``, see ``coverage_table``), the gaps found (``gaps``: one row per gap and area), and the
    Gi* hot cells in LSOAs no police team covers (``uncovered_hot_cells``, for a map). ``checked`` names the kinds
    of gap that could be looked for: a kind missing from it found nothing because it was not checked (the notes
    say why), not because there is no such gap."""

    table: pd.DataFrame
    gaps: pd.DataFrame
    uncovered_hot_cells: pd.DataFrame
    level: str
    label: str | None
    placement: PlacementTotals  # the police incidents behind harm, priorities and hot spots: used, outside, unlocated
    notes: tuple[str, ...]
    checked: tuple[str, ...]


def priority_gaps(table: pd.DataFrame, ranks: pd.Series, top: int) -> pd.DataFrame:
    """The top ``top`` priority areas whose officers and PCSOs per 1,000 residents are below the median of all the
    level's areas with residents."""
    median = median_resourcing(table)
    resourcing = table["officers_per_1000"] + table["pcsos_per_1000"]
    rank = table["area_code"].map(ranks)
    chosen = table.assign(rank=rank, resourcing=resourcing)[(rank <= top) & (resourcing < median)]
    chosen = chosen.sort_values("rank")
    return pd.DataFrame(
        {
            "gap": PRIORITY_GAP,
            "area_code": chosen["area_code"],
            "area_name": chosen["area_name"],
            "detail": [
                f"priority rank {int(r)}: {x:.2f} officers and PCSOs per 1,000 residents (median {median:.2f})"
                for r, x in zip(chosen["rank"], chosen["resourcing"], strict=True)
            ],
        }
    )


def uncovered_hot_cells(
    con: duckdb.DuckDBPyConnection,
    level: str,
    selection: Selection,
    config: AnalysisConfig,
    hotspots: Hotspots | None = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Gi* hot cells whose centre lies in an LSOA that no police team covers, with that LSOA and its area
    (``hotspots``: the selection's Gi* hot spots where the caller has them already)."""
    if hotspots is None:
        hotspots = grid_hotspots(con, selection, config)
    hot = hotspots.cells[hotspots.cells["spot"] == "hot"].reset_index(drop=True)
    study = con.execute(load_sql("hotspots_study_area"), {"within_level": None, "within_code": None}).fetchnumpy()
    hot["lsoa_code"] = assign_points_to_areas(
        hot["easting"].to_numpy(), hot["northing"].to_numpy(), np.asarray(study["code"]), from_wkb(study["geometry"])
    )
    lsoas = con.execute(load_sql("coverage_lsoas"), {"level": level}).df().set_index("lsoa_code")
    hot["area_code"] = hot["lsoa_code"].map(lsoas["area_code"])
    covered = hot["lsoa_code"].map(lsoas["police_covered"])
    outside = hot[covered.eq(False)]
    columns = ["cell", "easting", "northing", "longitude", "latitude", "incidents", "z", "lsoa_code", "area_code"]
    notes = (
        f"{len(hot):,} Gi* hot cell(s) of {config.grid.cell_size_m:g} m in the selection; {len(outside):,} lie in "
        "LSOAs no police team covers.",
    )
    return outside[columns].reset_index(drop=True), notes


def coverage_gaps(
    con: duckdb.DuckDBPyConnection,
    level: str,
    selection: Selection,
    config: AnalysisConfig,
    priorities: Priorities | None = None,
    hotspots: Hotspots | None = None,
) -> Coverage:
    """The coverage table for every area of ``level`` and every gap in it; see docs/analysis.md. ``priorities``
    (of ``level``) and ``hotspots``, of the same selection, are worked out unless the caller has them already, as
    the strategic assessment does: only the priority ranks are read, which do not depend on the index's top."""
    found = coverage_table(con, level, selection, config)
    table, notes = found.table, list(found.notes)
    names, label = table.set_index("area_code")["area_name"], found.label
    gaps = []
    checked = [CONTACT_GAP, MINIMUM_GAP]
    top = config.coverage.priority_top
    try:
        if priorities is None:
            priorities = priority_index(con, level, found.selection, config, top)
    except CspmapError as exc:
        notes.append(f"Priority areas below the median resourcing are not checked: {exc}")
    else:
        ranks = priorities.table.set_index("area_code")["rank"]
        gaps.append(priority_gaps(table, ranks, top))
        checked.append(PRIORITY_GAP)
        notes.append(f"Priority areas: the top {top} of the priority index (`cspmap priorities --top {top}`).")
        priority_label, priority_label_notes = data_label(con, ("survey", "asb-cases"))  # its partner components
        label = label or priority_label
        notes.extend(f"Priority index: {note}" for note in priority_label_notes)
    try:
        hot, hot_notes = uncovered_hot_cells(con, level, found.selection, config, hotspots)
        checked.append(HOTSPOT_GAP)
    except CspmapError as exc:  # no police data or no LSOA boundaries
        hot, hot_notes = (
            pd.DataFrame(columns=["cell", "lsoa_code", "area_code"]),
            (f"Hot spots are not checked: {exc}",),
        )
    notes.extend(hot_notes)
    for area_code, cells in hot.groupby("area_code", sort=True):
        detail = f"{len(cells)} Gi* hot cell(s) in LSOA(s) {', '.join(sorted(set(cells['lsoa_code'])))}"
        gaps.append(pd.DataFrame([[HOTSPOT_GAP, area_code, names.get(area_code), detail]], columns=GAP_COLUMNS))
    lacking = table[~table["named_contact"]]
    gaps.append(pd.DataFrame({"gap": CONTACT_GAP, **_named(lacking), "detail": "no agency has named a contact"}))
    below = table[~table["minimum_service"]]
    gaps.append(pd.DataFrame({"gap": MINIMUM_GAP, **_named(below), "detail": below["lacks"]}))
    gaps_table = pd.concat([gap for gap in gaps if not gap.empty] or [pd.DataFrame(columns=GAP_COLUMNS)])
    counts = gaps_table["gap"].value_counts()
    notes.append(
        "Gaps: "
        + "; ".join(f"{gap}: {int(counts.get(gap, 0))}" for gap in (PRIORITY_GAP, HOTSPOT_GAP, CONTACT_GAP))
        + f"; {MINIMUM_GAP}: {int(counts.get(MINIMUM_GAP, 0))} area(s)."
    )
    return Coverage(
        table=table,
        gaps=gaps_table.reset_index(drop=True),
        uncovered_hot_cells=hot,
        level=level,
        label=label,
        placement=found.placement,
        notes=tuple(notes),
        checked=tuple(checked),
    )


def _named(rows: pd.DataFrame) -> dict[str, pd.Series]:
    return {"area_code": rows["area_code"], "area_name": rows["area_name"]}
