"""CLI tables at a given width: numbers stay whole, text is shortened and then dropped, and the table says which."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from cli.analysis_output import fitted_table

FRAME = pd.DataFrame(
    {
        "area_code": ["E02002251", "E02002299"],
        "area_name": ["Calderdale 008", "Kirklees 029 and a long tail"],
        "incidents": [13576, 876],
        "rate": [395.78, 133.74],
        "compared": ["above", "similar"],
    }
)


def rendered(width: int) -> tuple[list[str], list[str]]:
    grid, left_out = fitted_table(FRAME, width)
    console = Console(width=width, record=True, color_system=None)
    with console.capture() as capture:
        console.print(grid)
    return capture.get().splitlines(), left_out


def test_a_wide_terminal_shows_everything_on_one_line_a_row():
    lines, left_out = rendered(120)
    assert left_out == []
    assert any(line.split()[:2] == ["E02002251", "Calderdale"] and "13,576" in line for line in lines)
    assert any("Kirklees 029 and a long tail" in line for line in lines)


def test_a_narrow_terminal_cuts_text_then_drops_it_but_never_cuts_a_number():
    for width in (60, 45, 30, 24):
        lines, left_out = rendered(width)
        assert max(len(line) for line in lines) <= width
        tokens = {token for line in lines for token in line.split()}
        assert {"13,576", "876", "395.78", "133.74"} <= tokens, (width, lines)
        assert "area name" not in left_out or "area code" in left_out  # codes go before names
    # The numbers need 9 + 6 characters and 2 between columns; a text column is cut to 8 at the least. At 45 the
    # three text columns need 15 + 3 x 8 + 4 x 2 = 47: 'compared' goes (the rightmost that is not a name); at 30
    # the code goes too (37 > 30); at 24 even the name (27 > 24).
    assert rendered(45)[1] == ["compared"]
    assert rendered(30)[1] == ["area code", "compared"]
    assert rendered(24)[1] == ["area code", "area name", "compared"]
    lines, _ = rendered(45)
    # 45 - 15 - 9 - 3 x 2 = 15 characters are left for the name: the long one is shortened, with an ellipsis.
    assert any(line.split()[:4] == ["E02002299", "Kirklees", "029", "a…"] for line in lines)
