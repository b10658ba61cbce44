"""How the analysis commands print a result: a readable table with its notes, JSON, or CSV."""

from __future__ import annotations

import json
import math
import numbers
import sys
from typing import Any

import numpy as np
import pandas as pd
from rich.markup import escape
from rich.table import Table

from cli.app import console, err_console
from queries.errors import CspmapError

NO_LABEL = object()  # police-data results carry no data label at all


def emit(
    table: pd.DataFrame,
    title: str,
    notes: tuple[str, ...] | list[str],
    as_json: bool,
    as_csv: bool,
    rows: int,
    extra: dict[str, Any] | None = None,
    columns: list[str] | None = None,
    label: Any = NO_LABEL,
) -> None:
    """Print a result as JSON, CSV (notes to stderr) or a table (of ``columns``, if given) and its notes.

    ``label`` is the data's label for partner results (``illustrative`` for the demo's, None for real data): JSON
    gives it as ``label`` and the table's title starts with it.
    """
    if as_json and as_csv:
        raise CspmapError("Choose one of --json and --csv.")
    labelled = {} if label is NO_LABEL else {"label": label}
    if label not in (NO_LABEL, None):
        title = f"{str(label).upper()} DATA: {title}"
    if as_json:
        records = json.loads(table.to_json(orient="records", date_format="iso"))
        print(
            json.dumps({"title": title, **labelled, **(extra or {}), "notes": list(notes), "rows": records}, indent=2)
        )
        return
    if as_csv:
        table.to_csv(sys.stdout, index=False)
        for note in notes:
            err_console.print(escape(note), highlight=False)
        return
    shown = table.head(rows)[[column for column in columns if column in table] if columns else table.columns]
    grid = Table(title=f"{title}: {len(shown):,} of {len(table):,} rows", title_justify="left")
    for column in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[column]) and not pd.api.types.is_bool_dtype(shown[column])
        heading = column.removeprefix("contribution_").replace("_", " ")
        grid.add_column(heading, justify="right" if numeric else "left", overflow="fold")
    for values in shown.itertuples(index=False):
        grid.add_row(*(escape(cell_text(value)) for value in values))
    console.print(grid)
    for note in notes:
        console.print(escape(note), highlight=False)


def cell_text(value: Any) -> str:
    """A value as a table shows it: thousands separated, 2-3 significant decimals, '-' for missing, yes/no, dates
    without their time (JSON and CSV keep it)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "-"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return "-"
        if abs(number) >= 1000:
            return f"{number:,.0f}"
        if abs(number) >= 1 or number == 0:
            return f"{number:.2f}"
        return f"{number:.3f}" if abs(number) >= 0.001 else f"{number:.3g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)
