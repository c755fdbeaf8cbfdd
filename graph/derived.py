"""What the store derives from its article graphs: distinct events and the summaries over them.

An article graph holds *reports* (its statements). Reports of the same subject, relation and object
are grouped into distinct events by :func:`geokg.graph.events.cluster` (a pure function of the set
of reports), each event one node in the events graph linking every report it merges. Totals are kept
in the summaries graph at three levels:

* per relation ``(subject, relation, object)``: events, scored events, score sum, conflict and
  cooperation sums, first and last event date, and a ``gk:event`` link to each of its events;
* per pair of actors (either direction): events, scored events, score sum;
* per actor: events as subject and as object, scored events, the sums, and its degree (partners).

A write recomputes every relation it touches from all of that relation's reports (so ingest order
and re-ingest cannot change the result), and moves the pair and actor totals by the exact difference
(integers and decimals, never floats), all in the caller's one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from geokg.graph.events import Event, EventDate, Report, cluster, family, sources
from geokg.graph.namespace import (
    EVENTS_GRAPH,
    GKA,
    GKART,
    GKS,
    GKSUM,
    SUMMARY_GRAPH,
    actor_iri,
    event_iri,
    local_name,
)
from geokg.graph.rdf import (
    DATE,
    RELATION_NODES,
    SOURCE,
    T,
    _double,
    _n,
    event_date_literal,
    precision_of,
)

EVENTS, SUMMARIES = _n(EVENTS_GRAPH), _n(SUMMARY_GRAPH)
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
G = {name: _n(f"https://w3id.org/geokg/ontology#{name}") for name in (
    "Event", "RelationSummary", "PairSummary", "ActorSummary", "report", "reports", "sources", "evidenceCount",
    "event", "events", "scoredEvents", "scoreSum", "conflict", "cooperation", "firstDate", "lastDate",
    "actorA", "actorB", "actor", "asSubject", "asObject", "degree",
)}
Key = tuple[str, str, str]  # subject key, relation, object key


@dataclass(frozen=True)
class StoredReport:
    """One non-negated statement of one article, as the merge and the summaries need it."""

    id: str  # the statement id (gks:{id})
    article: str
    source: str | None
    subject: str
    relation: str
    object: str
    predicate: str = ""
    cameo: str | None = None
    score: Decimal | None = None
    date: EventDate | None = None
    evidence: int = 1
    mode: str | None = None

    @property
    def key(self) -> Key:
        return (self.subject, self.relation, self.object)

    def report(self) -> Report:
        return Report(self.id, self.subject, self.relation, self.object,
                      family(self.relation, self.predicate, self.cameo), self.date)


def fallback_date(value: str | None) -> EventDate | None:
    """The article's date as the event date when the statement has none of its own."""
    if not value:
        return None
    try:
        return EventDate(dt.date.fromisoformat(value[:10]).isoformat(), "day")
    except ValueError:
        return None


def decimal_of(value: float | str | None) -> Decimal | None:
    """A score as an exact decimal, from the canonical xsd:double form the store writes."""
    if value is None:
        return None
    text = _double(float(value)).value if isinstance(value, float | int) else str(value)
    return Decimal(text)


def _dec(value: Decimal) -> ox.Literal:
    text = format(value.normalize(), "f") if value else "0"
    return ox.Literal(text, datatype=XSD_DECIMAL)


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:20]


def relation_node(key: Key) -> ox.NamedNode:
    return _n(GKSUM[f"r-{_hash(*key)}"])


def pair_node(a: str, b: str) -> ox.NamedNode:
    return _n(GKSUM[f"p-{_hash(a, b)}"])


def actor_node(key: str) -> ox.NamedNode:
    return _n(GKSUM[f"a-{_hash(key)}"])


@dataclass
class Totals:
    """Events, scored events and score sums: the part of a summary that moves by differences."""

    events: int = 0
    scored: int = 0
    score: Decimal = Decimal(0)
    conflict: Decimal = Decimal(0)
    cooperation: Decimal = Decimal(0)

    def add(self, other: Totals, sign: int = 1) -> None:
        self.events += sign * other.events
        self.scored += sign * other.scored
        self.score += sign * other.score
        self.conflict += sign * other.conflict
        self.cooperation += sign * other.cooperation

    def add_score(self, score: Decimal | None) -> None:
        self.events += 1
        if score is not None:
            self.scored += 1
            self.score += score
            if score < 0:
                self.conflict += score
            elif score > 0:
                self.cooperation += score


