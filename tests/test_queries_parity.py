"""The same question, the same answer: every catalogue query on the fixture graph in the
embedded store and in the real Neo4j test server must return the same rows."""
from __future__ import annotations

import pytest
from query_support import FIXTURE_PARAMS, load_embedded, neo4j_with_fixture, order_violations, sort_key

from geokg.queries.catalogue import load_query
from geokg.queries.runner import run_query

pytestmark = pytest.mark.neo4j

#: More parameter sets than one per query: optional parameters left out and given, other actors.
CASES: list[tuple[str, dict[str, str]]] = [
    *FIXTURE_PARAMS.items(),
    ("actor-profile", {"actor": "Putin"}),
    ("actor-profile", {"actor": "NATO"}),
    ("who-did", {"category": "ASSAULT"}),
    ("who-did", {"category": "REQUEST", "limit": "2"}),
    ("dyad-history", {"a": "Russia", "b": "Ukraine"}),
    ("hostile-dyads", {"since": "2016-01-01"}),
    ("cooperative-dyads", {"until": "2015-11-30", "limit": "1"}),
    ("accusers", {"actor": "Russia", "category": "REQUEST"}),
    ("trade-dependencies", {}),
    ("trade-dependencies", {"goods": "Gas"}),
    ("officials", {"country": "United States"}),
    ("evidence", {"a": "Russia", "b": "Turkey"}),
    ("neighbours", {"actor": "Russia"}),
    ("neighbours", {"actor": "NATO", "k": "3"}),
    ("articles-mentioning", {"actor": "Russia"}),
    ("new-relations", {"since": "2015-01-01"}),
    ("top-actors", {"since": "2015-11-25", "until": "2015-11-25"}),
]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, fixture_graph):
    store = load_embedded(tmp_path_factory.mktemp("parity") / "store", fixture_graph)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j(fixture_graph):
    yield from neo4j_with_fixture(fixture_graph)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_rows_on_both_backends(name, params, embedded, neo4j):
    query = load_query(name)
    cols_e, rows_e = run_query(name, params, store=embedded)
    cols_n, rows_n = run_query(name, params, backend="neo4j", neo4j_conn=neo4j)
    assert cols_e == cols_n == list(query.columns)
    assert rows_e, f"{name} {params}: no rows; the case proves nothing"
    if query.ordered:
        assert not order_violations(cols_e, query.order, rows_e)
        assert not order_violations(cols_n, query.order, rows_n)
        # rows that tie on the order keys may come in either order
        keys = [cols_e.index(col) for col, _ in query.order]
        assert [[r[i] for i in keys] for r in rows_e] == [[r[i] for i in keys] for r in rows_n]
    assert sorted(rows_e, key=sort_key) == sorted(rows_n, key=sort_key)
