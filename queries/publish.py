"""Write the public file: only what may be published, in a separate DuckDB file the public map reads.

The public file is built from an allow-list (:data:`PUBLIC_SCHEMA`): every table and column it may hold is named
here, and :func:`publish` checks the finished file against the list before it replaces anything. Partner figures
pass through disclosure control (queries/analysis/disclosure.py) first. Survey rows, ASB case records, contacts,
A&E data, rejects and ingest records are never read into it; docs/privacy.md explains each rule.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from geodata.wkb import from_wkb
from queries.analysis.confidence import survey_shares
from queries.analysis.disclosure import SHOWN, Line, round_to_base, suppress
from queries.analysis.rates import ALL_SELECTED, area_rates
from queries.analysis.selection import ASB, Selection
from queries.config import AnalysisConfig, PublishConfig
from queries.database import connect_read, duckdb_settings
from queries.errors import CspmapError
from queries.frames import registered
from queries.sql_files import load_sql, query_records

PUBLIC_FORMAT = 1  # bumped when the public file's tables change; the public app refuses other versions
ALL_CRIME = "All crime"  # every police.uk category except anti-social behaviour
PERIOD_TOTAL = "all"  # the month of a partner count over the whole published window
# Holes in an outline smaller than this many squared simplification tolerances are slivers, not enclosed areas
# (an enclosed LSOA is many hectares; 100 x 25 m x 25 m is 6.25 ha).
MIN_HOLE_TOLERANCES = 100.0

# Every table and column the public file may hold, with its DuckDB type. Nothing else is ever written.
PUBLIC_SCHEMA: dict[str, dict[str, str]] = {
    "metadata": {"key": "VARCHAR", "value": "VARCHAR"},
    "areas": {
        "level": "VARCHAR",
        "code": "VARCHAR",
        "name": "VARCHAR",
        "parent_code": "VARCHAR",
        "population": "BIGINT",
        "svg_path": "VARCHAR",
        "x_min": "DOUBLE",
        "y_min": "DOUBLE",
        "x_max": "DOUBLE",
        "y_max": "DOUBLE",
    },
    "area_lsoas": {"lsoa_code": "VARCHAR", "level": "VARCHAR", "area_code": "VARCHAR"},
    "incident_counts": {
        "level": "VARCHAR",
        "area_code": "VARCHAR",
        "month": "VARCHAR",
        "category": "VARCHAR",
        "incidents": "BIGINT",
    },
    "rates": {
        "level": "VARCHAR",
        "area_code": "VARCHAR",
        "period": "VARCHAR",
        "category": "VARCHAR",
        "incidents": "BIGINT",
        "population": "BIGINT",
        "rate": "DOUBLE",
        "rate_low": "DOUBLE",
        "rate_high": "DOUBLE",
        "reference_code": "VARCHAR",
        "reference_rate": "DOUBLE",
        "compared": "VARCHAR",
    },
    "partner_asb_reports": {
        "level": "VARCHAR",
        "area_code": "VARCHAR",
        "month": "VARCHAR",
        "reports": "BIGINT",
        "status": "VARCHAR",
    },
    "confidence": {
        "level": "VARCHAR",
        "area_code": "VARCHAR",
        "share": "DOUBLE",
        "share_low": "DOUBLE",
        "share_high": "DOUBLE",
        "responses": "BIGINT",
        "status": "VARCHAR",
        "period": "VARCHAR",
    },
    "teams": {
        "team_id": "VARCHAR",
        "team_name": "VARCHAR",
        "agency": "VARCHAR",
        "team_type": "VARCHAR",
        "contact_email": "VARCHAR",
        "contact_phone": "VARCHAR",
    },
    "team_lsoas": {"team_id": "VARCHAR", "lsoa_code": "VARCHAR"},
    "meetings": {"team_id": "VARCHAR", "meeting_type": "VARCHAR", "schedule": "VARCHAR"},
    "priorities": {
        "level": "VARCHAR",
        "area_code": "VARCHAR",
        "priority": "VARCHAR",
        "action": "VARCHAR",
        "agreed_at": "VARCHAR",
        "month_set": "VARCHAR",
        "review_month": "VARCHAR",
    },
    "postcodes": {"postcode": "VARCHAR", "lsoa_code": "VARCHAR"},
}


@dataclass(frozen=True)
class PublishSummary:
    """What went into the public file."""

    path: Path
    months: tuple[str, ...]
    rows: dict[str, int]
    notes: tuple[str, ...]


def publish(source: Path, out: Path, config: AnalysisConfig, months: int | None = None) -> PublishSummary:
    """Write the public file ``out`` from the partner database ``source`` (at most the latest ``months`` months)."""
    settings = config.publish
    window = months if months is not None else settings.months
    if window < 1:
        raise CspmapError(f"--months must be at least 1 (got {window}).")
    if out.resolve() == source.resolve():
        raise CspmapError("The public file must be a different file from the database it is published from.")
    con = connect_read(source)
    try:
        chosen = [row["month"] for row in query_records(con, "publish_months", {"months": window})]
        if not chosen:
            raise CspmapError(f"{source} has no police.uk incidents to publish; load some with `cspmap ingest`.")
        tables, notes = _public_tables(con, config, tuple(sorted(chosen)))
    finally:
        con.close()
    _write_checked(out, tables)
    month_labels = tuple(f"{month:%Y-%m}" for month in sorted(chosen))
    return PublishSummary(out, month_labels, {name: len(frame) for name, frame in tables.items()}, tuple(notes))


def _public_tables(
    con: duckdb.DuckDBPyConnection, config: AnalysisConfig, months: tuple[date, ...]
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    settings = config.publish
    notes: list[str] = []
    month_params = {"months": list(months)}
    levels = [level for (level,) in con.execute(load_sql("areas_levels_by_name")).fetchall()]
    partner_levels = [level for level in settings.partner_levels if level in levels]
    tables = {
        "areas": _areas(con, levels, config),
        "area_lsoas": con.execute(load_sql("publish_area_lsoas")).df(),
        "incident_counts": con.execute(load_sql("publish_incident_counts"), month_params).df(),
        "rates": _rates(con, [level for level in levels if level != config.rates.reference_level], config, months),
        "partner_asb_reports": _partner_asb(con, partner_levels, months, settings),
        "confidence": _confidence(con, partner_levels, config),
        "teams": con.execute(load_sql("publish_teams")).df(),
        "team_lsoas": con.execute(load_sql("publish_team_lsoas")).df(),
        "meetings": con.execute(load_sql("publish_meetings")).df(),
        "priorities": con.execute(load_sql("publish_priorities")).df(),
        "postcodes": con.execute(load_sql("publish_postcodes")).df(),
    }
    labels = dict(con.execute(load_sql("dataset_labels")).fetchall())
    (last_ingest,) = con.execute(load_sql("ingest_runs_last_finished")).fetchone()
    metadata = {
        "format": str(PUBLIC_FORMAT),
        "months": ",".join(f"{month:%Y-%m}" for month in months),
        "published_on": f"{datetime.now():%Y-%m-%d}",
        "data_updated_on": f"{last_ingest:%Y-%m-%d}" if last_ingest else "",
        "illustrative": ",".join(sorted(kind for kind, label in labels.items() if label == "illustrative")),
        "reference_level": config.rates.reference_level,
        "rate_per": str(config.rates.per),
        "rate_confidence": str(config.rates.confidence),
        "partner_threshold": str(settings.partner_threshold),
        "rounding_base": str(settings.rounding_base),
        "min_survey_responses": str(settings.min_survey_responses),
    }
    no_location = con.execute(load_sql("publish_no_location"), month_params).fetchone()[0]
    metadata["no_location"] = str(no_location)
    tables["metadata"] = pd.DataFrame({"key": list(metadata), "value": list(metadata.values())})
    if missing := [level for level in settings.partner_levels if level not in levels]:
        notes.append(f"Partner figures not published at {', '.join(missing)}: no such level is loaded.")
    return tables, notes


def _areas(con: duckdb.DuckDBPyConnection, levels: list[str], config: AnalysisConfig) -> pd.DataFrame:
    """Areas with their parent (the next level up, by most LSOAs) and an SVG outline in British National Grid."""
    frame = con.execute(load_sql("publish_areas")).df()
    parents = pd.DataFrame(columns=["level", "area_code", "parent_code"])
    order = _levels_by_size(con, levels)
    pieces = []
    for child, parent in itertools.pairwise(order):
        found = con.execute(load_sql("publish_parents"), {"level": child, "parent_level": parent}).df()
        pieces.append(found.assign(level=child)[["level", "area_code", "parent_code"]])
    if pieces:
        parents = pd.concat(pieces, ignore_index=True)
    frame = frame.merge(parents, how="left", left_on=["level", "code"], right_on=["level", "area_code"])
    frame["population"] = frame["population"].astype("Int64")
    outlines = []
    tolerance = config.publish.display_tolerance_m
    for _, group in frame.groupby("level", sort=False):
        geoms = from_wkb(group["geometry"])
        try:
            simple = shapely.coverage_simplify(geoms, tolerance)
        except shapely.errors.GEOSException:
            simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
        bounds = shapely.bounds(simple)
        outlines.append(
            pd.DataFrame(
                {
                    "svg_path": [svg_path(geom, MIN_HOLE_TOLERANCES * tolerance**2) for geom in simple],
                    "x_min": bounds[:, 0],
                    "y_min": -bounds[:, 3],
                    "x_max": bounds[:, 2],
                    "y_max": -bounds[:, 1],
                },
                index=group.index,
            )
        )
    frame = (
        frame.join(pd.concat(outlines)) if outlines else frame.assign(svg_path="", x_min=0, y_min=0, x_max=0, y_max=0)
    )
    return frame[list(PUBLIC_SCHEMA["areas"])]


def _levels_by_size(con: duckdb.DuckDBPyConnection, levels: list[str]) -> list[str]:
    """Levels from the one with most areas to the one with fewest (LSOAs first, CSPs last)."""
    counts = dict(con.execute(load_sql("areas_count_by_level")).fetchall())
    return sorted(levels, key=lambda level: (-counts[level], level))


def svg_path(geom: shapely.Geometry, min_hole_m2: float = 0.0) -> str:
    """SVG path data for a (multi)polygon in British National Grid, whole metres, y flipped (SVG y runs down).

    Each ring starts with an absolute move and continues with relative steps, which keeps the page small. Holes
    smaller than ``min_hole_m2`` are left out: dissolving LSOAs leaves slivers between them that would otherwise
    be drawn as specks across the map.
    """
    parts = []
    polygons = getattr(geom, "geoms", [geom])
    for polygon in polygons:
        if polygon.is_empty:
            continue
        holes = [ring for ring in polygon.interiors if shapely.Polygon(ring).area >= min_hole_m2]
        for ring in [polygon.exterior, *holes]:
            xy = np.rint(np.column_stack([np.asarray(ring.coords)[:, 0], -np.asarray(ring.coords)[:, 1]])).astype(int)
            steps = np.diff(xy[:-1], axis=0)
            steps = steps[(steps != 0).any(axis=1)]
            if len(steps) < 2:
                continue
            moves = " ".join(f"{dx} {dy}" for dx, dy in steps)
            parts.append(f"M{xy[0, 0]} {xy[0, 1]}l{moves}z")
    return "".join(parts)


def _rates(
    con: duckdb.DuckDBPyConnection, levels: list[str], config: AnalysisConfig, months: tuple[date, ...]
) -> pd.DataFrame:
    """Rates per resident in the latest month for each category, all crime (ASB apart) and ASB, at each level."""
    latest = (max(months),)
    categories = [row[0] for row in con.execute(load_sql("incident_categories")).fetchall()]
    crime = tuple(category for category in categories if category != ASB)
    frames = []
    for level in levels:
        by_category = area_rates(con, level, Selection(months=latest), config, by_category=True).table
        frames.append(by_category)
        if crime:
            all_crime = area_rates(con, level, Selection(months=latest, categories=crime), config).table
            frames.append(all_crime.assign(category=ALL_CRIME))
    if not frames:
        return pd.DataFrame(columns=list(PUBLIC_SCHEMA["rates"]))
    table = pd.concat(frames, ignore_index=True)
    table = table[table["category"] != ALL_SELECTED]
    table["period"] = f"{latest[0]:%Y-%m}"
    table["population"] = table["population"].astype("Int64")
    return table[list(PUBLIC_SCHEMA["rates"])]


def partner_count_cells(
    counts: dict[str, pd.DataFrame], parents: dict[str, pd.DataFrame], months: list[str]
) -> tuple[dict[tuple[str, str, str], int], list[Line]]:
    """Cells and lines for partner counts: (level, area, month) for each month and the period total ``all``.

    Each area's period total is the sum of its months; each parent's month (and total) is the sum of its
    children's plus an unpublished remainder (cases in the parent whose child area is not loaded), so that
    subtracting along either line is covered. ``counts[level]`` has area_code, month, reports for every area;
    ``parents[level]`` maps area_code to parent_code at the next level in ``counts``.
    """
    values: dict[tuple[str, str, str], int] = {}
    lines: list[Line] = []
    for level, frame in counts.items():
        grid = frame.pivot_table(index="area_code", columns="month", values="reports", aggfunc="sum", fill_value=0)
        grid = grid.reindex(columns=months, fill_value=0)
        for area, row in grid.iterrows():
            for month in months:
                values[(level, area, month)] = int(row[month])
            values[(level, area, PERIOD_TOTAL)] = int(row.sum())
            lines.append(Line((level, area, PERIOD_TOTAL), tuple((level, area, month) for month in months)))
    levels = list(counts)
    for child, parent in itertools.pairwise(levels):
        mapping = parents[child]
        for parent_code, children in mapping.groupby("parent_code")["area_code"]:
            for month in [*months, PERIOD_TOTAL]:
                total_key = (parent, parent_code, month)
                if total_key not in values:
                    continue
                parts = [(child, code, month) for code in children if (child, code, month) in values]
                remainder = values[total_key] - sum(values[part] for part in parts)
                if remainder < 0:
                    continue  # the child level does not nest in the parent here: no exact sum to exploit
                if remainder:
                    key = (child, f"not in a {child}: {parent_code}", month)
                    values[key] = remainder
                    parts.append(key)
                lines.append(Line(total_key, tuple(parts)))
    return values, lines


def _partner_asb(
    con: duckdb.DuckDBPyConnection, levels: list[str], months: tuple[date, ...], settings: PublishConfig
) -> pd.DataFrame:
    """ASB reported to partners per area and month, after the 10-5 rule and secondary suppression."""
    columns = list(PUBLIC_SCHEMA["partner_asb_reports"])
    if not levels:
        return pd.DataFrame(columns=columns)
    labels = [f"{month:%Y-%m}" for month in months]
    counts, parents = {}, {}
    for level in levels:
        codes = con.execute(load_sql("areas_codes_of_level"), {"level": level}).df()
        found = con.execute(load_sql("publish_partner_asb"), {"level": level, "months": list(months)}).df()
        # Every area appears, with 0 for months without reports, so the cells cover the whole table.
        counts[level] = pd.concat(
            [found, pd.DataFrame({"area_code": codes["code"], "month": labels[0], "reports": 0})], ignore_index=True
        )
    for child, parent in itertools.pairwise(levels):
        parents[child] = con.execute(load_sql("publish_parents"), {"level": child, "parent_level": parent}).df()
    values, lines = partner_count_cells(counts, parents, labels)
    disclosed = suppress(values, lines, threshold=settings.partner_threshold, base=settings.rounding_base)
    rows = [
        (level, area, month, disclosed.published[(level, area, month)], disclosed.status[(level, area, month)])
        for (level, area, month) in values
        if not area.startswith("not in a ")
    ]
    return pd.DataFrame(rows, columns=columns).astype({"reports": "Int64"})


def _confidence(con: duckdb.DuckDBPyConnection, levels: list[str], config: AnalysisConfig) -> pd.DataFrame:
    """Residents' confidence shares from at least ``min_survey_responses`` answers, with secondary suppression."""
    columns = list(PUBLIC_SCHEMA["confidence"])
    has_survey = con.execute(load_sql("survey_responses_count")).fetchone()[0]
    if not levels or not has_survey:
        return pd.DataFrame(columns=columns)
    threshold = config.publish.min_survey_responses
    strict = config.model_copy(update={"confidence": config.confidence.model_copy(update={"min_responses": threshold})})
    shares = {level: survey_shares(con, level, strict) for level in levels}
    tables = {level: found.table for level, found in shares.items()}
    values = {
        (level, row.area_code): int(row.responses) for level, table in tables.items() for row in table.itertuples()
    }
    lines = []
    for child, parent in itertools.pairwise(levels):
        mapping = con.execute(load_sql("publish_parents"), {"level": child, "parent_level": parent}).df()
        for parent_code, children in mapping.groupby("parent_code")["area_code"]:
            if (parent, parent_code) not in values:
                continue
            parts = [(child, code) for code in children if (child, code) in values]
            remainder = values[(parent, parent_code)] - sum(values[part] for part in parts)
            if remainder < 0:
                continue
            if remainder:
                values[(child, f"not in a {child}: {parent_code}")] = remainder
                parts.append((child, f"not in a {child}: {parent_code}"))
            lines.append(Line((parent, parent_code), tuple(parts)))
    disclosed = suppress(values, lines, threshold=threshold, base=config.publish.rounding_base)
    months = shares[levels[0]].period.months
    period = f"{min(months):%Y-%m} to {max(months):%Y-%m}" if months else ""
    rows = []
    for level, table in tables.items():
        for row in table.itertuples():
            shown = disclosed.status[(level, row.area_code)] == SHOWN and row.responses >= threshold
            rows.append(
                (
                    level,
                    row.area_code,
                    row.share if shown else None,
                    row.share_low if shown else None,
                    row.share_high if shown else None,
                    round_to_base(int(row.responses), config.publish.rounding_base) if shown else None,
                    "shown" if shown else "suppressed",
                    period,
                )
            )
    return pd.DataFrame(rows, columns=columns).astype({"responses": "Int64"})


