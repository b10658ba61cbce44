"""Options and helpers the analysis commands share: how a command opens the database, reads its filters and
chooses the level."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from queries.analysis.selection import Selection, parse_months, resolve_categories, resolve_within
from queries.areas import loaded_levels, preferred_level
from queries.config import CONFIG_ENV
from queries.database import connect_read

CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (to stdout; notes go to stderr).")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", envvar=CONFIG_ENV, help="TOML file overriding queries/defaults.toml.", show_default=False),
]
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


@contextmanager
def reading(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``db`` for the length of a ``with`` block."""
    con = connect_read(db)
    try:
        yield con
    finally:
        con.close()


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
