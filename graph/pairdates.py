"""Month buckets of each relation's events and statements, so the queries about one pair of actors
(`dyad-history`, `events` with B, `evidence`) read only the months their page needs.

Per relation ``(subject, relation, object)``, ``{h}`` the hash of its summary ``gksum:r-{h}``:

* ``gksum:m-{h}-{month} gk:monthEvent gke:{id}``: its events by their date (``dcterms:date`` in the
  events graph), listed by ``gksum:m-{h} gk:month gksum:m-{h}-{month}``; those of two sources or more
  in ``gksum:s-{h}-{month}`` too, listed by ``gksum:s-{h}`` (what ``min_sources`` above one reads);
  derived with the relation (graph/derived.py: ``derive_relation``), so they change exactly when its
  events do;
* ``gksum:t-{h}-{month} gk:monthReport gks:{sid}`` (``gk:monthDenial`` for a negated statement): its
  statements by the date the queries show them at, their own event date, else their article's; listed by
  ``gksum:t-{h} gk:month gksum:t-{h}-{month}``. The links are a function of their article graph (written
  and removed with it); a month is listed while it holds a link (:func:`listing_changes`).

``{month}`` is the first 7 characters of the date's text (``2015-11``; ``2015`` at year precision): a
prefix of the text, so months sort as the dates in them do; ``none`` without a date (last, as the
queries sort undated rows) and ``other`` for a text that is no ISO date (it may sort anywhere: a pair
with one is read whole). The runner reads a pair's months from ``since`` in order, a few at a time,
until it has ``limit`` rows (:func:`month_groups`, queries/runner.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from geokg.graph.namespace import GKA, GKSUM

_GK = "https://w3id.org/geokg/ontology#"
MONTH, MONTH_EVENT, MONTH_REPORT, MONTH_DENIAL = (ox.NamedNode(_GK + n) for n in (
    "month", "monthEvent", "monthReport", "monthDenial"))
SUMMARIES = ox.NamedNode("https://w3id.org/geokg/graph/summaries")
NO_DATE, OTHER = "none", "other"
_SUMMARY = str(GKSUM)
_ISO_MONTH = re.compile(r"[0-9]{4}(-[0-9]{2})?")
_DATE = "http://purl.org/dc/terms/date"
_EVENTS = "https://w3id.org/geokg/graph/events"
_ARTICLE = "https://w3id.org/geokg/article/"
_S, _R, _O, _NEG = (_GK + n for n in ("subject", "relation", "object", "negated"))


def month_key(date: str | None) -> str:
    """The bucket of a date's text: ``YYYY-MM``, ``YYYY``, ``none`` (no date) or ``other``."""
    if date is None:
        return NO_DATE
    return date[:7] if _ISO_MONTH.fullmatch(date[:7]) else OTHER


def _h(summary: ox.NamedNode) -> str:
    return summary.value[len(_SUMMARY) + 2:]  # gksum:r-{h}


def listing(kind: str, summary: ox.NamedNode) -> ox.NamedNode:
    """``gksum:{kind}-{h}``: the months of relation ``summary``'s events (``m``) or statements (``t``)."""
    return ox.NamedNode(f"{_SUMMARY}{kind}-{_h(summary)}")


def bucket(kind: str, summary: ox.NamedNode, month: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_SUMMARY}{kind}-{_h(summary)}-{month}")


def event_month_quads(summary: ox.NamedNode, events: Iterable[tuple[ox.NamedNode, str | None, int]]) -> list[ox.Quad]:
    """The month quads of one relation's events: ``(event node, date text or None, sources)`` each."""
    out: list[ox.Quad] = []
    months: dict[tuple[str, str], None] = {}
    for node, date, n_sources in events:
        month = month_key(date)
        for kind in ("m", "s") if n_sources > 1 else ("m",):
            months[kind, month] = None
            out.append(ox.Quad(bucket(kind, summary, month), MONTH_EVENT, node, SUMMARIES))
    return out + [ox.Quad(listing(k, summary), MONTH, bucket(k, summary, m), SUMMARIES) for k, m in months]


