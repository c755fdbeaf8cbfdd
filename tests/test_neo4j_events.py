"""One :Event per distinct event in the real Neo4j (NEO4J_URI): the merge of reports from several
articles, event dates, sources, re-ingest, removal, and independence of order and batch size;
and the writer's constant number of statements per batch."""
from __future__ import annotations

import datetime as dt

import pytest
from neo4j_support import neo4j, neo4j_writer, synthetic_items  # noqa: F401  (a fixture)

from geokg.graph.neo4j_batch import STATEMENTS
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple

pytestmark = neo4j

TUR = Actor("TUR", "Turkey", "Country", "TUR", "Q43")
RUS = Actor("RUS", "Russia", "Country", "RUS", "Q159")
SYR = Actor("SYR", "Syria", "Country", "SYR", "Q858")


def article(name: str, published: str, source: str | None) -> Article:
    text = f"{name}: Turkish jets shot down a Russian bomber near the Syrian border on Tuesday."
    return Article.make(text, ref=f"events/{name}.txt", title=name, date=published, source=source)


def assault(art: Article, when: EventDate | None, cameo: str = "190", predicate: str = "shoot_down",
            score: float = -9.0, obj: Actor = RUS) -> Triple:
    ev = Evidence(art.ref, art.text, 0, len(art.text))
    return Triple(TUR, "ASSAULT", obj, (ev,), predicate=predicate, cameo=cameo, score=score, confidence=0.8,
                  published=art.date, event_date=when, article_id=art.id)


A = article("a", "2015-11-24", "Wire A")
B = article("b", "2015-11-25", "Wire B")
C = article("c", "2015-11-26", "wire a ")  # the same outlet as A, spelt otherwise
DAY = EventDate("2015-11-24", "day", "on Tuesday")


def q(writer, text: str, **params) -> list[dict]:
    return [r.data() for r in writer.driver.execute_query(text, params, database_=writer.database).records]


def events(writer) -> list[dict]:
    return q(writer, """
        MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
        OPTIONAL MATCH (e)-[r:REPORTED_IN]->(a:Article)
        WITH s, e, o, a ORDER BY a.title
        WITH s, e, o, collect(DISTINCT a.title) AS articles
        RETURN s.id AS s, e.relation AS rel, o.id AS o, e.date AS date, e.date_precision AS precision,
               e.reports AS reports, e.sources AS sources, articles
        ORDER BY s, rel, o, toString(date)""")


def aggregate(writer, rel: str = "ASSAULT", s: str = "TUR", o: str = "RUS") -> list[dict]:
    return q(writer, f"MATCH (:Actor {{id: $s}})-[x:{rel}]->(:Actor {{id: $o}}) "
                     "RETURN x.events AS events, x.first_seen AS first, x.last_seen AS last", s=s, o=o)


def snapshot(writer) -> tuple[list, list]:
    """Every node and relationship with all its properties, in a canonical order."""
    nodes = q(writer, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = q(writer, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")
    return sorted(repr((sorted(n["labels"]), sorted(n["props"].items()))) for n in nodes), \
        sorted(repr((r["a"], r["type"], r["b"], sorted(r["props"].items()))) for r in rels)


# --------------------------------------------------------------------------- the merge


def test_two_articles_reporting_one_event_make_one_event(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (B, [assault(B, EventDate("2015-11-24", "day", "on Tuesday"))])])
    assert events(neo4j_writer) == [{"s": "TUR", "rel": "ASSAULT", "o": "RUS", "date": DAY_N, "precision": "day",
                                     "reports": 2, "sources": 2, "articles": ["a", "b"]}]
    assert aggregate(neo4j_writer) == [{"events": 1, "first": DAY_N, "last": DAY_N}]
    # one REPORTED_IN per report; the anchor's properties are the event's but for those that differ
    # (here its article's date: the event's is the earliest), the rest's their own
    rows = q(neo4j_writer, "MATCH (e:Event)-[r:REPORTED_IN]->(a:Article) RETURN a.title AS t, "
                           "coalesce(r.published, e.published) AS p, "
                           "CASE WHEN r.report = e.anchor THEN e.date ELSE r.date END AS d, "
                           "r.report = e.anchor AS anchor, r.date_text AS text, keys(r) AS keys ORDER BY t")
    assert [(r["t"], r["p"], r["d"]) for r in rows] == [("a", DAY_N, DAY_N), ("b", dt.date(2015, 11, 25), DAY_N)]
    assert sorted((r["anchor"], r["text"]) for r in rows) == [(False, "on Tuesday"), (True, None)]
    [anchor] = [r for r in rows if r["anchor"]]
    assert sorted(anchor["keys"]) == ["ends", "published", "report", "sentences", "starts"]


def test_the_event_score_is_the_first_report_score_there_is(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY, score=None)]), (B, [assault(B, EventDate("2015-11", "month"))])])
    [row] = q(neo4j_writer, "MATCH (e:Event) RETURN e.score AS score, e.reports AS n, e.date AS date")
    assert row == {"score": -9.0, "n": 2, "date": DAY_N}  # the anchor (A's day) has none: B's is taken
    assert q(neo4j_writer, "MATCH ()-[x:ASSAULT]->() RETURN x.score AS s") == [{"s": -9.0}]


