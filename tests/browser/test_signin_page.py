"""Signing in through the real form in Chromium: the team member lands on the page they asked for, sees only their
pages, and signs out; with the security headers on, the console stays empty throughout."""

from __future__ import annotations

import sys

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.page_checks import console_messages, open_page
from tests.servers import free_port, running_server
from tests.signin_helpers import PASSWORDS, add_user_with_cli

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_in_server(demo_db, tmp_path_factory):
    users = tmp_path_factory.mktemp("browser-signin") / "people.json"
    assert add_user_with_cli(users, "tom", "team", PASSWORDS["tom"]).returncode == 0
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", "--db", str(demo_db), "--users", str(users), "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running_server(command, url, ready_path="/login"):
        yield url


def test_a_team_member_signs_in_sees_their_pages_only_and_signs_out(browser, signed_in_server):
    url = signed_in_server
    open_page(browser, url + "/hotspots", "#username")  # sent to the form, with the page to come back to
    browser.find_element(By.ID, "username").send_keys("tom")
    browser.find_element(By.ID, "password").send_keys(PASSWORDS["tom"])
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#hotspots-map .maplibregl-canvas"))
    assert browser.current_url.startswith(url + "/hotspots")  # the page then keeps its filters in the URL
    nav = browser.find_element(By.CSS_SELECTOR, ".shell-nav").text
    assert "Hot spots and patrol plan" in nav and "Coverage and standards" in nav
    assert "Confidence and targets" not in nav and "Priority neighbourhoods" not in nav
    assert browser.find_element(By.CSS_SELECTOR, ".shell-viewer").text == "Signed in as tom (team) · Sign out"
    assert console_messages(browser) == []
    browser.find_element(By.LINK_TEXT, "Sign out").click()
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.ID, "username"))
    assert browser.current_url == url + "/login"
    assert console_messages(browser) == []
