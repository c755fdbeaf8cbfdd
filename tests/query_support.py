"""Shared by the query tests: the fixture graph in the embedded store and in Neo4j, and the
parameters every catalogue query is run with on it."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Article, Triple

Fixture = Sequence[tuple[Article, Sequence[Triple]]]

#: Parameters for each catalogue query on the fixture graph (names as a user types them).
FIXTURE_PARAMS: dict[str, dict[str, str]] = {
    "actors": {},
    "actor-lookup": {"wanted": "Russia"},
    "actor-names": {"keys": "RUS,TUR,vladimir-putin,nobody"},
    "actor-profile": {"actor": "Russia"},
    "who-did": {"category": "REQUEST", "since": "2015-11-01", "until": "2015-12-31"},
    "dyad-history": {"a": "Russia", "b": "Turkey"},
    "hostile-dyads": {},
    "cooperative-dyads": {},
    "accusers": {"actor": "Turkey"},
    "trade-dependencies": {"actor": "TUR"},
    "officials": {"country": "Russia"},
    "attributed-to": {"speaker": "Russia"},
    "evidence": {"a": "Turkey", "b": "Russia", "category": "assault"},
    "neighbours": {"actor": "Putin", "k": "2"},
    "articles-mentioning": {"actor": "vladimir putin"},
    "events": {"a": "Turkey", "b": "Russia"},
    "new-relations": {"since": "2015-11-25"},
    "top-actors": {"limit": "5"},
}


def load_embedded(path: Path, fixture: Fixture) -> EmbeddedStore:
    """A new on-disk store at ``path`` holding the fixture graph (the caller closes it)."""
    store = EmbeddedStore(path)
    for article, triples in fixture:
        store.write_article(article, triples)
    return store


def neo4j_required() -> bool:
    """When NEO4J_URI is unset: skip loudly, but fail under CI, where the server must be up."""
    if os.environ.get("NEO4J_URI"):
        return True
    message = ("NEO4J_URI is not set: the Neo4j tests need the test server "
               "(`make test` starts it; or scripts/neo4j.sh start && eval $(scripts/neo4j.sh env))")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)
    return False


def neo4j_with_fixture(fixture: Fixture) -> Iterator[Any]:
    """A writer connected to the test server, holding exactly the fixture graph."""
    neo4j_required()
    from geokg.graph.neo4j_writer import connect

    writer = connect()
    try:
        writer.clear()
        writer.write(fixture)
        yield writer
    finally:
        writer.clear()
        writer.close()


def sort_key(row: Sequence[Any]) -> tuple[Any, ...]:
    """Orders rows of mixed, nullable values (for order-insensitive comparisons)."""
    return tuple((v is None, type(v).__name__, v) for v in row)


def order_violations(columns: Sequence[str], order: Sequence[tuple[str, bool]], rows: Sequence[Sequence[Any]]
                     ) -> list[str]:
    """Where ``rows`` break the ``order:`` header (nulls last ascending, first descending, as in Cypher)."""
    idx = [(columns.index(col), desc) for col, desc in order]
    bad: list[str] = []
    for prev, row in zip(rows, rows[1:], strict=False):
        for i, desc in idx:
            a, b = prev[i], row[i]
            if a == b:
                continue
            if a is None or b is None:  # null is the largest value
                ok = (a is None) == desc
            elif desc:
                ok = a > b
            else:
                ok = a < b
            if not ok:
                bad.append(f"{prev} before {row}")
            break
    return bad