@dataclass
class RelationState:
    """Everything derived for one relation: its event quads and its summary quads and totals."""

    key: Key
    quads: list[ox.Quad] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def event_score(event: Event, by_id: dict[str, StoredReport]) -> Decimal | None:
    """The score of the event's first report (anchor first) that has one."""
    return next((by_id[r].score for r in event.reports if by_id[r].score is not None), None)


def derive_relation(key: Key, reports: Iterable[StoredReport]) -> RelationState:
    """The events of one relation and its summary, from all of its reports (a pure function)."""
    by_id = {r.id: r for r in reports}
    state = RelationState(key)
    if not by_id:
        return state
    s, o = _n(actor_iri(key[0])), _n(actor_iri(key[2]))
    rel = RELATION_NODES[key[1]]
    summary = relation_node(key)
    q = state.quads
    q.append(ox.Quad(s, rel, o, EVENTS))  # the truthy triple, once per relation
    dates: list[str] = []
    for event in cluster(r.report() for r in by_id.values()):
        # the event's subject, relation and object are its relation summary's (gk:event links them)
        node = _n(event_iri(event.id))
        members = [by_id[r] for r in event.reports]
        score = event_score(event, by_id)
        state.totals.add_score(score)
        q.append(ox.Quad(summary, G["event"], node, SUMMARIES))  # what makes the node an event
        n_sources = sources((m.article, m.source) for m in members)
        if n_sources > 1:  # absent means one source: most events have one
            q.append(ox.Quad(node, G["sources"], ox.Literal(n_sources), EVENTS))
        q += [ox.Quad(node, G["report"], _n(GKS[m.id]), EVENTS) for m in members]
        if members[0].predicate:
            q.append(ox.Quad(node, T["predicate"], ox.Literal(members[0].predicate), EVENTS))
        if members[0].mode:
            q.append(ox.Quad(node, T["mode"], ox.Literal(members[0].mode), EVENTS))
        if score is not None:
            q.append(ox.Quad(node, T["score"], _double(float(score)), EVENTS))
        if event.date is not None:
            q.append(ox.Quad(node, DATE, event_date_literal(event.date.value, event.date.precision), EVENTS))
            dates.append(event.date.value)
    t = state.totals
    q += [
        # summary nodes are untyped (gksum:r-, p-, a- say which kind): a type quad each would cost more
        # than the rest of the node for most relations
        ox.Quad(summary, T["subject"], s, SUMMARIES),
        ox.Quad(summary, T["relation"], rel, SUMMARIES), ox.Quad(summary, T["object"], o, SUMMARIES),
        ox.Quad(summary, G["events"], ox.Literal(t.events), SUMMARIES),
        ox.Quad(summary, G["scoreSum"], _dec(t.score), SUMMARIES),
    ]
    if dates:
        q += [ox.Quad(summary, G["firstDate"], ox.Literal(min(dates)), SUMMARIES),
              ox.Quad(summary, G["lastDate"], ox.Literal(max(dates)), SUMMARIES)]
    return state


# ------------------------------------------------------------------ pair and actor totals


@dataclass
class ActorTotals:
    as_subject: int = 0
    as_object: int = 0
    degree: int = 0
    totals: Totals = field(default_factory=Totals)  # over the actor's events, each once


def pair_quads(a: str, b: str, t: Totals) -> list[ox.Quad]:
    if t.events == 0:
        return []
    node = pair_node(a, b)
    return [
        ox.Quad(node, G["actorA"], _n(actor_iri(a)), SUMMARIES),
        ox.Quad(node, G["actorB"], _n(actor_iri(b)), SUMMARIES),
        ox.Quad(node, G["events"], ox.Literal(t.events), SUMMARIES),
        ox.Quad(node, G["scoredEvents"], ox.Literal(t.scored), SUMMARIES),
        ox.Quad(node, G["scoreSum"], _dec(t.score), SUMMARIES),
    ]


