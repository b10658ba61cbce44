"""`cspmap status | rejects | demo | serve | migrate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cli.analysis_options import ConfigOption
from cli.app import DEFAULT_DB, DbOption, DebugOption, JsonOption, QuietOption, app, console
from cli.output import print_summaries
from queries.database import connect_read, write_session
from queries.errors import CspmapError
from queries.sql_files import load_sql, query_records
from queries.status import database_status

PANEL = "Data"  # the heading these commands are listed under in `cspmap --help`


@app.command(rich_help_panel=PANEL)
def status(db: DbOption = DEFAULT_DB, as_json: JsonOption = False, debug: DebugOption = False) -> None:
    """What the database holds: areas per level, incidents per force and month, partner data, rejects by reason."""
    con = connect_read(db)
    try:
        report = database_status(con)
    finally:
        con.close()
    if as_json:
        print(json.dumps(report, indent=2, default=str))
        return
    console.print(f"[bold]{escape(str(db))}[/]")
    _print_records("Areas", report["areas"])
    _print_records("Incidents", report["incidents"])
    _print_records("Partner data", report["partner_data"])
    if report["duplicate_crime_ids"]:
        _print_records("Crime IDs given to more than one incident in a force-month", report["duplicate_crime_ids"])
    _print_records("Rejected rows", report["rejects"])
    totals = report["totals"]
    console.print(
        f"{totals['incidents']:,} incidents; {totals['outside_areas']:,} outside the loaded areas; "
        f"{totals['no_location']:,} with no location."
    )


@app.command(rich_help_panel=PANEL)
def rejects(
    file: Annotated[str | None, typer.Option("--file", help="Only files whose name contains this.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many rows.")] = 50,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Rows that were read but not stored, with file, line and reason."""
    con = connect_read(db)
    try:
        rows = query_records(con, "rejects_list", {"file": file, "limit": limit})
    finally:
        con.close()
    if as_json:
        print(json.dumps(rows, indent=2, default=str))
    else:
        _print_records("Rejected rows", rows)


@app.command(rich_help_panel=PANEL)
def demo(
    db: DbOption = DEFAULT_DB,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing database file.")] = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Build the demo database from the real Calderdale and Kirklees sample shipped in demo/data."""
    from demo.build import build_demo

    if db.exists() and not overwrite:
        raise CspmapError(f"{db} already exists; pass --overwrite to replace it with the demo.")
    summaries = build_demo(db, on_step=None if quiet else lambda step: console.print(f"Loading {step}..."))
    print_summaries(summaries, quiet)
    if not quiet:
        console.print(f"Demo database written to {escape(str(db))}. Serve it with `cspmap serve --db {db}`.")


@app.command(rich_help_panel=PANEL)
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
    config: ConfigOption = None,
    users: Annotated[
        Path | None,
        typer.Option(
            "--users", envvar="CSPMAP_USERS", help="The users file (default: beside the database).", show_default=False
        ),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="Serve a public file written by `cspmap publish` (the public map).")
    ] = False,
    dev_debug: Annotated[
        bool, typer.Option("--dev-debug", help="Dash's developer tools and Werkzeug's debugger (127.0.0.1 only).")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Serve the dashboard; with no users only on this computer (for several workers: gunicorn, see README).

    With --public, serve the public neighbourhood map of a file written by `cspmap publish` (no sign-in: it holds
    nothing restricted)."""
    from dashboard.serving import check_serving_address, is_loopback_host

    if public:
        from publicmap.app import create_public_app

        if dev_debug and not is_loopback_host(host):
            raise CspmapError(
                f"--dev-debug runs a debugger that executes code: serve it on 127.0.0.1 only, not {host}."
            )
        create_public_app(db).run(host=host, port=port, debug=dev_debug)
        return
    from dashboard.shell import create_app
    from dashboard.startup import startup_message

    connect_read(db).close()  # fail now, in one line, if the database is missing or outdated
    users_path = check_serving_address(db, users, host, dev_debug)
    console.print(escape(startup_message(db, f"http://{host}:{port}")), highlight=False)
    create_app(db, config, users_path).run(host=host, port=port, debug=dev_debug)


@app.command(rich_help_panel=PANEL)
def migrate(db: DbOption = DEFAULT_DB, debug: DebugOption = False) -> None:
    """Upgrade a database made by an older cspmap to the current schema."""
    if not db.exists():
        raise CspmapError(f"There is no database at {db} to upgrade.")
    with write_session(db) as con:  # opening for writing applies any missing migrations
        (version,) = con.execute(load_sql("migrations_current")).fetchone()
    console.print(f"{escape(str(db))} is at schema version {version}, the current one.")


def _print_records(title: str, rows: list[dict]) -> None:
    if not rows:
        console.print(f"{title}: none")
        return
    table = Table(title=title, title_justify="left")
    for name in rows[0]:
        table.add_column(name.replace("_", " "), justify="right" if isinstance(rows[0][name], int) else "left")
    for row in rows:
        table.add_row(*(escape(f"{value:,}" if isinstance(value, int) else str(value)) for value in row.values()))
    console.print(table)
