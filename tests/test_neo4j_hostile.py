"""Neo4j under hostile conditions (issue 12): a frozen server ends a command (timeouts on every call),
a password inside NEO4J_URI is never printed, Neo4j failures exit 3 everywhere, limits are validated.
The real test server, and a private one frozen with SIGSTOP."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from neo4j_support import PrivateServer, neo4j, neo4j_settings, synthetic_items

from geokg.graph.neo4j_writer import Neo4jUnavailable, connect, redact_uri
from geokg.graph.store import EmbeddedStore

GEOKG = [sys.executable, "-m", "geokg"]


def _geokg(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("GEOKG_")}
    return subprocess.run([*GEOKG, *args], env={**full, "COLUMNS": "1000", **env}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


def test_redact_uri():
    assert redact_uri("bolt://neo4j:s3cret@db:7687") == "bolt://neo4j:***@db:7687"
    assert redact_uri("neo4j+s://u:p%40ss@host") == "neo4j+s://u:***@host"
    assert redact_uri("bolt://127.0.0.1:7687") == "bolt://127.0.0.1:7687"


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_a_password_in_the_uri_is_never_printed(tmp_path, scheme):
    uri = f"{scheme}://neo4j:hunter2secret@127.0.0.1:1"
    for args in (("query", "run", "actor-profile", "-p", "actor=Russia", "--backend", "neo4j"),
                 ("load", "neo4j", "--store", str(tmp_path))):
        done = _geokg(*args, NEO4J_URI=uri, NEO4J_PASSWORD="other-secret")
        assert done.returncode in (2, 3), done.stderr
        assert "hunter2secret" not in done.stdout + done.stderr and "other-secret" not in done.stderr
        assert "Traceback" not in done.stderr


def test_query_on_neo4j_that_is_down_exits_3():
    done = _geokg("query", "run", "actor-profile", "-p", "actor=Russia", "--backend", "neo4j",
                  NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x")
    assert done.returncode == 3, done.stderr
    assert "cannot reach Neo4j" in done.stderr and "Traceback" not in done.stderr


@neo4j
@pytest.mark.parametrize("limit", ["-1", "0", "99999999999999999999999", "9223372036854775808"])
def test_bad_limits_are_one_line_usage_errors(limit):
    uri, user, password = neo4j_settings()
    for backend in ("neo4j", "embedded"):
        done = _geokg("query", "run", "hostile-dyads", "-p", f"limit={limit}", "--backend", backend,
                      NEO4J_URI=uri, NEO4J_USER=user, NEO4J_PASSWORD=password)
        assert done.returncode == 2, done.stderr
        assert "expects an integer from 1 to 1000000" in done.stderr and "Traceback" not in done.stderr


@neo4j
@pytest.mark.slow
def test_a_frozen_server_ends_load_and_query_with_exit_3(tmp_path):
    _, user, password = neo4j_settings()
    store = tmp_path / "kg"
    items = synthetic_items(200)
    with EmbeddedStore(store) as kg:
        kg.write_many(items)
    server = PrivateServer(tmp_path / "state", tmp_path / "data")
    try:
        uri = server.start()
        env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "GEOKG_NEO4J_TIMEOUT": "4"}
        writer = connect(uri, user, password)  # connected, then the server freezes under it
        writer.set_timeout(4)
        os.kill(server.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises(Neo4jUnavailable, match="did not answer within 4 s"):
                writer.write(items, batch_size=50)
            assert time.monotonic() - started < 30
            for args in (("load", "neo4j", "--store", str(store)),
                         ("query", "run", "actor-profile", "-p", "actor=Russia", "--backend", "neo4j")):
                started = time.monotonic()
                done = _geokg(*args, timeout=90, **env)
                assert done.returncode == 3, done.stderr
                assert "did not answer within 4 s" in done.stderr and "Traceback" not in done.stderr
                assert time.monotonic() - started < 60
        finally:
            os.kill(server.pid, signal.SIGCONT)
            writer.driver.close()
    finally:
        server.stop()
