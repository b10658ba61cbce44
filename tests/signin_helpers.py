"""Users made with the real CLI, apps serving the demo with them, and sign-in through the real /login form."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORDS = {"ana": "analyst password 1", "tom": "team password 22", "ada": "admin password 333"}
ROLES = {"ana": "analyst", "tom": "team", "ada": "admin"}


def add_user_with_cli(users: Path, name: str, role: str, password: str, *more: str) -> subprocess.CompletedProcess:
    """``cspmap users add NAME --role ROLE --users FILE`` with the password piped in, as a script would."""
    return subprocess.run(
        [sys.executable, "-m", "cli", "users", "add", name, "--role", role, "--users", str(users), *more],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def make_users(users: Path) -> Path:
    """An analyst (ana), a team member (tom) and an admin (ada), added with the CLI."""
    for name, role in ROLES.items():
        result = add_user_with_cli(users, name, role, PASSWORDS[name])
        assert result.returncode == 0, result.stderr
    return users


def make_app(db: Path, users: Path, config: Path | None = None):
    """The real app on ``db`` with the users in ``users``; one request at once makes it take its callbacks
    (Dash hands the page callbacks registered so far to the first app that serves a request)."""
    from dashboard.shell import create_app

    app = create_app(db, config, users)
    app.server.test_client().get("/_favicon.ico")
    return app


def csrf_token(client, path: str = "/login") -> str:
    """The token in the sign-in form, as a browser or a script reads it."""
    page = client.get(path).get_data(as_text=True)
    found = CSRF_FIELD.search(page)
    assert found, page
    return found.group(1)


def sign_in(client, name: str, password: str | None = None):
    """POST the /login form with its token; returns the response (303 on success)."""
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"username": name, "password": PASSWORDS[name] if password is None else password, "csrf_token": token},
    )


def signed_in_analyst(db: Path, folder: Path):
    """A test client of the real app on ``db``, signed in as the analyst ana (whose users file is made in
    ``folder``), so every page and callback answers."""
    from dashboard.users import add_user

    users = folder / "people.json"
    add_user(users, "ana", "analyst", PASSWORDS["ana"], ["analyst"])
    client = make_app(db, users).server.test_client()
    assert sign_in(client, "ana").status_code == 303
    return client
