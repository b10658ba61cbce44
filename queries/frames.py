"""Hand a pandas frame to DuckDB SQL under a name, for the length of a ``with`` block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """Make ``frame`` queryable as ``name`` inside the block; always unregistered afterwards."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)
