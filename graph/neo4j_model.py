"""Reports and distinct events in the Neo4j model of docs/schema.md, shared by ``Neo4jWriter``
and the neo4j-admin CSV export (``graph/neo4j_csv.py``), so both build the same graph.

A *report* is one article's triple (``Triple.statement_id``); the merge rule of
``graph/events.py`` turns the reports of one bucket (subject, relation, object, predicate
family; a negated report is in a family of its own, ``"not " + family``) into distinct
*events*. An event takes the properties of its anchor report (the first in the rule's order:
finest, earliest date, then id; its score: the first report's in that order that has one);
``reports``, ``articles`` and ``sources`` count its reports, their distinct articles and their
independent sources (``graph.events.sources``). Each report is one ``REPORTED_IN``
relationship (its evidence spans in the lists ``sentences``, ``starts``, ``ends``) with its own
properties (the anchor's: only those of ``SPAN_PROPS`` that differ from the event's, the rest being
the event's), so a bucket can be recomputed from the graph alone when a report joins or leaves it.

Dates: a day-precision date is a ``datetime.date`` (a Neo4j ``DATE``); a month or year is the
string ``"2015-11"`` / ``"2015"``, with ``date_precision`` beside it; ``date_text`` is the
expression it was read from (None: the article's date stood in).

>>> from geokg.ingest.models import Actor, Article, Evidence, Triple
>>> art = Article.make("Turkey shot down a jet.", date="2015-11-24", source="Wire")
>>> tur, rus = Actor("TUR", "Turkey", "Country"), Actor("RUS", "Russia", "Country")
>>> t = Triple(tur, "ASSAULT", rus, (Evidence(art.ref, art.text, 0, 23),), cameo="190",
...            published=art.date, article_id=art.id)
>>> [e["props"]["date"] for e in events_of([report_of(art, t)])]
[datetime.date(2015, 11, 24)]
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from geokg.graph.events import Event, EventDate, Report, cluster, family, sources
from geokg.graph.namespace import RELATIONS
from geokg.ingest.models import Article, Triple

EVENT_ATTRIBUTES = ("role", "commodity", "share", "amount", "modality")
#: The report's own properties, stored on each of its REPORTED_IN relationships.
REPORT_PROPS = ("predicate", "mode", "cameo", "score", "confidence", "negated", "attributed_to", "date",
                "date_precision", "date_text", "published", *EVENT_ATTRIBUTES)
#: What an event copies from its anchor report.
ANCHOR_PROPS = ("predicate", "mode", "cameo", "score", "confidence", "negated", "attributed_to", "date",
                "date_precision", "date_text", *EVENT_ATTRIBUTES)
NEGATED = "not "
#: The report properties an event may not share with its anchor report (``published`` is the earliest
#: of its reports', ``score`` the first one there is): the anchor's REPORTED_IN stores those that
#: differ (``nulls`` names those it lacks while the event has them); its other properties are the event's.
SPAN_PROPS = ("published", "score")
OWN_PROPS = ("id", "pair", "relation", "family", "published", "reports", "articles", "sources", "anchor", "digest")
#: The properties of an :Event node, and of a REPORTED_IN relationship (its spans in three lists).
EVENT_PROPS = (*OWN_PROPS[:4], *ANCHOR_PROPS, *OWN_PROPS[4:])
REPORTED_IN_PROPS = ("report", *REPORT_PROPS, "nulls", "sentences", "starts", "ends")


def neo4j_date(value: str | None) -> dt.date | str | None:
    """A ``datetime.date`` for an ISO day, else the text as given (``"2015-11"``), else None."""
    if not value:
        return None
    if len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    return value


#: Properties that hold a date (a DATE, or text at month or year precision).
DATE_PROPS = frozenset({"date", "published", "first_seen", "last_seen"})


def wire_date(value: Any) -> Any:
    """A date property as the writer sends it: a ``datetime.date`` as its ISO text, text wrapped in a
    list, None as None; ``neo4j_batch.from_wire`` turns it back in Cypher. (The driver packs a
    ``datetime.date`` in pure Python at ~6 us, several per triple; a string costs next to nothing.)

    >>> wire_date(dt.date(2015, 11, 24)), wire_date("2015-11"), wire_date(None)
    ('2015-11-24', ['2015-11'], None)
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    return [value] if isinstance(value, str) else value


