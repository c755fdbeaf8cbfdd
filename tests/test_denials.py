"""Denial nodes (graph/denials.py): the negated statements of a relation, linked from a node whose IRI
the runner computes, written and removed with their article, equal to the rebuild, and what
`dyad-history` and `evidence` read for a dyad's negated statements."""
from __future__ import annotations

import pyoxigraph as ox

from geokg.graph.denials import denial_node
from geokg.graph.derived import SUMMARIES, G, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, Evidence, Triple
from geokg.queries.runner import run_query

RUS, UKR, TUR = Actor("RUS", "Russia", "Country"), Actor("UKR", "Ukraine", "Country"), Actor("TUR", "Turkey", "Country")


def _article(n: int, negated: bool, obj: Actor = UKR) -> tuple[Article, list[Triple]]:
    art = Article.make(f"denial {n}", ref=f"d/{n}.txt", title="t", date=f"2019-02-0{n + 1}", source="Wire", url=None)
    sentence = f"Russia denied attacking {obj.name} ({n})."
    return art, [Triple(subject=RUS, predicate="attack", relation="ASSAULT", object=obj, score=-9.0, negated=negated,
                        confidence=0.8, evidence=(Evidence(art.id, sentence, 0, len(sentence)),), article_id=art.id,
                        published=art.date)]


def _links(kg: EmbeddedStore) -> set[tuple[str, str]]:
    return {(q.subject.value, q.object.value)
            for q in kg.oxigraph.quads_for_pattern(None, G["denial"], None, SUMMARIES)}


def _consistent(kg: EmbeddedStore) -> None:
    stored = {q for g in (SUMMARIES, ox.NamedNode("https://w3id.org/geokg/graph/events"))
              for q in kg.oxigraph.quads_for_pattern(None, None, None, g)}
    assert stored == set(rebuild_quads(all_reports(kg.oxigraph)))


def test_negated_statements_are_linked_from_their_relations_denial_node(tmp_path):
    items = [_article(0, True), _article(1, False), _article(2, True, TUR)]
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items)
        node = denial_node(("RUS", "ASSAULT", "UKR")).value
        assert {s for s, _ in _links(kg)} == {node, denial_node(("RUS", "ASSAULT", "TUR")).value}
        assert len(_links(kg)) == 2
        _consistent(kg)
        kg.write_many(items)  # re-ingest: nothing changes
        assert len(_links(kg)) == 2
        _, rows = run_query("dyad-history", {"a": "RUS", "b": "UKR"}, store=kg)
        assert sorted(r[6] for r in rows) == [False, True]  # the event and the denial
        _, rows = run_query("evidence", {"a": "UKR", "b": "RUS"}, store=kg)
        assert [(r[4], r[5]) for r in rows if r[4]] == [(True, "Russia denied attacking Ukraine (0).")]
        _, rows = run_query("evidence", {"a": "UKR", "b": "RUS", "category": "AID"}, store=kg)
        assert rows == []
        # the denial goes with its article, or when the article stops denying
        kg.write_article(*_article(0, False))
        assert {s for s, _ in _links(kg)} == {denial_node(("RUS", "ASSAULT", "TUR")).value}
        _consistent(kg)
        assert kg.remove_article(items[2][0].id)
        assert not _links(kg)
        _consistent(kg)
