"""Build the demo database from the real sample in demo/data (see demo/data/README.md for the licence)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from demo.partners import ingest_demo_partner_data
from queries.database import write_session
from queries.ingest.areas import ingest_boundaries, ingest_lsoa_lookup
from queries.ingest.police_uk import ingest_street_files
from queries.ingest.population import ingest_population
from queries.ingest.runs import IngestSummary
from queries.ingest.street_files import find_street_files

DEMO_DATA = Path(__file__).parent / "data"
LSOA_BOUNDARIES = DEMO_DATA / "lsoa-2011-calderdale-kirklees.geojson"
CENSUS = DEMO_DATA / "census_2011_population_hh.csv"
POLICE_UK = DEMO_DATA / "police-uk"

Step = Callable[[duckdb.DuckDBPyConnection], list[IngestSummary]]


def demo_steps() -> list[tuple[str, Step]]:
    """The demo, as the ingest steps a user would run, each with a line saying what it does."""
    return [
        (
            "LSOA boundaries (Calderdale and Kirklees, 2011)",
            lambda con: [ingest_boundaries(con, LSOA_BOUNDARIES, "lsoa")],
        ),
        ("2011 Census population", lambda con: [ingest_population(con, CENSUS)]),
        (
            "Neighbourhoods: MSOAs dissolved from LSOAs",
            lambda con: [
                ingest_lsoa_lookup(con, CENSUS, "neighbourhood", code_field="MSOA Code", name_field="MSOA Name")
            ],
        ),
        (
            "Community Safety Partnerships: local authorities dissolved from LSOAs",
            lambda con: [
                ingest_lsoa_lookup(
                    con, CENSUS, "csp", code_field="Local authority code", name_field="Local authority name"
                )
            ],
        ),
        (
            "police.uk street-level crime and ASB (July 2016, 2017, 2018)",
            lambda con: ingest_street_files(con, find_street_files([POLICE_UK]).files)[0],
        ),
        (
            "Illustrative partner data, generated from the police.uk data (survey, ASB cases, teams, contacts, "
            "A&E assaults, priorities, targets)",
            ingest_demo_partner_data,
        ),
    ]


def build_demo(db_path: Path, on_step: Callable[[str], None] | None = None) -> list[IngestSummary]:
    """Write a fresh demo database at ``db_path`` (replacing any file there) and return what each step loaded."""
    summaries: list[IngestSummary] = []
    with write_session(db_path, fresh=True) as con:
        for description, step in demo_steps():
            if on_step is not None:
                on_step(description)
            summaries.extend(step(con))
    return summaries
