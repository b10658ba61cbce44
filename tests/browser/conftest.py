"""A live cspmap server on the demo database, and headless Chromium driven through chromedriver."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.chromium import CHROMEDRIVER, CHROMIUM, chromium_options
from tests.servers import free_port, running_server


@pytest.fixture(scope="session")
def live_server(demo_db: Path) -> Iterator[str]:
    """``cspmap serve`` on the demo database at a free local port; yields its base URL."""
    with serving_app(demo_db) as url:
        yield url


@contextmanager
def serving_app(db_path: Path) -> Iterator[str]:
    """``cspmap serve`` on ``db_path`` at a free local port while the block runs; yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_server([sys.executable, "-m", "cli", "serve", "--db", str(db_path), "--port", str(port)], url):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """Headless Chromium that records its console and every network request, one for each test module."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if shutil.which(path) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install Debian's chromium and chromium-driver "
            "(sh tests/run.sh does this when run as root)."
        )
    options = chromium_options(tmp_path_factory.mktemp("chromium-profile"))
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
