"""A patrol brief for one team: the patrol plan's busiest cells in the team's patch, numbered, each with its place
names and what happens there, and the priorities agreed with the patch's residents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from geodata.assign import assign_points_to_areas
from geodata.wkb import from_wkb
from queries.analysis.partner_data import data_label
from queries.analysis.patrol import patrol_plan
from queries.analysis.place_names import cell_place_names, with_place_names
from queries.analysis.repeats import repeat_locations
from queries.analysis.selection import Selection, define_located_selection, settle_months
from queries.config import AnalysisConfig
from queries.errors import CspmapError
from queries.sql_files import load_sql

TARGETS = 8  # numbered cells on one printed page; more would not be patrolled in a week anyway
SHOWN_PER_CELL = 3  # categories, months and repeat locations listed for each target


@dataclass(frozen=True)
class PatrolBrief:
    """What a sergeant's brief shows.

    ``targets``: one row per numbered cell (``number`` 1 = busiest by the plan's score) with ``easting``,
    ``northing`` (its centre), ``incidents``, ``score``, ``place_names``, ``area_name``, ``categories``,
    ``months`` and ``repeat_locations`` (each a short text, commonest first). ``patch`` holds the team's LSOA
    polygons (EPSG:27700) and ``points`` the coordinates of the selection's incidents in the patch.
    """

    team: dict[str, Any]
    lsoas: tuple[str, ...]
    patch: np.ndarray
    months: tuple[date, ...]
    method: str
    cell_size: float
    targets: pd.DataFrame
    points: pd.DataFrame
    incidents: int
    priorities: pd.DataFrame
    label_notes: tuple[str, ...]
    notes: tuple[str, ...]


def patrol_brief(
    con: duckdb.DuckDBPyConnection,
    team_id: str,
    selection: Selection,
    config: AnalysisConfig,
    targets: int = TARGETS,
) -> PatrolBrief:
    """The brief for ``team_id`` over the selection's months (default: every month loaded).

    The cells are scored over the whole loaded area by the method the patrol plan chooses (see
    ``patrol.patrol_plan``), then the busiest ``targets`` cells whose centre is in the team's patch are
    numbered; ties go to the cell with more incidents, then the lower cell number.
    """
    rows = con.execute(load_sql("patrol_team"), {"team_id": team_id}).df()
    if rows.empty:
        teams = patrol_teams(con)
        if not teams:
            raise CspmapError("No teams are loaded; load them with `cspmap ingest teams FILE`.")
        listed = ", ".join(team for team, _ in teams[:12]) + (" ..." if len(teams) > 12 else "")
        raise CspmapError(f"No team {team_id!r} covering a loaded LSOA. Teams: {listed}.")
    team = rows.iloc[0][["team_id", "team_name", "team_type", "agency", "contact_email", "contact_phone"]]
    team = {key: (None if pd.isna(value) else value) for key, value in team.items()}
    lsoas = tuple(rows["lsoa_code"])
    patch = from_wkb(rows["geometry"].to_numpy())
    selection, month_notes = settle_months(con, selection)
    size = config.grid.cell_size_m

    plan = patrol_plan(con, selection, config, share=1.0)  # every cell, scored by the chosen method
    cells = plan.cells
    cells["lsoa_code"] = assign_points_to_areas(
        cells["easting"].to_numpy(), cells["northing"].to_numpy(), np.array(lsoas, dtype=object), patch
    )
    in_patch = cells[cells["lsoa_code"].notna() & (cells["incidents"] > 0)]
    chosen = in_patch.sort_values(["score", "incidents", "cell"], ascending=[False, False, True]).head(targets)
    chosen = with_place_names(chosen, cell_place_names(con, selection, size))
    chosen.insert(0, "number", np.arange(1, len(chosen) + 1))

    points = con.execute(load_sql("patrol_points"), {"lsoas": list(lsoas), **_params(selection)}).df()
    target_keys = _grid_keys(chosen["easting"], chosen["northing"], size)
    cell_keys = {"grid_x": target_keys[0].tolist(), "grid_y": target_keys[1].tolist(), "size": size}
    define_located_selection(con)
    counts = con.execute(load_sql("patrol_cell_counts"), {**cell_keys, **selection.params()}).df()
    chosen["categories"] = [_commonest(counts, x, y) for x, y in zip(*target_keys, strict=True)]
    chosen["months"] = [_by_month(counts, x, y) for x, y in zip(*target_keys, strict=True)]
    repeats = repeat_locations(con, selection, config, box=_cells_box(*target_keys, size)).table
    repeat_keys = _grid_keys(repeats["easting"], repeats["northing"], size)
    repeats = repeats.assign(grid_x=repeat_keys[0], grid_y=repeat_keys[1])
    chosen["repeat_locations"] = [_repeats_in(repeats, x, y) for x, y in zip(*target_keys, strict=True)]

    priorities = con.execute(load_sql("patrol_team_priorities"), {"team_id": team_id}).df()
    _, label_notes = data_label(con, ("teams", "agreements"))
    columns = ["number", "easting", "northing", "incidents", "score", "place_names", "area_name"]
    columns += ["categories", "months", "repeat_locations"]
    located = points.dropna(subset=["easting", "northing"])
    notes = [
        f"Cells of {size:g} m scored by {plan.method} over every loaded area; the {len(chosen)} busiest in the "
        f"patch are numbered. Incidents in the patch: {len(points):,} ({len(points) - len(located):,} with no "
        "location are not on the map).",
        "Place names are police.uk's anonymised map points ('On or near ...'), the commonest in each cell.",
        *month_notes,
    ]
    if len(chosen) < targets:
        notes.append(f"Only {len(chosen)} cell(s) in the patch had any incidents in these months.")
    return PatrolBrief(
        team=team,
        lsoas=lsoas,
        patch=patch,
        months=tuple(selection.months or ()),
        method=plan.method,
        cell_size=size,
        targets=chosen[columns].reset_index(drop=True),
        points=located[["easting", "northing"]].reset_index(drop=True),
        incidents=len(points),
        priorities=priorities,
        label_notes=label_notes,
        notes=tuple(notes),
    )


def patrol_teams(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every team's id and name, police teams first: the choices for a brief."""
    return [(team_id, name) for team_id, name in con.execute(load_sql("patrol_teams_list")).fetchall()]


def _params(selection: Selection) -> dict[str, Any]:
    params = selection.params()
    params.pop("within_level"), params.pop("within_code")
    return params


def _grid_keys(easting: pd.Series, northing: pd.Series, size: float) -> tuple[np.ndarray, np.ndarray]:
    # The cell a point is in, as place_names keys it: the lattice is aligned to multiples of the cell size.
    x = np.floor(easting.to_numpy(dtype=float) / size)
    y = np.floor(northing.to_numpy(dtype=float) / size)
    return x, y


def _cells_box(x: np.ndarray, y: np.ndarray, size: float) -> tuple[float, float, float, float]:
    # The box around the cells keyed (x, y), a cell wider each way: floor(easting / size) can round a point just
    # outside a cell's edge into it, and the cells' own keys decide what is in them.
    if len(x) == 0:
        return (0.0, 0.0, 0.0, 0.0)  # no cells: a box holding nothing
    return ((x.min() - 1) * size, (y.min() - 1) * size, (x.max() + 2) * size, (y.max() + 2) * size)


def _in_cell(frame: pd.DataFrame, x: float, y: float) -> pd.DataFrame:
    return frame[(frame["grid_x"] == x) & (frame["grid_y"] == y)]


def _counted(counts: pd.DataFrame, x: float, y: float, kind: str) -> list[tuple[str, int]]:
    found = _in_cell(counts, x, y)
    found = found[found["kind"] == kind]
    return list(zip(found["value"], found["incidents"], strict=True))


def _commonest(counts: pd.DataFrame, x: float, y: float) -> str:
    ordered = sorted(_counted(counts, x, y, "category"), key=lambda item: (-item[1], item[0]))[:SHOWN_PER_CELL]
    return "; ".join(f"{name} {count:,}" for name, count in ordered)


def _by_month(counts: pd.DataFrame, x: float, y: float) -> str:
    return "; ".join(f"{month} {count:,}" for month, count in sorted(_counted(counts, x, y, "month")))


def _repeats_in(repeats: pd.DataFrame, x: float, y: float) -> str:
    found = _in_cell(repeats, x, y).head(SHOWN_PER_CELL)
    return "; ".join(
        f"{row.location} ({row.incidents:,} in {row.months} months)" for row in found.itertuples(index=False)
    )
