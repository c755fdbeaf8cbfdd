"""One batch of ``Neo4jWriter``: whole articles in, a constant number of Cypher statements out.

A batch holds whole articles (an article is the unit that is replaced or removed); writing an
article replaces every report it had with the ones given. Per batch, in one transaction, at
most nine statements whatever the batch holds (``STATEMENTS``):

1. ``MERGE`` the actors (the type label set by ``SET a:$(r.type)``, Neo4j 5.26's dynamic label);
2. ``MERGE`` the articles;
3. read the touched (subject, relation, object) pairs (those of the batch's reports, and those
   the batch's articles reported in before): every event of each, with its reports;
4. ``DETACH DELETE`` the events whose content changed or that no report holds any more;
5. ``CREATE`` the new or changed events with ``ACTOR``/``RECIPIENT``/``ATTRIBUTED_TO`` and one
   ``REPORTED_IN`` per report (its spans in lists);
6. write the aggregated ``(:Actor)-[:{RELATION}]->(:Actor)`` of every pair whose events changed,
   computed by the client (``graph.neo4j_model.aggregate_of``, as the CSV export does), in one
   statement of one ``CALL`` per relation type, each on its own list (types cannot be
   parameters, and a dynamic type in ``MERGE`` scans every relationship of the database):
   ``CREATE`` for pairs the graph held no aggregate of, ``MATCH`` + ``SET`` for the others;
7. delete the aggregates of pairs left without events;
8. move the actors' and dyads' summaries by the differences the batch makes to them
   (``graph.neo4j_summaries``: their tallies by sources and score sums, exact integers and 9-place sums);
9. delete removed articles and actors left without any relationship.

Statements 4-9 are skipped when there is nothing for them to do. The client clusters each touched
pair's buckets from all their reports (``graph.neo4j_model.events_of``), so the graph is a function
of the set of reports: ingest order, batch size, re-ingest and workers cannot change it.
Re-ingesting unchanged articles reads and compares digests, and writes no event.
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
    DATE_PROPS,
    OWN_PROPS,
    REPORT_PROPS,
    ReportRow,
    aggregate_of,
    events_of,
    neo4j_date,
    pair_key,
    report_from_graph,
    report_of,
    wire_date,
)
from geokg.graph.neo4j_summaries import SUMMARIES, Deltas
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Triple

STATEMENTS = 9  # the most one batch sends

MERGE_ACTORS = """
UNWIND $rows AS r
MERGE (a:Actor {id: r.id})
SET a:$(r.type), a.name = r.name, a.type = r.type, a.country = r.country, a.wikidata = r.wikidata
"""

def from_wire(expr: str) -> str:
    """Cypher for the date property ``expr`` sent as ``neo4j_model.wire_date`` made it: ISO text is a
    DATE, a one-element list its text, null null."""
    return f"CASE WHEN {expr} IS :: STRING THEN date({expr}) ELSE {expr}[0] END"


MERGE_ARTICLES = f"""
UNWIND $rows AS r
MERGE (a:Article {{id: r.id}})
SET a.title = r.title, a.date = {from_wire("r.date")}, a.source = r.source, a.url = r.url, a.path = r.path
WITH a
// articles-mentioning reads the undated by this label (queries/neo4j_recent.py)
FOREACH (_ IN CASE WHEN a.date IS NULL THEN [1] ELSE [] END | SET a:Undated)
FOREACH (_ IN CASE WHEN a.date IS NULL THEN [] ELSE [1] END | REMOVE a:Undated)
"""

READ_PAIRS = """
CALL () {
  UNWIND $articles AS aid
  MATCH (:Article {id: aid})<-[:REPORTED_IN]-(e:Event)
  RETURN DISTINCT e.pair AS pair
  UNION
  UNWIND $pairs AS pair
  RETURN pair
}
MATCH (e:Event {pair: pair})-[r:REPORTED_IN]->(a:Article)
RETURN e.id AS event, e.digest AS digest, properties(e) AS props, a.id AS article,
       a.source AS source, collect(properties(r)) AS rels
