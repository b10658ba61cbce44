"""What the demo's partner-data generators work from, and what each one makes."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.crs import bng_to_lonlat
from geodata.wkb import from_wkb
from queries.sql_files import load_sql

RESERVED_PHONE = "01632 96{:04d}"  # Ofcom's range for drama: never a real number


@dataclass(frozen=True)
class DemoAreas:
    """What the generator works from: the loaded LSOAs (with a point inside each) and police.uk counts."""

    lsoas: pd.DataFrame  # lsoa_code, population, neighbourhood/csp codes and names, easting, northing, lon, lat
    counts: pd.DataFrame  # lsoa_code, month, incidents, asb, violence
    asb_points: pd.DataFrame  # month, lsoa_code, easting, northing

    def neighbourhoods(self) -> pd.DataFrame:
        """One row per neighbourhood: code, name, csp_code, csp_name, in code order."""
        columns = ["neighbourhood_code", "neighbourhood_name", "csp_code", "csp_name"]
        return self.lsoas[columns].dropna().drop_duplicates("neighbourhood_code").sort_values("neighbourhood_code")


@dataclass(frozen=True)
class PartnerFile:
    """One generated file: the kind it is, and its header and rows."""

    kind: str
    header: list[str]
    rows: list[list[object]]


def read_demo_areas(con: duckdb.DuckDBPyConnection) -> DemoAreas:
    """The loaded areas and police.uk counts the generator follows."""
    lsoas = con.execute(load_sql("demo_partners_lsoas")).df()
    inside = shapely.point_on_surface(from_wkb(lsoas.pop("geometry")))
    lsoas["easting"], lsoas["northing"] = shapely.get_x(inside), shapely.get_y(inside)
    lsoas["longitude"], lsoas["latitude"] = bng_to_lonlat(lsoas["easting"], lsoas["northing"])
    counts = con.execute(load_sql("demo_partners_counts")).df()
    asb_points = con.execute(load_sql("demo_partners_asb_points")).df()
    return DemoAreas(lsoas, counts, asb_points)


def logistic(x: np.ndarray) -> np.ndarray:
    """The probability for log-odds ``x``."""
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))


def standardised(values: pd.Series) -> np.ndarray:
    """Mean 0, standard deviation 1 (a constant series stays centred)."""
    values = values.to_numpy(float)
    return (values - values.mean()) / (values.std() or 1.0)


def normalised(weights: np.ndarray) -> np.ndarray:
    """Weights scaled to sum to 1, for ``rng.choice(p=...)``."""
    return weights / weights.sum()
