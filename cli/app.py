"""The Typer apps that command modules register on, the options every command shares, and the group callback that
takes them before the command too."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console

from queries.config import CONFIG_ENV
from queries.errors import CspmapError
from queries.ingest.partner_values import FieldError, parse_date

app = typer.Typer(
    name="cspmap",
    help="Crime and anti-social behaviour mapping for Community Safety Partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
ingest_app = typer.Typer(help="Load files into the database (every row is stored or recorded as rejected).")
app.add_typer(ingest_app, name="ingest", rich_help_panel="Data")
export_app = typer.Typer(help="Write the stored data out for other tools (see docs/scaling.md).")
app.add_typer(export_app, name="export", rich_help_panel="Data")

# No emoji codes: text quoted from a file ("root:x:0:0") must print as it is, not as an emoji (markup is escaped
# where file text is printed).
console = Console(emoji=False)
err_console = Console(stderr=True, soft_wrap=True, emoji=False)

DB_HELP = "The DuckDB database file (default: $CSPMAP_DB, else ./cspmap.duckdb)."
DbOption = Annotated[Path, typer.Option("--db", envvar="CSPMAP_DB", help=DB_HELP, show_default=False)]
DEFAULT_DB = Path("cspmap.duckdb")
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the full traceback if something fails.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors (for scripts).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (to stdout; notes go to stderr).")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", envvar=CONFIG_ENV, help="TOML file overriding queries/defaults.toml.", show_default=False),
]


@app.callback()
def options_before_the_command(
    context: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP, show_default=False)] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML file overriding queries/defaults.toml.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Options typed before the command (``cspmap --db X rates``) count as if typed after it.

    The database and settings files go through the variables every command already reads them from ($CSPMAP_DB,
    $CSPMAP_CONFIG); the flags become defaults for every command that has them. ``--debug`` here only shows
    tracebacks (cli/main.py looks for it anywhere): it never turns on ``serve``'s debug mode.
    """
    if db is not None:
        os.environ["CSPMAP_DB"] = str(db)
    if config is not None:
        os.environ[CONFIG_ENV] = str(config)
    flags = {name: True for name, on in (("as_json", as_json), ("as_csv", as_csv), ("quiet", quiet)) if on}
    if flags:
        context.default_map = _for_every_command(context.command, flags)


def _for_every_command(group: click.Group, defaults: dict[str, bool]) -> dict[str, dict]:
    """Click's default map giving ``defaults`` to every command under ``group``, however deep.

    A group is known by its ``commands``: Typer's groups (``cspmap report``, ``cspmap ingest``) are built on its own
    copy of Click, so they are no ``click.Group``.
    """
    return {
        name: {**defaults, **(_for_every_command(command, defaults) if hasattr(command, "commands") else {})}
        for name, command in group.commands.items()
    }


def option_date(option: str, text: str | None) -> date | None:
    """The date given to an option (``YYYY-MM-DD`` or ``DD/MM/YYYY``), or None; a bad one is a one-line error."""
    if text is None:
        return None
    try:
        return parse_date(text.strip())
    except FieldError as exc:
        raise CspmapError(f"{option} {text!r}: {exc.problem}.") from exc
