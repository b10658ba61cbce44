"""The strategic assessment as a PDF or an HTML page: one section per question a CSP's assessment answers."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from queries.analysis.selection import format_months
from queries.analysis.strategic import StrategicAssessment
from reports.sections import ReportSection, ReportTable, write_html, write_pdf
from reports.static_maps import cells_map, choropleth_map

TITLE = "Strategic assessment"
# The hot-spot categories that are rising or newly hot (Esri's names, queries/analysis/emerging.py): what the map
# outlines as emerging. The section's sentence counts every pattern found.
EMERGING_PATTERNS = ("new hot spot", "consecutive hot spot", "intensifying hot spot")
STANDARDS = {
    "responded_within_24h": "Answered within 24 h",
    "named_caseworker": "Named caseworker",
    "reviewed_monthly": "Reviewed monthly",
}


def number(decimals: int = 0):
    return lambda value: f"{float(value):,.{decimals}f}"


def percent(value: object) -> str:
    return f"{float(value):.0%}"


def subtitle(assessment: StrategicAssessment) -> str:
    return (
        f"Police data for {format_months(assessment.months)}; areas: {assessment.level}, compared with each "
        f"{assessment.reference_level}. Every figure comes from the analysis functions the dashboard uses."
    )


def strategic_sections(assessment: StrategicAssessment) -> list[ReportSection]:
    """The assessment's sections, in the order a reader meets them."""
    return [
        _priorities(assessment),
        _hotspots(assessment),
        _trends(assessment),
        _confidence(assessment),
        _standards(assessment),
        _coverage(assessment),
        _cardiff(assessment),
        _quality(assessment),
    ]


def strategic_pdf(assessment: StrategicAssessment, out: Path | io.BytesIO) -> None:
    write_pdf(TITLE, subtitle(assessment), strategic_sections(assessment), out)


def strategic_html(assessment: StrategicAssessment) -> str:
    return write_html(TITLE, subtitle(assessment), strategic_sections(assessment))


def _priorities(assessment: StrategicAssessment) -> ReportSection:
    priorities = assessment.priorities
    codes, geoms = assessment.areas
    scores = priorities.table.set_index("area_code")["score"].reindex(codes).to_numpy(dtype=float)
    top = set(assessment.priority_reasons["area_code"])
    figure = choropleth_map(geoms, scores, "Priority score (0-100)", highlight=np.isin(codes, list(top)))
    return ReportSection(
        title="Priority neighbourhoods",
        sentences=(
            f"The {priorities.top} {assessment.level} areas with the highest priority index, and the two components "
            "adding most to each score (points out of 100).",
        ),
        map_png=figure,
        map_alt="Map of the priority score by area, the priority areas outlined",
        beside=ReportTable(
            assessment.priority_reasons,
            [
                ("rank", "Rank", 10, None),
                ("area_name", "Area", 25, None),
                ("score", "Score", 13, number(1)),
                ("reasons", "Why", 50, None),
            ],
        ),
        notes=priorities.notes[:1],
    )


def _hotspots(assessment: StrategicAssessment) -> ReportSection:
    hotspots = assessment.hotspots
    spots = hotspots.cells["spot"].value_counts()
    hot, cold = int(spots.get("hot", 0)), int(spots.get("cold", 0))
    sentences = [
        f"{hot:,} hot and {cold:,} cold spot cells of {hotspots.lattice.n_cells:,} ({hotspots.incidents:,} "
        "incidents on the grid); the busiest hot cells by Gi* z-score are listed with their place names."
    ]
    emerging = pd.DataFrame(columns=["easting", "northing"])
    if assessment.emerging is not None:
        cells = assessment.emerging.cells
        emerging = cells[cells["pattern"].isin(EMERGING_PATTERNS)]
        patterns = cells.loc[cells["pattern"] != "no pattern", "pattern"].value_counts()
        sentences.append(
            "Emerging hot spots: " + ("; ".join(f"{name} {n:,}" for name, n in patterns.items()) or "none") + "."
        )
    else:
        sentences += [note for note in assessment.notes if note.startswith("Emerging")]
    hot_cells = assessment.hot_cells.assign(
        grid_reference=[
            f"{e:.0f} E {n:.0f} N"
            for e, n in zip(assessment.hot_cells["easting"], assessment.hot_cells["northing"], strict=True)
        ]
    )
    return ReportSection(
        title="Hot spots and emerging hot spots",
        sentences=sentences,
        map_png=cells_map(
            assessment.areas[1], hotspots.cells[hotspots.cells["spot"] == "hot"], emerging, hotspots.lattice.cell_size
        ),
        map_alt="Map of the Gi* hot-spot cells and emerging hot-spot cells",
        beside=ReportTable(
            hot_cells,
            [
                ("place_names", "Places (police.uk map points)", 44, None),
                ("area_name", "Area", 20, None),
                ("incidents", "Incidents", 14, number()),
                ("z", "Gi* z", 10, number(1)),
                ("grid_reference", "Grid ref.", 18, None),
            ],
        ),
        notes=hotspots.notes[:1],
    )


