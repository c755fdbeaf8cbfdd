"""One batch of ``Neo4jWriter``: whole articles in, a constant number of Cypher statements out.

A batch holds whole articles (an article is the unit that is replaced or removed); writing an
article replaces every report it had with the ones given. Per batch, in one transaction, at
most seven statements whatever the batch holds (``STATEMENTS``):

1. ``MERGE`` the actors (the type label set by ``SET a:$(r.type)``, Neo4j 5.26's dynamic label);
2. ``MERGE`` the articles;
3. read the touched buckets (those of the batch's reports, and those the batch's articles reported
   in before), every report they hold, and each event's digest;
4. ``DETACH DELETE`` the events whose content changed or that no report holds any more;
5. ``CREATE`` the new or changed events with ``ACTOR``/``RECIPIENT``/``ATTRIBUTED_TO`` and one
   ``REPORTED_IN`` per evidence span;
6. recompute the aggregated ``(:Actor)-[:{RELATION}]->(:Actor)`` of every touched
   (subject, relation, object) from its events, in one statement with one conditional subquery
   per relation type (types cannot be parameters, and a dynamic type in ``MERGE`` scans every
   relationship of the database);
7. delete removed articles and actors left without any relationship.

Statements 4-7 are skipped when there is nothing for them to do. The client clusters each touched
bucket from all its reports (``graph.neo4j_model.events_of``), so the graph is a function of the
set of reports: ingest order, batch size, re-ingest and workers cannot change it. Re-ingesting
unchanged articles reads and compares digests, and writes no event.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from geokg.graph.namespace import RELATIONS
from geokg.graph.neo4j_model import (
    ANCHOR_PROPS,
    OWN_PROPS,
    REPORT_PROPS,
    ReportRow,
    events_of,
    neo4j_date,
    report_from_graph,
    report_of,
)
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Triple

STATEMENTS = 8  # the most one batch sends

MERGE_ACTORS = """
UNWIND $rows AS r
MERGE (a:Actor {id: r.id})
SET a:$(r.type), a.name = r.name, a.type = r.type, a.country = r.country, a.wikidata = r.wikidata
"""

MERGE_ARTICLES = """
UNWIND $rows AS r
MERGE (a:Article {id: r.id})
SET a.title = r.title, a.date = r.date, a.source = r.source, a.url = r.url, a.path = r.path
"""

READ_BUCKETS = """
CALL () {
  UNWIND $articles AS aid
  MATCH (:Article {id: aid})<-[:REPORTED_IN]-(e:Event)
  RETURN DISTINCT e.bucket AS bucket
  UNION
  UNWIND $buckets AS bucket
  RETURN bucket
}
MATCH (e:Event {bucket: bucket})-[r:REPORTED_IN]->(a:Article)
RETURN bucket, e.id AS event, e.digest AS digest, properties(e) AS props, a.id AS article, a.source AS source,
       collect(properties(r)) AS rels
"""

DELETE_EVENTS = "UNWIND $ids AS id MATCH (e:Event {id: id}) DETACH DELETE e"

def _map(var: str, keys: Sequence[str]) -> str:
    """``{a: var.a, b: var.b}``: properties spelled out, so the planner knows what a CREATE writes
    (``SET x = map`` may write any key, and costs an ``Eager`` before and after it)."""
    return "{" + ", ".join(f"`{k}`: {var}.`{k}`" for k in keys) + "}"


# The event's own properties come in r.props, those it takes from its anchor report in r.anchor; one
# REPORTED_IN per span of each report, with the report's properties (the anchor's: SPAN_PROPS only);
# one ATTRIBUTED_TO per speaker any of its reports is attributed to.
CREATE_EVENTS = f"""
UNWIND $rows AS r
MATCH (s:Actor {{id: r.subject}}), (o:Actor {{id: r.object}})
WITH r, s, o, r.anchor AS anchor
CREATE (s)-[:ACTOR]->(e:Event {{{_map("r.props", OWN_PROPS[:5])[1:-1]}, {_map("anchor", ANCHOR_PROPS)[1:-1]},
                              {_map("r.props", OWN_PROPS[5:])[1:-1]}}})-[:RECIPIENT]->(o)
