"""Headless Chromium as the browser tests and the page benchmarks start it: Debian's chromium and chromedriver,
offline (background networking off), in a profile folder of its own."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    # Without these Chromium phones home at start-up; on a closed network that fills the log with refusals.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1400,1000",
)


def chromium_options(profile: Path) -> webdriver.ChromeOptions:
    """Options for a headless Chromium with the flags above, keeping its profile in ``profile``."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    return options