def _scalar(value: Any) -> Any:
    """Neo4j properties hold scalars: anything else is stored as its text."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def bucket_key(subject: str, relation: str, obj: str, fam: str) -> str:
    return f"{subject}|{relation}|{obj}|{fam}"


def pair_key(subject: str, relation: str, obj: str) -> str:
    return f"{subject}|{relation}|{obj}"


@dataclass(frozen=True)
class ReportRow:
    """One report as the Neo4j side stores it (built from a Triple, or read back from REPORTED_IN)."""

    id: str
    article: str
    source: str | None
    subject: str
    relation: str
    object: str
    family: str
    props: dict[str, Any]  # REPORT_PROPS
    spans: tuple[tuple[str, int, int], ...]  # (sentence, start, end), distinct (start, end)

    @property
    def bucket(self) -> str:
        return bucket_key(self.subject, self.relation, self.object, self.family)

    @property
    def event_date(self) -> EventDate | None:
        value = self.props.get("date")
        if value is None:
            return None
        return EventDate(str(_native(value)), self.props.get("date_precision") or "day")

    def stored(self, event: dict[str, Any] | None) -> dict[str, Any]:
        """The report's properties its REPORTED_IN carries: all of them (``event`` None), or, for the
        anchor of ``event`` (its properties), those of SPAN_PROPS that differ from the event's, and
        ``nulls``: the names of those the report lacks while the event has them."""
        props = self.props
        if event is None:
            return props  # (not a copy: not to be changed)
        out: dict[str, Any] = {}
        for k in SPAN_PROPS:
            if props[k] != event[k]:
                if props[k] is None:
                    out.setdefault("nulls", []).append(k)
                else:
                    out[k] = props[k]
        return out

    def span_lists(self) -> tuple[list[str], list[int], list[int]]:
        """The spans as REPORTED_IN stores them: ``sentences``, ``starts``, ``ends``, by position."""
        spans = sorted(self.spans, key=lambda s: (s[1], s[2]))
        return [s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans]


def report_of(article: Article, t: Triple) -> ReportRow:
    """The report of triple ``t`` of ``article`` (ValueError for a relation outside RELATIONS)."""
    if t.relation not in RELATIONS:
        raise ValueError(f"unknown relation {t.relation!r} (expected one of {', '.join(RELATIONS)})")
    attrs = t.attrs
    ed = t.event_date
    precision = ed.precision if ed else ("day" if t.date else None)
    date = neo4j_date(t.date) if precision == "day" else t.date
    props = {
        "predicate": t.predicate or None, "mode": t.mode, "cameo": t.cameo, "score": t.score,
        "confidence": t.confidence, "negated": t.negated,
        "attributed_to": t.attributed_to.key if t.attributed_to else None,
        "date": date, "date_precision": precision if date is not None else None,
        "date_text": ed.text if ed else None, "published": neo4j_date(t.published or article.date),
        **{k: _scalar(attrs.get(k)) for k in EVENT_ATTRIBUTES},
    }
    fam = family(t.relation, t.predicate, t.cameo)
    spans = {(e.start, e.end): (e.sentence, e.start, e.end) for e in t.evidence}
    return ReportRow(t.statement_id, article.id, article.source, t.subject.key, t.relation, t.object.key,
                     NEGATED + fam if t.negated else fam, props, tuple(spans.values()))


def report_from_graph(pair: str, fam: str, rel: dict[str, Any], article: str, source: str | None,
                      event: dict[str, Any]) -> ReportRow:
    """A report read back from its REPORTED_IN relationship's properties and, when it is the anchor,
    its event's properties."""
    subject, relation, obj = pair.split("|", 2)
    if rel["report"] == event.get("anchor"):
        nulls = set(rel.get("nulls") or ())
        props = {k: None if k in nulls else _native(rel[k] if k in rel else event.get(k)) for k in REPORT_PROPS}
    else:
        props = {k: _native(rel.get(k)) for k in REPORT_PROPS}
    sentences, starts, ends = rel.get("sentences") or [], rel.get("starts") or [], rel.get("ends") or []
    spans = tuple(zip(sentences, starts, ends, strict=True))
    return ReportRow(rel["report"], article, source, subject, relation, obj, fam, props, spans)


