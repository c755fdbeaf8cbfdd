"""The Neo4j writer on the real test server (NEO4J_URI), with the hand-built fixture graph."""
from __future__ import annotations

import datetime as dt

import pytest
from fixture_graph import ART_1, FIXTURE, RUS, TUR
from neo4j_support import neo4j, neo4j_writer  # noqa: F401  (a fixture)

from geokg.graph.neo4j_batch import _quiet, batches
from geokg.graph.neo4j_model import report_of
from geokg.ingest.models import Actor, Article, Evidence, Triple

EXPECTED_NODES = {
    "Actor": 13, "Country": 6, "Person": 4, "Organization": 2, "Group": 1, "Article": 3, "Event": 18,
    "Dyad": 10,  # the unordered pairs of two actors with a scored event (graph/neo4j_summaries.py)
    "DyadYear": 10, "ActorYear": 16,  # the same per year of events dated to a day, and the actors'
}
# 18 events, one negated (Russia did not attack Ukraine): 17 aggregated relationships
EXPECTED_RELATIONSHIPS = {
    "ACTOR": 18, "RECIPIENT": 18, "REPORTED_IN": 18, "ATTRIBUTED_TO": 1,  # one REPORTED_IN per report
    "ROLE": 4, "REQUEST": 3, "ACCUSE": 2, "SANCTION": 1, "ASSAULT": 1, "TRADE": 1, "MEMBER_OF": 1,
    "THREATEN": 1, "CONSULT": 1, "AGREE": 1, "SUPPORT": 1,
    "PAIR": 15,  # the partner summary: one per pair of two actors with a non-negated event
}


def _one(writer, query: str, **params):
    records = writer.driver.execute_query(query, params, database_=writer.database).records
    assert len(records) == 1, records
    return records[0]


# --------------------------------------------------------------------------- no server needed


def test_unknown_relation_is_rejected_before_any_write():
    art, triples = FIXTURE[0]
    bad = Triple(RUS, "INVADE", TUR, triples[0].evidence, article_id=art.id)
    with pytest.raises(ValueError, match="unknown relation 'INVADE'"):
        report_of(art, bad)


def test_batches_hold_whole_articles():
    got = list(batches(FIXTURE, 5))
    assert [b.size for b in got] == [7, 8, 3]  # an article is never split: it is the unit replaced
    assert [list(b.articles) for b in got] == [[a.id] for a, _ in FIXTURE]
    assert [b.size for b in batches(FIXTURE, 15)] == [15, 3]


def test_statement_parameters_repr_as_their_length():
    # the driver formats every RUN's parameters for its debug log: the batch's rows show as their count
    rows = [{"id": "a", "sentences": ["long evidence"]}, {"id": "b"}]
    params = _quiet({"rows": rows, "by_relation": {"ASSAULT": rows[:1], "AID": []}, "limit": 3})
    assert repr(params) == "{'rows': <2 rows>, 'by_relation': {'ASSAULT': <1 rows>, 'AID': <0 rows>}, 'limit': 3}"
    assert params["rows"] == rows and params["by_relation"]["ASSAULT"] == rows[:1]  # the values sent are unchanged


# --------------------------------------------------------------------------- the real server


@neo4j
def test_fixture_graph_counts(neo4j_writer):  # noqa: F811
    assert neo4j_writer.write(FIXTURE) == 18
    counts = neo4j_writer.counts()
    assert counts.nodes == EXPECTED_NODES
    assert counts.relationships == EXPECTED_RELATIONSHIPS


