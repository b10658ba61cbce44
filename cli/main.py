"""Entry point of the `cspmap` console script: one plain-English line and exit code 1 on any error."""

from __future__ import annotations

import sys

from rich.markup import escape

# Importing a command module registers its commands on the apps in cli.app; `cspmap --help` lists their
# groups in this order.
from cli import core, ingest, partners  # noqa: F401

# isort: split
from cli import (  # noqa: F401
    analysis,
    partner_analysis,
    public,
    users,
)

# isort: split
from cli import report  # noqa: F401
from cli.app import app, err_console
from queries.errors import CspmapError


def run() -> None:
    """Run the CLI; errors print one line (the traceback only with --debug) and exit non-zero."""
    debug = "--debug" in sys.argv
    try:
        app()
    except CspmapError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]Error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except Exception as exc:
        if debug:
            raise
        err_console.print(
            f"[bold red]Error:[/] {type(exc).__name__}: {escape(str(exc))} "
            "(run again with --debug to see the traceback)",
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    run()
