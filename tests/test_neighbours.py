"""``neighbours`` at two hops (neighbours.2-two.rq tests each actor for an edge to the actor or to one of
its neighbours, rather than expanding the neighbours' edges): the distances of a breadth-first search, from
a hub and from a leaf; negated statements are no edges."""
from __future__ import annotations

import pytest

from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, Evidence, Triple
from geokg.queries.runner import run_query

A, B, C, D, E, F = (Actor(k, f"Land {k}", "Country", k) for k in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    art = Article.make("Edges between lands. " * 20, ref="edges.txt", date="2020-01-01")
    edges = [(A, "AGREE", B), (C, "ASSAULT", B), (C, "CONSULT", D), (E, "TRADE", A), (A, "REJECT", F)]
    triples = [Triple(subject=s, relation=rel, object=o, evidence=(Evidence(art.ref, art.text[i:i + 9], i, i + 9),),
                      predicate=rel.lower(), confidence=0.9, negated=o is F, published=art.date, article_id=art.id)
               for i, (s, rel, o) in enumerate(edges)]
    kg = EmbeddedStore(tmp_path_factory.mktemp("nb") / "kg")
    kg.write_article(art, triples)
    yield kg
    kg.close()


@pytest.mark.parametrize(("start", "expected"), [
    ("AAA", [["BBB", "Land BBB", 1], ["EEE", "Land EEE", 1], ["CCC", "Land CCC", 2]]),  # DDD: 3 hops; FFF: negated
    ("DDD", [["CCC", "Land CCC", 1], ["BBB", "Land BBB", 2]]),
    ("FFF", []),
])
def test_two_hops_are_a_breadth_first_search(store, start, expected):
    assert run_query("neighbours", {"actor": start, "k": 2}, store=store)[1] == expected
