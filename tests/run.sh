#!/bin/sh
# Install what the tests need and run the whole suite: `sh tests/run.sh [pytest arguments]`. CI runs this.
# Everything goes into the checkout's own virtual environment, .venv (made on first use, reused after), so it works
# where the system Python refuses pip (PEP 668) and never installs into it. As root on Debian it also installs
# chromium and chromium-driver for the browser tests.
set -eu
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium and chromium-driver for the browser tests ..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "The browser tests need chromium and chromedriver: run this as root on Debian, or install them." >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    echo "Making the virtual environment .venv ..."
    python3 -m venv .venv || {
        echo "python3 could not make a virtual environment: on Debian or Ubuntu install python3-venv." >&2
        exit 1
    }
fi
PYTHON=.venv/bin/python

"$PYTHON" -m pip install --quiet --disable-pip-version-check -e '.[test]'
# axe-core for the accessibility checks in the browser tests, pinned in tests/browser/package-lock.json.
(cd tests/browser && npm ci --no-audit --no-fund --silent)
"$PYTHON" -m ruff format --check .
"$PYTHON" -m ruff check .
# Test files are shared between up to four workers, each file whole and in order on one (its fixtures and
# servers are per file); `-n 0` runs everything in this process.
"$PYTHON" -m pytest -n auto --maxprocesses 4 --dist loadfile "$@"
