"""The aggregated actor-to-actor relationships the writer computes client-side (``aggregate_of``)
from every event of a touched pair, including events of buckets the batch does not touch."""
from __future__ import annotations

import datetime as dt

from neo4j_support import neo4j, neo4j_writer  # noqa: F401  (a fixture)
from test_neo4j_events import DAY, A, B, aggregate, assault, q

from geokg.graph.neo4j_model import aggregate_of
from geokg.ingest.models import EventDate

pytestmark = neo4j

NOV_26 = EventDate("2015-11-26", "day", "Thursday")


def test_a_pair_counts_the_events_of_buckets_the_batch_does_not_touch(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY, score=-9.0)])])
    # another family of the same pair, in a later batch: the stored event counts too
    neo4j_writer.write([(B, [assault(B, NOV_26, cameo="183", predicate="bomb", score=-7.0)])])
    assert aggregate(neo4j_writer) == [{"events": 2, "first": dt.date(2015, 11, 24), "last": dt.date(2015, 11, 26)}]
    [row] = q(neo4j_writer, "MATCH ()-[x:ASSAULT]->() RETURN x.score AS s")
    assert row["s"] == -8.0
    neo4j_writer.remove_articles([A.id])  # the other bucket's last report goes: the pair keeps B's event
    assert aggregate(neo4j_writer) == [{"events": 1, "first": dt.date(2015, 11, 26), "last": dt.date(2015, 11, 26)}]
    neo4j_writer.remove_articles([B.id])
    assert aggregate(neo4j_writer) == []


def test_a_negated_event_makes_no_aggregate_and_leaves_the_others_alone(neo4j_writer):  # noqa: F811
    denial = assault(B, DAY)
    denial = type(denial)(denial.subject, denial.relation, denial.object, denial.evidence, predicate=denial.predicate,
                          cameo=denial.cameo, score=denial.score, negated=True, confidence=denial.confidence,
                          published=denial.published, event_date=denial.event_date, article_id=denial.article_id)
    neo4j_writer.write([(B, [denial])])
    assert aggregate(neo4j_writer) == []
    neo4j_writer.write([(A, [assault(A, DAY)])])
    assert aggregate(neo4j_writer) == [{"events": 1, "first": dt.date(2015, 11, 24), "last": dt.date(2015, 11, 24)}]


def test_aggregate_of_skips_negated_events_and_missing_scores():
    day = dt.date(2015, 11, 24)
    assert aggregate_of([{"negated": True, "date": day, "score": 1.0}]) is None
    assert aggregate_of([{"negated": False, "date": "2015-11", "score": None},
                         {"negated": False, "date": day, "score": 2.0},
                         {"negated": False, "date": None, "score": 4.0}]) == {
        "events": 3, "score": 3.0, "first_seen": "2015-11", "last_seen": day,
        "scored": 2, "conflict": 0.0, "cooperation": 6.0}
    assert aggregate_of([{"negated": False, "date": day, "score": -2.5}, {"negated": False, "date": day, "score": 1.0},
                         {"negated": True, "date": day, "score": -9.0}])["conflict"] == -2.5  # the negated: nowhere
