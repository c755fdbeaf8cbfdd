"""The Neo4j texts that read the partner summary and the speaker index (issue 11): ``actor-profile``
(an actor's PAIR relationships and balance), ``neighbours`` (a walk over PAIR) and ``attributed-to``
(the anchor reports from the speaker's events, the others by the REPORTED_IN.attributed_to index)
give the rows that the actor's typed aggregates, a plain variable-length match and the scan of every
report of the speaker's events give, on a graph whose events merge many reports."""
from __future__ import annotations

import dataclasses

import pytest
from neo4j_support import neo4j, neo4j_writer, synthetic_items  # noqa: F401  (fixtures)
from test_neo4j_events import q

from geokg.graph.namespace import RELATIONS
from geokg.queries.catalogue import load_query

pytestmark = pytest.mark.neo4j

TYPES = "|".join(RELATIONS)


def items() -> list:
    """Six actors, three outlets: structural relations merge across articles into events of many
    reports, some attributed to a speaker other than their anchor's."""
    got = synthetic_items(900, n_actors=6, per_article=6, seed=11)
    return [(dataclasses.replace(a, source=f"Wire {k % 3}"),  # a quarter more attributed to their object
             [dataclasses.replace(t, attributed_to=t.object) if (k + j) % 4 == 0 else t for j, t in enumerate(ts)])
            for k, (a, ts) in enumerate(got)]


@pytest.fixture
def graph(neo4j_writer):  # noqa: F811
    neo4j_writer.write(items(), batch_size=120)
    neo4j_writer.remove_articles([f"synthetic/{k}.txt" for k in range(0, 150, 4)])  # moves by removals too
    return neo4j_writer


def run(writer, name: str, **params) -> list[tuple]:
    query = load_query(name)
    values = query.convert({k: str(v) for k, v in params.items()})
    rows = q(writer, query.cypher_for(values), **values)
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in r.values()) for r in rows]


def test_actor_profile_reads_the_partners_and_balance_the_aggregates_give(graph):
    per_partner = q(graph, f"""
        MATCH (a:Actor {{id: 'C000'}})-[x:{TYPES}]-(p:Actor) WHERE p <> a
        RETURN p.id AS p, sum(x.events) AS events ORDER BY events DESC, p LIMIT 5""")
    balance = q(graph, f"""
        MATCH (a:Actor {{id: 'C000'}})-[x:{TYPES}]-()
        RETURN round(sum(x.conflict), 6) AS conflict, round(sum(x.cooperation), 6) AS cooperation,
               sum(x.scored) AS scored""")[0]
    got = run(graph, "actor-profile", actor="C000")
    assert got[0] == ("actor", "Country 0", "Country")
    assert [r[1:] for r in got if r[0] == "partner"] == [(r["p"], r["events"]) for r in per_partner]
    assert len(per_partner) == 5 and per_partner[0]["events"] > 20  # partners of many events
    assert {r[1]: r[2] for r in got if r[0] == "balance"} == {
        "conflict": balance["conflict"], "cooperation": balance["cooperation"],
        "net": round(balance["conflict"] + balance["cooperation"], 6), "events": balance["scored"]}
    assert balance["conflict"] < 0 < balance["cooperation"]


def test_an_actor_without_events_has_a_zero_balance(graph):
    q(graph, "CREATE (:Actor {id: 'LONE', name: 'Lone', type: 'Country'})")
    got = run(graph, "actor-profile", actor="LONE")
    assert got == [("actor", "Lone", "Country"), ("balance", "conflict", 0), ("balance", "cooperation", 0),
                   ("balance", "net", 0), ("balance", "events", 0)]


@pytest.mark.parametrize("k", [1, 2, 3])
def test_neighbours_over_pairs_are_the_nearest_by_any_relation(graph, k):
    q(graph, "MATCH (a:Actor {id: 'C000'})-[x]-(b:Actor {id: 'C001'}) DELETE x")  # distance 2, not 1
    q(graph, "MERGE (x:Actor {id: 'FAR', name: 'Far', type: 'Country'}) WITH x "
             "MATCH (b:Actor {id: 'C001'}) CREATE (b)-[:AGREE {events: 1}]->(x), (b)-[:PAIR {events: 1}]->(x)")
    want = q(graph, f"""
        MATCH p = shortestPath((a:Actor {{id: 'C001'}})-[:{TYPES}*1..{k}]-(x:Actor)) WHERE x <> a
        RETURN x.id AS neighbour, x.name AS name, length(p) AS distance ORDER BY distance, neighbour""")
    assert run(graph, "neighbours", actor="C001", k=k) == [tuple(r.values()) for r in want]
    # from C000, a hub (every actor but C001 at distance 1): the second hop goes the other way
    want = q(graph, f"""
        MATCH p = shortestPath((a:Actor {{id: 'C000'}})-[:{TYPES}*1..{k}]-(x:Actor)) WHERE x <> a
        RETURN x.id AS neighbour, x.name AS name, length(p) AS distance ORDER BY distance, neighbour""")
    got = run(graph, "neighbours", actor="C000", k=k)
    assert got == [tuple(r.values()) for r in want]
    assert ("C001", "Country 1", 2) in got if k >= 2 else ("C001", "Country 1", 2) not in got


#: attributed-to as it read every report of the speaker's events (stop 19): the reference
SCAN = """
MATCH (e:Event)-[:ATTRIBUTED_TO]->(:Actor {id: $speaker})
MATCH (e)-[r:REPORTED_IN]->(:Article)
WITH e, r, r.report = e.anchor AS anchor
WHERE CASE WHEN anchor THEN e.attributed_to ELSE r.attributed_to END = $speaker
WITH e, r, anchor, split(e.pair, '|') AS pair
UNWIND r.sentences AS sentence
RETURN toString(CASE WHEN anchor THEN e.date ELSE r.date END) AS date, pair[0] AS subject, e.relation AS relation,
       pair[2] AS object, coalesce(e.negated, false) AS negated, sentence
ORDER BY date, subject, relation, object, sentence
LIMIT $limit
"""


def test_attributed_to_finds_the_speakers_reports_by_the_index(graph):
    graph.ensure_schema()
    merged = q(graph, """
        MATCH (e:Event)-[r:REPORTED_IN]->() WHERE r.report <> e.anchor AND r.attributed_to IS NOT NULL
        RETURN r.attributed_to AS speaker, count(*) AS n ORDER BY n DESC, speaker LIMIT 1""")[0]
    assert merged["n"] >= 5  # reports attributed to the speaker that are not their event's anchor
    speaker = merged["speaker"]
    for limit in (10, 5000):
        want = [tuple(round(v, 6) if isinstance(v, float) else v for v in r.values())
                for r in q(graph, SCAN, speaker=speaker, limit=limit)]
        assert run(graph, "attributed-to", speaker=speaker, limit=limit) == want
        assert len(want) >= min(limit, merged["n"])
    query = load_query("attributed-to")
    values = query.convert({"speaker": speaker})
    plan = graph.driver.execute_query("EXPLAIN " + query.cypher_for(values), values).summary.plan
    assert "RelationshipIndexSeek" in str(plan), plan  # not every report of the speaker's events
