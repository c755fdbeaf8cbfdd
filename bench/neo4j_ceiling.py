"""What this machine's Neo4j can create at all: events of one node per triple, nothing else.

The writer's goal (issue 11: >= 20,000 triples/s) is a rate of the server as much as of the
writer. This benchmark asks the server for the simplest graphs that still have one ``:Event``
per triple, linked to its two actors and its article, in batches of one transaction of one
``UNWIND ... CREATE`` statement (no read, no aggregate, no summary, no ``MERGE``):

- ``bare``      ``(s)-[:ACTOR]->(e:Event {id})-[:RECIPIENT]->(o)``, ``(e)-[:REPORTED_IN]->(article)``
- ``lean``      ``bare`` + 6 event properties (pair, relation, score, date, sources, digest) and a
                ``REPORTED_IN`` of 2 (report, starts)
- ``evidence``  ``lean`` + the evidence sentence (~150 characters) on ``REPORTED_IN``
- ``writer``    the writer's records of a one-report event (docs/schema.md): ``evidence`` + the
                anchor's properties on the event (20 stored: Neo4j stores no null) and an
                ``ATTRIBUTED_TO`` on a tenth; its ``REPORTED_IN`` has the anchor's spans only

each without and with the writer's event indexes (``geokg_event_*`` of
graph/neo4j_writer.py: id, pair, relation, sources, date, relation+date), each from
``--threads`` client threads at once (thread k takes every k-th batch: disjoint articles,
shared actors; a deadlock is retried by the driver). Neo4j runs one transaction on one
thread, so more threads is the only way to give the server's other cores work. Rates are
events (= triples) per second of wall time. The 200 actors and the articles exist before the
clock starts.

    export GEOKG_NEO4J_STATE_DIR=/tmp/bench-neo4j; bash scripts/neo4j.sh start
    eval "$(bash scripts/neo4j.sh env)"
    python bench/neo4j_ceiling.py [--events 100000] [--batch-size 5000] [--threads 1 2]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402,F401  (puts the repository on sys.path when run as a script)

from geokg.graph.neo4j_writer import connect  # noqa: E402

RELATIONS = ("ASSAULT", "ACCUSE", "CONSULT", "AID", "REQUEST", "THREATEN", "COOPERATE", "SANCTION")
N_ACTORS = 200
PER_ARTICLE = 10

INDEXES = (
    "CREATE CONSTRAINT ceiling_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX ceiling_event_pair IF NOT EXISTS FOR (n:Event) ON (n.pair)",
    "CREATE INDEX ceiling_event_relation IF NOT EXISTS FOR (n:Event) ON (n.relation)",
    "CREATE INDEX ceiling_event_sources IF NOT EXISTS FOR (n:Event) ON (n.sources)",
    "CREATE INDEX ceiling_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
    "CREATE INDEX ceiling_event_relation_date IF NOT EXISTS FOR (n:Event) ON (n.relation, n.date)",
)
FIXED = (
    "CREATE CONSTRAINT ceiling_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT ceiling_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
)

_HEAD = """UNWIND $rows AS r
MATCH (s:Actor {id: r.s}), (o:Actor {id: r.o}), (art:Article {id: r.article})
"""
SHAPES: dict[str, str] = {
    "bare": _HEAD + """CREATE (s)-[:ACTOR]->(e:Event {id: r.id})-[:RECIPIENT]->(o)
CREATE (e)-[:REPORTED_IN]->(art)""",
    "lean": _HEAD + """CREATE (s)-[:ACTOR]->(e:Event {id: r.id, pair: r.pair, relation: r.relation, score: r.score,
  date: r.date, sources: r.sources, digest: r.digest})-[:RECIPIENT]->(o)
CREATE (e)-[:REPORTED_IN {report: r.report, starts: r.starts}]->(art)""",
    "evidence": _HEAD + """CREATE (s)-[:ACTOR]->(e:Event {id: r.id, pair: r.pair, relation: r.relation, score: r.score,
  date: r.date, sources: r.sources, digest: r.digest})-[:RECIPIENT]->(o)
CREATE (e)-[:REPORTED_IN {report: r.report, starts: r.starts, ends: r.ends, sentences: r.sentences}]->(art)""",
    "writer": _HEAD + """CREATE (s)-[:ACTOR]->(e:Event {id: r.id, pair: r.pair, relation: r.relation, family: r.family,
  predicate: r.predicate, mode: r.mode, cameo: r.cameo, score: r.score, confidence: r.confidence,
  negated: r.negated, attributed_to: r.attributed_to, date: r.date, date_precision: r.date_precision,
  date_text: r.date_text, role: r.role, commodity: r.commodity, share: r.share, amount: r.amount,
  modality: r.modality, published: r.published, reports: r.reports, articles: r.articles,
  sources: r.sources, anchor: r.report, digest: r.digest})-[:RECIPIENT]->(o)
