"""The filter options the analysis commands share, and how a command turns them into a ``Selection`` and a level.

(The options every command shares, ``--db`` and the rest, are in cli/shared.py.)"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import duckdb
import typer

from cli.app import ConfigOption, CsvOption  # noqa: F401 (importable here, where commands used to find them)
from queries.analysis.selection import Selection, parse_months, resolve_categories, resolve_within
from queries.areas import loaded_levels, preferred_level

LevelOption = Annotated[
    str | None, typer.Option("--level", help="Area level (default: neighbourhood if loaded, else lsoa).")
]
MonthsOption = Annotated[
    str | None, typer.Option("--months", help="Months: 2016-07,2017-07 or 2017-01..2017-12 (default: all).")
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option("--category", help="A police.uk category, or 'crime' or 'asb'; repeat for more (default: all)."),
]
WithinOption = Annotated[
    str | None, typer.Option("--within", help="Only this area, as CODE or LEVEL:CODE (e.g. csp:E08000033).")
]
RowsOption = Annotated[int, typer.Option("--rows", min=1, help="Rows to show in the table (JSON/CSV have all).")]


def selection_from(
    con: duckdb.DuckDBPyConnection, months: str | None, categories: list[str] | None, within: str | None
) -> Selection:
    """The police-data filters from the command's options."""
    return Selection(
        months=parse_months(months) if months else None,
        categories=resolve_categories(con, categories),
        within=resolve_within(con, within),
    )


def months_from(text: str | None) -> tuple[date, ...] | None:
    """Months from ``--months`` (None: the command's default period)."""
    return parse_months(text) if text else None


def default_level(con: duckdb.DuckDBPyConnection, level: str | None) -> str:
    """The level given, else neighbourhood when it is loaded, else lsoa."""
    if level is not None:
        return level
    return preferred_level(loaded_levels(con))
