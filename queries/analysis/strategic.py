"""The strategic assessment's contents, in the National Intelligence Model's spirit: priority neighbourhoods and
why, hot spots and emerging hot spots, trends with intervals, confidence against target, ASB case standards,
coverage gaps, A&E violence beside police violence, and the data's caveats. Each part is the result of the
analysis function the dashboard and the CLI use for it, over the same period; a part whose data is missing is
None and the notes say why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.cardiff import CardiffComparison, ae_beside_police
from queries.analysis.confidence import SurveyShares, survey_shares
from queries.analysis.coverage_gaps import Coverage, coverage_gaps
from queries.analysis.emerging import EmergingHotspots, emerging_hotspots
from queries.analysis.hotspots import Hotspots, grid_hotspots
from queries.analysis.place_names import cell_place_names, with_place_names
from queries.analysis.priorities import Priorities, priority_index
from queries.analysis.rates import Rates, area_rates
from queries.analysis.selection import Selection, settle_months
from queries.analysis.standards import Standards, case_standards
from queries.areas import area_geometries, loaded_levels, preferred_level
from queries.config import AnalysisConfig
from queries.data_quality import DataQuality, data_quality
from queries.errors import CspmapError

HOT_CELLS_LISTED = 10
REASONS_PER_AREA = 2  # the components that add most to an area's score, in words
REASON_WORDS = {
    "crime_rate": "crime rate",
    "asb_rate": "ASB rate",
    "harm_rate": "harm",
    "trend": "rising incidents",
    "repeat_locations": "repeat locations",
    "low_confidence": "low confidence",
    "asb_standard_failures": "ASB case standards missed",
}

Result = TypeVar("Result")


@dataclass(frozen=True)
class StrategicAssessment:
    """Every part of the assessment (see the module's docstring); ``priority_reasons`` gives each priority area's
    largest contributions in words, ``hot_cells`` the busiest Gi* hot cells with their place names."""

    level: str
    reference_level: str
    months: tuple[date, ...]
    priorities: Priorities
    priority_reasons: pd.DataFrame  # rank, area_code, area_name, score, reasons
    areas: tuple[np.ndarray, np.ndarray]  # codes and EPSG:27700 polygons of the level's areas, for the maps
    hotspots: Hotspots
    hot_cells: pd.DataFrame
    emerging: EmergingHotspots | None
    trends: Rates  # per reference area (CSP) and month, with intervals
    confidence: SurveyShares | None
    standards: Standards | None
    coverage: Coverage | None
    cardiff: CardiffComparison | None
    quality: DataQuality
    notes: tuple[str, ...]


def strategic_assessment(
    con: duckdb.DuckDBPyConnection, selection: Selection, config: AnalysisConfig
) -> StrategicAssessment:
    """The assessment over the selection's months (default: every month loaded), at neighbourhood level."""
    selection, month_notes = settle_months(con, selection)
    levels = loaded_levels(con)
    level = preferred_level(levels)
    reference_level = config.rates.reference_level if config.rates.reference_level in levels else level
    notes: list[str] = list(month_notes)

    def part(read: Callable[[], Result], what: str) -> Result | None:
        try:
            return read()
        except CspmapError as exc:
            notes.append(f"{what}: {exc}")
            return None

    priorities = priority_index(con, level, selection, config, None)
    hotspots = grid_hotspots(con, selection, config)
    hot = hotspots.cells[hotspots.cells["spot"] == "hot"].sort_values(["z", "cell"], ascending=[False, True])
    hot_cells = with_place_names(hot.head(HOT_CELLS_LISTED), cell_place_names(con, selection, config.grid.cell_size_m))
    return StrategicAssessment(
        level=level,
        reference_level=reference_level,
        months=tuple(selection.months or ()),
        priorities=priorities,
        priority_reasons=priority_reasons(priorities),
        areas=area_geometries(con, level),
        hotspots=hotspots,
        hot_cells=hot_cells,
        emerging=part(lambda: emerging_hotspots(con, selection, config), "Emerging hot spots"),
        trends=area_rates(con, reference_level, selection, config, by_month=True),
        confidence=part(lambda: survey_shares(con, reference_level, config), "Confidence"),
        standards=part(lambda: case_standards(con, reference_level, config), "ASB case standards"),
        coverage=part(lambda: coverage_gaps(con, level, selection, config, priorities, hotspots), "Coverage"),
        cardiff=part(lambda: ae_beside_police(con, selection), "A&E assaults"),
        quality=data_quality(con),
        notes=tuple(notes),
    )


def priority_reasons(priorities: Priorities) -> pd.DataFrame:
    """The priority areas (rank within the top) with the components adding most to each score, in words."""
    top = priorities.table[priorities.table["rank"] <= priorities.top].sort_values("rank")
    rows = []
    for _, row in top.iterrows():
        contributions = sorted(
            ((row[f"contribution_{name}"], name) for name in priorities.weights), key=lambda item: (-item[0], item[1])
        )
        reasons = "; ".join(
            f"{REASON_WORDS.get(name, name.replace('_', ' '))} ({value:.0f} points)"
            for value, name in contributions[:REASONS_PER_AREA]
        )
        rows.append({**row[["rank", "area_code", "area_name", "score"]].to_dict(), "reasons": reasons})
    return pd.DataFrame(rows, columns=["rank", "area_code", "area_name", "score", "reasons"])
