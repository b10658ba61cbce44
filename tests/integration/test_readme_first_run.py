"""The README's first command, run exactly as written in a fresh copy of the checkout, as a newcomer would.

It must make its own virtual environment (never touching the Python running the tests), install cspmap, build
the demo database in the folder it runs from, say what it serves, and answer on http://127.0.0.1:8050.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
URL = "http://127.0.0.1:8050"
STARTUP_SECONDS = 900  # a cold pip install of the scientific stack on a slow machine, then the demo build


def readme_commands() -> list[str]:
    """The README's sh code blocks, in order."""
    return re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL)


def fresh_checkout(destination: Path) -> Path:
    """A copy of the files git tracks (and new ones it does not ignore): no .venv, no database, no caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_readme_opens_with_one_command_to_serve_and_one_to_test():
    first, second = readme_commands()[:2]
    assert first.strip().count("\n") == 0 and "python3 -m venv .venv" in first and "app.py" in first
    assert second.strip() == "sh tests/run.sh"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "sh tests/run.sh" in ci


def test_first_command_serves_the_demo_from_a_fresh_checkout(tmp_path: Path):
    assert not port_in_use(8050), "Port 8050 is taken (is the dashboard already running?): stop it and run again."
    checkout = fresh_checkout(tmp_path / "cspmap")
    assert not (checkout / ".venv").exists() and not (checkout / "cspmap.duckdb").exists()
    log_path = tmp_path / "first-run.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CSPMAP_", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["sh", "-c", readme_commands()[0].strip()],
            cwd=checkout,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        page = _wait_for_page(process, log_path)
        assert "<title>" in page and "_dash-config" in page
        with urllib.request.urlopen(f"{URL}/_dash-layout", timeout=30) as response:
            assert response.status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    output = log_path.read_text()
    database = checkout / "cspmap.duckdb"
    assert database.exists(), output
    assert (checkout / ".venv" / "bin" / "python").exists()
    assert f"Serving {database}" in output, output
    assert "at http://127.0.0.1:8050" in output
    assert "ILLUSTRATIVE" in output  # the demo's partner data is said to be generated


def _wait_for_page(process: subprocess.Popen, log_path: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The README's first command exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(URL, timeout=10) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"Nothing answered at {URL} within {STARTUP_SECONDS} s:\n{log_path.read_text()}")