WITH e, r
CALL (e, r) {{
  UNWIND r.reports AS rep
  MATCH (art:Article {{id: rep.article}})
  UNWIND rep.spans AS sp
  CREATE (e)-[:REPORTED_IN {{report: rep.id, {_map("rep.props", REPORT_PROPS)[1:-1]},
                            sentence: sp[0], start: sp[1], `end`: sp[2]}}]->(art)
}}
WITH e, r
UNWIND r.attributed AS speaker
MATCH (by:Actor {{id: speaker}})
CREATE (e)-[:ATTRIBUTED_TO]->(by)
"""

# One conditional subquery per relation type: MERGE + SET of named properties (a DELETE here
# would make the planner put an Eager between every two subqueries).
_AGGREGATE_BRANCH = """
CALL (p, s, o, agg) {{
  WITH * WHERE p.rel = '{rel}'
  MERGE (s)-[x:{rel}]->(o)
  SET x.events = agg.events, x.score = agg.score, x.first_seen = agg.first_seen, x.last_seen = agg.last_seen
}}"""

AGGREGATES = """
UNWIND $pairs AS p
CALL (p) {
  OPTIONAL MATCH (e:Event {pair: p.key}) WHERE NOT e.negated
  WITH toString(e.date) AS d, toFloat(e.score) AS score, e
  RETURN count(e) AS n, min(d) AS first, max(d) AS last, avg(score) AS score
}
WITH p, {events: n, score: round(score, 9),  // rounded: a sum's last bits depend on the order of events
         first_seen: CASE WHEN size(first) = 10 THEN date(first) ELSE first END,
         last_seen: CASE WHEN size(last) = 10 THEN date(last) ELSE last END} AS agg
WHERE n > 0
MATCH (s:Actor {id: p.s}), (o:Actor {id: p.o})
""" + "".join(_AGGREGATE_BRANCH.format(rel=rel) for rel in RELATIONS)

EMPTY_AGGREGATES = """
UNWIND $pairs AS p
CALL (p) {
  OPTIONAL MATCH (e:Event {pair: p.key}) WHERE NOT e.negated
  RETURN count(e) AS n
}
WITH p WHERE n = 0
MATCH (s:Actor {id: p.s}), (o:Actor {id: p.o})
""" + "".join(f"""
CALL (p, s, o) {{
  WITH * WHERE p.rel = '{rel}'
  MATCH (s)-[x:{rel}]->(o)
  DELETE x
}}""" for rel in RELATIONS)

PRUNE = """
CALL () {
  UNWIND $articles AS aid
  MATCH (a:Article {id: aid})
  DETACH DELETE a
}
CALL () {
  UNWIND $actors AS id
  MATCH (a:Actor {id: id})
  WHERE NOT (a)--()
  DELETE a
}
"""


def actor_row(actor: Actor) -> dict[str, Any]:
    if actor.type not in ACTOR_TYPES:
        raise ValueError(f"actor {actor.key!r} has unknown type {actor.type!r} (expected one of "
                         f"{', '.join(ACTOR_TYPES)})")
    return {"id": actor.key, "name": actor.name, "type": actor.type, "country": actor.country,
            "wikidata": actor.wikidata}


def article_row(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "date": neo4j_date(article.date), "source": article.source,
            "url": article.url, "path": article.ref}


@dataclass
class Batch:
    """The articles of one transaction: each replaces what the graph held for it (``removed``: by nothing)."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, list[ReportRow]] = field(default_factory=dict)  # article id -> its reports
    removed: set[str] = field(default_factory=set)
    size: int = 0  # triples

    def add(self, article: Article, triples: Sequence[Triple]) -> None:
        rows = []
        for t in triples:
            for actor in (t.subject, t.object, t.attributed_to):
                if actor is not None and actor.key not in self.actors:
                    self.actors[actor.key] = actor_row(actor)
            rows.append(report_of(article, t))
        self.articles[article.id] = article_row(article)
        self.reports[article.id] = rows  # the same article twice: its last reading
        self.removed.discard(article.id)
        self.size += len(triples)

    @property
    def touched(self) -> set[str]:
        return set(self.reports) | self.removed


