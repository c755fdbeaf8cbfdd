"""Hostile strings through every string and actor parameter of every query, on both backends:
no error but a clean UserError, and the graph is unchanged afterwards."""
from __future__ import annotations

import pytest
from query_support import FIXTURE_PARAMS, load_embedded, neo4j_required, neo4j_with_fixture

from geokg.queries.catalogue import load_catalogue
from geokg.queries.runner import cypher_engine, run_query, sparql_engine
from geokg.settings import UserError

HOSTILE = ["'", '"', "{}", "}) DETACH DELETE n //", "} ; DROP ALL", '\\" } ; CLEAR ALL ; #']
TEXT_TYPES = ("str", "actor")
CASES = [(q.name, p.name, s)
         for q in load_catalogue() for p in q.params if p.type in TEXT_TYPES for s in HOSTILE]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, fixture_graph):
    store = load_embedded(tmp_path_factory.mktemp("inject") / "store", fixture_graph)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j(fixture_graph):
    yield from neo4j_with_fixture(fixture_graph)


def _params(name: str, param: str, value: str) -> dict[str, str]:
    return {**FIXTURE_PARAMS[name], param: value}


def _bound(name: str, param: str, value: str) -> dict[str, object]:
    """Every parameter converted, actors as their keys, then the hostile string bound as is:
    this skips the actor resolver, so the text reaches the query engine itself."""
    query = next(q for q in load_catalogue() if q.name == name)
    values = query.convert({k: v for k, v in FIXTURE_PARAMS[name].items()})
    keys = {"Russia": "RUS", "Turkey": "TUR", "TUR": "TUR", "Putin": "vladimir-putin",
            "vladimir putin": "vladimir-putin"}
    values = {k: keys.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    return {**values, param: value}


def test_there_are_cases():
    assert len({(n, p) for n, p, _ in CASES}) >= 12


@pytest.mark.parametrize(("name", "param", "value"), CASES)
def test_embedded(embedded, name, param, value):
    before = embedded.stats()
    try:
        run_query(name, _params(name, param, value), store=embedded)
    except UserError as exc:
        assert "no actor" in str(exc)
    # the raw text through the engine: bound, so it matches nothing and breaks nothing
    assert sparql_engine(embedded).run(next(q for q in load_catalogue() if q.name == name),
                                       _bound(name, param, value)) is not None
    assert embedded.stats() == before


@pytest.mark.neo4j
@pytest.mark.parametrize(("name", "param", "value"), CASES)
def test_neo4j(neo4j, name, param, value):
    neo4j_required()
    before = neo4j.counts()
    try:
        run_query(name, _params(name, param, value), backend="neo4j", neo4j_conn=neo4j)
    except UserError as exc:
        assert "no actor" in str(exc)
    assert cypher_engine(neo4j).run(next(q for q in load_catalogue() if q.name == name),
                                    _bound(name, param, value)) is not None
    assert neo4j.counts() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_typed_parameters_reject_hostile_text(value):
    from geokg.queries.catalogue import load_query

    with pytest.raises(UserError, match="expects"):
        load_query("who-did").convert({"category": value})
    with pytest.raises(UserError, match="expects a date"):
        load_query("new-relations").convert({"since": value})
    with pytest.raises(UserError, match="expects an integer"):
        load_query("neighbours").convert({"actor": "RUS", "k": value})