"""

DELETE_EVENTS = "UNWIND $ids AS id MATCH (e:Event {id: id}) DETACH DELETE e"

def _map(var: str, keys: Sequence[str]) -> str:
    """``{a: var.a, b: var.b}``: properties spelled out, so the planner knows what a CREATE writes
    (``SET x = map`` may write any key, and costs an ``Eager`` before and after it)."""
    return "{" + ", ".join(f"`{k}`: {from_wire(f'{var}.`{k}`') if k in DATE_PROPS else f'{var}.`{k}`'}"
                           for k in keys) + "}"


# The event's own properties come in r.props, those it takes from its anchor report in r.anchor; one
# REPORTED_IN per report, with the report's properties (rep.props: the anchor's only those that differ
# from the event's, ``ReportRow.stored``) and its spans in three lists; one ATTRIBUTED_TO per speaker
# any of its reports is attributed to.
CREATE_EVENTS = f"""
UNWIND $rows AS r
MATCH (s:Actor {{id: r.subject}}), (o:Actor {{id: r.object}})
WITH r, s, o, r.anchor AS anchor
CREATE (s)-[:ACTOR]->(e:Event {{{_map("r.props", OWN_PROPS[:4])[1:-1]}, {_map("anchor", ANCHOR_PROPS)[1:-1]},
                              {_map("r.props", OWN_PROPS[4:])[1:-1]}}})-[:RECIPIENT]->(o)
