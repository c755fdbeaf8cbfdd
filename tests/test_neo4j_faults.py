"""Faults the Neo4j load must survive: a server that is down, a wrong password, and a
connection lost mid-load (a second, private server killed under a loading subprocess)."""
from __future__ import annotations

import os
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j_support import PrivateServer, loader, neo4j, neo4j_settings, neo4j_writer, synthetic_items  # noqa: F401

from geokg.graph.neo4j_model import events_of, report_of
from geokg.graph.neo4j_writer import Neo4jUnavailable, connect

GEOKG = [sys.executable, "-m", "geokg"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli_load(store: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GEOKG, "load", "neo4j", "--store", str(store)], env={**os.environ, **env},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_server_down_is_one_line_and_exit_3(tmp_path):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    done = _cli_load(tmp_path, NEO4J_URI=uri, NEO4J_PASSWORD="not-the-password")
    assert done.returncode == 3, done.stderr
    (line,) = _lines(done.stderr)
    assert line.startswith("error: cannot reach Neo4j at " + uri)
    assert "not-the-password" not in done.stderr + done.stdout


@neo4j
def test_wrong_password_is_a_clear_error_without_the_password(tmp_path):
    uri, user, _ = neo4j_settings()
    with pytest.raises(Neo4jUnavailable) as caught:
        connect(uri, user, "s3cret-but-wrong")
    assert "refused the credentials" in str(caught.value)
    assert "s3cret-but-wrong" not in str(caught.value)
    done = _cli_load(tmp_path, NEO4J_URI=uri, NEO4J_USER=user, NEO4J_PASSWORD="s3cret-but-wrong")
    assert done.returncode == 3, done.stderr
    (line,) = _lines(done.stderr)
    assert "refused the credentials of user 'neo4j'" in line
    assert "s3cret-but-wrong" not in done.stderr + done.stdout


def _first_batch(proc: subprocess.Popen, timeout: float) -> str:
    """Wait for the loader's first committed batch ("batch N" on stdout)."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(timeout=1.0):
            return proc.stdout.readline()
        if proc.poll() is not None:
            break
    return ""


@neo4j
@pytest.mark.slow
def test_connection_lost_mid_load_then_rerun_completes_without_duplicates(tmp_path, neo4j_writer):  # noqa: F811
    n, batch = 12_000, 300  # 40 batches: the kill lands after the first, long before the last
    server = PrivateServer(tmp_path / "state", tmp_path / "data")
    try:
        uri = server.start()
        proc = loader(uri, n, batch, GEOKG_NEO4J_RETRY_SECONDS="2")
        line = _first_batch(proc, timeout=120)
        assert line.startswith("batch"), (line, proc.stderr.read() if proc.poll() is not None else "")
        server.kill()
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 3, err
        (message,) = _lines(err)
        assert message.startswith("error: lost the connection to Neo4j at " + uri), message
        assert "rerun the same command" in message
        assert os.environ.get("NEO4J_PASSWORD", "-") not in err

        server.stop()  # the killed server's state file
        uri = server.start()  # same data dir, new port: recovery of the killed store
        with connect(uri) as private:
            partial = private.counts()
            assert 0 < partial.nodes.get("Event", 0) < n  # the load really stopped midway
            rerun = loader(uri, n, batch)
            out, err = rerun.communicate(timeout=600)
            assert rerun.returncode == 0, err
            resumed = private.counts()
    finally:
        server.stop()

    items = synthetic_items(n)
    neo4j_writer.write(items, batch_size=batch)  # a clean load on the main server
    assert resumed == neo4j_writer.counts()
    # one Event per distinct event (structural facts merge across articles)
    assert resumed.nodes["Event"] == len(events_of(report_of(a, t) for a, ts in items for t in ts)) > n * 0.99
