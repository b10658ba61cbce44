"""The users file: who may sign in to the dashboard, with which role, and the password hashes (scrypt).

Users live in their own JSON file (``--users PATH``, ``$CSPMAP_USERS``, else beside the database), never in the
data database, so a database that is shared or published carries no credentials. The file, and the session key
kept beside it, are written with mode 0600 through a temporary file and an atomic rename, so a gunicorn worker
reading it never sees half a file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from queries.errors import CspmapError

USERS_ENV = "CSPMAP_USERS"
USERS_SUFFIX = ".users.json"
MIN_PASSWORD_LENGTH = 12
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


@functools.cache
def _unknown_user_hash() -> str:
    """Checked against when the name is unknown, so a wrong name takes as long to refuse as a wrong password (made
    on first use: a scrypt hash costs about 0.1 s, which every `cspmap` command would otherwise pay at start)."""
    return generate_password_hash("not a password of anyone", method="scrypt")


@dataclass(frozen=True)
class User:
    """One person who may sign in: the name they sign in with and their role."""

    name: str
    role: str
    password_hash: str
    created: str


def default_users_path(db_path: Path) -> Path:
    """The users file beside the database: ``cspmap.duckdb`` -> ``cspmap.users.json``."""
    return db_path.with_name(db_path.stem + USERS_SUFFIX)


def resolve_users_path(db_path: Path, users: Path | None = None) -> Path:
    """``users`` if given, else ``$CSPMAP_USERS``, else the file beside the database."""
    if users is not None:
        return users
    from_env = os.environ.get(USERS_ENV)
    return Path(from_env).expanduser() if from_env else default_users_path(db_path)


def read_users(path: Path) -> dict[str, User]:
    """Every user in the file by name; no file is no users."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CspmapError(f"Cannot read the users file {path}: {exc.strerror}.") from exc
    try:
        stored = json.loads(text)["users"]
        return {name: User(name, entry["role"], entry["password"], entry["created"]) for name, entry in stored.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CspmapError(f"{path} is not a cspmap users file ({type(exc).__name__}: {exc}).") from exc


def add_user(path: Path, name: str, role: str, password: str, roles: list[str]) -> User:
    """Add a user with a new password; an existing name, an unknown role or a short password is an error."""
    check_name(name)
    if role not in roles:
        raise CspmapError(f"Unknown role {role!r}: choose one of {', '.join(sorted(roles))} (the [access] settings).")
    users = read_users(path)
    if name in users:
        raise CspmapError(f"{name} is already a user in {path}; change the password with `cspmap users passwd`.")
    user = User(name, role, hash_password(password), datetime.now(UTC).isoformat(timespec="seconds"))
    _write_users(path, {**users, name: user})
    return user


def remove_user(path: Path, name: str) -> None:
    """Remove a user; their sessions end on their next request."""
    users = read_users(path)
    if name not in users:
        raise CspmapError(f"There is no user {name!r} in {path}.")
    del users[name]
    _write_users(path, users)


def change_password(path: Path, name: str, password: str) -> None:
    """Give a user a new password; sessions signed in with the old one end on their next request."""
    users = read_users(path)
    if name not in users:
        raise CspmapError(f"There is no user {name!r} in {path}.")
    old = users[name]
    users[name] = User(old.name, old.role, hash_password(password), old.created)
    _write_users(path, users)


def verify_password(users: dict[str, User], name: str, password: str) -> User | None:
    """The user when the password is theirs, else None (taking as long for an unknown name)."""
    user = users.get(name)
    if user is None:
        check_password_hash(_unknown_user_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def hash_password(password: str) -> str:
    """The scrypt hash of a password long enough to keep (werkzeug's format: method, salt and hash)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CspmapError(f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters.")
    return generate_password_hash(password, method="scrypt")


def check_name(name: str) -> None:
    """A user name is 1 to 64 letters, digits and ``. _ @ -``, starting with a letter or digit."""
    if not NAME_PATTERN.fullmatch(name):
        raise CspmapError(
            f"{name!r} is not a usable name: use 1 to 64 letters, digits and . _ @ -, starting with a letter or digit."
        )


def session_key(users_path: Path) -> bytes:
    """The key that signs session cookies, made once and kept beside the users file so every worker shares it."""
    key_path = users_path.with_name(users_path.name + ".session-key")
    try:
        return bytes.fromhex(key_path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    except ValueError as exc:
        raise CspmapError(f"{key_path} is not a session key; delete it and a new one is made.") from exc
    _write_private(key_path, secrets.token_hex(32), replace=False)
    return bytes.fromhex(key_path.read_text(encoding="ascii").strip())


def _write_users(path: Path, users: dict[str, User]) -> None:
    stored = {
        "users": {
            user.name: {"role": user.role, "password": user.password_hash, "created": user.created}
            for user in users.values()
        }
    }
    _write_private(path, json.dumps(stored, indent=2) + "\n")


def _write_private(path: Path, text: str, replace: bool = True) -> None:
    """Write ``text`` readable by its owner only, atomically; with ``replace=False`` the first writer wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        if replace:
            os.replace(temporary, path)
        else:
            # Two workers starting together must end with the same key: link() fails if the file exists.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
