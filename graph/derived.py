"""What the store derives from its article graphs: distinct events and the summaries over them.

An article graph holds *reports* (its statements). Reports of the same subject, relation and object
are grouped into distinct events by :func:`geokg.graph.events.cluster` (a pure function of the set
of reports), each event one node in the events graph linking every report it merges. Totals are kept
in the summaries graph at three levels:

* per relation ``(subject, relation, object)``: events, scored events, score sum, conflict and
  cooperation sums, first and last event date, and a ``gk:event`` link to each of its events;
* per pair of actors (either direction): events, scored events, score sum;
* per actor: events as subject and as object, scored events, the sums, and its degree (partners).

A write recomputes every relation whose reports it changes from all of that relation's reports (so
ingest order and re-ingest cannot change the result), and moves the pair and actor totals by the exact
difference (integers and decimals, never floats; graph/totals.py), all in the caller's one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox

from geokg.graph.events import Event, EventDate, Report, cluster, family, sources
from geokg.graph.hubindex import relation_links, stored_relation_links
from geokg.graph.multisource import MULTI_SOURCE, multi_source_node
from geokg.graph.namespace import (
    EVENTS_GRAPH,
    GKA,
    GKART,
    GKE,
    GKS,
    GKSUM,
    SUMMARY_GRAPH,
    actor_iri,
    local_name,
)
from geokg.graph.pairdates import event_month_quads, stored_event_month_quads
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
from geokg.graph.yearnodes import YEARS_SPAN, event_year_quads

EVENTS, SUMMARIES = _n(EVENTS_GRAPH), _n(SUMMARY_GRAPH)
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
G = {name: _n(f"https://w3id.org/geokg/ontology#{name}") for name in (
    "Event", "RelationSummary", "PairSummary", "ActorSummary", "report", "reports", "sources", "evidenceCount",
    "event", "events", "scoredEvents", "scoreSum", "conflict", "cooperation", "firstDate", "lastDate",
    "actorA", "actorB", "actor", "asSubject", "asObject", "degree", "maxSources", "sourcesTally", "ranked",
    "denial", "periodEvent", "firstSeen", "subjectTally", "objectTally",
)}
Key = tuple[str, str, str]  # subject key, relation, object key
_SUMMARY, _EVENT, _STATEMENT = str(GKSUM), str(GKE), str(GKS)


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
    negated: bool = False  # only from all_reports: a denial, no report of any event
    #: the date's text the queries show (its own event date, else its article's; graph/pairdates.py), read back
    shown: str | None = field(default=None, compare=False)

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


@lru_cache(maxsize=1 << 16)
def relation_node(key: Key) -> ox.NamedNode:
    return ox.NamedNode(f"{_SUMMARY}r-{_hash(*key)}")


#: Years with period nodes of their own (``c-{REL}-{YYYY-MM-DD}``, ``-{YYYY-MM}``, ``-{YYYY}``); dates outside
#: go to ``c-{REL}-before-1900`` and ``c-{REL}-after-2040``, so the runner's list of nodes for an open range
#: stays short (a few thousand look-ups of nodes that mostly do not exist).
FIRST_YEAR, LAST_YEAR = YEARS_SPAN  # graph/yearnodes.py: the year summaries count the same years


def period_stem(date: str) -> str:
    """The period of an event date: the date itself (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, one period
    per date string) within the years above, else the ends, and ``other`` for a date not in ISO form."""
    year = date[:4]
    if len(date) not in (4, 7, 10) or not year.isdigit() or (len(date) > 4 and date[4] != "-"):
        return "other"
    if int(year) < FIRST_YEAR:
        return f"before-{FIRST_YEAR}"
    if int(year) > LAST_YEAR:
        return f"after-{LAST_YEAR}"
    return date


def first_seen_node(stem: str) -> ox.NamedNode:
    """``gksum:f-{stem}``: the relation summaries whose first date is in that period (``gk:firstSeen``)."""
    return ox.NamedNode(f"{_SUMMARY}f-{stem}")


def period_node(relation: str, stem: str) -> ox.NamedNode:
    """``gksum:c-{RELATION}-{stem}``: the events of one relation category in one period (``gk:periodEvent``)."""
    return ox.NamedNode(f"{_SUMMARY}c-{relation}-{stem}")


@lru_cache(maxsize=1 << 16)
def actor_term(key: str) -> ox.NamedNode:
    """``gka:{key}`` as a pyoxigraph node (cached: a write names the same actors over and over)."""
    return _n(actor_iri(key))


def _tally_add(into: dict[int, int], other: dict[int, int], sign: int) -> None:
    for n, count in other.items():
        left = into.get(n, 0) + sign * count
        if left:
            into[n] = left
        else:
            into.pop(n, None)


@dataclass
class Totals:
    """Events, scored events and score sums: the part of a summary that moves by differences.

    ``multi`` and ``multi_scored`` tally the events (all; scored ones) of two sources or more by their
    number of sources (``{2: 3, 5: 1}``): counts move by differences, and the largest key is the most
    sources of any one event (``gk:maxSources``), which no difference could keep."""

    events: int = 0
    scored: int = 0
    score: Decimal = Decimal(0)
    conflict: Decimal = Decimal(0)
    cooperation: Decimal = Decimal(0)
    multi: dict[int, int] = field(default_factory=dict)
    multi_scored: dict[int, int] = field(default_factory=dict)

    def add(self, other: Totals, sign: int = 1) -> None:
        self.events += sign * other.events
        self.scored += sign * other.scored
        self.score += sign * other.score
        self.conflict += sign * other.conflict
        self.cooperation += sign * other.cooperation
        _tally_add(self.multi, other.multi, sign)
        _tally_add(self.multi_scored, other.multi_scored, sign)

    def add_score(self, score: Decimal | None, n_sources: int = 1) -> None:
        self.events += 1
        if n_sources > 1:
            self.multi[n_sources] = self.multi.get(n_sources, 0) + 1
        if score is not None:
            self.scored += 1
            self.score += score
            if n_sources > 1:
                self.multi_scored[n_sources] = self.multi_scored.get(n_sources, 0) + 1
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
    #: the events dated to a day of each year (graph/yearly.py)
    years: dict[int, Totals] = field(default_factory=dict)


def event_score(event: Event, by_id: dict[str, StoredReport]) -> Decimal | None:
    """The score of the event's first report (anchor first) that has one."""
    return next((by_id[r].score for r in event.reports if by_id[r].score is not None), None)


