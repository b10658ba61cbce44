"""`cspmap publish` and `cspmap ingest postcodes` (the public neighbourhood map's file and its postcode search), and
`cspmap export parquet` (the incidents for other engines).

Each command imports what it runs when it runs: publishing pulls in scipy, which would otherwise add most of a
second to the start of every `cspmap` command, an ingest of one small file included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.analysis_options import ConfigOption
from cli.app import DEFAULT_DB, DbOption, DebugOption, QuietOption, app, console, export_app, ingest_app
from cli.output import print_summaries
from queries.config import load_config
from queries.database import write_session


@app.command(rich_help_panel="Data")
def publish(
    out: Annotated[Path, typer.Option("--out", help="The public file to write (replaced if it exists).")],
    months: Annotated[
        int | None, typer.Option("--months", help="At most the latest N months (default: [publish] months, 36).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the public file: only what may be published, after disclosure control (docs/privacy.md)."""
    from queries.publish import publish as publish_file

    summary = publish_file(db, out, load_config(config), months)
    if quiet:
        return
    for note in summary.notes:
        console.print(escape(note))
    console.print(
        f"Published {len(summary.months)} month(s), {summary.months[0]} to {summary.months[-1]}, to "
        f"{escape(str(out))}. Serve it with `cspmap serve --public --db {escape(str(out))}`."
    )


@ingest_app.command("postcodes")
def postcodes(
    file: Annotated[Path, typer.Argument(help="The ONS postcode directory (ONSPD or NSPL) CSV, or a part of it.")],
    lsoa_field: Annotated[
        str | None, typer.Option("--lsoa-field", help="Column holding the LSOA code (default: lsoa21 or lsoa11).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Load postcode -> LSOA from the ONS postcode directory, so residents can find their area by postcode."""
    from queries.ingest.postcodes import ingest_postcodes

    with write_session(db) as con:
        summary = ingest_postcodes(con, file, lsoa_field=lsoa_field)
    print_summaries([summary], quiet)


@export_app.command("parquet")
def parquet(
    out: Annotated[Path, typer.Option("--out", help="The folder to write (a previous export there is replaced).")],
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write every incident as Parquet partitioned by force and month, for DuckDB, Spark or Apache Sedona."""
    from queries.export import export_parquet

    export = export_parquet(db, out)
    if quiet:
        return
    forces = sorted({partition.force for partition in export.partitions})
    months = sorted({partition.month for partition in export.partitions})
    console.print(
        f"{'Replaced the export in' if export.replaced else 'Exported to'} {escape(str(out))}: {export.rows:,} "
        f"incidents, {len(export.partitions)} force-month(s) ({', '.join(map(escape, forces))}; {months[0]} to "
        f"{months[-1]}), in folders force=<force>/month=<YYYY-MM>."
    )
    console.print(
        f"Read it with DuckDB: SELECT * FROM read_parquet('{escape(str(out))}/**/*.parquet', hive_partitioning = true)"
    )
