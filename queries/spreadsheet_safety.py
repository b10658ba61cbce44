"""Exports that a spreadsheet cannot run: text cells that would start a formula are neutralised (OWASP CSV
injection guidance), numbers stay numbers.

Every path that writes CSV for a person (the CLI's ``--csv``, the tables' download in the dashboard, any report
attachment) passes its frame through :func:`formula_safe_frame`, so the rule lives here only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# A cell whose text starts with one of these is read as a formula (or a DDE command) by Excel, LibreOffice
# and Google Sheets; tab and carriage return are the OWASP list's tricks for hiding the sign.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe_text(value: Any) -> Any:
    """``"=HYPERLINK(...)"`` -> ``"'=HYPERLINK(...)"``: a leading apostrophe makes a spreadsheet show it as text.

    Anything that is not a string (numbers, dates, missing values) is returned unchanged, so ``-3`` stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells (and column names) cannot start a formula; other columns untouched."""
    safe = table.rename(columns=formula_safe_text)
    for column in safe.columns:
        if pd.api.types.is_object_dtype(safe[column]) or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(formula_safe_text, na_action="ignore")
    return safe