def _digest(props: dict[str, Any], reports: list[ReportRow]) -> int:
    """A fingerprint of everything an event writes: equal digests, nothing to rewrite. Values in the
    order their dicts are built in (EVENT_PROPS for the event, REPORT_PROPS for a report: both
    ``report_of`` and ``report_from_graph`` build that order), so the same values give the same text."""
    body = (tuple(props.values()),
            sorted((r.id, r.article, r.source, tuple(r.props.values()), sorted(r.spans)) for r in reports))
    # a 64-bit integer: one property block, where a 24-digit text took four
    return int.from_bytes(hashlib.sha256(repr(body).encode("utf-8")).digest()[:8], "big", signed=True)


def _event(ev: Event, by_id: dict[str, ReportRow]) -> dict[str, Any]:
    reps = [by_id[i] for i in ev.reports]  # anchor first
    anchor = reps[0]
    aprops = anchor.props
    if len(reps) == 1:
        published = aprops.get("published")
        published = published if isinstance(published, dt.date) else None
        score = aprops.get("score")
        n_sources = 1
    else:
        dates = [p for p in (r.props.get("published") for r in reps) if isinstance(p, dt.date)]
        published = min(dates) if dates else None
        # the score of the first report in that order that has one (the spec both stores follow)
        score = next((r.props["score"] for r in reps if r.props.get("score") is not None), None)
        n_sources = sources((r.article, r.source) for r in reps)
    props: dict[str, Any] = {
        "id": ev.id, "pair": pair_key(ev.subject, ev.relation, ev.object),
        "relation": ev.relation, "family": ev.family,
        **{k: aprops.get(k) for k in ANCHOR_PROPS},
        "score": score, "published": published,
        "reports": len(reps), "articles": len({r.article for r in reps}),
        "sources": n_sources, "anchor": anchor.id,
    }
    props["digest"] = _digest(props, reps)
    speakers = sorted({r.props["attributed_to"] for r in reps} - {None})
    return {"id": ev.id, "subject": ev.subject, "object": ev.object, "pair": props["pair"], "bucket": anchor.bucket,
            "props": props, "reports": reps, "attributed": speakers}


def events_of(reports: Iterable[ReportRow]) -> list[dict[str, Any]]:
    """The distinct events of a set of reports (a pure function of the set; a report id given twice
    keeps its last row): ``{"id", "subject", "object", "pair", "bucket", "props", "reports": [ReportRow],
    "attributed": [every speaker a report is attributed to]}``, by bucket.

    A bucket of one report is one event, made here as ``graph.events.cluster`` would make it;
    the others go through ``cluster``."""
    by_id = {r.id: r for r in reports}
    by_bucket: dict[str, list[ReportRow]] = {}
    for r in by_id.values():
        by_bucket.setdefault(r.bucket, []).append(r)
    out = []
    for bucket in sorted(by_bucket):
        reps = by_bucket[bucket]
        if len(reps) == 1:
            r = reps[0]
            merged = [Event(r.subject, r.relation, r.object, r.family, r.event_date, [r.id])]
        else:
            merged = cluster(Report(r.id, r.subject, r.relation, r.object, r.family, r.event_date) for r in reps)
        out.extend(_event(ev, by_id) for ev in merged)
    return out


def aggregate_of(events: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The aggregated actor-to-actor relationship of one (subject, relation, object) from its
    events' properties, over the non-negated events: ``events``, ``score`` (the mean of the scores
    there are, rounded to 9 places), ``first_seen``, ``last_seen``, and ``scored`` (the events with a
    score), ``conflict`` and ``cooperation`` (the sums of their negative and positive scores, rounded
    to 9 places: what an actor's conflict-cooperation balance adds up); None when there are none."""
    evs = [e for e in events if not e.get("negated")]
    if not evs:
        return None
    first, last = first_last(e.get("date") for e in evs)
    scores = [float(e["score"]) for e in evs if e.get("score") is not None]  # as Cypher's avg(): nulls skipped
    score = round(sum(scores) / len(scores), 9) if scores else None
    return {"events": len(evs), "score": score, "first_seen": first, "last_seen": last, "scored": len(scores),
            "conflict": round(sum((x for x in scores if x < 0), 0.0), 9),  # floats, also when empty
            "cooperation": round(sum((x for x in scores if x > 0), 0.0), 9)}


def first_last(dates: Iterable[Any]) -> tuple[Any, Any]:
    """The earliest and latest of event dates, compared as ISO text; a full day comes back as a date."""
    texts = sorted(str(_native(d)) for d in dates if d is not None)
    if not texts:
        return None, None
    return neo4j_date(texts[0]) if len(texts[0]) == 10 else texts[0], \
        neo4j_date(texts[-1]) if len(texts[-1]) == 10 else texts[-1]
