"""Ratcliffe's hotspot matrix on a hand-made, timestamped fixture."""

from __future__ import annotations

import pandas as pd
import pytest

from queries.analysis.hotspot_matrix import aoristic_hours, busiest_window, hotspot_matrix
from queries.config import load_config


def test_aoristic_weights_share_each_incident_over_the_hours_it_may_have_happened_in():
    start = pd.Series(pd.to_datetime(["2024-03-01 22:30", "2024-03-01 10:00", "2024-03-01 00:00"]))
    end = pd.Series(pd.to_datetime(["2024-03-02 00:30", None, "2024-03-03 00:00"]))
    weights = aoristic_hours(start, end)
    # 22:30-00:30 is two hours: 30 min in hour 22, 60 in 23, 30 in 0 -> 0.25, 0.5, 0.25.
    assert weights[0, [22, 23, 0]].tolist() == [0.25, 0.5, 0.25]
    # A known time puts everything in its hour; a 48-hour window spreads evenly, 1/24 an hour.
    assert weights[1, 10] == 1.0
    assert weights[2] == pytest.approx([1 / 24] * 24)
    assert weights.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])


def test_busiest_window_wraps_past_midnight():
    profile = [0.0] * 24
    profile[23], profile[0], profile[1] = 2.0, 1.0, 1.0
    assert busiest_window(pd.Series(profile).to_numpy(), 3) == (23, 1.0)


def incidents() -> pd.DataFrame:
    rows = []

    def add(hotspot, location, start, end=None):
        rows.append({"hotspot": hotspot, "location": location, "start": start, "end": end})

    # H1: 4 incidents, 3 at one address (share 0.75 >= 0.5: hotpoint), all at 23:00 (acute).
    for location in ["a", "a", "a", "b"]:
        add("H1", location, "2024-03-01 23:00")
    # H2: 10 incidents at 10 places (top 0.1; busiest fifth = 2 places, 0.2: dispersed), one every other hour
    # from 00:00 to 18:00 (busiest 3 h hold 2/10, busiest 8 h 4/10: diffused).
    for k in range(10):
        add("H2", f"p{k}", f"2024-03-01 {2 * k:02d}:00")
    # H3: 10 incidents at 7 places a,a,a,b,b,c,d,e,f,g (top 0.3 < 0.5; busiest fifth = ceil(1.4) = 2 places
    # hold 5/10 = 0.5: clustered). Six span 16:00-22:00 (1/6 an hour each: 1 incident in each hour 16..21) and
    # four are at 02:00, 06:00, 10:00, 14:00. Busiest 3 h: 3/10 (not acute); busiest 8 h, 14:00-22:00: 6 + 1 = 7/10
    # (focused).
    for location in ["a", "a", "a", "b", "b", "c"]:
        add("H3", location, "2024-03-01 16:00", "2024-03-01 22:00")
    for location, hour in zip(["d", "e", "f", "g"], [2, 6, 10, 14], strict=True):
        add("H3", location, f"2024-03-01 {hour:02d}:00")
    return pd.DataFrame(rows)


def test_hotspot_matrix_by_hand():
    matrix = hotspot_matrix(incidents(), load_config().hotspot_matrix).set_index("hotspot")
    assert matrix["matrix"].to_dict() == {
        "H1": "hotpoint / acute",
        "H2": "dispersed / diffused",
        "H3": "clustered / focused",
    }
    assert matrix.loc["H1", "top_location_share"] == 0.75
    assert matrix.loc["H2", "acute_share"] == pytest.approx(0.2)
    assert matrix.loc["H2", "focused_share"] == pytest.approx(0.4)
    assert matrix.loc["H3", "top_fifth_share"] == 0.5
    assert matrix.loc["H3", "acute_share"] == pytest.approx(0.3)
    assert matrix.loc["H3", "focused_share"] == pytest.approx(0.7)
    assert matrix.loc["H3", "busiest_hours"] == "14:00-22:00"