def actor_summary_quads(key: str, at: ActorTotals) -> list[ox.Quad]:
    if at.as_subject == 0 and at.as_object == 0:
        return []
    node, t = actor_node(key), at.totals
    return [
        ox.Quad(node, G["actor"], _n(actor_iri(key)), SUMMARIES),
        ox.Quad(node, G["asSubject"], ox.Literal(at.as_subject), SUMMARIES),
        ox.Quad(node, G["asObject"], ox.Literal(at.as_object), SUMMARIES),
        ox.Quad(node, G["events"], ox.Literal(at.as_subject + at.as_object), SUMMARIES),
        ox.Quad(node, G["degree"], ox.Literal(at.degree), SUMMARIES),
        ox.Quad(node, G["scoredEvents"], ox.Literal(t.scored), SUMMARIES),
        ox.Quad(node, G["scoreSum"], _dec(t.score), SUMMARIES),
        ox.Quad(node, G["conflict"], _dec(t.conflict), SUMMARIES),
        ox.Quad(node, G["cooperation"], _dec(t.cooperation), SUMMARIES),
    ]


def totals_from(store: ox.Store, node: ox.NamedNode) -> tuple[Totals, dict[str, int]]:
    """A summary node's totals as stored, and its integer fields by local name."""
    t, ints = Totals(), {}
    for q in store.quads_for_pattern(node, None, None, SUMMARIES):
        name = q.predicate.value.rsplit("#", 1)[-1]
        if name in ("events", "scoredEvents", "asSubject", "asObject", "degree"):
            ints[name] = int(q.object.value)
        elif name in ("scoreSum", "conflict", "cooperation"):
            setattr(t, {"scoreSum": "score"}.get(name, name), Decimal(q.object.value))
    t.events, t.scored = ints.get("events", 0), ints.get("scoredEvents", 0)
    return t, ints


def apply_differences(store: ox.Store, changes: dict[Key, tuple[Totals, Totals]]
                      ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) that move the pair and actor summaries by the differences
    between the old and new totals of each changed relation."""
    pairs: dict[tuple[str, str], Totals] = {}
    actors: dict[str, tuple[int, int, Totals]] = {}
    for (s, _rel, o), (old, new) in changes.items():
        diff = Totals()
        diff.add(new)
        diff.add(old, -1)
        for key, sub, obj in ((s, 1, 0), (o, 0, 1)) if s != o else ((s, 1, 1),):
            ds, do, dt_ = actors.get(key, (0, 0, Totals()))
            dt_.add(diff)
            actors[key] = (ds + sub * diff.events, do + obj * diff.events, dt_)
        if s != o:
            pairs.setdefault((min(s, o), max(s, o)), Totals()).add(diff)
    dead: list[ox.Quad] = []
    born: list[ox.Quad] = []
    degree: dict[str, int] = {}
    for (a, b), diff in pairs.items():
        node = pair_node(a, b)
        old_quads = list(store.quads_for_pattern(node, None, None, SUMMARIES))
        old, _ = totals_from(store, node)
        new = Totals()
        new.add(old)
        new.add(diff)
        if (old.events > 0) != (new.events > 0):
            step = 1 if new.events > 0 else -1
            degree[a] = degree.get(a, 0) + step
            degree[b] = degree.get(b, 0) + step
        dead += old_quads
        born += pair_quads(a, b, new)
    for key in set(actors) | set(degree):
        ds, do, diff = actors.get(key, (0, 0, Totals()))
        node = actor_node(key)
        old_quads = list(store.quads_for_pattern(node, None, None, SUMMARIES))
        old, ints = totals_from(store, node)
        at = ActorTotals(ints.get("asSubject", 0) + ds, ints.get("asObject", 0) + do,
                         ints.get("degree", 0) + degree.get(key, 0))
        at.totals.add(old)
        at.totals.add(diff)
        dead += old_quads
        born += actor_summary_quads(key, at)
    return dead, born


def totals_quads(relations: Iterable[RelationState]) -> list[ox.Quad]:
    """The pair and actor summaries computed from scratch (what the differences must add up to)."""
    pairs: dict[tuple[str, str], Totals] = {}
    actors: dict[str, ActorTotals] = {}
    for state in relations:
        s, _rel, o = state.key
        for key in {s, o}:
            at = actors.setdefault(key, ActorTotals())
            at.totals.add(state.totals)
        actors[s].as_subject += state.totals.events
        actors[o].as_object += state.totals.events
        if s != o:
            pairs.setdefault((min(s, o), max(s, o)), Totals()).add(state.totals)
    out: list[ox.Quad] = []
    for (a, b), t in pairs.items():
        if t.events:
            actors[a].degree += 1
            actors[b].degree += 1
        out += pair_quads(a, b, t)
    for key, at in actors.items():
        out += actor_summary_quads(key, at)
    return out


# ------------------------------------------------------------------ reading what is stored


def relation_quads(store: ox.Store, key: Key) -> tuple[list[ox.Quad], list[str]]:
    """The stored derived quads of one relation (events, truthy triple, summary) and its report ids."""
    summary = relation_node(key)
    quads = list(store.quads_for_pattern(summary, None, None, SUMMARIES))
    reports: list[str] = []
    for q in quads:
        if q.predicate == G["event"]:
            for eq in store.quads_for_pattern(q.object, None, None, EVENTS):
                quads.append(eq)
                if eq.predicate == G["report"]:
                    reports.append(local_name(eq.object.value, str(GKS)))
    if quads:
        quads += store.quads_for_pattern(_n(actor_iri(key[0])), RELATION_NODES[key[1]],
                                         _n(actor_iri(key[2])), EVENTS)
    return quads, reports


class ArticleInfo:
    """Source and date of articles, read once per write."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.cache: dict[str, tuple[str | None, str | None]] = {}

    def __call__(self, graph: ox.NamedNode) -> tuple[str | None, str | None]:
        if graph.value not in self.cache:
            src = next(iter(self.store.quads_for_pattern(graph, SOURCE, None, graph)), None)
            date = next(iter(self.store.quads_for_pattern(graph, DATE, None, graph)), None)
            self.cache[graph.value] = (src.object.value if src else None, date.object.value if date else None)
        return self.cache[graph.value]


