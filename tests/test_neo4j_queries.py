"""The Cypher texts that read the writer's aggregates and the Event.pair index (issue 11): each
branch they take gives the embedded store's rows on the fixture graph (the parity suite's check,
on parameter sets that reach the branches it does not)."""
from __future__ import annotations

import pytest
from test_queries_parity import embedded, neo4j  # noqa: F401  (fixtures)
from test_queries_parity import test_same_rows_on_both_backends as same_rows  # not collected twice

from geokg.graph.neo4j_writer import CONSTRAINTS

pytestmark = pytest.mark.neo4j

CASES: list[tuple[str, dict[str, str]]] = [
    ("events", {"a": "Russia"}),  # without B: the actor's events, not the pair index
    ("events", {"a": "Turkey", "category": "ASSAULT"}),
    ("events", {"a": "Turkey", "b": "Russia", "category": "ASSAULT"}),
    ("dyad-history", {"a": "Turkey", "b": "Russia", "since": "2015-11-24", "until": "2015-11-24"}),
    ("evidence", {"a": "Russia", "b": "Turkey", "category": "ASSAULT"}),
    ("trade-dependencies", {"actor": "Russia"}),  # the importer's side and the exporter's
    ("trade-dependencies", {"goods": "gas"}),
    ("accusers", {"actor": "Russia", "category": "ASSAULT"}),
    ("actor-profile", {"actor": "Turkey"}),
    ("actor-profile", {"actor": "vladimir putin"}),
    ("officials", {"country": "Russia"}),
    ("neighbours", {"actor": "Turkey", "k": "3"}),
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_rows_through_aggregates_and_pairs(name, params, embedded, neo4j):  # noqa: F811
    same_rows(name, params, embedded, neo4j)


def test_the_schema_indexes_what_the_queries_seek_by():
    text = " ".join(CONSTRAINTS)
    assert "(n:Event) ON (n.pair)" in text and "(n:Event) ON (n.relation)" in text


@pytest.mark.neo4j
def test_rows_come_back_as_one_list_in_the_texts_order(neo4j):  # noqa: F811
    from geokg.queries.runner import collected, cypher_engine

    engine = cypher_engine(neo4j)
    text = "UNWIND range(1, 3000) AS x RETURN x, toString(x) AS `text` ORDER BY `text` DESC LIMIT $limit"
    want = engine.execute(text, {"limit": 2500})
    got = collected(engine.execute, text, ("x", "text"), {"limit": 2500})
    assert got == want and len(got) == 2500 and got[0] == {"x": 999, "text": "999"}
    assert collected(engine.execute, "MATCH (n:Nothing) RETURN n.id AS id", ("id",), {}) == []
