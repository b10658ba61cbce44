"""The options every analysis command shares, declared once: ``--db``, ``--config``, ``--json``, ``--csv``,
``--quiet`` and ``--debug``, typed after the command (``cspmap rates --db X``) or before it (``cspmap --db X rates``).

``@shared_options`` adds them to a command's signature, so Typer lists them in its ``--help`` and parses them where
users type them today, and hands the command one ``Shared`` object instead of six parameters. Typed before the
command, they are passed on by the group's callback (cli/app.py) to whichever command runs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import duckdb
import pandas as pd
import typer

from cli.analysis_output import NO_LABEL, emit
from cli.app import DEFAULT_DB, ConfigOption, CsvOption, DbOption, DebugOption, JsonOption
from queries.config import AnalysisConfig, load_config
from queries.database import connect_read
from queries.errors import CspmapError

SHARED_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
    for name, default, annotation in (
        ("db", DEFAULT_DB, DbOption),
        ("config", None, ConfigOption),
        ("as_json", False, JsonOption),
        ("as_csv", False, CsvOption),
        ("quiet", False, Annotated[bool, typer.Option("--quiet", "-q", help="Print the result without its notes.")]),
        ("debug", False, DebugOption),
    )
]
SHARED_NAMES = tuple(parameter.name for parameter in SHARED_PARAMETERS)


@dataclass(frozen=True)
class Shared:
    """What every analysis command was told: which database and settings, and how to print the result."""

    db: Path
    config: Path | None
    as_json: bool
    as_csv: bool
    quiet: bool
    debug: bool

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the database for the length of a ``with`` block."""
        con = connect_read(self.db)
        try:
            yield con
        finally:
            con.close()

    def settings(self) -> AnalysisConfig:
        """The analysis settings: queries/defaults.toml with the ``--config`` file's values over them."""
        return load_config(self.config)

    def emit(
        self,
        table: pd.DataFrame,
        title: str,
        notes: tuple[str, ...] | list[str],
        rows: int,
        extra: dict[str, Any] | None = None,
        columns: list[str] | None = None,
        label: Any = NO_LABEL,
    ) -> None:
        """Print a result as the options ask: JSON, CSV, or a table of ``columns`` (all rows in JSON and CSV)."""
        if self.as_json and self.as_csv:
            raise CspmapError("Choose one of --json and --csv.")
        shown_notes = () if self.quiet and not (self.as_json or self.as_csv) else notes
        emit(table, title, shown_notes, self.as_json, self.as_csv, rows, extra, columns, label)


def shared_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` (which takes ``shared: Shared``) the shared options, as if each were declared on it."""
    signature = inspect.signature(command, eval_str=True)
    own = [parameter for parameter in signature.parameters.values() if parameter.name != "shared"]

    @functools.wraps(command)
    def with_shared(**values: Any) -> None:
        typed = {name: values.pop(name) for name in SHARED_NAMES}
        command(shared=Shared(**typed), **values)

    parameters = [*own, *SHARED_PARAMETERS]
    # Typer reads the signature (not the wrapped function's) and these evaluated annotations.
    with_shared.__signature__ = signature.replace(parameters=parameters)
    with_shared.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return with_shared
