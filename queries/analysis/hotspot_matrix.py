"""Ratcliffe's hotspot matrix: each hotspot's spatial form (dispersed, clustered, hotpoint) and temporal form
(diffused, focused, acute), from incidents with a location and a time window.

Ratcliffe (2004, Police Practice and Research 5(1)) describes the categories in words; the thresholds that turn
them into rules are cspmap's and live in ``[hotspot_matrix]`` (docs/analysis.md). Police.uk gives months only, so
this needs timestamped partner data (e.g. ASB case records).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from queries.config import HotspotMatrixConfig

HOURS = 24


def aoristic_hours(start: pd.Series, end: pd.Series) -> np.ndarray:
    """(incidents, 24) array: each incident's weight of 1 shared over the hours of the day its window covers.

    An incident known to the minute (no end, or end = start) puts its whole weight in its hour; one whose window
    is 24 hours or longer could have happened at any time, so it is spread evenly.
    """
    start = pd.to_datetime(start).to_numpy(dtype="datetime64[s]")
    end = pd.to_datetime(end).to_numpy(dtype="datetime64[s]")
    end = np.where(np.isnat(end) | (end < start), start, end)
    length = (end - start).astype(np.int64).astype(float)
    weights = np.zeros((len(start), HOURS))
    point = length == 0
    hour_of = (start.astype("datetime64[h]").astype(np.int64)) % HOURS
    weights[np.flatnonzero(point), hour_of[point]] = 1.0
    long = length >= HOURS * 3600
    weights[long] = 1.0 / HOURS
    window = ~point & ~long
    first_hour = start.astype("datetime64[h]")
    for k in range(HOURS + 1):
        bin_start = (first_hour + np.timedelta64(k, "h")).astype("datetime64[s]")
        bin_end = bin_start + np.timedelta64(1, "h")
        overlap = (np.minimum(end, bin_end) - np.maximum(start, bin_start)).astype(np.int64).clip(min=0)
        hour = (bin_start.astype("datetime64[h]").astype(np.int64)) % HOURS
        rows = np.flatnonzero(window & (overlap > 0))
        np.add.at(weights, (rows, hour[rows]), overlap[rows] / length[rows])
    return weights


def busiest_window(profile: np.ndarray, hours: int) -> tuple[int, float]:
    """The first hour of the busiest run of ``hours`` consecutive hours (wrapping past midnight), and its share."""
    total = profile.sum()
    if total == 0:
        return 0, 0.0
    wrapped = np.concatenate([profile, profile[: hours - 1]])
    sums = np.convolve(wrapped, np.ones(hours), mode="valid")[:HOURS]
    first = int(np.argmax(sums))
    return first, float(sums[first] / total)


def hotspot_matrix(incidents: pd.DataFrame, settings: HotspotMatrixConfig) -> pd.DataFrame:
    """One row per hotspot with its spatial and temporal category.

    ``incidents`` has columns hotspot, location, start and end (end may be missing). Spatial: hotpoint when the
    busiest location holds at least ``hotpoint_share`` of the hotspot's incidents; clustered when the busiest fifth
    of its locations hold at least ``clustered_share``; else dispersed. Temporal (aoristic hour-of-day profile):
    acute when the busiest ``acute_window_hours`` hold at least ``acute_share``; focused when the busiest
    ``focused_window_hours`` hold at least ``focused_share``; else diffused.
    """
    incidents = incidents.reset_index(drop=True)
    weights = aoristic_hours(incidents["start"], incidents["end"])
    rows = []
    for hotspot, group in incidents.groupby("hotspot", sort=True):
        per_location = group["location"].value_counts().to_numpy()
        top_share = per_location[0] / per_location.sum()
        fifth = math.ceil(0.2 * len(per_location))
        fifth_share = per_location[:fifth].sum() / per_location.sum()
        if top_share >= settings.hotpoint_share:
            spatial = "hotpoint"
        elif fifth_share >= settings.clustered_share:
            spatial = "clustered"
        else:
            spatial = "dispersed"
        profile = weights[group.index.to_numpy()].sum(axis=0)
        acute_start, acute_share = busiest_window(profile, settings.acute_window_hours)
        focused_start, focused_share = busiest_window(profile, settings.focused_window_hours)
        if acute_share >= settings.acute_share:
            temporal, first, hours = "acute", acute_start, settings.acute_window_hours
        elif focused_share >= settings.focused_share:
            temporal, first, hours = "focused", focused_start, settings.focused_window_hours
        else:
            temporal, first, hours = "diffused", focused_start, settings.focused_window_hours
        rows.append(
            {
                "hotspot": hotspot,
                "incidents": len(group),
                "locations": len(per_location),
                "top_location_share": top_share,
                "top_fifth_share": fifth_share,
                "spatial": spatial,
                "acute_share": acute_share,
                "focused_share": focused_share,
                "busiest_hours": f"{first:02d}:00-{(first + hours) % HOURS:02d}:00",
                "temporal": temporal,
                "matrix": f"{spatial} / {temporal}",
            }
        )
    return pd.DataFrame(rows)