def stored_event_month_quads(store: ox.Store, summary: ox.NamedNode, events: Iterable[ox.Term]) -> list[ox.Quad]:
    """What :func:`event_month_quads` wrote for the relation ``summary`` with these stored events."""
    out = [q for e in events for q in store.quads_for_pattern(None, MONTH_EVENT, e, SUMMARIES)]
    return out + [q for k in ("m", "s") for q in store.quads_for_pattern(listing(k, summary), MONTH, None, SUMMARIES)]


def statement_link(key: tuple[str, str, str], statement: ox.NamedNode, negated: bool, shown: str | None) -> ox.Quad:
    """The month link of one statement of relation ``key``, ``shown`` its date's text (its own, else its
    article's)."""
    from geokg.graph.derived import relation_node

    return ox.Quad(bucket("t", relation_node(key), month_key(shown)), MONTH_DENIAL if negated else MONTH_REPORT,
                   statement, SUMMARIES)


def statement_links(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """The month links of the statements among one article graph's ``quads``."""
    props: dict[str, dict[str, ox.Term]] = {}
    wanted = {_S, _R, _O, _NEG, _DATE}
    graph = None
    for q in quads:
        if q.predicate.value in wanted:
            props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, q.object)
            graph = q.graph_name
    if graph is None:
        return []
    article_date = props.get(graph.value, {}).get(_DATE)  # type: ignore[union-attr]
    out = []
    g = len(str(GKA))
    for iri, p in props.items():
        if _S not in p or _R not in p or _O not in p or iri == graph.value:  # type: ignore[union-attr]
            continue
        date = p.get(_DATE) or article_date
        negated = _NEG in p and p[_NEG].value in ("true", "1")
        key = (p[_S].value[g:], p[_R].value.rsplit("#", 1)[-1], p[_O].value[g:])
        out.append(statement_link(key, ox.NamedNode(iri), negated, date.value if date is not None else None))
    return out


def _listing_of(b: ox.NamedNode) -> tuple[ox.NamedNode, ox.Quad]:
    head = ox.NamedNode(b.value[:len(_SUMMARY) + 2 + 20])  # gksum:t-{h}
    return head, ox.Quad(head, MONTH, b, SUMMARIES)


