#!/bin/sh
# Install what the tests need and run the whole suite: `sh tests/run.sh [pytest arguments]`.
# As root on Debian it also installs chromium and chromium-driver for the browser tests. CI runs this.
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

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
# axe-core for the accessibility checks in the browser tests, pinned in tests/browser/package-lock.json.
(cd tests/browser && npm ci --no-audit --no-fund --silent)
python3 -m ruff format --check .
python3 -m ruff check .
python3 -m pytest "$@"
