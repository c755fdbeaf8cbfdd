#!/usr/bin/env bash
# The whole suite, as `make test` runs it: set up the test machinery (headless Chromium),
# lint, start the real Neo4j 5 test server, run pytest against it, stop the server (also on
# failure or Ctrl-C). Extra arguments go to pytest: `bash scripts/test.sh -k neo4j -x`.
#
# A private state dir keeps this run's server apart from one started by hand (`make neo4j`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

bash scripts/test-setup.sh

$BIN/ruff check .

export GEOKG_NEO4J_STATE_DIR=${GEOKG_NEO4J_STATE_DIR:-$PWD/.neo4j-test/suite}
stop_server() { bash scripts/neo4j.sh stop || true; }
trap stop_server EXIT

set +e
bash scripts/neo4j.sh start >/dev/null
code=$?
set -e
case $code in
    0) eval "$(bash scripts/neo4j.sh env)"
       echo "test.sh: Neo4j test server on $NEO4J_URI" ;;
    4) # Java or Maven missing: the Neo4j tests skip with this reason (and fail under CI=true)
       export GEOKG_NEO4J_SKIP_REASON="Java 17+ and Maven are needed for the Neo4j test server (scripts/neo4j.sh)"
       unset NEO4J_URI
       echo "test.sh: WARNING: $GEOKG_NEO4J_SKIP_REASON; the Neo4j tests will be skipped" >&2 ;;
    *) echo "test.sh: the Neo4j test server did not start (see above)" >&2
       exit "$code" ;;
esac

$BIN/pytest "$@"
