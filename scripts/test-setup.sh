#!/usr/bin/env bash
# Test machinery that pip cannot install: the headless Chromium the browser test
# (tests/test_browser.py, marker `browser`) drives through Playwright's Python API.
# We use Debian's package and never `playwright install` (it downloads its own browser
# build, which this project's machines cannot fetch). Idempotent: does nothing when
# /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "test-setup: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing Debian's chromium for the browser test"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    if [ ! -x "$CHROMIUM" ]; then
        echo "test-setup: apt-get installed chromium but $CHROMIUM is missing" >&2
        exit 1
    fi
    echo "test-setup: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
    exit 0
fi

cat >&2 <<MSG
test-setup: $CHROMIUM is missing and this script cannot install it (not root, or no apt-get).
  The browser test (pytest -m browser) needs Debian's Chromium:
      sudo apt-get update && sudo apt-get install -y chromium
  (on other systems, install Chromium and make it available as $CHROMIUM).
  Without it the browser test is skipped locally, and FAILS under CI=true.
MSG
exit 0
