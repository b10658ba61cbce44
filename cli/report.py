"""`cspmap report patrol | strategic`: printable reports (PDF; the strategic assessment also as HTML).

Both take the shared options (cli/shared.py) as every analysis command does: ``--db``, ``--config``, ``--debug``;
``--json`` or ``--csv`` print what was written (the file, its months, and the report's notes) for a script to read.
Without them the command says in one line what it wrote, notes or not (``--quiet`` has no notes to leave out).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from cli.analysis_options import MonthsOption, selection_from
from cli.app import app, console
from cli.shared import Shared, shared_options
from queries.analysis.selection import format_months
from queries.errors import CspmapError

report_app = typer.Typer(help="Printable reports: a team's patrol brief, the CSP's strategic assessment.")
app.add_typer(report_app, name="report", rich_help_panel="Reports")

OutOption = Annotated[Path, typer.Option("--out", help="The file to write (.pdf; strategic also .html).")]


@report_app.command("patrol")
@shared_options
def patrol(
    shared: Shared,
    team: Annotated[str, typer.Option("--team", help="The team's id, as in the teams file (e.g. NPT-CAL-01).")],
    out: OutOption,
    months: MonthsOption = None,
) -> None:
    """A sergeant's patrol brief: the patch map with numbered target cells, what happens in each, and the
    priorities agreed with residents."""
    from queries.analysis.patrol_brief import patrol_brief
    from reports.patrol import patrol_pdf

    _check_out(shared, out, (".pdf",))
    with shared.reading() as con:
        brief = patrol_brief(con, team, selection_from(con, months, None, None), shared.settings())
    patrol_pdf(brief, out)
    written = {
        "file": str(out),
        "team_id": team,
        "team_name": brief.team["team_name"],
        "months": format_months(brief.months),
        "target_cells": len(brief.targets),
    }
    _say_written(
        shared,
        f"Patrol brief for {brief.team['team_name']} written to {out} ({len(brief.targets)} target cells).",
        written,
        [*brief.label_notes, *brief.notes],
    )


@report_app.command("strategic")
@shared_options
def strategic(
    shared: Shared,
    out: OutOption,
    period: Annotated[
        str | None, typer.Option("--period", help="Months of police data: 2017-08..2018-07 (default: all loaded).")
    ] = None,
) -> None:
    """The CSP's strategic assessment: priority neighbourhoods and why, hot spots, trends, confidence, ASB
    standards, coverage gaps, A&E violence beside police violence, and the data's caveats."""
    from queries.analysis.strategic import strategic_assessment
    from reports.strategic import strategic_html, strategic_pdf

    _check_out(shared, out, (".pdf", ".html"))
    with shared.reading() as con:
        assessment = strategic_assessment(con, selection_from(con, period, None, None), shared.settings())
    if out.suffix.lower() == ".html":
        out.write_text(strategic_html(assessment), encoding="utf-8")
    else:
        strategic_pdf(assessment, out)
    months = format_months(assessment.months)
    _say_written(
        shared,
        f"Strategic assessment for {months} written to {out}.",
        {"file": str(out), "months": months},
        list(assessment.notes),
    )


def _check_out(shared: Shared, out: Path, suffixes: tuple[str, ...]) -> None:
    """Fail before any work if the file cannot be written or the output options contradict each other."""
    if shared.as_json and shared.as_csv:
        raise CspmapError("Choose one of --json and --csv.")
    if out.suffix.lower() not in suffixes:
        raise CspmapError(f"--out {out}: write a {' or '.join(suffixes)} file.")
    if not out.parent.exists():
        raise CspmapError(f"--out {out}: the folder {out.parent} does not exist.")


def _say_written(shared: Shared, line: str, written: dict[str, Any], notes: list[str]) -> None:
    """The one line saying what was written; with --json or --csv, that as one row with the report's notes."""
    if shared.as_json or shared.as_csv:
        shared.emit(pd.DataFrame([written]), "Report written", notes, rows=1)
    else:
        console.print(line)
