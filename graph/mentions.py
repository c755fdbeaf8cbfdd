"""Month indexes in each article's graph: which articles name an actor, which statements a speaker makes.

``articles-mentioning`` wants an actor's newest articles and ``attributed-to`` a speaker's oldest
statements, a page of each. Read from the statements, both grow with the actor's whole history (a
hub is named by tens of thousands of statements). These quads let the query read only the months it
shows: per actor, its months (``gkix:m-{hash} gk:bucket gkix:m-{hash}-{YYYY-MM}``) and per month the
articles (``gkix:m-{hash}-{YYYY-MM} gk:item gkart:{id}``); per speaker the same with ``gkix:s-`` and
its statements (``gk:item gks:{sid}``), by the statement's date (its event date, else its article's).
A month with no date is ``none``.

They live in the article's own graph, written and replaced with it: no derived state to maintain,
and removing an article removes its entries. An actor's bucket list is repeated in each of its
articles' graphs (the union of the graphs holds it once per article); a query reads it with DISTINCT.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from geokg.graph.namespace import GKIX, actor_iri, article_iri, statement_iri
from geokg.ingest.models import Article, Triple

BUCKET = ox.NamedNode("https://w3id.org/geokg/ontology#bucket")
ITEM = ox.NamedNode("https://w3id.org/geokg/ontology#item")
NO_MONTH = "none"


def _index(kind: str, actor: str) -> ox.NamedNode:
    """``gkix:{kind}-{hash}`` of an actor's IRI (``actor``, its text)."""
    return ox.NamedNode(f"{GKIX}{kind}-{hashlib.sha1(actor.encode()).hexdigest()[:16]}")


def mention_index(actor_key: str) -> ox.NamedNode:
    """``gkix:m-{hash}``: the node listing the months of the articles that name the actor."""
    return _index("m", str(actor_iri(actor_key)))


def speaker_index(actor_key: str) -> ox.NamedNode:
    """``gkix:s-{hash}``: the node listing the months of the statements attributed to the actor."""
    return _index("s", str(actor_iri(actor_key)))


def month_of(date: str | None) -> str:
    """``YYYY-MM`` (``YYYY`` for a year-precision date), or ``none``: a prefix of the ISO text, so buckets
    sort as the dates in them do."""
    return date[:7] if date else NO_MONTH


def _entry(index: ox.NamedNode, month: str, item: ox.NamedNode, g: ox.NamedNode) -> list[ox.Quad]:
    bucket = ox.NamedNode(f"{index.value}-{month}")
    return [ox.Quad(index, BUCKET, bucket, g), ox.Quad(bucket, ITEM, item, g)]


def mention_quads(article: Article, statements: Mapping[str, Triple], g: ox.NamedNode) -> list[ox.Quad]:
    """The index quads of an article's statements (``rdf.merge_statements``), negated ones included
    (the two queries show them): one entry per actor named, one per attributed statement."""
    quads: list[ox.Quad] = []
    named: set[str] = set()
    for sid, t in statements.items():
        for actor in (t.subject, t.object, t.attributed_to):
            if actor is not None:
                named.add(actor.key)
        if t.attributed_to is not None:
            date = t.event_date.value if t.event_date is not None else article.date
            quads += _entry(speaker_index(t.attributed_to.key), month_of(date),
                            ox.NamedNode(str(statement_iri(sid))), g)
    node = ox.NamedNode(str(article_iri(article.id)))
    for key in sorted(named):
        quads += _entry(mention_index(key), month_of(article.date), node, g)
    return quads


