"""What the server says when it starts: which database it serves, where, and whether its partner data is real."""

from __future__ import annotations

from pathlib import Path

from queries.database import connect_read
from queries.status import illustrative_kinds


def startup_message(db_path: Path, url: str) -> str:
    """Lines for the terminal: the database (full path and size), the address, and a warning for illustrative data."""
    con = connect_read(db_path)
    try:
        illustrative = illustrative_kinds(con)
    finally:
        con.close()
    megabytes = db_path.stat().st_size / 1_000_000
    lines = [f"Serving {db_path.resolve()} ({megabytes:,.0f} MB) at {url} (Ctrl+C stops it)."]
    if illustrative:
        lines.append(
            f"Its partner data ({', '.join(illustrative)}) is ILLUSTRATIVE: generated for the demo, not real records. "
            "The police.uk data is real."
        )
    return "\n".join(lines)