def derive_relation(key: Key, reports: Iterable[StoredReport]) -> RelationState:
    """The events of one relation and its summary, from all of its reports (a pure function)."""
    by_id = {r.id: r for r in reports}
    state = RelationState(key)
    if not by_id:
        return state
    s, o = actor_term(key[0]), actor_term(key[2])
    rel = RELATION_NODES[key[1]]
    summary = relation_node(key)
    q = state.quads
    q.append(ox.Quad(s, rel, o, EVENTS))  # the truthy triple, once per relation
    dates: list[str] = []
    months: list[tuple[ox.NamedNode, str | None, int]] = []  # graph/pairdates.py
    for event in cluster(r.report() for r in by_id.values()):
        # the event's subject, relation and object are its relation summary's (gk:event links them)
        node = ox.NamedNode(_EVENT + event.id)  # a hex digest: no quoting needed
        members = [by_id[r] for r in event.reports]
        score = event_score(event, by_id)
        n_sources = sources((m.article, m.source) for m in members)
        state.totals.add_score(score, n_sources)
        q.append(ox.Quad(summary, G["event"], node, SUMMARIES))  # what makes the node an event
        if n_sources > 1:  # absent means one source: most events have one
            q.append(ox.Quad(node, G["sources"], ox.Literal(n_sources), EVENTS))
            q.append(ox.Quad(multi_source_node(key[1]), MULTI_SOURCE, node, SUMMARIES))
        q += [ox.Quad(node, G["report"], ox.NamedNode(_STATEMENT + m.id), EVENTS) for m in members]
        if members[0].predicate:
            q.append(ox.Quad(node, T["predicate"], ox.Literal(members[0].predicate), EVENTS))
        if members[0].mode:
            q.append(ox.Quad(node, T["mode"], ox.Literal(members[0].mode), EVENTS))
        if score is not None:
            q.append(ox.Quad(node, T["score"], _double(float(score)), EVENTS))
        shown = None
        if event.date is not None:
            shown = event_date_literal(event.date.value, event.date.precision)
            q.append(ox.Quad(node, DATE, shown, EVENTS))
            q.append(ox.Quad(period_node(key[1], period_stem(event.date.value)), G["periodEvent"], node, SUMMARIES))
            dates.append(event.date.value)
            year, listing = event_year_quads(node, shown.value)
            q += listing  # dated to a year or a month only: gksum:yp-{YYYY}
            if year is not None:
                state.years.setdefault(year, Totals()).add_score(score, n_sources)
        months.append((node, shown.value if shown is not None else None, n_sources))
    q += event_month_quads(summary, months)
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
              ox.Quad(summary, G["lastDate"], ox.Literal(max(dates)), SUMMARIES),
              ox.Quad(first_seen_node(period_stem(min(dates))), G["firstSeen"], summary, SUMMARIES)]
    q += relation_links(key, summary, t.events)  # gk:incoming / gk:outgoing (graph/hubindex.py)
    return state