def report_from_props(sid: str, graph: ox.NamedNode, props: dict[str, list[ox.Term]],
                      info: ArticleInfo) -> StoredReport | None:
    """A stored report from its statement's quads (None for a negated statement)."""
    def first(term: ox.NamedNode) -> ox.Term | None:
        values = props.get(term.value)
        return values[0] if values else None

    negated = first(T["negated"])
    if negated is not None and negated.value in ("true", "1"):
        return None
    source, article_date = info(graph)
    date_lit = first(DATE)
    date = (EventDate(date_lit.value, precision_of(date_lit)) if isinstance(date_lit, ox.Literal)
            else fallback_date(article_date))
    predicate, cameo, score, mode = first(T["predicate"]), first(T["cameo"]), first(T["score"]), first(T["mode"])
    rel = first(T["relation"])
    return StoredReport(
        id=sid, article=local_name(graph.value, str(GKART)), source=source,
        subject=local_name(first(T["subject"]).value, str(GKA)),  # type: ignore[union-attr]
        relation=rel.value.rsplit("#", 1)[-1],  # type: ignore[union-attr]
        object=local_name(first(T["object"]).value, str(GKA)),  # type: ignore[union-attr]
        predicate=predicate.value if predicate else "", cameo=cameo.value if cameo else None,
        score=Decimal(score.value) if score else None, date=date,
        evidence=len(props.get(T["evidence"].value, [])), mode=mode.value if mode else None,
    )


def stored_report(store: ox.Store, sid: str, info: ArticleInfo) -> StoredReport | None:
    node = _n(GKS[sid])
    props: dict[str, list[ox.Term]] = {}
    graph: ox.NamedNode | None = None
    for q in store.quads_for_pattern(node, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(str(GKART)):
            graph = q.graph_name
            props.setdefault(q.predicate.value, []).append(q.object)
    return report_from_props(sid, graph, props, info) if graph is not None else None


def all_reports(store: ox.Store) -> Iterator[StoredReport]:
    """Every non-negated report of every article graph (one scan per property, for rebuilds)."""
    info = ArticleInfo(store)
    props: dict[tuple[str, str], dict[str, list[ox.Term]]] = {}
    for pred in ("subject", "object", "relation", "negated", "predicate", "cameo", "score", "evidence",
                 "mode"):
        for q in store.quads_for_pattern(None, T[pred], None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value.startswith(str(GKART)):
                props.setdefault((q.subject.value, g.value), {}).setdefault(q.predicate.value, []).append(q.object)
    for q in store.quads_for_pattern(None, DATE, None, None):
        key = (q.subject.value, q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "")
        if key in props:
            props[key].setdefault(DATE.value, []).append(q.object)
    for (iri, g), p in props.items():
        if T["subject"].value in p:
            report = report_from_props(local_name(iri, str(GKS)), ox.NamedNode(g), p, info)
            if report is not None:
                yield report
