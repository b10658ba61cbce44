"""Whether the dashboard may be served on an address: no users means this computer only, debug means loopback."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from dashboard.users import read_users, resolve_users_path
from queries.errors import CspmapError


def check_serving_address(db_path: Path, users: Path | None, host: str, dev_debug: bool) -> Path:
    """The users file to serve with; an error when the address would expose the app without sign-in or with debug.

    With no users the app runs in local mode (no sign-in), which is only allowed on a loopback address. Dash's
    developer tools include Werkzeug's interactive debugger, which runs any Python it is sent: loopback only.
    """
    users_path = resolve_users_path(db_path, users)
    loopback = is_loopback_host(host)
    if dev_debug and not loopback:
        raise CspmapError(f"--dev-debug runs a debugger that executes code: serve it on 127.0.0.1 only, not {host}.")
    if not loopback and not read_users(users_path):
        raise CspmapError(
            f"Serving on {host} needs sign-in, but {users_path} holds no users. Add one first: "
            f"cspmap users add NAME --role analyst --users {users_path}"
        )
    return users_path


def is_loopback_host(host: str) -> bool:
    """``127.0.0.1``, ``::1`` and ``localhost`` are loopback; any other address, or a name, is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
