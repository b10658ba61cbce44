"""Small analysis databases built row by row for tests: areas, lookups and police.uk incidents, and settings."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geodata.wkb import to_wkb
from queries.config import AnalysisConfig, default_config_text, merge_settings, validate_config
from queries.database import write_session
from queries.frames import registered

X0, Y0 = 400000.0, 300000.0


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
                "geometry_wgs84": to_wkb(geoms),  # never drawn in these tests
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


def _placement(incident: dict) -> str:
    if incident["area_code"] is not None:
        return "lsoa_code"
    return "no_location" if incident["x"] is None else "outside"
