"""The public map's figures in words, and its map view's parameters, on numbers worked by hand."""

from __future__ import annotations

import math

import pandas as pd

from publicmap.svg_map import parse_view, rate_bands
from publicmap.words import change_in_words, month_name, rate_in_words, trend_in_words, year_before


def test_months_by_name():
    assert month_name("2018-07") == "July 2018"
    assert year_before("2018-01") == "2017-01"


def test_change_on_the_same_month_last_year():
    # 45 against 51: (45 - 51) / 51 = -11.8%, said as 12%.
    assert change_in_words("Anti-social behaviour", 45, 51, "2018-07") == (
        "ASB down 12% on July 2017 (51 then, 45 in July 2018)."
    )
    assert change_in_words("Burglary", 11, 7, "2018-07") == "Burglary up 57% on July 2017 (7 then, 11 in July 2018)."
    assert (
        change_in_words("Drugs", 100, 100, "2018-07") == "Drugs: 100 in July 2018, about the same as July 2017 (100)."
    )
    assert change_in_words("Drugs", 3, 0, "2018-07") == "Drugs: 3 in July 2018, up from none in July 2017."
    assert "no figures for July 2017" in change_in_words("Drugs", 3, None, "2018-07")


def test_rate_against_the_csp():
    assert rate_in_words(12.0, 9.0, 15.0, 8.0, "Calderdale") == (
        "12.0 per 1,000 residents (likely between 9.0 and 15.0): higher than Calderdale as a whole (8.0 per 1,000)."
    )
    assert "lower than" in rate_in_words(5.0, 3.0, 7.0, 8.0, "C")
    assert "similar to" in rate_in_words(7.0, 5.0, 9.0, 8.0, "C")
    assert "not known" in rate_in_words(math.nan, math.nan, math.nan, 8.0, "C")


def test_trend():
    assert trend_in_words("Burglary", {"2016-07": 5, "2017-07": 7, "2018-07": 11}) == (
        "Burglary: 5 in July 2016 and 11 in July 2018 (up), over the 3 months shown."
    )
    assert "no trend yet" in trend_in_words("Burglary", {"2018-07": 5})


def test_map_view_parameters_fall_back_to_the_whole_map():
    assert parse_view("4", "0.25", "0.75") == (4, (0.25, 0.75))
    for zoom, x in [("3", "0.5"), ("nan", "nan"), ("-1", "2"), ("1e309", "inf"), (None, None)]:
        assert parse_view(zoom, x, x) == (1, (0.5, 0.5))


def test_rate_bands_are_quintiles_with_no_band_without_a_rate():
    rates = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, math.nan], index=list("abcdefg"))
    bands, legend = rate_bands(rates)
    # Quintile edges of 1..6: 1, 2, 3, 4, 5, 6; each value falls in the band starting at it, 6 in the last.
    assert bands.tolist() == [0, 1, 2, 3, 4, 4, None]
    assert legend[0] == "1.0 to 2.0 per 1,000" and len(legend) == 5
