"""The Typer apps that command modules register on, and the options every command shares."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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

# No emoji codes: text quoted from a file ("root:x:0:0") must print as it is, not as an emoji (markup is escaped
# where file text is printed).
console = Console(emoji=False)
err_console = Console(stderr=True, soft_wrap=True, emoji=False)

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="CSPMAP_DB",
        help="The DuckDB database file (default: $CSPMAP_DB, else ./cspmap.duckdb).",
        show_default=False,
    ),
]
DEFAULT_DB = Path("cspmap.duckdb")
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the full traceback if something fails.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors (for scripts).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def option_date(option: str, text: str | None) -> date | None:
    """The date given to an option (``YYYY-MM-DD`` or ``DD/MM/YYYY``), or None; a bad one is a one-line error."""
    if text is None:
        return None
    try:
        return parse_date(text.strip())
    except FieldError as exc:
        raise CspmapError(f"{option} {text!r}: {exc.problem}.") from exc
