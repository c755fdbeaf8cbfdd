"""The initial-load path: ``write_neo4j_csv`` + ``neo4j-admin database import full`` (from the test
server's own jars) into a private server gives the graph ``Neo4jWriter`` builds, node for node and
property for property."""
from __future__ import annotations

import pytest
from fixture_graph import FIXTURE
from neo4j_support import LIB, PrivateServer, admin_import, neo4j, neo4j_writer  # noqa: F401  (a fixture)
from test_neo4j_events import DAY, A, B, article, assault, snapshot

from geokg.graph.neo4j_csv import write_neo4j_csv
from geokg.graph.neo4j_writer import connect
from geokg.ingest.models import EventDate

pytestmark = neo4j


def test_bulk_import_builds_the_writers_graph(neo4j_writer, tmp_path):  # noqa: F811
    if not (LIB / "neo4j-import-tool-5.26.30.jar").exists():
        pytest.skip("the test server's jars are not built (scripts/neo4j.sh build)")
    items = [*FIXTURE, (A, [assault(A, DAY), assault(A, EventDate("2015-07", "month", "in July"), cameo="180",
                                                              predicate="bomb")]),
             (B, [assault(B, EventDate("2015-11", "month", "this month"))]),
             (undated := article("u", None, "Wire U"), [assault(undated, None)]),  # :Article:Undated
             (monthly := article("m", "2015-12", "Wire M"), [assault(monthly, None)])]  # its date as text
    neo4j_writer.write(items)
    want = snapshot(neo4j_writer)
    rows = write_neo4j_csv(items, tmp_path / "csv")
    assert rows["events-date-text.csv"] == 2  # the July event and December's (its article's date): text
    assert rows["articles-date-text.csv"] == 1  # so is the article of December 2015's
    home = tmp_path / "home"
    done = admin_import(tmp_path / "csv", home, list(rows))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    server = PrivateServer(tmp_path / "state", home)
    try:
        with connect(server.start()) as imported:
            labelled = snapshot(imported)  # as imported: the undated article's label from the CSV
            imported.ensure_schema()  # constraints and indexes, as import.sh says
            got = snapshot(imported)
    finally:
        server.stop()
    assert got[0] == want[0] == labelled[0]
    assert got[1] == want[1]
    assert sum("'Undated'" in n for n in want[0]) == 1
