"""Signing in to the real app: users made with the CLI, the /login form with its token, sessions that end,
wrong passwords that slow down (for every worker) and a log that names people and addresses but no password."""

from __future__ import annotations

import json
import logging
import stat
import subprocess
import sys
import time

import pytest

from dashboard.users import add_user, check_name, read_users, resolve_users_path
from queries.errors import CspmapError
from tests.signin_helpers import PASSWORDS, add_user_with_cli, csrf_token, make_app, make_users, sign_in

SETTINGS = """
[access]
idle_minutes = 1
free_attempts = 3
delay_seconds = 1.0
max_delay_seconds = 4.0
"""


@pytest.fixture(scope="module")
def served(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    users = make_users(folder / "people.json")
    config = folder / "settings.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    return make_app(demo_db, users, config), users


@pytest.fixture
def client(served):
    return served[0].server.test_client()


def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], input=password, capture_output=True, text=True, timeout=120, check=False
    )


def test_users_are_kept_hashed_with_scrypt_in_a_private_file_apart_from_the_database(tmp_path):
    users = tmp_path / "people.json"
    assert add_user_with_cli(users, "sam", "team", "correct horse battery").returncode == 0
    assert users.stat().st_mode & 0o777 == stat.S_IRUSR | stat.S_IWUSR
    text = users.read_text(encoding="utf-8")
    assert "correct horse battery" not in text
    stored = json.loads(text)["users"]["sam"]
    assert stored["role"] == "team" and stored["password"].startswith("scrypt:")
    listed = cli("users", "list", "--users", str(users), "--json")
    assert json.loads(listed.stdout) == [{"name": "sam", "role": "team", "created": stored["created"]}]
    # Without --users (or $CSPMAP_USERS) the file sits beside the database, named after it.
    assert resolve_users_path(tmp_path / "data.duckdb") == tmp_path / "data.users.json"


def test_the_cli_refuses_short_passwords_unknown_roles_and_duplicates_in_one_line(served):
    _, users = served
    short = add_user_with_cli(users, "sam", "team", "short")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr and "Traceback" not in short.stderr
    role = add_user_with_cli(users, "sam", "boss", "long enough pw")
    assert role.returncode == 1 and "Unknown role 'boss'" in role.stderr
    again = add_user_with_cli(users, "ana", "admin", "long enough pw")
    assert again.returncode == 1 and "already a user" in again.stderr
    assert set(read_users(users)) == {"ana", "tom", "ada"}


@pytest.mark.parametrize("name", ["", "sam smith", "sam;rm", "-x", "a" * 65, "ünï"])
def test_a_user_name_is_letters_digits_and_dot_underscore_at_hyphen(name):
    with pytest.raises(CspmapError, match="not a usable name"):
        check_name(name)


def test_a_page_without_a_session_sends_the_browser_to_the_sign_in_form(client):
    response = client.get("/confidence?level=csp&period=latest")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/confidence%3Flevel%3Dcsp%26period%3Dlatest"
    back = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/confidence?level=csp&amp;period=latest"' in back
    form = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in form and 'name="password"' in form and 'name="csrf_token"' in form
    assert client.get("/_dash-layout").status_code == 401


def test_signing_in_opens_the_dashboard_and_signing_out_ends_the_session_even_for_a_copied_cookie(served):
    app, _ = served
    client = app.server.test_client()
    response = sign_in(client, "ana")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and "Signed in as ana (analyst)" in layout.get_data(as_text=True)
    copied = client.get_cookie("cspmap_session").value
    assert client.get("/logout").status_code == 303
    assert client.get("/_dash-layout").status_code == 401
    stranger = app.server.test_client()
    stranger.set_cookie("cspmap_session", copied)
    assert stranger.get("/_dash-layout").status_code == 401


def test_the_form_needs_its_token_and_only_sends_people_on_to_this_server(client):
    token_less = client.post("/login", data={"username": "ana", "password": PASSWORDS["ana"]})
    assert token_less.status_code == 400 and "expired" in token_less.get_data(as_text=True)
    token = csrf_token(client)
    onward = client.post(
        "/login", data={"username": "ana", "password": PASSWORDS["ana"], "csrf_token": token, "next": "//evil.example"}
    )
    assert onward.status_code == 303 and onward.headers["Location"] == "/"


def test_a_session_unused_for_the_idle_time_ends(served):
    client = served[0].server.test_client()
    assert sign_in(client, "tom").status_code == 303
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:  # as if the last request was 61 s ago (idle_minutes = 1)
        session["seen"] = time.time() - 61
    assert client.get("/_dash-layout").status_code == 401


def test_a_new_password_or_removing_the_user_ends_their_sessions(demo_db, tmp_path):
    users = tmp_path / "people.json"
    assert add_user_with_cli(users, "kim", "team", "first password 1").returncode == 0
    add_user(users, "lee", "team", "another password", ["team"])  # so removing kim leaves the file with a user
    app = make_app(demo_db, users)
    client = app.server.test_client()
    assert sign_in(client, "kim", "first password 1").status_code == 303
    assert cli("users", "passwd", "kim", "--users", str(users), password="second password 2\n").returncode == 0
    assert client.get("/_dash-layout").status_code == 401
    assert sign_in(client, "kim", "second password 2").status_code == 303
    assert cli("users", "remove", "kim", "--users", str(users)).returncode == 0
    assert client.get("/_dash-layout").status_code == 401


def test_wrong_passwords_slow_down_per_user_and_address_and_the_log_never_holds_a_password(served, caplog):
    app, _ = served
    here = app.server.test_client()
    elsewhere = app.server.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    caplog.set_level(logging.INFO, logger="cspmap")
    for _ in range(3):  # free_attempts = 3; the third failure starts a wait of delay_seconds = 1
        assert sign_in(here, "ada", "not my password").status_code == 401
    waiting = sign_in(here, "ada")  # even the right password waits
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "1"
    assert sign_in(elsewhere, "ada").status_code == 303  # another address is not slowed down
    time.sleep(1.1)
    assert sign_in(here, "ada", "still not it").status_code == 401  # the fourth failure: now 2 s
    time.sleep(1.1)
    assert sign_in(here, "ada").status_code == 429
    time.sleep(1.0)
    assert sign_in(here, "ada").status_code == 303
    messages = [record.getMessage() for record in caplog.records]
    assert "sign-in failed user='ada' address=127.0.0.1 failures=1" in messages
    assert "sign-in refused, waiting after failures user='ada' address=127.0.0.1" in messages
    assert "signed in user='ada' role=admin address=192.0.2.7" in messages
    assert not any(secret in " ".join(messages) for secret in ("not my password", "still not it", PASSWORDS["ada"]))
