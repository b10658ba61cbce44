"""The community trigger: complaints about the same victim or place within six months, by hand."""

from __future__ import annotations

import pandas as pd

from queries.analysis.triggers import location_keys, threshold_reached, trigger_groups
from queries.config import load_config


def test_threshold_is_three_complaints_within_six_calendar_months():
    # 1 Jan, 1 May, 1 Jul (exactly six months after the first: still within), 2 Jul.
    times = pd.Series(pd.to_datetime(["2024-01-01", "2024-05-01", "2024-07-01", "2024-07-02"]))
    # Windows from each complaint: from 1 Jan to 1 Jul holds 3; from 1 May to 1 Nov holds 3. Met on 1 Jul.
    assert threshold_reached(times, 3, 6) == (3, pd.Timestamp("2024-07-01"))
    # Spread out: 1 Jan, 2 Jul, 3 Jan 2025: each window holds only its own complaint (2 Jul is a day after 1 Jul,
    # 3 Jan a day after 2 Jan), so at most 1 and never the threshold.
    spread = pd.Series(pd.to_datetime(["2024-01-01", "2024-07-02", "2025-01-03"]))
    assert threshold_reached(spread, 3, 6) == (1, None)


def test_a_place_is_the_location_ref_else_the_point_rounded_to_the_grid():
    rows = pd.DataFrame(
        {
            "location_ref": ["LOC9", None, None, None],
            "easting": [401990.0, 401990.0, 402026.0, None],
            "northing": [300010.0, 300010.0, 299990.0, None],
        }
    )
    # 401990 / 50 = 8039.8 -> 8040 -> 402000; 402026 / 50 = 8040.52 -> 8041 -> 402050.
    assert location_keys(rows, 50.0).tolist()[:3] == ["LOC9", "point 402000,300000", "point 402050,300000"]
    assert pd.isna(location_keys(rows, 50.0).iloc[3])


def cases() -> pd.DataFrame:
    rows = [
        # V1 complains three times in five months about places P1, P1, P2: a victim trigger, met on 10 Jun.
        ("K1", "2024-01-10", "V1", "P1", "A", False, None),
        ("K2", "2024-03-10", "V1", "P1", "A", False, "2024-04-01"),
        ("K3", "2024-06-10", "V1", "P2", "A", True, None),
        # P3 gets complaints from three different people within two months: a location trigger, met on 20 Mar.
        ("K4", "2024-02-01", "V2", "P3", "B", False, "2024-02-05"),
        ("K5", "2024-03-01", "V3", "P3", "B", False, "2024-03-05"),
        ("K6", "2024-03-20", None, "P3", "A", False, "2024-03-25"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["case_id", "reported_at", "victim_ref", "location_ref", "area_code", "vulnerable_victim", "closed_at"],
    )
    frame["reported_at"] = pd.to_datetime(frame["reported_at"])
    return frame.assign(easting=None, northing=None, asb_type="Noise")


def test_trigger_groups_by_victim_and_by_place():
    config = load_config()
    groups = trigger_groups(cases(), config.triggers, 50.0, pd.Timestamp("2024-04-01")).set_index(["by", "ref"])
    assert sorted(groups.index) == [("location", "P3"), ("victim", "V1")]  # P1 has only two
    victim = groups.loc[("victim", "V1")]
    assert victim["threshold_met_on"] == pd.Timestamp("2024-06-10")
    assert (victim["area_code"], victim["open_cases"], victim["vulnerable_victim"]) == ("A", 2, True)
    assert victim["case_ids"] == "K1; K2; K3"
    # "current" counts complaints since 1 April: V1 has one (10 Jun), so it is not; P3 none.
    assert not victim["current"]
    place = groups.loc[("location", "P3")]
    # Two of P3's cases are in area B, one in A: the group is in B.
    assert (place["threshold_met_on"], place["area_code"], place["complaints"]) == (pd.Timestamp("2024-03-20"), "B", 3)
    # Counting since 1 January instead, V1 is current.
    since_january = trigger_groups(cases(), config.triggers, 50.0, pd.Timestamp("2024-01-01"))
    assert since_january.set_index("ref")["current"].to_dict() == {"V1": True, "P3": True}