def test_a_month_merges_with_a_day_of_it_and_the_day_is_the_date(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, EventDate("2015-11", "month", "in November"))]), (B, [assault(B, DAY)])])
    [ev] = events(neo4j_writer)
    assert (ev["date"], ev["precision"], ev["reports"]) == (DAY_N, "day", 2)


def test_incompatible_dates_are_two_events(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (B, [assault(B, EventDate("2015-11-26", "day", "Thursday"))])])
    got = events(neo4j_writer)
    assert [(e["date"], e["reports"], e["articles"]) for e in got] == [
        (DAY_N, 1, ["a"]), (dt.date(2015, 11, 26), 1, ["b"])]
    assert aggregate(neo4j_writer) == [{"events": 2, "first": DAY_N, "last": dt.date(2015, 11, 26)}]


def test_different_predicate_families_are_two_events(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (B, [assault(B, DAY, cameo="183", predicate="bomb")])])
    assert [e["reports"] for e in events(neo4j_writer)] == [1, 1]
    assert aggregate(neo4j_writer)[0]["events"] == 2


def test_month_precision_is_kept_as_text(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, EventDate("2015-07", "month", "in July"))])])
    [ev] = events(neo4j_writer)
    assert (ev["date"], ev["precision"]) == ("2015-07", "month")
    assert aggregate(neo4j_writer) == [{"events": 1, "first": "2015-07", "last": "2015-07"}]
    [row] = q(neo4j_writer, "MATCH (e:Event) RETURN e.published AS p, e.date_text AS t")
    assert row == {"p": DAY_N, "t": "in July"}


def test_copies_of_one_outlet_count_as_one_source(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (C, [assault(C, DAY)])])
    [ev] = events(neo4j_writer)
    assert (ev["reports"], ev["sources"]) == (2, 1)


def test_an_undated_report_joins_the_dated_event(neo4j_writer):  # noqa: F811
    undated = Article.make("Jets shot down a bomber.", ref="events/u.txt", title="u", source="Wire U")
    neo4j_writer.write([(A, [assault(A, DAY)]), (undated, [assault(undated, None)])])
    [ev] = events(neo4j_writer)
    assert (ev["date"], ev["reports"], ev["sources"]) == (DAY_N, 2, 2)


# --------------------------------------------------------------------------- re-ingest and removal


def test_reingest_changes_nothing_and_writes_nothing(neo4j_writer):  # noqa: F811
    items = [(A, [assault(A, DAY)]), (B, [assault(B, DAY)])]
    neo4j_writer.write(items)
    before = snapshot(neo4j_writer)
    neo4j_writer.statements = []
    neo4j_writer.write(items, batch_size=1)
    assert snapshot(neo4j_writer) == before
    assert not [s for s in neo4j_writer.statements if "CREATE" in s or "DELETE" in s]


