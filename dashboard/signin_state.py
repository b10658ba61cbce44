"""What every worker must agree on about sign-ins: failed attempts per user and address, and ended sessions.

Kept in a small SQLite file beside the users file (``cspmap.users.json.state``), so the slow-down after wrong
passwords and a sign-out hold across all gunicorn workers, not just the one that saw them. SQLite's own file
locking serialises the writers; nothing here is ever a personal value beyond the user name and address.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from queries.config import AccessConfig

SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (user TEXT, address TEXT, count INTEGER, last REAL, PRIMARY KEY (user, address));
CREATE TABLE IF NOT EXISTS ended_sessions (session TEXT PRIMARY KEY, ended REAL);
"""


class SigninState:
    """Failed attempts and ended sessions, shared by every worker through ``path``."""

    def __init__(self, path: Path, settings: AccessConfig) -> None:
        self.path = path
        self.settings = settings

    def wait_seconds(self, user: str, address: str, now: float | None = None) -> float:
        """How long this user from this address must wait before the next try (0: try now)."""
        with self._connect() as con:
            row = con.execute("SELECT count, last FROM failures WHERE user = ? AND address = ?", (user, address))
            found = row.fetchone()
        if found is None:
            return 0.0
        count, last = found
        remaining = last + self.delay_after(count) - (time.time() if now is None else now)
        return max(0.0, remaining)

    def delay_after(self, failures: int) -> float:
        """The wait after ``failures`` wrong passwords in a row: none for the first few, then doubling to a cap."""
        extra = failures - self.settings.free_attempts
        if extra < 0:
            return 0.0
        return min(self.settings.delay_seconds * 2.0**extra, self.settings.max_delay_seconds)

    def record_failure(self, user: str, address: str) -> int:
        """Count one more wrong password; returns the count so far."""
        with self._connect() as con:
            con.execute(
                "INSERT INTO failures VALUES (?, ?, 1, ?) "
                "ON CONFLICT (user, address) DO UPDATE SET count = count + 1, last = excluded.last",
                (user, address, time.time()),
            )
            (count,) = con.execute(
                "SELECT count FROM failures WHERE user = ? AND address = ?", (user, address)
            ).fetchone()
        return count

    def clear_failures(self, user: str, address: str) -> None:
        """A right password wipes the slate for this user and address."""
        with self._connect() as con:
            con.execute("DELETE FROM failures WHERE user = ? AND address = ?", (user, address))

    def end_session(self, session_id: str) -> None:
        """Refuse this session from now on, in every worker (a copied cookie stops working too)."""
        now = time.time()
        with self._connect() as con:
            con.execute("INSERT OR REPLACE INTO ended_sessions VALUES (?, ?)", (session_id, now))
            # A session is dead anyway once it outlives session_hours: older entries are no longer needed.
            con.execute("DELETE FROM ended_sessions WHERE ended < ?", (now - 3600 * self.settings.session_hours,))

    def has_ended(self, session_id: str) -> bool:
        """Whether the session was signed out."""
        with self._connect() as con:
            found = con.execute("SELECT 1 FROM ended_sessions WHERE session = ?", (session_id,)).fetchone()
        return found is not None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # Autocommit: each statement is its own transaction, so no worker holds the lock between requests.
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            os.chmod(self.path, 0o600)
            con.executescript(SCHEMA)
            yield con
        finally:
            con.close()