def listing_quads(links: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The month listings of a set of statement links (a rebuild)."""
    return list(dict.fromkeys(_listing_of(q.subject)[1] for q in links))  # type: ignore[arg-type]


def listing_changes(store: ox.Store, deletes: Sequence[ox.Quad], inserts: Sequence[ox.Quad],
                    ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(deletes, inserts) of the statement month listings after a write that deletes and inserts these
    quads: a month is listed while it holds a link."""
    links = (MONTH_REPORT, MONTH_DENIAL)
    gone = {q for q in deletes if q.predicate in links}
    born = {q for q in inserts if q.predicate in links}
    out_d: list[ox.Quad] = []
    out_i: list[ox.Quad] = []
    for b in dict.fromkeys(q.subject for q in (*gone, *born)):
        _, quad = _listing_of(b)  # type: ignore[arg-type]
        held = any(q.subject == b for q in born) or any(
            q not in gone for p in links for q in store.quads_for_pattern(b, p, None, SUMMARIES))
        listed = next(iter(store.quads_for_pattern(quad.subject, MONTH, b, SUMMARIES)), None) is not None
        if held and not listed:
            out_i.append(quad)
        elif listed and not held:
            out_d.append(quad)
    return out_d, out_i


# ------------------------------------------------------------------ older stores


def backfill(store: ox.Store, chunk: int = 200_000) -> int:
    """Write the month buckets of a store from before them, from the events graph and the article graphs'
    statements (no rebuild): the number of quads written. Bulk-loaded (not transactional, like
    ``rebuild_derived``), the listings last: a store without them is indexed again at its next opening."""
    from geokg.graph.namespace import GKS

    total = 0
    pending: list[ox.Quad] = []

    def flush(force: bool = False) -> None:
        nonlocal total, pending
        if pending and (force or len(pending) >= chunk):
            store.bulk_extend(pending)
            total += len(pending)
            pending = []

    heads: dict[ox.Quad, None] = {}  # the listings, written last: they mark the store as done
    by_summary: dict[str, list[tuple[ox.NamedNode, str | None, int]]] = {}
    events = store.query(
        f"SELECT ?r ?e ?d ?n WHERE {{ GRAPH <{SUMMARIES.value}> {{ ?r <{_GK}event> ?e }} "
        f"OPTIONAL {{ GRAPH <{_EVENTS}> {{ ?e <{_DATE}> ?d }} }} "
        f"OPTIONAL {{ GRAPH <{_EVENTS}> {{ ?e <{_GK}sources> ?n }} }} }}")
    for row in events:
        d, n = row["d"], row["n"]
        by_summary.setdefault(row["r"].value, []).append((row["e"], d.value if d is not None else None,
                                                          int(n.value) if n is not None else 1))
    for r, evs in by_summary.items():
        for q in event_month_quads(ox.NamedNode(r), evs):
            if q.predicate == MONTH:
                heads[q] = None
            else:
                pending.append(q)
        flush()
    by_summary.clear()
    # every statement of every article graph: its relation (one join), negation and dates (scans)
    negated = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(_GK + "denial"), None, SUMMARIES)}
    own: dict[str, str] = {}
    of_article: dict[str, str] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(_DATE), None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value.startswith(_ARTICLE):
            (of_article if q.subject == g else own)[q.subject.value if q.subject != g else g.value] = q.object.value
    statements = store.query(
        f"SELECT ?st ?s ?rel ?o ?g WHERE {{ GRAPH ?g {{ ?st <{_S}> ?s ; <{_R}> ?rel ; <{_O}> ?o }} "
        f"FILTER(STRSTARTS(STR(?st), \"{GKS}\")) }}")
    a = len(str(GKA))
    for row in statements:
        st = row["st"].value
        date = own.get(st) or of_article.get(row["g"].value)
        key = (row["s"].value[a:], row["rel"].value.rsplit("#", 1)[-1], row["o"].value[a:])
        link = statement_link(key, row["st"], st in negated, date)
        pending.append(link)
        heads[_listing_of(link.subject)[1]] = None  # type: ignore[arg-type]
        flush()
    pending += heads
    flush(force=True)
    return total


def needs_backfill(store: ox.Store) -> bool:
    """A store with events or statements but no month buckets (two or three index look-ups)."""
    def has(p: ox.NamedNode, graph: ox.NamedNode | None = SUMMARIES) -> bool:
        return next(iter(store.quads_for_pattern(None, p, None, graph)), None) is not None

    if has(MONTH):
        return False
    return has(ox.NamedNode(_GK + "event")) or has(ox.NamedNode(_S), None)


# ------------------------------------------------------------------ the runner's side


def month_groups(execute: Callable[[str, dict[str, Any]], list[dict[str, Any]]], heads: Sequence[Any],
                 since: str | None, until: str | None) -> list[list[Any]]:
    """The buckets (``URIRef``) listed by ``heads`` (listing node IRIs) that can hold dates from ``since`` to
    ``until``, one list per month in the order the queries sort dates (``none`` last; all in one list when some
    bucket is ``other``)."""
    from rdflib import URIRef

    if not heads:
        return []
    values = " ".join(str(ox.NamedNode(str(h))) for h in heads)
    text = f"SELECT ?b WHERE {{ VALUES ?l {{ {values} }} GRAPH <{SUMMARIES.value}> {{ ?l <{MONTH.value}> ?b }} }}"
    rows = execute(text, {})
    by_month: dict[str, list[Any]] = {}
    for row in rows:
        b = str(row["b"])
        by_month.setdefault(b[len(_SUMMARY) + 2 + 20 + 1:], []).append(URIRef(b))
    if OTHER in by_month:
        return [[b for bs in by_month.values() for b in bs]]
    lo, hi = (since or "")[:7], (until or "")[:7]
    dated = sorted(m for m in by_month if m != NO_DATE and m >= lo and (until is None or m <= hi))
    if since is None and until is None and NO_DATE in by_month:
        dated.append(NO_DATE)
    return [by_month[m] for m in dated]