WITH e, r
CALL (e, r) {{
  UNWIND r.reports AS rep
  MATCH (art:Article {{id: rep.article}})
  CREATE (e)-[:REPORTED_IN {{report: rep.id, {_map("rep.props", REPORT_PROPS)[1:-1]}, nulls: rep.props.nulls,
                            sentences: rep.sentences, starts: rep.starts, ends: rep.ends}}]->(art)
}}
WITH e, r
UNWIND r.attributed AS speaker
MATCH (by:Actor {{id: speaker}})
CREATE (e)-[:ATTRIBUTED_TO]->(by)
"""

# One subquery per relation type, each on its own list: CREATE the aggregates the graph does not hold
# yet (``p.new``: the client knows, no MERGE), else MATCH + SET of named properties. The lists come
# in one map parameter: a map is one type to the plan cache whatever it holds (twenty list
# parameters, empty or not, made a new plan of this statement, ~1 s, for nearly every small batch).
_AGGREGATE_SET = (f"x.events = p.events, x.score = p.score, x.first_seen = {from_wire('p.first_seen')}, "
                  f"x.last_seen = {from_wire('p.last_seen')}, x.scored = p.scored, x.conflict = p.conflict, "
                  "x.cooperation = p.cooperation")
AGGREGATES = "".join(f"""
CALL () {{
  UNWIND $rows.{rel} AS p
  MATCH (s:Actor {{id: p.s}}), (o:Actor {{id: p.o}})
  CALL (s, o, p) {{
    WITH s, o, p WHERE p.new
    CREATE (s)-[x:{rel}]->(o)
    SET {_AGGREGATE_SET}
  }}
  CALL (s, o, p) {{
    WITH s, o, p WHERE NOT p.new
    MATCH (s)-[x:{rel}]->(o)
    SET {_AGGREGATE_SET}
  }}
}}""" for rel in RELATIONS)

EMPTY_AGGREGATES = "".join(f"""
CALL () {{
  UNWIND $rows.{rel} AS p
  MATCH (:Actor {{id: p.s}})-[x:{rel}]->(:Actor {{id: p.o}})
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
    """The article's properties as MERGE_ARTICLES takes them (its date as ``wire_date`` sends it)."""
    return {"id": article.id, "title": article.title, "date": wire_date(neo4j_date(article.date)),
            "source": article.source, "url": article.url, "path": article.ref}


Items = Iterable[tuple[Article, Sequence[Triple]]]
Chunk = list[tuple[Article, Sequence[Triple]]]


@dataclass
class Batch:
    """The articles of one transaction: each replaces what the graph held for it (``removed``: by nothing)."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, list[ReportRow]] = field(default_factory=dict)  # article id -> its reports
    removed: set[str] = field(default_factory=set)
    size: int = 0  # triples
    #: set by prepare(): bucket -> the events of the batch's own reports (with their CREATE rows), and
    #: pair -> the aggregate those events make alone
    own: dict[str, list[dict[str, Any]]] | None = None
    own_aggregates: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    own_events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # pair -> those events' properties

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
        self.own = None

    def prepare(self) -> Batch:
        """The work that needs no server: the events of the batch's own reports, as if the graph
        held nothing of their buckets, and their aggregates (``write_batch`` recomputes only the
        buckets the graph holds). ``Neo4jWriter`` runs it for the next batch while the server
        writes this one."""
        own: dict[str, list[dict[str, Any]]] = {}
        by_pair: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ev in events_of(r for rows in self.reports.values() for r in rows):
            ev["row"] = _event_row(ev)
            own.setdefault(ev["bucket"], []).append(ev)
            by_pair[ev["pair"]].append(ev["props"])
        self.own_aggregates = {pair: aggregate_of(evs) for pair, evs in by_pair.items()}
        self.own_events = dict(by_pair)
        self.own = own
        return self

    @property
    def touched(self) -> set[str]:
        return set(self.reports) | self.removed


def chunks(items: Items, batch_size: int) -> Iterator[Chunk]:
    """Whole articles, about ``batch_size`` triples a chunk (an article larger than that is one chunk)."""
    chunk: Chunk = []
    size = 0
    for article, triples in items:
        if chunk and size + len(triples) > batch_size:
            yield chunk
            chunk, size = [], 0
        chunk.append((article, triples))
        size += len(triples)
    if chunk:
        yield chunk


def make_batch(chunk: Chunk) -> Batch:
    """The prepared batch of one chunk (pure computation: safe to run in another thread)."""
    batch = Batch()
    for article, triples in chunk:
        batch.add(article, triples)
    return batch.prepare()


def batches(items: Items, batch_size: int) -> Iterator[Batch]:
    """Prepared batches of whole articles, about ``batch_size`` triples each."""
    return (make_batch(chunk) for chunk in chunks(items, batch_size))


def removal(article_ids: Iterable[str], batch_size: int) -> Iterator[Batch]:
    batch = Batch()
    for aid in article_ids:
        batch.removed.add(aid)
        if len(batch.removed) >= batch_size:
            yield batch
            batch = Batch()
    if batch.removed:
        yield batch


def _wired(props: dict[str, Any]) -> dict[str, Any]:
    """A copy with its date properties as ``wire_date`` sends them."""
    out = dict(props)
    for k in DATE_PROPS.intersection(out):
        out[k] = wire_date(out[k])
    return out


def _event_row(ev: dict[str, Any]) -> dict[str, Any]:
    """The CREATE_EVENTS row of one event: its own properties, its anchor's, and its reports (the
    anchor's with SPAN_PROPS only), dates as ``wire_date`` sends them."""
    props = ev["props"]
    own = {k: props[k] for k in OWN_PROPS}
    own["published"] = wire_date(own["published"])
    anchor: dict[str, Any] = {}
    reports = []
    for r in ev["reports"]:
        if r.id == props["anchor"]:
            anchor = {**_wired(r.props), "score": props["score"]}
            wired = _wired(r.stored(props))
        else:
            wired = _wired(r.props)
        sentences, starts, ends = r.span_lists()
        reports.append({"id": r.id, "article": r.article, "props": wired, "sentences": sentences, "starts": starts,
                        "ends": ends})
    return {"subject": ev["subject"], "object": ev["object"], "attributed": ev["attributed"], "props": own,
            "anchor": anchor, "reports": reports}


@dataclass
class Plan:
    """What one batch changes: events to delete and to create, aggregates to write and to delete
    (relation -> rows), the actors that may be left without relationships (when it deletes), and the
    summaries' differences (``neo4j_summaries.Deltas.rows``)."""

    delete: list[str]
    create: list[dict[str, Any]]
    upsert: dict[str, list[dict[str, Any]]]
    empty: dict[str, list[dict[str, Any]]]
    actors: set[str]
    summaries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def pairs_of(batch: Batch) -> list[str]:
    return sorted({pair_key(r.subject, r.relation, r.object) for rows in batch.reports.values() for r in rows})


def plan(batch: Batch, stored: list[dict[str, Any]]) -> Plan:
    """The changes of one batch from what the graph holds of its touched pairs (rows of READ_PAIRS):
    the buckets the graph holds are recomputed from all their reports (the others are the batch's
    own events, ``Batch.prepare``), the aggregates of the pairs it holds from all their events."""
    own = batch.own if batch.own is not None else batch.prepare().own
    assert own is not None
    reports: dict[str, ReportRow] = {}
    current: dict[str, str] = {}  # event id -> digest
    old: dict[str, list[dict[str, Any]]] = defaultdict(list)  # pair -> the events' stored properties
    actors: set[str] = set()
    held: set[str] = set()
    for row in stored:
        eprops = row["props"]
        if row["event"] not in current:
            current[row["event"]] = row["digest"]
            old[eprops["pair"]].append(eprops)
            held.add(f"{eprops['pair']}|{eprops['family']}")
            if eprops.get("attributed_to"):
                actors.add(eprops["attributed_to"])
        actors.update(rel["attributed_to"] for rel in row["rels"] if rel.get("attributed_to"))
        if row["article"] in batch.touched:
            continue  # the batch replaces (or removes) this article's reports
        for rel in row["rels"]:  # one per report
            rep = report_from_graph(eprops["pair"], eprops["family"], rel, row["article"], row["source"], eprops)
            reports[rep.id] = rep
    for rows in batch.reports.values():
        reports.update((rep.id, rep) for rep in rows if rep.bucket in held)
    target = events_of(reports.values())
    target.extend(ev for bucket, evs in own.items() if bucket not in held for ev in evs)
    wanted = {ev["id"]: ev for ev in target}
    delete = sorted(eid for eid, digest in current.items()
                    if eid not in wanted or wanted[eid]["props"]["digest"] != digest)
    create = [ev.get("row") or _event_row(ev) for eid, ev in wanted.items()
              if eid not in current or current[eid] != ev["props"]["digest"]]
    new: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in target:
        if ev["pair"] in old:
            new[ev["pair"]].append(ev["props"])
    upsert: dict[str, list[dict[str, Any]]] = {rel: [] for rel in RELATIONS}
    empty: dict[str, list[dict[str, Any]]] = {rel: [] for rel in RELATIONS}
    deltas = Deltas()
    for pair in sorted(set(old) | set(batch.own_aggregates)):
        s, rel, o = pair.split("|")
        if pair in old:
            before, after = aggregate_of(old[pair]), aggregate_of(new.get(pair, ()))
            deltas.pair(s, o, old[pair], new.get(pair, ()))
        else:  # no event of it in the graph: the batch's own events are all it has
            before, after = None, batch.own_aggregates[pair]
            deltas.pair(s, o, (), batch.own_events[pair])
        actors.update((s, o))
        if before == after:
            continue
        if after is None:
            empty[rel].append({"s": s, "o": o})
        else:  # new: the pair had no non-negated event, so the graph holds no aggregate of it
            upsert[rel].append({"s": s, "o": o, **after, "first_seen": wire_date(after["first_seen"]),
                                "last_seen": wire_date(after["last_seen"]), "new": before is None})
    return Plan(delete, create, upsert, empty, actors, deltas.rows())


class _Rows(list):  # type: ignore[type-arg]
    """A list parameter whose repr is its length. The driver formats each RUN's parameters for its
    debug log before it asks whether that log is on (neo4j 6.4, ``Bolt5x5.run``): the repr of a
    5,000-row batch, ~10 ms a statement the server waits for, and megabytes of evidence text in a
    debug log that is on."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _quiet(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with its lists (and the lists of its maps, one level down) as :class:`_Rows`."""
    def wrap(value: Any) -> Any:
        return _Rows(value) if isinstance(value, list) else value
    return {k: {kk: wrap(vv) for kk, vv in v.items()} if isinstance(v, dict) else wrap(v) for k, v in params.items()}


def write_batch(tx: ManagedTransaction, batch: Batch, statements: list[str] | None = None) -> None:
    """One batch, all or nothing; idempotent, as the driver may run it again after a fault.
    ``statements`` (tests, benchmarks) receives the text of each statement sent."""
    def run(text: str, params: dict[str, Any]) -> Any:
        if statements is not None:
            statements.append(text)
        return tx.run(text, _quiet(params))

    if batch.actors:
        run(MERGE_ACTORS, {"rows": list(batch.actors.values())}).consume()
    if batch.articles:
        run(MERGE_ARTICLES, {"rows": list(batch.articles.values())}).consume()
    result = run(READ_PAIRS, {"articles": sorted(batch.touched), "pairs": pairs_of(batch)})
    keys = result.keys()
    # plain values (maps, lists, dates) only: Record.data()'s recursive export cost ~0.1 s a batch
    stored = [dict(zip(keys, rec, strict=True)) for rec in result]
    todo = plan(batch, stored)
    if todo.delete:
        run(DELETE_EVENTS, {"ids": todo.delete}).consume()
    if todo.create:
        run(CREATE_EVENTS, {"rows": todo.create}).consume()
    if any(todo.upsert.values()):
        run(AGGREGATES, {"rows": todo.upsert}).consume()
    if any(todo.empty.values()):
        run(EMPTY_AGGREGATES, {"rows": todo.empty}).consume()
    if any(todo.summaries.values()):
        run(SUMMARIES, {"rows": todo.summaries}).consume()
    if batch.removed or todo.delete:
        run(PRUNE, {"articles": sorted(batch.removed), "actors": sorted(todo.actors)}).consume()
