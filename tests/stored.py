"""Read what a command stored, straight from the database file."""

from __future__ import annotations

from pathlib import Path

from queries.database import connect_read


def fetch(db: Path, sql: str) -> list[tuple]:
    """Every row ``sql`` returns from the database at ``db`` (opened read-only, then closed)."""
    con = connect_read(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
