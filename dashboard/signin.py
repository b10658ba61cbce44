"""Signing in and out: the ``/login`` form, ``/logout``, and who the current request comes from.

A session is Flask's signed cookie holding the user's name, a random session id, when it began and when it was
last used, and a fingerprint of the password hash it was opened with. Every request re-reads the users file, so
removing a user or changing a password ends their sessions at once; a sign-out is recorded in the shared state
file, so a copied cookie stops working in every worker too. With no users at all, a request from this computer
to a server listening on this computer is the one local user (local mode, labelled on every page).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

import flask

from dashboard.access import may_open
from dashboard.signin_state import SigninState
from dashboard.users import User, read_users, verify_password
from queries.config import AccessConfig

EXTENSION_KEY = "cspmap-signin"
LOGGER = logging.getLogger("cspmap.signin")
SEEN_EVERY_SECONDS = 30  # refresh the cookie's last-used time at most this often (each refresh re-sends it)
MAX_NAME, MAX_PASSWORD = 64, 1024
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


@dataclass(frozen=True)
class Viewer:
    """Who a request comes from: a signed-in user and their role, or the one user of local mode."""

    name: str
    role: str
    local: bool = False


LOCAL_VIEWER = Viewer(name="local user", role="", local=True)


class SignIn:
    """The users file, the sign-in settings and the state shared by workers, for one app."""

    def __init__(self, users_path: Path, settings: AccessConfig) -> None:
        self.users_path = users_path
        self.settings = settings
        self.state = SigninState(users_path.with_name(users_path.name + ".state"), settings)

    def users(self) -> dict[str, User]:
        """The users as the file says now."""
        return read_users(self.users_path)

    def viewer(self) -> Viewer | None:
        """Who the current request comes from, or None when nobody is signed in (cached for the request)."""
        if "cspmap_viewer" not in flask.g:
            flask.g.cspmap_viewer = self._find_viewer()
        return flask.g.cspmap_viewer

    def _find_viewer(self) -> Viewer | None:
        users = self.users()
        if not users:
            return LOCAL_VIEWER if request_is_local(flask.request) else None
        session = flask.session
        user = users.get(session.get("user")) if isinstance(session.get("user"), str) else None
        if user is None or session.get("key") != password_fingerprint(user):
            return None
        now, seen, since = time.time(), session.get("seen"), session.get("since")
        if not isinstance(seen, int | float) or not isinstance(since, int | float):
            return None
        if now - seen > 60 * self.settings.idle_minutes or now - since > 3600 * self.settings.session_hours:
            LOGGER.info("session expired user=%r address=%s", user.name, flask.request.remote_addr)
            session.clear()
            return None
        if not isinstance(session.get("sid"), str) or self.state.has_ended(session["sid"]):
            return None
        if now - seen > SEEN_EVERY_SECONDS:
            session["seen"] = now
        return Viewer(user.name, user.role)


def install_signin(server: flask.Flask, signin: SignIn) -> None:
    """Add ``/login`` and ``/logout`` to the server and sign its session cookies with the shared key."""
    server.extensions[EXTENSION_KEY] = signin
    server.add_url_rule("/login", "cspmap_login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "cspmap_logout", _logout, methods=["GET", "POST"])


def current_signin() -> SignIn:
    """The :class:`SignIn` of the app handling the current request."""
    return flask.current_app.extensions[EXTENSION_KEY]


def current_viewer() -> Viewer | None:
    """Who the current request comes from (None: nobody signed in)."""
    return current_signin().viewer()


def viewer_may_open(view: str) -> bool:
    """Whether the person asking may see the page or page part ``view``.

    Outside a web request (a callback called directly in this process, as tests do) there is nobody to refuse.
    """
    if not flask.has_request_context():
        return True
    viewer = current_viewer()
    if viewer is None:
        return False
    return viewer.local or may_open(current_signin().settings.roles, viewer.role, view)


def password_fingerprint(user: User) -> str:
    """A short digest of the stored hash: a session opened before a password change no longer matches."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_is_local(request: flask.Request) -> bool:
    """Whether the request comes from this computer to a server listening on this computer, with no proxy between.

    The server's own address is read from the connection (gunicorn and Werkzeug put the socket in the WSGI
    environment). A server that does not (and Werkzeug's in-process test client) is judged by the server name it
    reports instead, which a reverse proxy sets to the site's public name.
    """
    if any(header in request.headers for header in FORWARDING_HEADERS):
        return False
    connection = request.environ.get("gunicorn.socket") or request.environ.get("werkzeug.socket")
    try:
        server_address = connection.getsockname()[0]
    except (AttributeError, OSError, IndexError, TypeError):
        server_address = request.environ.get("SERVER_NAME", "")
    return _is_loopback(server_address) and _is_loopback(request.remote_addr or "")


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _login() -> flask.Response:
    signin = current_signin()
    if not signin.users():
        return flask.redirect("/", code=303)
    destination = _safe_destination(flask.request.values.get("next", "/"))
    if flask.request.method == "GET":
        return _form(destination)
    form = flask.request.form
    expected = flask.session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(form.get("csrf_token", ""), expected):
        return _form(destination, "The sign-in form had expired. Please try again.", 400)
    name, password = form.get("username", "").strip()[:MAX_NAME], form.get("password", "")[:MAX_PASSWORD]
    address = flask.request.remote_addr or "unknown"
    wait = signin.state.wait_seconds(name, address)
    if wait > 0:
        LOGGER.warning("sign-in refused, waiting after failures user=%r address=%s", name, address)
        response = _form(destination, f"Too many wrong passwords. Try again in {int(wait) + 1} seconds.", 429)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    user = verify_password(signin.users(), name, password)
    if user is None:
        failures = signin.state.record_failure(name, address)
        LOGGER.warning("sign-in failed user=%r address=%s failures=%d", name, address, failures)
        return _form(destination, "Wrong name or password.", 401)
    signin.state.clear_failures(name, address)
    flask.session.clear()  # a new session id on every sign-in: nothing from before survives it
    now = time.time()
    flask.session.update(
        user=user.name,
        key=password_fingerprint(user),
        sid=secrets.token_urlsafe(16),
        since=now,
        seen=now,
    )
    flask.session.permanent = True
    LOGGER.info("signed in user=%r role=%s address=%s", user.name, user.role, address)
    return flask.redirect(destination, code=303)


def _logout() -> flask.Response:
    signin = current_signin()
    session_id, name = flask.session.get("sid"), flask.session.get("user")
    if isinstance(session_id, str):
        signin.state.end_session(session_id)
        LOGGER.info("signed out user=%r address=%s", name, flask.request.remote_addr)
    flask.session.clear()
    return flask.redirect("/login", code=303)


def _safe_destination(target: str) -> str:
    """Only a path on this server: never ``//elsewhere`` or ``https://elsewhere`` (an open redirect)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return "/"
    return target


def _form(destination: str, problem: str | None = None, status: int = 200) -> flask.Response:
    token = flask.session.get("csrf")
    if not isinstance(token, str):
        token = flask.session["csrf"] = secrets.token_urlsafe(32)
    message = f'<p class="notice" role="alert">{escape(problem)}</p>' if problem else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · cspmap</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><main class="shell-main signin-page"><h1>Sign in to cspmap</h1>{message}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{escape(token)}">
<input type="hidden" name="next" value="{escape(destination)}">
<p><label for="username">Name</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form></main></body></html>"""
    return flask.Response(page, status=status, mimetype="text/html")
