"""How ingest commands show their progress and what each file brought."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from cli.app import console
from queries.ingest.runs import IngestSummary


@contextmanager
def byte_progress(description: str, total_bytes: int, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar measured in bytes of input (nothing when quiet)."""
    if quiet:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        progress.add_task(description, total=total_bytes)
        yield progress


def print_summaries(summaries: Sequence[IngestSummary], quiet: bool, notes: Sequence[str] = ()) -> None:
    """One row per file: rows read, stored and rejected, then any notes (each file's, then ``notes``)."""
    if quiet or not summaries:
        return
    table = Table(title=None, show_lines=False)
    table.add_column("File", overflow="fold")
    for heading in ("Read", "Stored", "Rejected"):
        table.add_column(heading, justify="right")
    for summary in summaries:
        rejected = f"[red]{summary.rows_rejected:,}[/]" if summary.rows_rejected else "0"
        table.add_row(escape(summary.source_file), f"{summary.rows_read:,}", f"{summary.rows_stored:,}", rejected)
    console.print(table)
    for summary in summaries:
        for note in summary.notes:
            console.print(f"  {escape(note)}", highlight=False)
    for note in notes:
        console.print(f"  {escape(note)}", highlight=False)
    if any(summary.rows_rejected for summary in summaries):
        console.print("Rejected rows are kept with their line and reason: see them with `cspmap rejects`.")
