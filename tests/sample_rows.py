"""The demo's real police.uk rows read straight from the CSV text, for tests to count independently."""

from __future__ import annotations

import csv
import json
from functools import cache

from demo.build import LSOA_BOUNDARIES, POLICE_UK


@cache
def raw_rows() -> tuple[dict[str, str], ...]:
    """Every data row of the sample's street files, as the csv module reads them."""
    rows = []
    for path in sorted(POLICE_UK.rglob("*-street.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    return tuple(rows)


@cache
def loaded_lsoa_codes() -> frozenset[str]:
    """The LSOA codes in the demo's boundary file."""
    features = json.loads(LSOA_BOUNDARIES.read_text())["features"]
    return frozenset(feature["properties"]["LSOA11CD"] for feature in features)
