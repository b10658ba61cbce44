"""`cspmap users add | list | remove | passwd`: who may sign in to the dashboard, kept in the users file."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cli.analysis_options import ConfigOption
from cli.app import DEFAULT_DB, DbOption, DebugOption, JsonOption, app, console
from dashboard.users import (
    MIN_PASSWORD_LENGTH,
    USERS_ENV,
    add_user,
    change_password,
    read_users,
    remove_user,
    resolve_users_path,
)
from queries.config import load_config
from queries.errors import CspmapError

users_app = typer.Typer(
    help="Who may sign in to the dashboard (the users file: beside the database, or --users / $CSPMAP_USERS)."
)
app.add_typer(users_app, name="users", rich_help_panel="Dashboard")

UsersOption = Annotated[
    Path | None,
    typer.Option(
        "--users",
        envvar=USERS_ENV,
        help="The users file (default: $CSPMAP_USERS, else NAME.users.json beside the --db file).",
        show_default=False,
    ),
]
NameArgument = Annotated[str, typer.Argument(help="The name the person signs in with.")]


@users_app.command("add")
def add(
    name: NameArgument,
    role: Annotated[str, typer.Option("--role", help="analyst, team or admin (the \\[access] settings).")],
    users: UsersOption = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Add a user; the password is asked for (or read from standard input when it is not a terminal)."""
    path = resolve_users_path(db, users)
    roles = list(load_config(config).access.roles)
    password = _new_password()
    add_user(path, name, role, password, roles)
    console.print(f"Added {escape(name)} ({escape(role)}) to {escape(str(path))}.")


@users_app.command("list")
def list_users(
    users: UsersOption = None, db: DbOption = DEFAULT_DB, as_json: JsonOption = False, debug: DebugOption = False
) -> None:
    """The users and their roles (never a password)."""
    path = resolve_users_path(db, users)
    found = read_users(path)
    rows = [{"name": user.name, "role": user.role, "created": user.created} for user in found.values()]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print(f"No users in {escape(str(path))}: the dashboard runs in local mode (this computer only).")
        return
    table = Table(title=str(path), title_justify="left")
    for column in ("name", "role", "created"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(escape(value) for value in row.values()))
    console.print(table)


@users_app.command("remove")
def remove(
    name: NameArgument, users: UsersOption = None, db: DbOption = DEFAULT_DB, debug: DebugOption = False
) -> None:
    """Remove a user; anyone signed in under that name is signed out on their next request."""
    path = resolve_users_path(db, users)
    remove_user(path, name)
    console.print(f"Removed {escape(name)} from {escape(str(path))}.")


@users_app.command("passwd")
def passwd(
    name: NameArgument, users: UsersOption = None, db: DbOption = DEFAULT_DB, debug: DebugOption = False
) -> None:
    """Give a user a new password (asked for, or read from standard input); their old sessions end."""
    path = resolve_users_path(db, users)
    if name not in read_users(path):
        raise CspmapError(f"There is no user {name!r} in {path}.")
    change_password(path, name, _new_password())
    console.print(f"Changed the password of {escape(name)}.")


def _new_password() -> str:
    """A password typed twice at a prompt, or the first line of standard input for scripts."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CspmapError("No password on standard input: pipe one line holding the password.")
        return password
    password = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    if getpass.getpass("The same password again: ") != password:
        raise CspmapError("The two passwords differ; nothing was changed.")
    return password
