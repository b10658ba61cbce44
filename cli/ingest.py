"""`cspmap ingest police-uk | boundaries | population | lookup`."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path
from typing import Annotated

import typer

from cli.app import DEFAULT_DB, DbOption, DebugOption, QuietOption, console, ingest_app
from cli.output import byte_progress, print_summaries
from queries.database import write_session
from queries.ingest.areas import ingest_boundaries, ingest_lsoa_lookup
from queries.ingest.police_uk import column_names, ingest_street_files
from queries.ingest.population import ingest_population
from queries.ingest.street_files import StreetFile, find_street_files

LevelOption = Annotated[
    str,
    typer.Option("--level", help="Area level: lsoa, msoa, ward, neighbourhood, csp, or a name of your own."),
]
CodeFieldOption = Annotated[str | None, typer.Option("--code-field", help="Field holding the area code.")]
NameFieldOption = Annotated[str | None, typer.Option("--name-field", help="Field holding the area name.")]


@ingest_app.command("police-uk")
def police_uk(
    paths: Annotated[
        list[Path],
        typer.Argument(help="CSV files, police.uk archive folders (searched recursively) or zips."),
    ],
    force: Annotated[
        str | None,
        typer.Option("--force-name", help="Police force name for rows whose 'Reported by' is blank."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load police.uk street-level crime and ASB files; each (force, month) replaces what earlier commands stored."""
    found = find_street_files(paths)
    for source in found.files:
        column_names(source)  # refuse a wrong file before anything is written
    if found.skipped and not quiet:
        console.print(
            f"Passed over {len(found.skipped)} file(s) that are not street-level files "
            "(*-street.csv or *-street.csv.gz)."
        )
    with write_session(db) as con, byte_progress("police.uk", sum(f.size for f in found.files), quiet) as bar:
        done_before = [0, *accumulate(f.size for f in found.files)]  # bytes of the files before each one

        def on_file(number: int, source: StreetFile) -> None:
            if bar is not None:
                description = f"{source.label} (file {number:,} of {len(found.files):,})"
                bar.update(bar.task_ids[0], completed=done_before[number - 1], description=description)

        summaries, notes = ingest_street_files(con, found.files, force=force, on_file=on_file)
        if bar is not None:
            bar.update(bar.task_ids[0], completed=done_before[-1])
    print_summaries(summaries, quiet, notes)


@ingest_app.command("boundaries")
def boundaries(
    file: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage or Shapefile (.shp or zipped), any CRS.")],
    level: LevelOption,
    code_field: CodeFieldOption = None,
    name_field: NameFieldOption = None,
    crs: Annotated[
        str | None, typer.Option("--crs", help="CRS of a file that does not state one, e.g. EPSG:27700.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Drop this level's other areas first (default: add or update).")
    ] = False,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load area boundaries at a level; ONS code and name fields (LSOA11CD, WD22NM, ...) are found by themselves."""
    with write_session(db) as con:
        summary = ingest_boundaries(
            con, file, level, code_field=code_field, name_field=name_field, crs=crs, replace_level=replace
        )
    print_summaries([summary], quiet)


@ingest_app.command("population")
def population(
    file: Annotated[Path, typer.Argument(help="The census file as published, or a CSV of code,population.")],
    code_field: CodeFieldOption = None,
    population_field: Annotated[
        str | None, typer.Option("--population-field", help="Column holding the population.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load resident population by area code (thousands separators are fine)."""
    with write_session(db) as con:
        summary = ingest_population(con, file, code_field=code_field, population_field=population_field)
    print_summaries([summary], quiet)


@ingest_app.command("lookup")
def lookup(
    file: Annotated[Path, typer.Argument(help="CSV with an LSOA code column and the code of the area it is in.")],
    level: LevelOption,
    code_field: CodeFieldOption = None,
    name_field: NameFieldOption = None,
    lsoa_field: Annotated[str | None, typer.Option("--lsoa-field", help="Column holding the LSOA code.")] = None,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Build a level (e.g. MSOAs, neighbourhoods) by dissolving the loaded LSOAs through a lookup."""
    with write_session(db) as con:
        summary = ingest_lsoa_lookup(
            con, file, level, code_field=code_field, name_field=name_field, lsoa_field=lsoa_field
        )
    print_summaries([summary], quiet)