def batches(items: Iterable[tuple[Article, Sequence[Triple]]], batch_size: int) -> Iterator[Batch]:
    """Whole articles, about ``batch_size`` triples a batch (an article larger than that is one batch)."""
    batch = Batch()
    for article, triples in items:
        if batch.articles and batch.size + len(triples) > batch_size:
            yield batch
            batch = Batch()
        batch.add(article, triples)
    if batch.articles:
        yield batch


def removal(article_ids: Iterable[str], batch_size: int) -> Iterator[Batch]:
    batch = Batch()
    for aid in article_ids:
        batch.removed.add(aid)
        if len(batch.removed) >= batch_size:
            yield batch
            batch = Batch()
    if batch.removed:
        yield batch


def _event_row(ev: dict[str, Any]) -> dict[str, Any]:
    props = ev["props"]
    return {"subject": ev["subject"], "object": ev["object"], "attributed": ev["attributed"],
            "props": {k: props[k] for k in OWN_PROPS}, "anchor": {**ev["reports"][0].props, "score": props["score"]},
            "reports": [{"id": r.id, "article": r.article, "props": r.stored(r.id == props["anchor"]),
                         "spans": [list(x) for x in r.spans]} for r in ev["reports"]]}


def plan(batch: Batch, stored: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]], set[str]]:
    """(events to delete, events to create, touched buckets) from what the graph holds of the touched
    buckets (rows of READ_BUCKETS): the buckets are recomputed from all their reports."""
    by_bucket: dict[str, dict[str, ReportRow]] = defaultdict(dict)
    current: dict[str, str] = {}  # event id -> digest
    for row in stored:
        current[row["event"]] = row["digest"]
        if row["article"] in batch.touched:
            continue  # the batch replaces (or removes) this article's reports
        per_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rel in row["rels"]:
            per_report[rel["report"]].append(rel)
        for rels in per_report.values():
            rep = report_from_graph(row["bucket"], rels, row["article"], row["source"], row["props"])
            by_bucket[rep.bucket][rep.id] = rep
    touched = {row["bucket"] for row in stored}
    for rows in batch.reports.values():
        for rep in rows:
            by_bucket[rep.bucket][rep.id] = rep
            touched.add(rep.bucket)
    target = events_of(r for reps in by_bucket.values() for r in reps.values())
    wanted = {ev["id"]: ev for ev in target}
    delete = sorted(eid for eid, digest in current.items()
                    if eid not in wanted or wanted[eid]["props"]["digest"] != digest)
    create = [_event_row(ev) for eid, ev in wanted.items()
              if eid not in current or current[eid] != ev["props"]["digest"]]
    return delete, create, touched


def write_batch(tx: ManagedTransaction, batch: Batch, statements: list[str] | None = None) -> None:
    """One batch, all or nothing; idempotent, as the driver may run it again after a fault.
    ``statements`` (tests, benchmarks) receives the text of each statement sent."""
    def run(text: str, **params: Any) -> Any:
        if statements is not None:
            statements.append(text)
        return tx.run(text, **params)

    if batch.actors:
        run(MERGE_ACTORS, rows=list(batch.actors.values())).consume()
    if batch.articles:
        run(MERGE_ARTICLES, rows=list(batch.articles.values())).consume()
    buckets = sorted({r.bucket for rows in batch.reports.values() for r in rows})
    stored = [rec.data() for rec in run(READ_BUCKETS, articles=sorted(batch.touched), buckets=buckets)]
    delete, create, touched = plan(batch, stored)
    if delete:
        run(DELETE_EVENTS, ids=delete).consume()
    if create:
        run(CREATE_EVENTS, rows=create).consume()
    if delete or create:
        pairs = sorted({"|".join(b.split("|", 3)[:3]) for b in touched})
        rows = []
        for key in pairs:
            s, rel, o = key.split("|")
            rows.append({"key": key, "s": s, "rel": rel, "o": o})
        run(AGGREGATES, pairs=rows).consume()
        if delete:  # aggregates whose last event went
            run(EMPTY_AGGREGATES, pairs=rows).consume()
    if batch.removed or delete:
        actors = {part for b in touched for part in (b.split("|")[0], b.split("|")[2])}
        actors |= {rel.get("attributed_to") for row in stored for rel in row["rels"]} - {None}
        run(PRUNE, articles=sorted(batch.removed), actors=sorted(actors)).consume()
