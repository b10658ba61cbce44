"""`cspmap report patrol | strategic`: printable reports (PDF; the strategic assessment also as HTML)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from cli.analysis_options import MonthsOption, selection_from
from cli.app import DEFAULT_DB, DbOption, DebugOption, app, console
from queries.analysis.selection import format_months
from queries.config import CONFIG_ENV, load_config
from queries.database import connect_read
from queries.errors import CspmapError

report_app = typer.Typer(help="Printable reports: a team's patrol brief, the CSP's strategic assessment.")
app.add_typer(report_app, name="report", rich_help_panel="Reports")

OutOption = Annotated[Path, typer.Option("--out", help="The file to write (.pdf; strategic also .html).")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", envvar=CONFIG_ENV, help="TOML file overriding queries/defaults.toml.", show_default=False),
]


@report_app.command("patrol")
def patrol(
    team: Annotated[str, typer.Option("--team", help="The team's id, as in the teams file (e.g. NPT-CAL-01).")],
    out: OutOption,
    months: MonthsOption = None,
    config: ConfigOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """A sergeant's patrol brief: the patch map with numbered target cells, what happens in each, and the
    priorities agreed with residents."""
    from queries.analysis.patrol_brief import patrol_brief
    from reports.patrol import patrol_pdf

    _check_out(out, (".pdf",))
    with closing(connect_read(db)) as con:
        brief = patrol_brief(con, team, selection_from(con, months, None, None), load_config(config))
    patrol_pdf(brief, out)
    console.print(f"Patrol brief for {brief.team['team_name']} written to {out} ({len(brief.targets)} target cells).")


def _check_out(out: Path, suffixes: tuple[str, ...]) -> None:
    if out.suffix.lower() not in suffixes:
        raise CspmapError(f"--out {out}: write a {' or '.join(suffixes)} file.")
    if not out.parent.exists():
        raise CspmapError(f"--out {out}: the folder {out.parent} does not exist.")


@report_app.command("strategic")
def strategic(
    out: OutOption,
    period: Annotated[
        str | None, typer.Option("--period", help="Months of police data: 2017-08..2018-07 (default: all loaded).")
    ] = None,
    config: ConfigOption = None,
    db: DbOption = DEFAULT_DB,
    debug: DebugOption = False,
) -> None:
    """The CSP's strategic assessment: priority neighbourhoods and why, hot spots, trends, confidence, ASB
    standards, coverage gaps, A&E violence beside police violence, and the data's caveats."""
    from queries.analysis.strategic import strategic_assessment
    from reports.strategic import strategic_html, strategic_pdf

    _check_out(out, (".pdf", ".html"))
    with closing(connect_read(db)) as con:
        assessment = strategic_assessment(con, selection_from(con, period, None, None), load_config(config))
    if out.suffix.lower() == ".html":
        out.write_text(strategic_html(assessment), encoding="utf-8")
    else:
        strategic_pdf(assessment, out)
    console.print(f"Strategic assessment for {format_months(assessment.months)} written to {out}.")
