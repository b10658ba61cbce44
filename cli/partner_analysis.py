"""`cspmap confidence | standards | coverage | triggers | targets | hotspot-matrix`: analysis of partner data.

Results built on data labelled illustrative (the demo's) say so in their title, their notes and JSON's ``label``.
Each command imports its analysis module when it runs, as in cli/analysis.py.
"""

from __future__ import annotations

import json
from typing import Annotated

import pandas as pd
import typer

from cli.analysis_options import (
    CategoryOption,
    LevelOption,
    MonthsOption,
    RowsOption,
    WithinOption,
    default_level,
    months_from,
    selection_from,
)
from cli.app import app, option_date
from cli.shared import Shared, shared_options

PANEL = "Analysis of partner data"  # the heading these commands are listed under in `cspmap --help`

PartnerMonthsOption = Annotated[
    str | None,
    typer.Option(
        "--months",
        help="Months of the partner data: 2018-01..2018-12 or 2018-07,2018-08 (default: see the description).",
    ),
]


@app.command(rich_help_panel=PANEL)
@shared_options
def confidence(
    shared: Shared,
    level: LevelOption = None,
    months: PartnerMonthsOption = None,
    rows: RowsOption = 30,
) -> None:
    """Residents' confidence: weighted % agreeing, 95% interval, suppressed under 30 responses, against the target.

    Default period: the latest 12 months of responses ([confidence] window_months).
    """
    from queries.analysis.confidence import survey_shares

    with shared.reading() as con:
        result = survey_shares(con, default_level(con, level), shared.settings(), months_from(months))
    table = result.table.sort_values(["share", "area_code"], ascending=[False, True], na_position="last")
    columns = ["area_code", "area_name", "responses", "share", "share_low", "share_high", "compared"]
    columns += ["modelled_share", "modelled_low", "modelled_high"]  # labelled as modelled in the notes
    extra = {"level": result.level, "reference": _records(result.reference)}
    title = f"Confidence by {result.level} (weighted share agreeing), highest first"
    shared.emit(table, title, result.notes, rows, extra, columns, label=result.label)


@app.command(rich_help_panel=PANEL)
@shared_options
def standards(
    shared: Shared,
    level: LevelOption = None,
    months: PartnerMonthsOption = None,
    rows: RowsOption = 30,
) -> None:
    """ASB case standards: % answered within 24 hours, with a named caseworker, reviewed monthly; monthly meetings.

    Default period: cases reported in the latest 12 months of cases ([cases] window_months).
    """
    from queries.analysis.standards import STANDARDS, case_standards

    with shared.reading() as con:
        result = case_standards(con, default_level(con, level), shared.settings(), months_from(months))
    table = result.table.sort_values("failing_share", ascending=False, na_position="last")
    columns = ["area_code", "area_name", "cases", *(f"{name}_share" for name in STANDARDS)]
    columns += ["failing_share", "monthly_meeting"]
    extra = {"level": result.level, "reference": _records(result.reference)}
    title = f"ASB case standards by {result.level}, most failing first"
    shared.emit(table, title, result.notes, rows, extra, columns, label=result.label)


@app.command(rich_help_panel=PANEL)
@shared_options
def coverage(
    shared: Shared,
    level: LevelOption = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="List the gaps found instead of every area.")] = False,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 30,
) -> None:
    """Teams, officers and PCSOs per 1,000 residents and per 100 harm-weighted incidents, contacts, gaps.

    --months, --category and --within choose the police data behind harm, hot spots and priorities.
    """
    from queries.analysis.coverage_gaps import coverage_gaps

    with shared.reading() as con:
        settings, selection = shared.settings(), selection_from(con, months, category, within)
        result = coverage_gaps(con, default_level(con, level), selection, settings)
    extra = {"level": result.level, "uncovered_hot_cells": _records(result.uncovered_hot_cells)}
    if gaps:
        extra["areas"] = len(result.table)
        title = f"Coverage gaps ({result.level})"
        shared.emit(result.gaps, title, result.notes, rows, extra, label=result.label)
        return
    extra["gaps"] = _records(result.gaps)
    columns = ["area_code", "police_teams", "officers_per_1000", "pcsos_per_1000", "officers_per_100_harm"]
    columns += ["pcsos_per_100_harm", "named_contact", "monthly_meeting", "minimum_service"]
    title = f"Coverage by {result.level}"
    shared.emit(result.table, title, result.notes, rows, extra, columns, label=result.label)


@app.command(rich_help_panel=PANEL)
@shared_options
def triggers(
    shared: Shared,
    level: LevelOption = None,
    by_area: Annotated[bool, typer.Option("--by-area", help="Counts per area instead of the groups.")] = False,
    months: PartnerMonthsOption = None,
    rows: RowsOption = 30,
) -> None:
    """ASB case review (community trigger): victims and places with 3+ complaints in 6 months (configurable).

    Default period: every case loaded. 'current' groups meet the threshold in the 6 months to the as-of date.
    """
    from queries.analysis.triggers import community_triggers

    with shared.reading() as con:
        result = community_triggers(con, default_level(con, level), shared.settings(), months_from(months))
    extra = {"level": result.level, "as_of": result.as_of.isoformat()}
    if by_area:
        table = result.areas.sort_values(["cases_in_triggers", "area_code"], ascending=[False, True])
        title = f"Community trigger groups by {result.level}"
        shared.emit(table, title, result.notes, rows, extra, label=result.label)
        return
    columns = ["by", "ref", "area_code", "complaints", "threshold_met_on", "current", "open_cases", "vulnerable_victim"]
    title = "Community trigger: complaints that met the threshold, current first"
    shared.emit(result.groups, title, result.notes, rows, extra, columns, label=result.label)


@app.command(rich_help_panel=PANEL)
@shared_options
def targets(
    shared: Shared,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge progress at this date (default: the end of each indicator's data)."),
    ] = None,
    rows: RowsOption = 30,
) -> None:
    """Progress of each target: current value, progress, on track or not, and the monthly change needed."""
    from queries.analysis.targets import target_progress

    when = option_date("--as-of", as_of)
    with shared.reading() as con:
        result = target_progress(con, shared.settings(), when)
    columns = ["area_code", "indicator", "baseline_used", "current", "target_value", "deadline", "needed_per_month"]
    columns += ["trend_per_month", "status"]
    shared.emit(result.table, "Targets", result.notes, rows, columns=columns, label=result.label)


@app.command("hotspot-matrix", rich_help_panel=PANEL)
@shared_options
def hotspot_matrix(
    shared: Shared,
    level: LevelOption = None,
    months: PartnerMonthsOption = None,
    rows: RowsOption = 30,
) -> None:
    """Ratcliffe's hotspot matrix on ASB cases: each busy area as dispersed/clustered/hotpoint x diffused/focused/acute.

    Default period: every case loaded; areas need at least [hotspot_matrix] min_cases cases.
    """
    from queries.analysis.case_matrix import asb_case_matrix

    with shared.reading() as con:
        result = asb_case_matrix(con, default_level(con, level), shared.settings(), months_from(months))
    columns = ["area_code", "area_name", "cases", "locations", "top_location_share", "spatial", "busiest_hours"]
    columns += ["focused_share", "temporal"]
    title = f"Hotspot matrix of ASB cases by {result.level}, busiest first"
    shared.emit(result.table, title, result.notes, rows, {"level": result.level}, columns, label=result.label)


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", date_format="iso"))
