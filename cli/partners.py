"""`cspmap ingest survey | asb-cases | teams | contacts | ae-assaults | agreements | targets`: partner data.

Formats: docs/data-formats.md. Every row is stored or recorded as rejected with its line and reason; columns
holding personal data are dropped with a warning; ingesting a file again replaces what it brought before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from cli.app import DEFAULT_DB, DbOption, DebugOption, QuietOption, ingest_app, option_date
from cli.output import print_summaries
from queries.database import write_session
from queries.errors import CspmapError
from queries.ingest.ae_assaults import ingest_ae_assaults
from queries.ingest.agreements import ingest_agreements
from queries.ingest.asb_cases import ingest_asb_cases
from queries.ingest.contacts import ingest_contacts
from queries.ingest.runs import IngestSummary
from queries.ingest.survey import ingest_survey
from queries.ingest.targets import ingest_targets
from queries.ingest.teams import ingest_teams

FilesArgument = Annotated[list[Path], typer.Argument(help="CSV files in the documented format (docs/data-formats.md).")]
EncodingOption = Annotated[
    str, typer.Option("--encoding", help="Text encoding of the files, e.g. cp1252 for some Excel exports.")
]
Load = Callable[[duckdb.DuckDBPyConnection, Path], IngestSummary]


def _ingest(db: Path, quiet: bool, files: list[Path], load: Load) -> None:
    """Load each file in one writing session and print what each brought."""
    for path in files:
        if not path.is_file():
            raise CspmapError(f"No such file: {path}")
    with write_session(db) as con:
        summaries = [load(con, path) for path in files]
    print_summaries(summaries, quiet)


@ingest_app.command("survey")
def survey(
    files: FilesArgument,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load resident survey responses (one row per response; shown only in aggregate)."""
    _ingest(db, quiet, files, lambda con, path: ingest_survey(con, path, encoding=encoding))


@ingest_app.command("asb-cases")
def asb_cases(
    files: FilesArgument,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge open cases as of this date (default: the latest date in each file)."),
    ] = None,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load ASB cases from a case system; derives 24-hour response, named caseworker and monthly review."""
    judged_on = option_date("--as-of", as_of)
    _ingest(db, quiet, files, lambda con, path: ingest_asb_cases(con, path, as_of=judged_on, encoding=encoding))


@ingest_app.command("teams")
def teams(
    files: FilesArgument,
    boundaries: Annotated[
        Path | None,
        typer.Option("--boundaries", help="Team boundaries (GeoJSON, GeoPackage, Shapefile) instead of area codes."),
    ] = None,
    team_field: Annotated[
        str, typer.Option("--team-field", help="Field of the boundary file holding the team id.")
    ] = "team_id",
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load neighbourhood policing and partner teams; reports areas with no police team or two teams."""
    _ingest(
        db,
        quiet,
        files,
        lambda con, path: ingest_teams(con, path, boundaries=boundaries, team_field=team_field, encoding=encoding),
    )


@ingest_app.command("contacts")
def contacts(
    files: FilesArgument,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load named points of contact per area and agency (roles and work contacts; partner view only)."""
    _ingest(db, quiet, files, lambda con, path: ingest_contacts(con, path, encoding=encoding))


@ingest_app.command("ae-assaults")
def ae_assaults(
    files: FilesArgument,
    site: Annotated[
        str | None, typer.Option("--site", help="Hospital or A&E site, for files without a site column.")
    ] = None,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load anonymised A&E assault data (Cardiff model); each site's months in a file replace those stored."""
    _ingest(db, quiet, files, lambda con, path: ingest_ae_assaults(con, path, site=site, encoding=encoding))


@ingest_app.command("agreements")
def agreements(
    files: FilesArgument,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load neighbourhood priorities agreed with residents, with the standard of service promised."""
    _ingest(db, quiet, files, lambda con, path: ingest_agreements(con, path, encoding=encoding))


@ingest_app.command("targets")
def targets(
    files: FilesArgument,
    encoding: EncodingOption = "utf-8",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load CSP indicators with targets and deadlines (e.g. confidence 60%, ASB down 10% on last year)."""
    _ingest(db, quiet, files, lambda con, path: ingest_targets(con, path, encoding=encoding))
