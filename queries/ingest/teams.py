"""Ingest neighbourhood policing teams and partner teams: public contact, areas covered, staff, public meetings.

A team's areas are codes at any loaded level, or the LSOAs whose point-on-surface lies inside the team's
polygon in a boundary file (the ONS best-fit rule). After every teams file the whole picture is checked, and
any LSOA covered by no police team, or by more than one team of the same agency, is reported, not resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.assign import assign_points_to_areas
from geodata.boundaries import BoundaryFileError, read_boundaries
from queries.areas import BASE_LEVEL, area_geometries
from queries.errors import CspmapError
from queries.frames import registered
from queries.ingest.partner_fields import Field, PartnerFormat, PartnerRows
from queries.ingest.partner_ingest import Batch, ingest_partner_file, replace_rows
from queries.ingest.partner_location import AreaLocator
from queries.ingest.partner_values import (
    FieldError,
    choice,
    number_between,
    parse_code_list,
    parse_email,
    parse_identifier,
    parse_phone,
    parse_role_counts,
    parse_text,
)
from queries.ingest.runs import IngestSummary
from queries.sql_files import load_sql, query_records

KIND = "teams"
# Column -> role stored in team_staff.
POLICE_ROLES = {"sergeants": "sergeant", "pcs": "pc", "pcsos": "pcso", "match_funded_pcsos": "match_funded_pcso"}
# Column -> meeting_type stored in team_meetings.
MEETINGS = {
    "beat_meetings": "beat_meeting",
    "face_the_people": "face_the_people",
    "asb_meetings": "asb_community_meeting",
    "other_meetings": "other",
}
TEAM_TYPES = {
    "police": "police",
    "npt": "police",
    "neighbourhood policing team": "police",
    "neighbourhood policing": "police",
    "partner": "partner",
    "partner team": "partner",
}
SHOWN = 5  # codes named in a coverage note before "and N more"
parse_staff = number_between(0, 1000)

FORMAT = PartnerFormat(
    kind=KIND,
    fields=(
        Field("team_id", parse_identifier, required=True, aliases=("id", "team_code")),
        Field("team_name", parse_text, required=True, aliases=("team",)),
        Field("agency", parse_text, required=True, aliases=("organisation", "force")),
        Field("team_type", choice(TEAM_TYPES, "team type"), required=True, aliases=("type",)),
        Field("contact_email", parse_email, aliases=("email", "team_email")),
        Field("contact_phone", parse_phone, aliases=("phone", "team_phone", "telephone")),
        Field("areas", parse_code_list, default=(), aliases=("area_codes", "covers", "coverage")),
        Field("sergeants", parse_staff, aliases=("sergeant", "sgts")),
        Field("pcs", parse_staff, aliases=("pc", "constables", "police_constables")),
        Field("pcsos", parse_staff, aliases=("pcso",)),
        Field("match_funded_pcsos", parse_staff, aliases=("match_funded_pcso", "mf_pcsos")),
        Field("other_staff", parse_role_counts, aliases=("partner_staff",)),
        Field("beat_meetings", parse_text, aliases=("beat_meeting",)),
        Field("face_the_people", parse_text, aliases=("face_the_people_sessions",)),
        Field("asb_meetings", parse_text, aliases=("asb_community_meetings", "asb_meeting")),
        Field("other_meetings", parse_text),
    ),
    key=("team_id",),
)


def boundary_lsoas(con: duckdb.DuckDBPyConnection, path: Path, team_field: str) -> dict[str, list[str]]:
    """Each team in a boundary file to the loaded LSOAs whose point-on-surface its polygon holds.

    Polygons may overlap; an LSOA inside two teams' polygons is listed under both (and reported as overlap).
    """
    try:
        boundaries = read_boundaries(path, "team", code_field=team_field)
    except BoundaryFileError as exc:
        raise CspmapError(str(exc)) from exc
    codes, geoms = area_geometries(con, BASE_LEVEL)
    inside = shapely.point_on_surface(geoms)
    x, y = shapely.get_x(inside), shapely.get_y(inside)
    found = {}
    for team_id, polygon in zip(boundaries.frame["code"], boundaries.frame.geometry.values, strict=True):
        held = assign_points_to_areas(x, y, np.array([team_id], dtype=object), np.array([polygon]))
        found[str(team_id)] = sorted(codes[pd.notna(held)].tolist())
    return found


def _check_team(row: dict, locator: AreaLocator, boundary_teams: frozenset[str]) -> None:
    """Every area code must be loaded (the codes become (code, level) pairs); a team must cover something."""
    located = []
    for code in row["areas"]:
        try:
            located.append(locator.find(code))
        except FieldError as exc:
            exc.column = "areas"
            raise
    row["areas"] = located
    if not located and row["team_id"] not in boundary_teams:
        raise FieldError("no areas", None, "give the area codes covered in areas, or a boundary for the team")


def ingest_teams(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    boundaries: Path | None = None,
    team_field: str = "team_id",
    encoding: str = "utf-8",
) -> IngestSummary:
    """Store teams with their areas, staff and meetings, replacing teams with the same ids or from the same file."""
    covered = boundary_lsoas(con, boundaries, team_field) if boundaries is not None else {}

    def check(row: dict, locator: AreaLocator) -> None:
        _check_team(row, locator, frozenset(covered))

    def store(con: duckdb.DuckDBPyConnection, parsed: PartnerRows, batch: Batch) -> list[str]:
        # Areas and staff are lists and mappings: they are stored as rows of their own below.
        teams = parsed.frame().drop(columns=["areas", "other_staff"])
        replace_rows(con, "teams", teams, batch, cleanup="teams_drop_orphans")
        for name, frame in _team_details(parsed.rows, covered).items():
            with registered(con, f"batch_{name}", frame):
                con.execute(load_sql(f"teams_insert_{name}"))
        stored = {row["team_id"] for row in parsed.rows}
        notes = [f"Boundary for {team} ignored: no such team in {path.name}" for team in sorted(set(covered) - stored)]
        empty = sorted(row["team_id"] for row in parsed.rows if not row["areas"] and not covered.get(row["team_id"]))
        if empty:
            notes.append(f"Teams whose boundary holds no loaded LSOA: {_some(empty)}")
        return notes + coverage_notes(con)

    return ingest_partner_file(con, path, replace(FORMAT, check=check), store, encoding=encoding)


def _team_details(rows: list[dict], covered: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """The child rows of the teams: areas covered, staff by role and public meetings."""
    areas, staff, meetings = [], [], []
    for row in rows:
        team = row["team_id"]
        areas += [(team, code, level, "area_code") for code, level in row["areas"]]
        areas += [(team, code, BASE_LEVEL, "boundary") for code in covered.get(team, [])]
        staff += [(team, role, row[column]) for column, role in POLICE_ROLES.items() if row[column] is not None]
        staff += [(team, role, count) for role, count in (row["other_staff"] or {}).items()]
        meetings += [(team, kind, row[column]) for column, kind in MEETINGS.items() if row[column]]
    areas_frame = pd.DataFrame(areas, columns=["team_id", "area_code", "area_level", "covered_by"])
    return {
        # A code given and also inside the team's boundary is one area, kept as given.
        "areas": areas_frame.drop_duplicates(["team_id", "area_level", "area_code"]).astype(object),
        "staff": pd.DataFrame(staff, columns=["team_id", "role", "staff"]).astype(object),
        "meetings": pd.DataFrame(meetings, columns=["team_id", "meeting_type", "schedule"]).astype(object),
    }


def coverage_notes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Warnings about LSOAs covered by no police team, or by more than one team of the same agency."""
    notes = []
    gaps = query_records(con, "teams_coverage_gaps")
    if gaps:
        people = sum(gap["population"] or 0 for gap in gaps)
        whole = sorted({gap["neighbourhood_code"] for gap in gaps if gap["neighbourhood_whole"]})
        notes.append(
            f"Coverage gap: {len(gaps)} loaded LSOA(s), {people:,} residents, have no police team: "
            f"{_some(gap['lsoa_code'] for gap in gaps)}"
            + (f"; whole neighbourhoods without one: {_some(whole)}" if whole else "")
        )
    overlaps = query_records(con, "teams_coverage_overlaps")
    if overlaps:
        shown = (f"{o['lsoa_code']} ({', '.join(o['team_ids'])})" for o in overlaps)
        notes.append(
            f"Coverage overlap: {len(overlaps)} LSOA(s) are covered by more than one team of the same agency: "
            f"{_some(shown)}"
        )
    return notes


def _some(items: Iterable[str]) -> str:
    items = list(items)
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more
