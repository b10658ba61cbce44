"""Exported text cannot start a spreadsheet formula; numbers are left alone."""

from __future__ import annotations

import pandas as pd

from queries.spreadsheet_safety import formula_safe_frame, formula_safe_text


def test_every_formula_start_is_neutralised_with_an_apostrophe():
    planted = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    assert [formula_safe_text(value) for value in planted] == ["'" + value for value in planted]


def test_ordinary_text_numbers_and_missing_values_are_unchanged():
    assert formula_safe_text("Halifax Central") == "Halifax Central"
    assert formula_safe_text("Burglary - domestic") == "Burglary - domestic"
    assert formula_safe_text(-3) == -3
    assert formula_safe_text(-0.5) == -0.5
    assert formula_safe_text(None) is None


def test_frame_keeps_numeric_columns_numeric_and_fixes_text_and_headings():
    table = pd.DataFrame({"name": ["=1+1", "Todmorden"], "change": [-4, 2], "=odd": ["a", None]})
    safe = formula_safe_frame(table)
    assert list(safe.columns) == ["name", "change", "'=odd"]
    assert safe["name"].tolist() == ["'=1+1", "Todmorden"]
    assert safe["change"].tolist() == [-4, 2]
    assert pd.api.types.is_integer_dtype(safe["change"])
    assert safe["'=odd"].tolist()[0] == "a" and pd.isna(safe["'=odd"].tolist()[1])
    assert table["name"].tolist() == ["=1+1", "Todmorden"]  # the input is not changed
