#!/usr/bin/env bash
# The Neo4j 5 test server (tests/neo4j-server: embedded Neo4j 5.26 LTS with a Bolt connector).
#
#   scripts/neo4j.sh build   compile it and copy its jars to target/lib (Maven; offline after the first run)
#   scripts/neo4j.sh start   build if needed, start it in the background, wait until Bolt answers
#   scripts/neo4j.sh stop    SIGTERM, wait, SIGKILL after GEOKG_NEO4J_STOP_TIMEOUT seconds
#   scripts/neo4j.sh env     print `export NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=...`
#   scripts/neo4j.sh status  print the state file; exit 1 when not running
#   scripts/neo4j.sh run     build if needed and run it in the foreground (`make neo4j`; Ctrl-C stops it)
#
# Environment (all optional):
#   GEOKG_NEO4J_STATE_DIR      where the state file and log go (default .neo4j-test/); a second,
#                              private instance just uses another state dir
#   GEOKG_NEO4J_DATA           data directory (default: a temporary one, removed at stop)
#   GEOKG_NEO4J_PORT           Bolt port on 127.0.0.1 (default: a free one)
#   GEOKG_NEO4J_TEST_PASSWORD  password of user neo4j (default geokg-test; auth is always on)
#   GEOKG_NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 120)
#   GEOKG_NEO4J_JAVA_OPTS      JVM options (default: the small heap below, which the test suite uses)
#   GEOKG_NEO4J_PAGECACHE_MB   page cache in MB (default 256). A benchmark server of its own may be
#                              larger (bench/README.md: -Xms2g -Xmx4g and 2048 MB for neo4j_load.py);
#                              the test server stays small
# Exit codes: 0 ok, 1 failure, 4 Java or Maven missing (scripts/test.sh turns that into a skip).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER=$ROOT/tests/neo4j-server
STATE_DIR=${GEOKG_NEO4J_STATE_DIR:-$ROOT/.neo4j-test}
STATE=$STATE_DIR/state
LOG=$STATE_DIR/server.log
NEO_USER=neo4j
NEO_PASSWORD=${GEOKG_NEO4J_TEST_PASSWORD:-geokg-test}
START_TIMEOUT=${GEOKG_NEO4J_START_TIMEOUT:-120}
STOP_TIMEOUT=${GEOKG_NEO4J_STOP_TIMEOUT:-30}
# 2 cores, 24 GB shared with the test suite: a small heap, a 256 MB page cache (set in TestServer).
JAVA_OPTS=${GEOKG_NEO4J_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=2}
CLASSPATH="$SERVER/target/classes:$SERVER/target/lib/*"
MAIN=geokg.TestServer

say() { echo "neo4j.sh: $*" >&2; }

need_tools() {
    if ! command -v java >/dev/null 2>&1; then
        say "java not found: install a JDK 17+ (apt-get install openjdk-17-jdk-headless) to run the Neo4j tests"
        exit 4
    fi
    if ! built && ! command -v mvn >/dev/null 2>&1; then
        say "mvn not found: install Maven 3.8+ (apt-get install maven) to build the Neo4j test server"
        exit 4
    fi
}

built() {
    local cls=$SERVER/target/classes/geokg/TestServer.class
    [[ -f $cls && -d $SERVER/target/lib && $cls -nt $SERVER/pom.xml
       && $cls -nt $SERVER/src/main/java/geokg/TestServer.java ]]
}

