"""How the analysis commands print a result: a readable table with its notes, JSON, or CSV."""

from __future__ import annotations

import json
import math
import numbers
import re
import sys
from typing import Any

import numpy as np
import pandas as pd
from rich import box
from rich.markup import escape
from rich.table import Table

from cli.app import console, err_console
from queries.errors import CspmapError
from queries.spreadsheet_safety import formula_safe_frame

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
        print_json({"title": title, **labelled, **(extra or {}), "notes": list(notes), "rows": ROWS}, table)
        return
    if as_csv:
        formula_safe_frame(table).to_csv(sys.stdout, index=False)
        for note in notes:
            err_console.print(escape(note), highlight=False)
        return
    shown = table.head(rows)[[column for column in columns if column in table] if columns else table.columns]
    grid, left_out = fitted_table(shown, console.width)
    grid.title = f"{title}: {len(shown):,} of {len(table):,} rows"
    console.print(grid)
    if left_out:
        console.print(
            f"Not shown at this width: {', '.join(left_out)} (widen the terminal, or use --json or --csv).",
            highlight=False,
        )
    for note in notes:
        console.print(escape(note), highlight=False)


ROWS = "\x00rows\x00"  # where print_json puts the table's rows in the document; no real value holds NULs
ROWS_PER_CHUNK = 20_000


def print_json(document: dict[str, Any], table: pd.DataFrame) -> None:
    """Print ``document`` as indented JSON with ``table``'s rows, as records, in place of its top-level ``ROWS``.

    The output is what ``json.dumps(document, indent=2)`` gives with the records put in, but the records are
    converted and written a chunk of rows at a time: as one list of dicts, the 2.4M cells of a national lattice
    would take some 6 GB.
    """
    before, after = json.dumps(document, indent=2).split(json.dumps(ROWS), 1)
    sys.stdout.write(before)
    if table.empty:
        sys.stdout.write("[]")
    else:
        # At the document's top level a list's items sit two levels deep and its closing bracket one level deep.
        separator = "["
        for start in range(0, len(table), ROWS_PER_CHUNK):
            chunk = table.iloc[start : start + ROWS_PER_CHUNK]
            for record in json.loads(chunk.to_json(orient="records", date_format="iso")):
                sys.stdout.write(separator + "\n    " + json.dumps(record, indent=2).replace("\n", "\n    "))
                separator = ","
        sys.stdout.write("\n  ]")
    sys.stdout.write(after + "\n")


NUMBER_LIKE = re.compile(r"-|[-+]?[\d,.:/%]+(-[\d]+)*")  # numbers, dates (2018-07-31), months, '-' for missing
TEXT_FLOOR = 8  # a text column is shortened (with an ellipsis) to no fewer characters than this before it is dropped
COLUMN_GAP = 2  # the spaces between two columns of the table style below


def fitted_table(shown: pd.DataFrame, width: int) -> tuple[Table, list[str]]:
    """A table of ``shown`` no wider than ``width``, and the headings of the columns it had to leave out.

    Numbers are never wrapped or cut: their columns are as wide as their widest value (or heading word). Text
    columns are shortened with an ellipsis first, then dropped (codes and other text before names, rightmost
    first), and numbers only when nothing else is left to drop.
    """
    headings = {column: column.removeprefix("contribution_").replace("_", " ") for column in shown.columns}
    texts = {column: [escape(cell_text(value)) for value in shown[column]] for column in shown.columns}
    numeric = {column: _is_number(shown[column]) for column in shown.columns}
    # Dates, months and number-like text are kept whole too, though only numbers are right-aligned.
    whole = {column: numeric[column] or all(map(NUMBER_LIKE.fullmatch, texts[column])) for column in shown.columns}
    full = {
        column: max([len(word) for word in headings[column].split()] + [len(text) for text in texts[column]] + [1])
        for column in shown.columns
    }
    kept = list(shown.columns)
    widths = _shortened(kept, full, whole, width)
    while widths is None and len(kept) > 1:
        kept.remove(_next_to_drop(kept, whole))
        widths = _shortened(kept, full, whole, width)
    widths = widths or {kept[0]: max(1, width)}
    grid = Table(
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
    )
    for column in kept:
        # Headings wrap at spaces; every value already fits its width (text is cut to it below).
        grid.add_column(headings[column], justify="right" if numeric[column] else "left", width=widths[column])
    cut = {column: [_cut(text, widths[column]) for text in texts[column]] for column in kept}
    for row in zip(*(cut[column] for column in kept), strict=True):
        grid.add_row(*row)
    return grid, [headings[column] for column in shown.columns if column not in kept]


def _shortened(kept: list[str], full: dict[str, int], whole: dict[str, bool], width: int) -> dict[str, int] | None:
    """Widths for the ``kept`` columns within ``width``, text columns cut widest first; None if they cannot fit."""
    widths = {column: full[column] for column in kept}
    excess = sum(widths.values()) + COLUMN_GAP * (len(kept) - 1) - width
    while excess > 0:
        cuttable = [column for column in kept if not whole[column] and widths[column] > TEXT_FLOOR]
        if not cuttable:
            return None
        widest = max(cuttable, key=lambda column: widths[column])
        widths[widest] -= 1
        excess -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _next_to_drop(kept: list[str], whole: dict[str, bool]) -> str:
    text = [column for column in kept if not whole[column]]
    if text:
        others = [column for column in text if not column.endswith("_name")]
        return (others or text)[-1]
    return kept[-1]


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


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