def _write_checked(out: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write ``tables`` to a new file beside ``out``, check it against the allow-list, then replace ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(out.name + ".publishing")
    staging.unlink(missing_ok=True)
    con = duckdb.connect(str(staging), config=duckdb_settings())
    try:
        for name, columns in PUBLIC_SCHEMA.items():
            frame = tables[name]
            con.execute(f'CREATE TABLE "{name}" ({", ".join(f"{col} {kind}" for col, kind in columns.items())})')
            with registered(con, "new_rows", frame[list(columns)]):
                con.execute(f'INSERT INTO "{name}" SELECT * FROM new_rows')
        con.execute("CHECKPOINT")
        problems = schema_problems(con)
    finally:
        con.close()
    if problems:
        staging.unlink(missing_ok=True)
        raise CspmapError(f"The public file did not match its allow-list, so nothing was written: {problems}")
    os.replace(staging, out)


def schema_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table, view or column in the open file that the allow-list does not name (empty when it matches)."""
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in con.execute(load_sql("schema_columns")).fetchall():
        found.setdefault(table, {})[column] = kind
    problems = [f"table {name} is not allowed" for name in found if name not in PUBLIC_SCHEMA]
    for name, columns in PUBLIC_SCHEMA.items():
        if name not in found:
            problems.append(f"table {name} is missing")
        elif found[name] != columns:
            problems.append(f"table {name} has columns {found[name]}, expected {columns}")
    return problems
