"""`cspmap rates | priorities | hotspots | evaluate | patrol | emerging | repeats | harm`: the analysis engine.

Each command imports its analysis module when it runs: they pull in scipy, which would otherwise add a second
or more to the start of every `cspmap` command.
"""

from __future__ import annotations

from pathlib import Path
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
    selection_from,
)
from cli.app import app
from cli.shared import Shared, shared_options
from queries.analysis.methods import METHODS
from queries.analysis.selection import parse_months
from queries.config import AnalysisConfig

PANEL = "Analysis of police data"  # the heading these commands are listed under in `cspmap --help`

MethodsOption = Annotated[
    str | None,
    typer.Option(
        "--methods",
        help=f"Methods to judge, comma-separated, or 'all' ({', '.join(METHODS)}); prior counts are always judged "
        "(default: evaluation.methods in the settings).",
    ),
]
CellSizeOption = Annotated[
    float | None, typer.Option("--cell-size", min=1.0, help="Grid cell size in metres (default from config: 250).")
]


@app.command(rich_help_panel=PANEL)
@shared_options
def rates(
    shared: Shared,
    level: LevelOption = None,
    by_category: Annotated[bool, typer.Option("--by-category", help="One row per category.")] = False,
    by_month: Annotated[bool, typer.Option("--by-month", help="One row per month.")] = False,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 30,
) -> None:
    """Incidents per 1,000 residents by area, with exact 95% intervals, EB smoothing and above/below flags."""
    from queries.analysis.rates import area_rates

    with shared.reading() as con:
        settings, selection = shared.settings(), selection_from(con, months, category, within)
        result = area_rates(
            con, default_level(con, level), selection, settings, by_category=by_category, by_month=by_month
        )
    table = result.table.sort_values("rate", ascending=False, na_position="last")
    columns = ["area_code", "area_name", *(["category"] if by_category else []), *(["period"] if by_month else [])]
    columns += ["incidents", "population", "rate", "rate_low", "rate_high", "eb_rate", "reference_rate", "compared"]
    title = f"Rates per {settings.rates.per:,} residents ({result.level}), highest first"
    shared.emit(table, title, result.notes, rows, columns=columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def priorities(
    shared: Shared,
    level: LevelOption = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="How many areas to name (default from config).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every area, not only the top N.")] = False,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
) -> None:
    """Priority-neighbourhood index: rank, score, each component's contribution, and rank stability."""
    from queries.analysis.priorities import priority_index

    with shared.reading() as con:
        settings, selection = shared.settings(), selection_from(con, months, category, within)
        result = priority_index(con, default_level(con, level), selection, settings, top)
    table = result.table if show_all else result.table[result.table["rank"] <= result.top]
    columns = ["rank", "area_code", "area_name", "score", *(f"contribution_{name}" for name in result.weights)]
    columns.append("top_share")
    extra = {"level": result.level, "weights": result.weights, "top": result.top}
    title = f"Priority {result.level} areas (top {result.top}; columns after score are contributions)"
    shared.emit(table, title, result.notes, len(table), extra, columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def hotspots(
    shared: Shared,
    cell_size: CellSizeOption = None,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 20,
) -> None:
    """Counts on a British National Grid lattice, Gi* z-scores with FDR-corrected p-values, and a KDE surface."""
    from queries.analysis.hotspots import grid_hotspots
    from queries.analysis.place_names import cell_place_names, with_place_names

    with shared.reading() as con:
        settings = _with_cell_size(shared.settings(), cell_size)
        selection = selection_from(con, months, category, within)
        result = grid_hotspots(con, selection, settings)
        named = with_place_names(result.cells, cell_place_names(con, selection, settings.grid.cell_size_m))
    table = named if (shared.as_json or shared.as_csv) else named.sort_values("z", ascending=False)
    extra = {"incidents_on_grid": result.incidents, "cells": result.lattice.n_cells}
    columns = ["cell", "place_names", "area_name", "easting", "northing", "incidents", "z", "q", "spot"]
    shared.emit(table, "Grid cells by Gi* z-score", result.notes, rows, extra, columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def evaluate(
    shared: Shared,
    train: Annotated[str, typer.Option("--train", help="Training months, e.g. 2016-07,2017-07.")],
    test: Annotated[str, typer.Option("--test", help="Held-out months to judge on, e.g. 2018-07.")],
    cell_size: CellSizeOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    methods: MethodsOption = None,
) -> None:
    """PAI, hit rate and RRI of each method when the top 1% and 5% of cells are flagged, on held-out months."""
    from queries.analysis.evaluation import evaluate_methods

    with shared.reading() as con:
        settings = _with_methods(_with_cell_size(shared.settings(), cell_size), methods)
        selection = selection_from(con, None, category, within)
        result = evaluate_methods(con, parse_months(train), parse_months(test), selection, settings)
    extra = {"best_method": result.best_method}
    shared.emit(result.scores, "Methods judged on held-out months", result.notes, len(result.scores), extra)


@app.command(rich_help_panel=PANEL)
@shared_options
def patrol(
    shared: Shared,
    share: Annotated[float, typer.Option("--share", min=0.0001, max=0.5, help="Share of cells to flag.")] = 0.05,
    method: Annotated[
        str | None,
        typer.Option("--method", help=f"{', '.join(METHODS)} (default: the best on held-out months)."),
    ] = None,
    cell_size: CellSizeOption = None,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 20,
    methods: MethodsOption = None,
) -> None:
    """The patrol plan: the top cells by the method that did best on the latest held-out months."""
    from queries.analysis.patrol import patrol_plan
    from queries.analysis.place_names import cell_place_names, with_place_names

    with shared.reading() as con:
        settings = _with_methods(_with_cell_size(shared.settings(), cell_size), methods)
        selection = selection_from(con, months, category, within)
        result = patrol_plan(con, selection, settings, share, method)
        named = with_place_names(result.cells, cell_place_names(con, selection, settings.grid.cell_size_m))
    columns = ["cell", "place_names", "area_name", "easting", "northing", "score", "incidents", "flagged"]
    shared.emit(named, f"Patrol plan ({result.method})", result.notes, rows, {"method": result.method}, columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def emerging(
    shared: Shared,
    cell_size: CellSizeOption = None,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 20,
) -> None:
    """Emerging hot spots (Esri's categories) from a Gi* per month and a Mann-Kendall trend."""
    from queries.analysis.emerging import emerging_hotspots

    with shared.reading() as con:
        settings = _with_cell_size(shared.settings(), cell_size)
        result = emerging_hotspots(con, selection_from(con, months, category, within), settings)
    cells = result.cells
    table = (
        cells
        if (shared.as_json or shared.as_csv)
        else cells[cells["pattern"] != "no pattern"].sort_values("trend_z", ascending=False)
    )
    counts = cells["pattern"].value_counts().to_dict()
    columns = ["cell", "easting", "northing", "pattern", "hot_months", "cold_months", "trend_z", "trend_p", "incidents"]
    shared.emit(table, "Cells with an emerging pattern", result.notes, rows, {"patterns": counts}, columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def repeats(
    shared: Shared,
    months: MonthsOption = None,
    category: CategoryOption = None,
    within: WithinOption = None,
    rows: RowsOption = 20,
) -> None:
    """Repeat locations: anonymised police.uk map points with incidents in several months."""
    from queries.analysis.repeats import repeat_locations

    with shared.reading() as con:
        settings = shared.settings()
        result = repeat_locations(con, selection_from(con, months, category, within), settings)
    columns = ["location", "lsoa_code", "incidents", "months", "first_month", "last_month", "easting", "northing"]
    shared.emit(result.table, "Repeat locations", result.notes, rows, columns=columns)


@app.command(rich_help_panel=PANEL)
@shared_options
def harm(
    shared: Shared,
    derive: Annotated[
        Path | None, typer.Option("--derive", help="CSV of category,offence,weight,volume to derive weights from.")
    ] = None,
) -> None:
    """The harm weight of each police.uk category (Crime Severity Score), or weights derived from an offence table."""
    from queries.analysis.harm import derive_category_weights, harm_table, read_offence_table

    if derive is not None:
        weights = derive_category_weights(read_offence_table(derive))
        table = weights.reset_index().sort_values("harm_weight", ascending=False, ignore_index=True)
        notes = (f"Volume-weighted mean CSS weight per category from {derive}; paste into [harm.weights] to use.",)
    else:
        settings = shared.settings()
        table, notes = harm_table(settings), (settings.harm.source,)
    if shared.db.exists():
        table, notes = _with_incidents(shared, table, notes)
    shared.emit(table, "Harm weights", notes, len(table))


def _with_incidents(shared: Shared, table: pd.DataFrame, notes: tuple[str, ...]) -> tuple[pd.DataFrame, tuple]:
    """The weights with the incidents the database holds in each category, and a note on categories without one."""
    from queries.incidents import filter_options

    with shared.reading() as con:
        counts = dict(filter_options(con).categories)
    table = table.assign(incidents=table["category"].map(counts).fillna(0).astype("int64"))
    unweighted = sorted(set(counts) - set(table["category"]))
    if unweighted:
        notes = (*notes, f"Categories in {shared.db} with no harm weight (counted as 0): {', '.join(unweighted)}.")
    return table, notes


def _with_methods(settings: AnalysisConfig, methods: str | None) -> AnalysisConfig:
    from queries.analysis.evaluation import with_methods

    if methods is None:
        return settings
    return with_methods(settings, [name.strip() for name in methods.split(",") if name.strip()])


def _with_cell_size(settings: AnalysisConfig, cell_size: float | None) -> AnalysisConfig:
    if cell_size is None:
        return settings
    return settings.model_copy(update={"grid": settings.grid.model_copy(update={"cell_size_m": cell_size})})
