"""The same corroboration from both backends: the six queries with ``sources`` and ``min_sources`` on
the embedded store and the real Neo4j test server give the same rows, on a corpus with one event of
two sources (FIXTURE_MERGING: two outlets report the Turkish shoot-down) and on the bundled examples
(no article there names its source, so each counts alone: the Soleimani articles 08 and 10 share
events of two sources)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fixture_graph import FIXTURE_MERGING
from query_support import load_embedded, neo4j_with_fixture, order_violations, sort_key

from geokg.queries.catalogue import load_query
from geokg.queries.runner import run_query

pytestmark = pytest.mark.neo4j
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

MERGING_CASES: list[tuple[str, dict[str, str]]] = [
    ("who-did", {"category": "ASSAULT", "min_sources": "2"}),
    ("who-did", {"category": "ASSAULT"}),
    ("hostile-dyads", {"min_sources": "2"}),
    ("hostile-dyads", {}),
    ("hostile-dyads", {"min_sources": "2", "until": "2015-11-30"}),
    ("hostile-dyads", {"since": "2015-11-24"}),
    ("cooperative-dyads", {}),
    ("top-actors", {"min_sources": "2"}),
    ("top-actors", {"limit": "20"}),
    ("top-actors", {"since": "2015-11-24", "min_sources": "2"}),
    ("dyad-history", {"a": "Turkey", "b": "Russia", "min_sources": "2"}),
    ("dyad-history", {"a": "Turkey", "b": "Russia"}),
    ("evidence", {"a": "Turkey", "b": "Russia", "min_sources": "2"}),
    ("evidence", {"a": "Russia", "b": "Turkey"}),
    ("events", {"a": "Russia", "min_sources": "2"}),
]
#: On the examples: every one of the six with min_sources=2 (and the defaults, for the sources column).
EXAMPLE_CASES: list[tuple[str, dict[str, str]]] = [
    ("who-did", {"category": "ASSAULT", "min_sources": "2"}),
    ("hostile-dyads", {"min_sources": "2"}),
    ("hostile-dyads", {"limit": "100"}),
    ("cooperative-dyads", {"min_sources": "2"}),
    ("cooperative-dyads", {"limit": "100"}),
    ("top-actors", {"min_sources": "2", "limit": "50"}),
    ("top-actors", {"limit": "50"}),
    ("dyad-history", {"a": "United States", "b": "Qasem Soleimani", "min_sources": "2"}),
    ("evidence", {"a": "United States", "b": "Qasem Soleimani", "min_sources": "2"}),
]


def assert_same(name: str, params: dict[str, str], embedded, neo4j) -> list[list]:
    query = load_query(name)
    cols_e, rows_e = run_query(name, params, store=embedded)
    cols_n, rows_n = run_query(name, params, backend="neo4j", neo4j_conn=neo4j)
    assert cols_e == cols_n == list(query.columns)
    if query.ordered:
        assert not order_violations(cols_e, query.order, rows_e)
        keys = [cols_e.index(col) for col, _ in query.order]
        assert [[r[i] for i in keys] for r in rows_e] == [[r[i] for i in keys] for r in rows_n]
    assert sorted(rows_e, key=sort_key) == sorted(rows_n, key=sort_key)
    return rows_e


@pytest.fixture(scope="module")
def merging_embedded(tmp_path_factory):
    store = load_embedded(tmp_path_factory.mktemp("sources-parity") / "store", FIXTURE_MERGING)
    yield store
    store.close()


@pytest.fixture(scope="module")
def merging_neo4j():
    yield from neo4j_with_fixture(FIXTURE_MERGING)


@pytest.fixture(scope="module")
def examples() -> list:
    from geokg.ingest.models import Article
    from geokg.ingest.pipeline import Extractor
    from geokg.ingest.readers import read_inputs

    articles = [r for r in read_inputs([str(EXAMPLES)]) if isinstance(r, Article)]
    return list(Extractor().extract_stream(articles))


@pytest.mark.parametrize(("name", "params"), MERGING_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(MERGING_CASES)])
def test_same_sources_on_both_backends(name, params, merging_embedded, merging_neo4j):
    rows = assert_same(name, params, merging_embedded, merging_neo4j)
    assert rows, f"{name} {params}: no rows; the case proves nothing"
    col = list(load_query(name).columns).index("sources")
    if params.get("min_sources") == "2":
        assert {r[col] for r in rows} == {2}


def test_same_sources_on_the_examples(examples, tmp_path, merging_neo4j):  # after the cases above: it
    # takes the server over (the module's merging_neo4j is set up first so that it is torn down last)
    store = load_embedded(tmp_path / "store", examples)
    try:
        for neo4j in neo4j_with_fixture(examples):
            corroborated = 0
            for name, params in EXAMPLE_CASES:
                rows = assert_same(name, params, store, neo4j)
                col = list(load_query(name).columns).index("sources")
                if params.get("min_sources") == "2":
                    assert all(r[col] >= 2 for r in rows), (name, rows)
                    corroborated += bool(rows)
            assert corroborated >= 3, "too few of the cases found corroborated events to prove anything"
    finally:
        store.close()