CREATE (e)-[:REPORTED_IN {report: r.report, sentences: r.sentences, starts: r.starts, ends: r.ends}]->(art)
WITH e, r WHERE r.attributed_to IS NOT NULL
MATCH (by:Actor {id: r.attributed_to})
CREATE (e)-[:ATTRIBUTED_TO]->(by)""",
}

_TEXT = ("the minister said forces crossed into the border region on Monday after talks in the capital "
         "failed to agree a ceasefire between the two governments")
WORDS = tuple(_TEXT.split(" "))


def rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` events on ``N_ACTORS`` actors, ``PER_ARTICLE`` to an article; every property any shape
    writes (a shape takes what it names)."""
    import datetime as dt

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        s, o = rnd.sample(range(N_ACTORS), 2)
        relation = rnd.choice(RELATIONS)
        sentence = " ".join(rnd.choice(WORDS) for _ in range(24))
        start = rnd.randrange(5_000)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3_000))
        out.append({
            "id": f"ev-{seed}-{i}", "s": f"X{s}", "o": f"X{o}", "article": f"art-{seed}-{i // PER_ARTICLE}",
            "pair": f"X{s}|{relation}|X{o}", "relation": relation, "family": relation.lower(),
            "predicate": "attack", "mode": "active", "cameo": "190", "score": round(rnd.uniform(-10, 10), 1),
            "confidence": 0.8, "negated": False,
            "attributed_to": f"X{rnd.randrange(N_ACTORS)}" if i % 10 == 0 else None,
            "date": day, "date_precision": "day", "date_text": "on Monday", "role": None, "commodity": None,
            "share": None, "amount": None, "modality": "asserted", "published": day, "reports": 1,
            "articles": 1, "sources": 1, "digest": rnd.getrandbits(63), "report": f"st-{seed}-{i}",
            "sentences": [sentence], "starts": [start], "ends": [start + len(sentence)],
        })
    return out


def reset(session: Any) -> None:
    session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
    session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def prepare(session: Any, events: list[dict[str, Any]], indexes: bool) -> None:
    """An empty graph with its actors and the events' articles; the event indexes as asked."""
    reset(session)
    # every constraint and index but the token lookups (a writer's ``ensure_schema`` makes its own again)
    for name in [r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")]:
        session.run(f"DROP CONSTRAINT `{name}`").consume()
    for name in [r["name"] for r in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' "
                                               "RETURN name")]:
        session.run(f"DROP INDEX `{name}`").consume()
    for statement in FIXED + (INDEXES if indexes else ()):
        session.run(statement).consume()
    session.run("CALL db.awaitIndexes(300)").consume()
    session.run("UNWIND range(0, $n - 1) AS i CREATE (:Actor {id: 'X' + i})", n=N_ACTORS).consume()
    articles = sorted({r["article"] for r in events})
    session.run("UNWIND $ids AS id CREATE (:Article {id: id})", ids=articles).consume()


def load(driver: Any, shape: str, events: list[dict[str, Any]], batch_size: int, threads: int) -> float:
    """Seconds of wall time to create ``events`` in batches, from ``threads`` client threads at once
    (thread k takes every k-th batch: disjoint articles)."""
    query = SHAPES[shape]
    batches = [events[i:i + batch_size] for i in range(0, len(events), batch_size)]

    def work(mine: list[list[dict[str, Any]]]) -> None:
        with driver.session() as session:
            for batch in mine:
                session.execute_write(lambda tx, b=batch: tx.run(query, rows=b).consume())

    t = time.perf_counter()
    workers = [threading.Thread(target=work, args=(batches[k::threads],)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events (triples) of each load")
    parser.add_argument("--batch-size", type=int, default=5_000, help="events a transaction")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="client threads to run")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        raise SystemExit("set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (eval \"$(bash scripts/neo4j.sh env)\") "
                         "to a Neo4j of its own: this benchmark clears the database")
    writer = connect()
    driver = writer.driver
    events = rows(args.events)
    warm = rows(min(args.events, 4 * args.batch_size), seed=1)
    print(f"{args.events:,} events a load, batches of {args.batch_size:,}, {N_ACTORS} actors; Neo4j at "
          f"{writer.uri}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    print(f"\n{'shape':10s} {'indexes':>8s} {'threads':>8s} {'wall':>9s} {'events/s':>10s}")
    with driver.session() as session:
        for shape in args.shapes:
            for indexes in (False, True):
                prepare(session, warm, indexes)
                load(driver, shape, warm, args.batch_size, 1)  # the plan and the server's JIT
                for threads in args.threads:
                    prepare(session, events, indexes)
                    wall = load(driver, shape, events, args.batch_size, threads)
                    n = session.run("MATCH (e:Event) RETURN count(e) AS n").single()["n"]
                    assert n == args.events, (n, args.events)
                    print(f"{shape:10s} {'yes' if indexes else 'no':>8s} {threads:>8d} {wall:8.1f}s "
                          f"{args.events / wall:>10,.0f}   (load average {os.getloadavg()[0]:.1f})", flush=True)
        prepare(session, [], False)
        session.run("MATCH (n) DETACH DELETE n").consume()
    writer.close()


if __name__ == "__main__":
    main()