@neo4j
def test_loading_twice_changes_no_counts(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    first = neo4j_writer.counts()
    neo4j_writer.write(FIXTURE, batch_size=1)  # other batch boundaries, same graph
    assert neo4j_writer.counts() == first
    row = _one(neo4j_writer, "MATCH (:Actor {id: 'TUR'})-[r:ASSAULT]->(:Actor {id: 'RUS'}) "
                             "RETURN r.events AS n")
    assert row["n"] == 1


@neo4j
def test_progress_reports_every_triple(neo4j_writer):  # noqa: F811
    seen: list[int] = []
    assert neo4j_writer.write(FIXTURE, batch_size=4, on_progress=seen.append) == 18
    assert seen == [7, 8, 3]


@neo4j
def test_assault_aggregate_between_turkey_and_russia(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    r = _one(neo4j_writer, "MATCH (:Actor:Country {id: 'TUR'})-[r:ASSAULT]->(:Actor:Country {id: 'RUS'}) "
                           "RETURN r.events AS events, r.score AS score, "
                           "r.first_seen AS first, r.last_seen AS last")
    assert r["events"] == 1
    assert r["score"] == -9.0
    assert r["first"].to_native() == r["last"].to_native() == dt.date(2015, 11, 24)


@neo4j
def test_event_carries_its_evidence_spans(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    r = _one(neo4j_writer, """
        MATCH (:Actor {id: 'TUR'})-[:ACTOR]->(e:Event {relation: 'ASSAULT'})
        MATCH (e)-[:RECIPIENT]->(:Actor {id: 'RUS'})
        MATCH (e)-[rep:REPORTED_IN]->(a:Article)
        RETURN e.mode AS mode, e.predicate AS predicate, a.id AS article, rep.starts AS starts,
               rep.sentences[1] AS second, size(rep.ends) AS ends""")
    assert (r["mode"], r["predicate"], r["article"]) == ("aerial", "shoot_down", ART_1.id)
    assert len(r["starts"]) == r["ends"] == 2 and r["starts"][0] < r["starts"][1]
    assert r["second"] == "Turkish jets shot down the Russian bomber, Turkey confirmed."


@neo4j
def test_negated_statement_is_an_event_without_aggregate(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    r = _one(neo4j_writer, """
        MATCH (:Actor {id: 'RUS'})-[:ACTOR]->(e:Event {relation: 'ASSAULT'})
        MATCH (e)-[:RECIPIENT]->(:Actor {id: 'UKR'})
        MATCH (e)-[:ATTRIBUTED_TO]->(by:Actor)
        RETURN e.negated AS negated, e.attributed_to AS attributed, by.id AS by""")
    assert (r["negated"], r["attributed"], r["by"]) == (True, "RUS", "RUS")
    r = _one(neo4j_writer, "MATCH (:Actor {id: 'RUS'})-[r:ASSAULT]->(:Actor {id: 'UKR'}) "
                           "RETURN count(r) AS n")
    assert r["n"] == 0


@neo4j
def test_nodes_carry_the_schema_properties(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    r = _one(neo4j_writer, "MATCH (a:Actor {id: 'vladimir-putin'}) RETURN labels(a) AS labels, "
                           "a.name AS name, a.type AS type, a.country AS country, a.wikidata AS wikidata")
    assert sorted(r["labels"]) == ["Actor", "Person"]
    assert (r["name"], r["type"], r["country"], r["wikidata"]) == ("Vladimir Putin", "Person", "RUS", "Q7747")
    r = _one(neo4j_writer, "MATCH (a:Article {id: $id}) RETURN a.title AS title, a.date AS date, "
                           "a.path AS path, a.url AS url, a.source AS source", id=ART_1.id)
    assert (r["title"], r["path"], r["url"], r["source"]) == (
        "Russian jet downed", "fixture/a1.txt", "https://example.org/a1", "Fixture News")
    assert r["date"].to_native() == dt.date(2015, 11, 24)
    r = _one(neo4j_writer, "MATCH (e:Event {relation: 'TRADE'}) "
                           "RETURN e.commodity AS c, e.share AS s, e.role AS r")
    assert (r["c"], r["s"], r["r"]) == ("gas", 60.0, None)


@neo4j
def test_a_later_article_updates_the_aggregate(neo4j_writer):  # noqa: F811
    neo4j_writer.write(FIXTURE)
    isis = Actor("ISIS", "Islamic State", "Group", None, "Q2429253")
    text = "Moscow again blamed Islamic State."
    art = Article.make(text, ref="fixture/a4.txt", date="2016-02-01")
    again = Triple(RUS, "ACCUSE", isis, (Evidence(art.ref, text, 0, len(text)),), predicate="blame",
                   score=-4.0, published=art.date, article_id=art.id)
    neo4j_writer.write([(art, [again])])
    r = _one(neo4j_writer, "MATCH (:Actor {id: 'RUS'})-[r:ACCUSE]->(:Actor {id: 'ISIS'}) "
                           "RETURN r.events AS n, r.score AS score, "
                           "r.first_seen AS first, r.last_seen AS last")
    assert (r["n"], r["score"]) == (2, -3.0)
    assert (r["first"].to_native(), r["last"].to_native()) == (dt.date(2016, 1, 10), dt.date(2016, 2, 1))


@neo4j
def test_constraints_exist(neo4j_writer):  # noqa: F811
    neo4j_writer.ensure_schema()
    records = neo4j_writer.driver.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes[0] AS label, properties AS props").records
    assert {(r["label"], tuple(r["props"])) for r in records} >= {
        ("Actor", ("id",)), ("Article", ("id",)), ("Event", ("id",))}


AGGREGATES = ("MATCH (s:Actor)-[x]->(o:Actor) WHERE type(x) <> 'PAIR' "
              "RETURN s.id AS s, type(x) AS rel, o.id AS o, x.events AS events, "
              "x.score AS score, x.first_seen AS first, x.last_seen AS last ORDER BY s, rel, o")
PAIRS = "MATCH (a:Actor)-[p:PAIR]->(b:Actor) RETURN a.id AS a, b.id AS b, p.events AS events ORDER BY a, b"


@neo4j
def test_aggregates_do_not_depend_on_batches_or_reloads(neo4j_writer):  # noqa: F811
    """Aggregates grow by the events each batch creates: any batch size, and loading again, give the
    values a single pass over every event gives."""
    from neo4j_support import synthetic_items

    items = synthetic_items(400, n_actors=3, per_article=8, seed=3)  # few actors: keys repeat a lot
    neo4j_writer.write(items, batch_size=1000)
    once = [r.data() for r in neo4j_writer.driver.execute_query(AGGREGATES).records]
    pairs = neo4j_writer.driver.execute_query(PAIRS).records
    neo4j_writer.clear()
    neo4j_writer.write(items, batch_size=7)
    neo4j_writer.write(items, batch_size=50)  # everything again: nothing may be added
    again = [r.data() for r in neo4j_writer.driver.execute_query(AGGREGATES).records]
    assert neo4j_writer.driver.execute_query(PAIRS).records == pairs and len(pairs) == 3  # the partner summary too
    assert len(once) > 50 and max(r["events"] for r in once) > 3
    assert [{**r, "score": None} for r in again] == [{**r, "score": None} for r in once]
    for a, b in zip(again, once, strict=True):
        assert (a["score"] is None) == (b["score"] is None)
        if a["score"] is not None:
            assert a["score"] == pytest.approx(b["score"], abs=1e-9)
    # and the values are those of the events themselves
    check = neo4j_writer.driver.execute_query(
        "MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor) WHERE NOT e.negated "
        "RETURN s.id AS s, e.relation AS rel, o.id AS o, count(e) AS events, min(e.date) AS first, "
        "max(e.date) AS last ORDER BY s, rel, o").records
    assert [(r["s"], r["rel"], r["o"], r["events"], r["first"], r["last"]) for r in check] == [
        (r["s"], r["rel"], r["o"], r["events"], r["first"], r["last"]) for r in once]