# ------------------------------------------------------------------ reading what is stored


def relation_quads(store: ox.Store, key: Key) -> tuple[list[ox.Quad], list[str]]:
    """The stored derived quads of one relation (events, truthy triple, summary) and its report ids."""
    summary = relation_node(key)
    quads = list(store.quads_for_pattern(summary, None, None, SUMMARIES))
    quads += store.quads_for_pattern(None, G["firstSeen"], summary, SUMMARIES)
    quads += stored_relation_links(store, key, summary)
    reports: list[str] = []
    for q in quads:
        if q.predicate == G["event"]:
            quads += store.quads_for_pattern(None, G["periodEvent"], q.object, SUMMARIES)
            for eq in store.quads_for_pattern(q.object, None, None, EVENTS):
                quads.append(eq)
                if eq.predicate == G["report"]:
                    reports.append(local_name(eq.object.value, str(GKS)))
                elif eq.predicate == G["sources"]:
                    quads += store.quads_for_pattern(None, MULTI_SOURCE, q.object, SUMMARIES)
    if quads:
        quads += store.quads_for_pattern(actor_term(key[0]), RELATION_NODES[key[1]], actor_term(key[2]), EVENTS)
        quads += stored_event_month_quads(store, summary, [q.object for q in quads if q.predicate == G["event"]])
    return quads, reports


class ArticleInfo:
    """Source and date of articles, each read once while the article is not rewritten: the store keeps
    one for its writes and :meth:`forget` s an article when it writes or removes it."""

    LIMIT = 200_000  # articles remembered before the cache starts again (memory stays bounded)

    def __init__(self, store: ox.Store) -> None:
        from geokg.graph.rankings import RankMemory

        self.store = store
        self.cache: dict[str, tuple[str | None, str | None]] = {}
        #: the rankings as stored, carried from write to write (graph/rankings.py)
        self.ranks = RankMemory()

    def forget(self, graph: ox.NamedNode | None = None) -> None:
        """Drop what is known of ``graph`` (of every article, and the rankings, when None)."""
        if graph is None:
            self.cache.clear()
            self.ranks = type(self.ranks)()
        else:
            self.cache.pop(graph.value, None)

    def __call__(self, graph: ox.NamedNode) -> tuple[str | None, str | None]:
        if graph.value not in self.cache:
            if len(self.cache) >= self.LIMIT:
                self.cache.clear()
            src = next(iter(self.store.quads_for_pattern(graph, SOURCE, None, graph)), None)
            date = next(iter(self.store.quads_for_pattern(graph, DATE, None, graph)), None)
            self.cache[graph.value] = (src.object.value if src else None, date.object.value if date else None)
        return self.cache[graph.value]


def report_from_props(sid: str, graph: ox.NamedNode, props: dict[str, list[ox.Term]],
                      info: ArticleInfo, denials: bool = False) -> StoredReport | None:
    """A stored report from its statement's quads (a negated statement: None, or with ``denials`` a
    report marked ``negated``)."""
    def first(term: ox.NamedNode) -> ox.Term | None:
        values = props.get(term.value)
        return values[0] if values else None

    negated = first(T["negated"])
    date_lit = first(DATE)
    if negated is not None and negated.value in ("true", "1"):
        if not denials:
            return None
        return StoredReport(
            id=sid, article=local_name(graph.value, str(GKART)), source=None,
            subject=local_name(first(T["subject"]).value, str(GKA)),  # type: ignore[union-attr]
            relation=first(T["relation"]).value.rsplit("#", 1)[-1],  # type: ignore[union-attr]
            object=local_name(first(T["object"]).value, str(GKA)), negated=True,  # type: ignore[union-attr]
            shown=date_lit.value if date_lit is not None else info(graph)[1])
    source, article_date = info(graph)
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
        shown=date_lit.value if date_lit is not None else article_date,
    )


def stored_report(store: ox.Store, sid: str, info: ArticleInfo) -> StoredReport | None:
    node = ox.NamedNode(_STATEMENT + sid)
    props: dict[str, list[ox.Term]] = {}
    graph: ox.NamedNode | None = None
    for q in store.quads_for_pattern(node, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(str(GKART)):
            graph = q.graph_name
            props.setdefault(q.predicate.value, []).append(q.object)
    return report_from_props(sid, graph, props, info) if graph is not None else None


def all_reports(store: ox.Store) -> Iterator[StoredReport]:
    """Every statement of every article graph (one scan per property, for rebuilds): the reports, and
    the negated statements marked ``negated`` (denials, no reports)."""
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
            report = report_from_props(local_name(iri, str(GKS)), ox.NamedNode(g), p, info, denials=True)
            if report is not None:
                yield report