def quads_from_graph(g: ox.NamedNode, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The index quads of an article graph already stored (its quads, ``g`` its name): what
    :func:`mention_quads` wrote for it, for stores written before the index existed."""
    by_subject: dict[str, dict[str, ox.Term]] = {}
    for q in quads:
        if q.predicate in (BUCKET, ITEM):
            continue
        by_subject.setdefault(q.subject.value, {}).setdefault(q.predicate.value, q.object)
    article_date = by_subject.get(g.value, {}).get(_DATE)
    out: list[ox.Quad] = []
    named: set[str] = set()
    for iri, props in by_subject.items():
        if _SUBJECT not in props or iri == g.value:
            continue
        for name in (_SUBJECT, _OBJECT, _SPEAKER):
            if name in props:
                named.add(props[name].value)
        speaker = props.get(_SPEAKER)
        if speaker is not None:
            date = props.get(_DATE) or article_date
            out += _entry(_index("s", speaker.value), month_of(date.value if date else None),
                          ox.NamedNode(iri), g)
    for actor in sorted(named):
        out += _entry(_index("m", actor), month_of(article_date.value if article_date else None), g, g)
    return out


def backfill(store: ox.Store, chunk: int = 500) -> int:
    """Write the month indexes of every article graph that has none (a store from before them); the
    number of article graphs indexed. The entries of ``chunk`` graphs go in with one ``Store.extend``."""
    from geokg.graph.namespace import GKART

    done = 0
    pending: list[ox.Quad] = []
    for g in store.named_graphs():
        if not isinstance(g, ox.NamedNode) or not g.value.startswith(str(GKART)):
            continue
        if next(iter(store.quads_for_pattern(None, ITEM, g, g)), None) is not None:
            continue
        wanted = [q for p in _READ for q in store.quads_for_pattern(None, p, None, g)]
        entries = quads_from_graph(g, wanted)
        if entries:
            pending += entries
            done += 1
            if done % chunk == 0:
                store.extend(pending)
                pending = []
    if pending:
        store.extend(pending)
    return done


_GK = "https://w3id.org/geokg/ontology#"
_SUBJECT, _OBJECT, _SPEAKER = _GK + "subject", _GK + "object", _GK + "attributedTo"
_DATE = "http://purl.org/dc/terms/date"
#: What the indexes are made of: who a statement names, and the dates.
_READ = tuple(ox.NamedNode(p) for p in (_SUBJECT, _OBJECT, _SPEAKER, _DATE))


def mention_groups(execute: Any, index: Any) -> list[Any]:
    """The buckets (``URIRef``) of an actor's mention index (``index``, its IRI), in the order
    ``articles-mentioning`` shows their articles: newest month first, ``none`` (no date) before all (one
    query: the index's bucket list, repeated in each article graph naming the actor, read DISTINCT)."""
    from rdflib import URIRef

    text = f"SELECT DISTINCT ?b WHERE {{ GRAPH ?g {{ {ox.NamedNode(str(index))} {BUCKET} ?b }} }}"
    buckets = [str(row["b"]) for row in execute(text, {})]
    prefix = len(str(index)) + 1
    undated = [b for b in buckets if b[prefix:] == NO_MONTH]
    dated = sorted((b for b in buckets if b[prefix:] != NO_MONTH), key=lambda b: b[prefix:], reverse=True)
    return [URIRef(b) for b in undated + dated]


def mention_months(execute: Any, index: Any, limit: int) -> list[Any]:
    """The newest buckets of ``index`` (:func:`mention_groups`) that hold ``limit`` articles (all of them when
    fewer): their articles are counted a few months at a time, one small query each, so only the
    months shown are read (a hub's month holds hundreds)."""
    from rdflib import URIRef

    groups = mention_groups(execute, index)
    chosen: list[Any] = []
    total, start, size = 0, 0, 2
    while start < len(groups) and total < limit:
        batch = groups[start:start + size]
        values = " ".join(str(ox.NamedNode(str(b))) for b in batch)
        text = (f"SELECT ?b (COUNT(?a) AS ?n) WHERE {{ VALUES ?b {{ {values} }} GRAPH ?g {{ ?b {ITEM} ?a }} }} "
                "GROUP BY ?b")
        counts = {str(r["b"]): int(r["n"]) for r in execute(text, {})}
        for b in batch:
            if total >= limit:
                break
            chosen.append(URIRef(str(b)))
            total += counts.get(str(b), 0)
        start, size = start + size, size * 2
    return chosen
