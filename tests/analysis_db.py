"""Small analysis databases built row by row for tests: areas, lookups and police.uk incidents, and settings."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geodata.crs import bng_to_lonlat
from geodata.wkb import to_wkb
from queries.config import AnalysisConfig, default_config_text, merge_settings, validate_config
from queries.database import write_session
from queries.frames import registered

X0, Y0 = 400000.0, 300000.0
JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)
WEST, EAST = ("W1", "W2", "W3"), ("E1", "E2", "E3")  # six_lsoas' LSOAs, west to east


def config_with(overrides: dict[str, Any]) -> AnalysisConfig:
    """The default settings with some replaced."""
    return validate_config(merge_settings(tomllib.loads(default_config_text()), overrides), "test overrides")


def write_database(path: Path, areas: list[dict], lookup: list[tuple[str, str, str]], incidents: list[dict]) -> Path:
    """A database holding exactly these areas (level, code, geometry, population), lookups and incidents."""
    with write_session(path, fresh=True) as con:
        geoms = np.array([area["geometry"] for area in areas])
        frame = pd.DataFrame(
            {
                "level": [area["level"] for area in areas],
                "code": [area["code"] for area in areas],
                "name": [area["code"] for area in areas],
                "geometry": to_wkb(geoms),
                "geometry_wgs84": to_wkb(shapely.transform(geoms, _to_lonlat)),  # as pages draw them
                "area_m2": shapely.area(geoms),
                "population": pd.array([area["population"] for area in areas], dtype="Int64"),
                "source_file": "test",
            }
        )
        with registered(con, "new_areas", frame):
            con.execute("INSERT INTO areas BY NAME SELECT * FROM new_areas")
        con.executemany("INSERT INTO area_lookup VALUES (?, ?, ?)", lookup)
        rows = pd.DataFrame(
            [
                {
                    "id": number,
                    "source": "police.uk",
                    "force": "Test Police",
                    "month": incident["month"],
                    "category": incident["category"],
                    "crime_id": None,
                    "lsoa_code": incident["area_code"],
                    "lsoa_name": None,
                    "longitude": None if incident["x"] is None else incident["x"] / 1e5,
                    "latitude": None if incident["y"] is None else incident["y"] / 1e5,
                    "easting": incident["x"],
                    "northing": incident["y"],
                    "location": incident.get("location", "On or near Test Street"),
                    "last_outcome": None,
                    "area_code": incident["area_code"],
                    "placement": _placement(incident),
                    "run_id": 1,
                    "source_line": number + 2,
                }
                for number, incident in enumerate(incidents)
            ]
        )
        with registered(con, "new_incidents", rows):
            con.execute("INSERT INTO incidents BY NAME SELECT * FROM new_incidents")
    return path


def incident(area_code: str | None, month: date, category: str, x: float | None, y: float | None) -> dict:
    return {"area_code": area_code, "month": month, "category": category, "x": x, "y": y}


def _to_lonlat(points: np.ndarray) -> np.ndarray:
    return np.column_stack(bng_to_lonlat(points[:, 0], points[:, 1]))


def _placement(incident: dict) -> str:
    if incident["area_code"] is not None:
        return "lsoa_code"
    return "no_location" if incident["x"] is None else "outside"


def four_lsoas(path: Path) -> Path:
    """Four 500 m square LSOAs in a row (L1..L4, west to east) in two CSPs (C1 = L1+L2, C2 = L3+L4).

    Residents: L1 1000, L2 2000, L3 500, L4 unknown (C1 3000, C2 500). Incidents:
      L1: 2 burglaries at one map point, one in January and one in February (a repeat location)
      L2: 40 ASB in January at one point, 10 robberies in February at another
      L3: 20 violence in February
      L4: 3 shoplifting in January, and 1 more with no coordinates
      and 1 burglary in January outside every area, and 1 robbery in February with no location at all.
    """
    areas, lookup = [], []
    for k, (code, population, csp) in enumerate(
        [("L1", 1000, "C1"), ("L2", 2000, "C1"), ("L3", 500, "C2"), ("L4", None, "C2")]
    ):
        box = shapely.box(X0 + 500 * k, Y0, X0 + 500 * (k + 1), Y0 + 500)
        areas.append({"level": "lsoa", "code": code, "geometry": box, "population": population})
        lookup += [(code, "lsoa", code), (code, "csp", csp)]
    areas.append(
        {"level": "csp", "code": "C1", "geometry": shapely.box(X0, Y0, X0 + 1000, Y0 + 500), "population": 3000}
    )
    areas.append(
        {"level": "csp", "code": "C2", "geometry": shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 500), "population": 500}
    )
    incidents = [
        incident("L1", JAN, "Burglary", X0 + 100, Y0 + 100),
        incident("L1", FEB, "Burglary", X0 + 100, Y0 + 100),
        *[incident("L2", JAN, "Anti-social behaviour", X0 + 750, Y0 + 250) for _ in range(40)],
        *[incident("L2", FEB, "Robbery", X0 + 600, Y0 + 100) for _ in range(10)],
        *[incident("L3", FEB, "Violence and sexual offences", X0 + 1250, Y0 + 250) for _ in range(20)],
        *[incident("L4", JAN, "Shoplifting", X0 + 1700, Y0 + 300) for _ in range(3)],
        incident("L4", JAN, "Shoplifting", None, None),
        incident(None, JAN, "Burglary", X0 - 5000, Y0),
        incident(None, FEB, "Robbery", None, None),
    ]
    return write_database(path, areas, lookup, incidents)


def six_lsoas(path: Path) -> Path:
    """Six 1 km square LSOAs in a row, W1 W2 W3 E1 E2 E3 from west to east (W1 has one burglary in July 2018, W2
    two, ... E3 six), and two CSPs, "West" and "East", each the union of its three: more LSOAs than a map limit of
    four, as England and Wales has against the default 1,000."""
    codes = (*WEST, *EAST)
    squares = {code: shapely.box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i, code in enumerate(codes)}
    areas = [
        {"level": "lsoa", "code": code, "geometry": square, "population": 1000} for code, square in squares.items()
    ]
    areas += [
        {"level": "csp", "code": name, "geometry": shapely.union_all([squares[c] for c in members]), "population": 3000}
        for name, members in (("West", WEST), ("East", EAST))
    ]
    lookup = [(code, "lsoa", code) for code in codes]
    lookup += [(code, "csp", "West" if code in WEST else "East") for code in codes]
    incidents = [
        incident(code, date(2018, 7, 1), "Burglary", X0 + 1000 * i + 500, Y0 + 500)
        for i, code in enumerate(codes)
        for _ in range(i + 1)
    ]
    return write_database(path, areas, lookup, incidents)
