#!/usr/bin/env bash
# The whole suite, as `make test` runs it: set up the test machinery, start the real
# test servers, run pytest, stop the servers (also on failure).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check .
$BIN/pytest "$@"
