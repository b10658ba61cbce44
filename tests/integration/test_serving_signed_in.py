"""Serving as a partnership would: gunicorn with several workers and users made with the CLI, a real sign-in
over HTTP, and `cspmap serve` refusing to expose the app without sign-in or with the debugger."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.callback_payloads import owner, payload
from tests.servers import free_port, running_server
from tests.signin_helpers import PASSWORDS, add_user_with_cli


def opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar or http.cookiejar.CookieJar()))


def status(browser: urllib.request.OpenerDirector, url: str, body: dict | None = None, form: dict | None = None) -> int:
    """The HTTP status of a GET, a JSON POST (``body``) or a form POST (``form``)."""
    if body is not None:
        request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    elif form is not None:
        request = urllib.request.Request(url, urllib.parse.urlencode(form).encode())
    else:
        request = urllib.request.Request(url)
    try:
        with browser.open(request, timeout=30) as response:
            browser.last_body = response.read()
            return response.status
    except urllib.error.HTTPError as error:
        browser.last_body = error.read()
        return error.code


def callback(browser, url: str, page: str) -> dict:
    """The page's (first) callback, read from the server's /_dash-dependencies as the browser reads it."""
    assert status(browser, f"{url}/_dash-dependencies") == 200
    found = [item for item in json.loads(browser.last_body) if not item.get("clientside_function")]
    return next(item for item in found if owner(item) == page)


def sign_in_over_http(browser, url: str, name: str, password: str) -> int:
    assert status(browser, f"{url}/login") == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.last_body.decode()).group(1)
    return status(browser, f"{url}/login", form={"username": name, "password": password, "csrf_token": token})


@pytest.fixture(scope="module")
def gunicorn(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    users = folder / "people.json"
    for name, role in (("ana", "analyst"), ("tom", "team")):
        assert add_user_with_cli(users, name, role, PASSWORDS[name]).returncode == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:server"]
    environment = {"CSPMAP_DB": str(demo_db), "CSPMAP_USERS": str(users)}
    with running_server(
        command, url, ready_path="/_favicon.ico", env=environment, cwd=Path(__file__).parents[2]
    ) as server:
        yield url, server


def test_a_signed_in_analyst_uses_the_pages_and_an_anonymous_script_gets_nothing(gunicorn):
    url, _ = gunicorn
    anonymous = opener()
    assert status(anonymous, f"{url}/_dash-dependencies") == 401
    analyst = opener()
    assert sign_in_over_http(analyst, url, "ana", PASSWORDS["ana"]) == 200  # 303 to the dashboard, followed
    overview = payload(callback(analyst, url, "overview"), ["csp", ["2018-07"], [], "count"])
    confidence = payload(callback(analyst, url, "confidence"), ["csp", "latest"])
    assert status(anonymous, f"{url}/_dash-update-component", overview) == 401
    assert anonymous.last_body == b"Sign in first.\n"
    for _ in range(6):  # several requests, so both workers answer with the one session key
        assert status(analyst, f"{url}/_dash-update-component", overview) == 200
        assert len(json.loads(analyst.last_body)["response"]["overview-table"]["rowData"]) == 2
    assert status(analyst, f"{url}/_dash-update-component", confidence) == 200
    team = opener()
    assert sign_in_over_http(team, url, "tom", PASSWORDS["tom"]) == 200
    assert status(team, f"{url}/_dash-update-component", overview) == 200
    assert status(team, f"{url}/_dash-update-component", confidence) == 403


def test_signing_out_and_the_slow_down_hold_in_every_worker_and_the_log_records_both(gunicorn):
    url, server = gunicorn
    jar = http.cookiejar.CookieJar()
    analyst = opener(jar)
    assert sign_in_over_http(analyst, url, "ana", PASSWORDS["ana"]) == 200
    copied = http.cookiejar.CookieJar()
    for cookie in jar:
        copied.set_cookie(cookie)
    assert status(analyst, f"{url}/logout") == 200  # to the sign-in form
    replay = opener(copied)
    assert all(status(replay, f"{url}/_dash-layout") == 401 for _ in range(6))
    guesser = opener()
    assert [sign_in_over_http(guesser, url, "tom", "a wrong guess") for _ in range(3)] == [401, 401, 401]
    assert all(sign_in_over_http(guesser, url, "tom", PASSWORDS["tom"]) == 429 for _ in range(4))
    server.stop()  # the last test on this server (tests run in file order): its log is complete once it stops
    log = server.output()
    assert re.search(r"UTC cspmap\.signin INFO signed in user='ana' role=analyst address=127\.0\.0\.1", log)
    assert "sign-in failed user='tom' address=127.0.0.1 failures=3" in log
    assert "signed out user='ana' address=127.0.0.1" in log
    assert PASSWORDS["ana"] not in log and "a wrong guess" not in log


def test_serve_refuses_an_outside_address_without_users_and_the_debugger_off_loopback(demo_db, tmp_path):
    users = tmp_path / "people.json"
    command = [sys.executable, "-m", "cli", "serve", "--db", str(demo_db), "--users", str(users)]
    exposed = subprocess.run([*command, "--host", "0.0.0.0"], capture_output=True, text=True, timeout=120)
    assert exposed.returncode == 1 and "Traceback" not in exposed.stderr
    assert f"needs sign-in, but {users} holds no users" in exposed.stderr and "cspmap users add" in exposed.stderr
    assert add_user_with_cli(users, "ana", "analyst", PASSWORDS["ana"]).returncode == 0
    debugger = subprocess.run(
        [*command, "--host", "0.0.0.0", "--dev-debug"], capture_output=True, text=True, timeout=120
    )
    assert debugger.returncode == 1 and "--dev-debug runs a debugger" in debugger.stderr


def test_local_mode_is_labelled_answers_only_this_computer_and_ends_once_a_user_is_added(demo_db, tmp_path):
    users = tmp_path / "people.json"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "cli", "serve", "--db", str(demo_db), "--users", str(users), "--port", str(port)]
    with running_server(command, url, ready_path="/_favicon.ico"):
        local = opener()
        assert status(local, f"{url}/_dash-layout") == 200 and b"Local mode: " in local.last_body
        proxied = opener()
        proxied.addheaders = [("X-Forwarded-For", "203.0.113.9")]  # a proxy in front: not this computer
        assert status(proxied, f"{url}/_dash-layout") == 403
        assert add_user_with_cli(users, "ana", "analyst", PASSWORDS["ana"]).returncode == 0
        assert status(local, f"{url}/_dash-layout") == 401
        assert sign_in_over_http(local, url, "ana", PASSWORDS["ana"]) == 200
        assert status(local, f"{url}/_dash-layout") == 200 and b"Local mode" not in local.last_body