def test_removing_one_report_keeps_the_event_and_the_last_removes_it(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (B, [assault(B, DAY)])])
    neo4j_writer.remove_articles([B.id])
    assert events(neo4j_writer) == [{"s": "TUR", "rel": "ASSAULT", "o": "RUS", "date": DAY_N, "precision": "day",
                                     "reports": 1, "sources": 1, "articles": ["a"]}]
    assert aggregate(neo4j_writer)[0]["events"] == 1
    assert q(neo4j_writer, "MATCH (a:Article) RETURN a.title AS t") == [{"t": "a"}]
    neo4j_writer.remove_articles([A.id, "no-such-article"])
    assert events(neo4j_writer) == [] and aggregate(neo4j_writer) == []
    assert neo4j_writer.counts().nodes == {}  # the actors went with their last relationship


def test_removal_restores_the_graph_exactly(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)])])
    before = snapshot(neo4j_writer)
    neo4j_writer.write([(B, [assault(B, DAY), assault(B, DAY, obj=SYR)])])
    assert snapshot(neo4j_writer) != before
    neo4j_writer.remove_articles([B.id])
    assert snapshot(neo4j_writer) == before


def test_writing_an_article_again_replaces_its_reports(neo4j_writer):  # noqa: F811
    neo4j_writer.write([(A, [assault(A, DAY)]), (B, [assault(B, DAY)])])
    neo4j_writer.write([(B, [assault(B, DAY, obj=SYR)])])  # B now says something else
    assert [(e["o"], e["reports"], e["articles"]) for e in events(neo4j_writer)] == [
        ("RUS", 1, ["a"]), ("SYR", 1, ["b"])]


# --------------------------------------------------------------------------- independence


def merging_items() -> list:
    """Few actors and relations, dates in one month: many reports share buckets and merge."""
    items = synthetic_items(300, n_actors=3, per_article=6, seed=5)
    out = []
    for k, (art, triples) in enumerate(items):
        day = f"2015-11-{1 + k % 3:02d}"
        out.append((art, [Triple(t.subject, t.relation, t.object, t.evidence, predicate=t.predicate,
                                 cameo=t.cameo, score=t.score, negated=t.negated, attributed_to=t.attributed_to,
                                 confidence=t.confidence, published=art.date, article_id=art.id,
                                 event_date=EventDate(day if k % 4 else day[:7], "day" if k % 4 else "month"))
                          for t in triples]))
    return out


def test_order_batch_size_and_repeats_do_not_change_the_graph(neo4j_writer):  # noqa: F811
    items = merging_items()
    neo4j_writer.write(items, batch_size=1000)
    once = snapshot(neo4j_writer)
    n_events = neo4j_writer.counts().nodes["Event"]
    assert 0 < n_events < 300  # the case proves something: reports did merge
    for order, size in ((items[::-1], 7), (items[1::2] + items[::2], 1), (items + items[:20], 50)):
        neo4j_writer.clear()
        neo4j_writer.write(order, batch_size=size)
        assert snapshot(neo4j_writer) == once, (size, "different graph")
    neo4j_writer.write(items[::-1], batch_size=13)  # everything again, on top
    assert snapshot(neo4j_writer) == once


def test_a_constant_number_of_statements_per_batch(neo4j_writer):  # noqa: F811
    items = synthetic_items(2000, n_actors=50, per_article=10, seed=9)
    for size in (100, 1000):
        neo4j_writer.clear()
        neo4j_writer.statements = []
        per_batch: list[int] = []

        def done(_: int, per_batch: list[int] = per_batch) -> None:
            per_batch.append(len(neo4j_writer.statements) - sum(per_batch))

        neo4j_writer.write(items, batch_size=size, on_progress=done)
        assert len(per_batch) == 2000 // size
        # actors, articles, read, create, aggregates, summaries; + delete, empty aggregates, prune when
        # reports merged
        assert all(6 <= n <= STATEMENTS for n in per_batch), (size, per_batch)
        assert per_batch[0] == 6
    neo4j_writer.statements = []
    neo4j_writer.remove_articles([a.id for a, _ in items[:50]], batch_size=10)
    assert len(neo4j_writer.statements) <= STATEMENTS * 5
    assert STATEMENTS == 9


DAY_N = dt.date(2015, 11, 24)


@pytest.fixture(autouse=True)
def _no_statement_log(neo4j_writer):  # noqa: F811
    neo4j_writer.statements = None