build() {
    need_tools
    built && return 0
    say "building the test server (Maven; the first build downloads Neo4j 5.26, ~120 MB)"
    # jars of an older Neo4j version would shadow the new ones (a running server keeps its open jars)
    [[ $SERVER/pom.xml -nt $SERVER/target/lib ]] && rm -rf "$SERVER/target/lib"
    local log=$SERVER/target/build.log
    mkdir -p "$SERVER/target"
    if ! (cd "$SERVER" && { mvn -q -B -o package || mvn -q -B package; }) >"$log" 2>&1; then
        say "the Maven build failed; last lines of $log:"
        tail -n 30 "$log" >&2
        exit 1
    fi
    built || { say "the build did not produce target/classes and target/lib"; exit 1; }
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

state_get() { [[ -f $STATE ]] && sed -n "s/^$1=//p" "$STATE" | head -n1; }

start() {
    local pid uri deadline
    pid=$(state_get PID || true)
    if pid_alive "$pid"; then
        say "already running (pid $pid): $(state_get BOLT_URI)"
        return 0
    fi
    build
    mkdir -p "$STATE_DIR"
    rm -f "$STATE"
    : >"$LOG"  # exists before the background job opens it, so the wait loop can read it at once
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
    java $JAVA_OPTS -cp "$CLASSPATH" "$MAIN" >"$LOG" 2>&1 </dev/null &
    pid=$!
    # until the state file names it, a failure of this script must not leave the server behind
    trap 'kill -KILL "$pid" 2>/dev/null || true' EXIT
    deadline=$((SECONDS + START_TIMEOUT))
    uri=""
    while ((SECONDS < deadline)); do
        uri=$(sed -n 's/^BOLT_URI=//p' "$LOG" | head -n1)
        [[ -n $uri ]] && break
        if ! pid_alive "$pid"; then
            say "the server exited before it was ready; last lines of $LOG:"
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        sleep 0.5
    done
    if [[ -z $uri ]]; then
        say "no BOLT_URI after ${START_TIMEOUT}s; stopping it. Last lines of $LOG:"
        tail -n 20 "$LOG" >&2
        exit 1
    fi
    {
        echo "BOLT_URI=$uri"
        echo "PID=$pid"
        echo "DATA_DIR=$(sed -n 's/^DATA_DIR=//p' "$LOG" | head -n1)"
        echo "TEMP_DATA=$([[ -z ${GEOKG_NEO4J_DATA:-} ]] && echo 1 || echo 0)"
        echo "LOG=$LOG"
    } >"$STATE"
    trap - EXIT
    echo "BOLT_URI=$uri"
}

stop() {
    local pid data temp deadline
    pid=$(state_get PID || true)
    if ! pid_alive "$pid"; then
        rm -f "$STATE"
        return 0
    fi
    data=$(state_get DATA_DIR || true)
    temp=$(state_get TEMP_DATA || true)
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if pid_alive "$pid"; then
        say "no clean shutdown after ${STOP_TIMEOUT}s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        # the shutdown hook did not run, so a temporary data dir is ours to remove
        [[ $temp == 1 && $data == /tmp/geokg-neo4j-* ]] && rm -rf "$data"
    fi
    wait "$pid" 2>/dev/null || true
    rm -f "$STATE"
}

print_env() {
    local uri pid
    uri=$(state_get BOLT_URI || true)
    pid=$(state_get PID || true)
    if [[ -z $uri ]] || ! pid_alive "$pid"; then
        say "not running: start it with scripts/neo4j.sh start"
        exit 1
    fi
    printf 'export NEO4J_URI=%q NEO4J_USER=%q NEO4J_PASSWORD=%q\n' "$uri" "$NEO_USER" "$NEO_PASSWORD"
}

status() {
    if pid_alive "$(state_get PID || true)"; then
        cat "$STATE"
    else
        say "not running"
        exit 1
    fi
}

run() {
    build
    say "user $NEO_USER, password from GEOKG_NEO4J_TEST_PASSWORD (default geokg-test); Ctrl-C stops"
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -cp "$CLASSPATH" "$MAIN"
}

case ${1:-} in
    build) build ;;
    start) start ;;
    stop) stop ;;
    env) print_env ;;
    status) status ;;
    run) run ;;
    *) echo "usage: scripts/neo4j.sh build|start|stop|env|status|run" >&2; exit 2 ;;
esac
