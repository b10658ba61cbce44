"""Read the public file written by `cspmap publish`: opened read-only, loaded once, answered from memory.

The public file is small (tens of thousands of rows for a force), so the whole of it is read into frames when it
is opened and every request is answered from them; a new file (another `cspmap publish`) is noticed by its
identity and read afresh. Nothing here can reach a partner database: this module only ever opens the file it is
given, read-only, and refuses any file whose tables differ from the allow-list.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from queries.database import database_identity, in_memory_instance
from queries.errors import CspmapError
from queries.ingest.postcodes import normalise_postcode
from queries.publish import ALL_CRIME, PERIOD_TOTAL, PUBLIC_FORMAT, PUBLIC_SCHEMA, schema_problems

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class PublicData:
    """Every table of one public file, as frames (treat as read-only), and its metadata."""

    path: Path
    tables: dict[str, pd.DataFrame]
    metadata: dict[str, str]

    @cached_property
    def _by_area(self) -> dict[str, dict[tuple[str, str], pd.DataFrame]]:
        """Each per-area table split by (level, area_code) once, so a request picks its rows without a scan."""
        return {
            name: {key: rows for key, rows in self.tables[name].groupby(["level", "area_code"], sort=False)}
            for name in ("incident_counts", "rates", "partner_asb_reports", "confidence", "priorities", "area_lsoas")
        }

    def _rows(self, table: str, code: str, level: str) -> pd.DataFrame:
        found = self._by_area[table].get((level, code))
        return found if found is not None else self.tables[table].iloc[0:0]

    @property
    def months(self) -> list[str]:
        return [month for month in self.metadata.get("months", "").split(",") if month]

    @property
    def latest_month(self) -> str:
        return self.months[-1]

    @property
    def illustrative(self) -> list[str]:
        return [kind for kind in self.metadata.get("illustrative", "").split(",") if kind]

    @property
    def levels(self) -> list[str]:
        """Levels from the one with most areas to the one with fewest."""
        counts = self.tables["areas"]["level"].value_counts()
        return sorted(counts.index, key=lambda level: (-counts[level], level))

    @property
    def map_level(self) -> str:
        """The level residents see on the map: neighbourhoods when published, else the finest level."""
        return "neighbourhood" if "neighbourhood" in self.levels else self.levels[0]

    def areas(self, level: str) -> pd.DataFrame:
        frame = self.tables["areas"]
        return frame[frame["level"] == level].sort_values("name", kind="stable")

    def area(self, code: str) -> pd.Series | None:
        """The area with this code (the coarsest level's, if several levels share it), or None."""
        frame = self.tables["areas"]
        found = frame[frame["code"] == code]
        return None if found.empty else found.iloc[-1]

    def find(self, text: str) -> FoundAreas:
        """Areas matching a resident's search: a postcode (to its neighbourhood), else names containing the text."""
        query = re.sub(r"[^\w\s'&,.()-]", "", text)[:MAX_QUERY_LENGTH].strip()
        if not query:
            return FoundAreas(query, None, ())
        postcode = normalise_postcode(query)
        if postcode is not None:
            codes = self.tables["postcodes"]
            hit = codes[codes["postcode"] == postcode]
            if hit.empty:
                return FoundAreas(query, postcode, ())
            lsoas = self.tables["area_lsoas"]
            lsoa = hit["lsoa_code"].iloc[0]
            found = lsoas[(lsoas["lsoa_code"] == lsoa) & (lsoas["level"] == self.map_level)]["area_code"]
            return FoundAreas(query, postcode, tuple(found))
        frame = self.tables["areas"]
        names = frame["name"].fillna("")
        exact = frame[(names.str.lower() == query.lower()) | (frame["code"].str.lower() == query.lower())]
        if not exact.empty:
            return FoundAreas(query, None, tuple(exact["code"]))
        matches = frame[names.str.lower().str.contains(query.lower(), regex=False)]
        rank = {level: position for position, level in enumerate(self.levels)}
        matches = matches.assign(rank=matches["level"].map(rank)).sort_values(["rank", "name"])
        return FoundAreas(query, None, tuple(matches["code"].head(50)))

    def counts(self, code: str, level: str) -> pd.DataFrame:
        """Police.uk incidents in the area by month (columns) and category (rows), zeros filled in."""
        rows = self._rows("incident_counts", code, level)
        cells: dict[str, dict[str, int]] = {}
        for category, month, incidents in zip(rows["category"], rows["month"], rows["incidents"], strict=True):
            cells.setdefault(category, dict.fromkeys(self.months, 0))[month] = int(incidents)
        return pd.DataFrame.from_dict(cells, orient="index", columns=self.months).sort_index().astype(int)

    def rates(self, code: str, level: str) -> pd.DataFrame:
        return self._rows("rates", code, level).set_index("category")

    def partner_asb(self, code: str, level: str) -> pd.DataFrame:
        return self._rows("partner_asb_reports", code, level).set_index("month")

    def confidence(self, code: str, level: str) -> pd.Series | None:
        found = self._rows("confidence", code, level)
        found = found[found["status"] == "shown"]
        return None if found.empty else found.iloc[0]

    def lsoas_of(self, code: str, level: str) -> set[str]:
        return set(self._rows("area_lsoas", code, level)["lsoa_code"])

    def teams(self, code: str, level: str) -> pd.DataFrame:
        """Teams covering any LSOA of the area, police teams first."""
        cover = self.tables["team_lsoas"]
        ids = set(cover[cover["lsoa_code"].isin(self.lsoas_of(code, level))]["team_id"])
        teams = self.tables["teams"]
        return teams[teams["team_id"].isin(ids)].sort_values(["team_type", "team_name"], ascending=[False, True])

    def meetings(self, team_ids: list[str]) -> pd.DataFrame:
        frame = self.tables["meetings"]
        return frame[frame["team_id"].isin(team_ids)]

    def priorities(self, code: str, level: str) -> pd.DataFrame:
        return self._rows("priorities", code, level)

    def parent(self, area: pd.Series) -> pd.Series | None:
        if not isinstance(area["parent_code"], str):
            return None
        frame = self.tables["areas"]
        found = frame[frame["code"] == area["parent_code"]]
        return None if found.empty else found.iloc[-1]


@dataclass(frozen=True)
class FoundAreas:
    """What a search found: the cleaned query, the postcode it was read as (if any), matching area codes."""

    query: str
    postcode: str | None
    codes: tuple[str, ...]


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection on which the public file is attached read-only (nothing through it can change the file)."""
    con = in_memory_instance()
    try:
        con.execute("ATTACH $path AS public (READ_ONLY)", {"path": str(path)})
        con.execute("USE public")
    except duckdb.Error:
        con.close()
        raise
    return con


def read_public_file(path: Path) -> PublicData:
    """Every table of a public file, checked against the allow-list; a clear error for any other file."""
    if not path.exists():
        raise CspmapError(f"There is no public file at {path}. Write one with `cspmap publish --out {path}`.")
    try:
        con = open_read_only(path)
    except duckdb.Error as exc:
        raise CspmapError(f"Could not open {path} for reading: {exc}") from exc
    try:
        problems = schema_problems(con)
        if problems:
            raise CspmapError(
                f"{path} is not a public file written by `cspmap publish` ({problems[0]}); "
                "serve a partner database without --public."
            )
        tables = {name: _with_none(con.execute(f'SELECT * FROM "{name}"').df(), name) for name in PUBLIC_SCHEMA}
    except duckdb.Error as exc:
        raise CspmapError(f"Could not open {path} for reading: {exc}") from exc
    finally:
        con.close()
    metadata = dict(zip(tables["metadata"]["key"], tables["metadata"]["value"], strict=True))
    if metadata.get("format") != str(PUBLIC_FORMAT):
        raise CspmapError(f"{path} was written by another version of cspmap; publish it again with this one.")
    data = PublicData(path, tables, metadata)
    data._by_area  # noqa: B018 - split the tables now, not on a resident's first request
    return data


def _with_none(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Text columns with None for a missing value (pandas reads NULL as NaN, which pages would print as "nan")."""
    for column, kind in PUBLIC_SCHEMA[table].items():
        if kind == "VARCHAR":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


class PublicFile:
    """The public file a web app serves; re-read when `cspmap publish` has replaced it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._identity = database_identity(path) if path.exists() else None
        self._data = read_public_file(path)

    @property
    def identity(self) -> tuple[int, int, int] | None:
        """Changes whenever the file is published again (a cache key for pages rendered from it)."""
        return self._identity

    def current(self) -> PublicData:
        identity = database_identity(self.path)
        if identity != self._identity:
            with self._lock:
                if identity != self._identity:
                    # Swap in a whole new object: requests in flight keep the old one, which stays consistent.
                    self._data = read_public_file(self.path)
                    self._identity = identity
        return self._data


__all__ = ["ALL_CRIME", "PERIOD_TOTAL", "FoundAreas", "PublicData", "PublicFile", "read_public_file"]