def _trends(assessment: StrategicAssessment) -> ReportSection:
    rates = assessment.trends
    return ReportSection(
        title="Trends",
        sentences=(
            f"Incidents per 1,000 residents in each {assessment.reference_level}, month by month, with 95% exact "
            "intervals, against all areas together.",
        ),
        beside=ReportTable(
            rates.table,
            [
                ("area_name", "Area", 34, None),
                ("period", "Month", 18, None),
                ("incidents", "Incidents", 20, number()),
                ("rate", "Per 1,000", 20, number(2)),
                ("rate_low", "95% from", 20, number(2)),
                ("rate_high", "to", 20, number(2)),
                ("reference_rate", "All areas", 20, number(2)),
                ("compared", "Against all", 20, None),
            ],
        ),
        notes=rates.notes[:1],
    )


def _confidence(assessment: StrategicAssessment) -> ReportSection:
    survey = assessment.confidence
    if survey is None:
        return ReportSection("Residents' confidence against target", _missing(assessment, "Confidence"))
    table = survey.table.assign(compared=survey.table["compared"].fillna(""))
    return ReportSection(
        title="Residents' confidence against target",
        sentences=(
            f"Weighted share agreeing the police and council deal with what matters; {survey.period.description}.",
        ),
        labels=_labels(survey.label, survey.notes),
        beside=ReportTable(
            table,
            [
                ("area_name", "Area", 40, None),
                ("responses", "Responses", 22, number()),
                ("share", "Agree", 20, percent),
                ("share_low", "95% from", 20, percent),
                ("share_high", "to", 20, percent),
                ("target", "Target", 20, percent),
                ("compared", "Against target", 30, None),
            ],
        ),
    )


def _standards(assessment: StrategicAssessment) -> ReportSection:
    standards = assessment.standards
    if standards is None:
        return ReportSection("ASB case standards", _missing(assessment, "ASB case standards"))
    columns = [("area_name", "Area", 34, None), ("cases", "Cases", 16, number())]
    for name, label in STANDARDS.items():
        columns += [
            (f"{name}_share", label, 24, percent),
            (f"{name}_low", "95% from", 18, percent),
            (f"{name}_high", "to", 14, percent),
        ]
    return ReportSection(
        title="ASB case standards",
        sentences=(f"Share of cases meeting each standard; {standards.period.description}.",),
        labels=_labels(standards.label, standards.notes),
        beside=ReportTable(standards.table, columns),
    )


def _coverage(assessment: StrategicAssessment) -> ReportSection:
    coverage = assessment.coverage
    if coverage is None:
        return ReportSection("Coverage gaps", _missing(assessment, "Coverage"))
    return ReportSection(
        title="Coverage gaps",
        sentences=(f"Checked: {', '.join(coverage.checked)}.",),
        labels=_labels(coverage.label, coverage.notes),
        beside=ReportTable(
            coverage.gaps,
            [("gap", "Gap", 50, None), ("area_name", "Area", 30, None), ("detail", "Detail", 100, None)],
            empty="No gaps found.",
        ),
    )


def _cardiff(assessment: StrategicAssessment) -> ReportSection:
    cardiff = assessment.cardiff
    if cardiff is None:
        return ReportSection("A&E assaults beside police violence", _missing(assessment, "A&E assaults"))
    shares = [
        ("ae_assaults", "A&E assaults", 22, number()),
        ("also_in_police", "Also in police data (at most)", 30, number()),
        ("share_in_police", "Share", 18, percent),
        ("share_low", "95% from", 18, percent),
        ("share_high", "to", 18, percent),
    ]
    return ReportSection(
        title="A&E assaults beside police violence (Cardiff model)",
        sentences=("How many assaults seen in A&E the police data could also show, by month and by A&E site.",),
        labels=_labels(cardiff.label, cardiff.notes),
        beside=ReportTable(
            cardiff.by_month,
            [
                ("month", "Month", 20, None),
                *shares[:1],
                ("police_violence", "Police violence", 22, number()),
                *shares[1:],
            ],
        ),
        tables=(ReportTable(cardiff.by_site, [("site", "A&E site", 50, None), *shares]),),
        notes=cardiff.notes[:2],
    )


def _quality(assessment: StrategicAssessment) -> ReportSection:
    quality = assessment.quality
    partner = quality.partner
    return ReportSection(
        title="Data quality and caveats",
        sentences=(quality.caveats or ("No gaps, no rejected rows, every incident placed.",)),
        beside=ReportTable(
            partner,
            [
                ("kind", "Partner data", 30, None),
                ("rows", "Rows", 18, number()),
                ("first_date", "Earliest", 26, None),
                ("latest_date", "Latest", 26, None),
                ("label", "Label", 26, None),
            ],
        ),
    )


def _labels(label: str | None, notes: tuple[str, ...]) -> tuple[str, ...]:
    if label is None:
        return ()
    return tuple(note for note in notes if note.lower().startswith(label.lower()))[:1] or (
        f"{label.capitalize()} data.",
    )


def _missing(assessment: StrategicAssessment, what: str) -> tuple[str, ...]:
    return tuple(note.removeprefix(f"{what}: ") for note in assessment.notes if note.startswith(f"{what}:"))
