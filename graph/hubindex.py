"""Hub indexes: a hub actor's relation and pair summaries reached by the few a query shows.

A hub (Russia: some 20,000 relation summaries at 1M statements) made `officials`, `trade-dependencies`,
`accusers` and `actor-profile` read every summary naming it and filter by relation, or sort every pair
summary for five partners. These quads of the summaries graph, kept at write time with the summaries
they link (docs/schema.md), let them read what they show:

* ``gksum:out-{hash(subject key, relation)} gk:outgoing gksum:r-{...}``: every relation summary with that
  subject and relation; ``gksum:in-{hash(object key, relation)}-{k} gk:incoming gksum:r-{...}`` likewise by
  object, in buckets by the summary's ``gk:events`` as below (`accusers` reads its first rows from the
  highest buckets; the others read all ``k``). Written with the relation summary (:func:`relation_links`,
  from ``derive_relation``), so a write, a removal and ``rebuild_derived`` move them with it: a relation
  summary exists iff it has events, and its events decide its bucket.
* ``gksum:pb-{hash(actor key)}-{k} gk:partnerPair gksum:p-{...}``: every pair summary of the actor (for
  both of its actors) whose ``gk:events`` n has ``k = n.bit_length()`` (``2**(k-1) <= n < 2**k``, at most
  :data:`TOP_BUCKET`): every pair of a higher bucket has more events than every pair of a lower one, so
  the first partners by events are in the highest buckets, read whole (ties included). Written with the
  pair summary (:func:`pair_links`, from ``totals.pair_quads``); a write that moves a pair across a power
  of two moves its links (:func:`stored_pair_links` reads the old ones).
* ``gksum:tr-{hash(actor key)}-{group} gk:tradeOf gksum:r-{...}``: every TRADE summary naming the actor
  X (as importer or exporter), in groups that sort as `trade-dependencies` orders its rows (by importer,
  then exporter): :func:`trade_group` of the importer's and exporter's IRI names, from their first
  characters and whether the importer sorts before X, is X or after it. Every row of a lower group
  sorts before every row of a higher one, so the first ``limit`` rows are in the groups from the lowest
  up to the first that brings ``limit`` summaries (each has a row at least). Written with the summary.

The runner computes the nodes from the parameters (``queries/sparql_values.py``: ``?NAME_in_REL``,
``?NAME_out_REL``, ``?NAME_partners``, ``?NAME_trade``). A store written before them gets them at its first writable
opening from the summaries graph alone (:func:`backfill`, :func:`needs_backfill`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox

from geokg.graph.namespace import GKA, GKSUM, SUMMARY_GRAPH, actor_iri

_SUMMARY, _GKA, _GK = str(GKSUM), str(GKA), "https://w3id.org/geokg/ontology#"
SUMMARIES = ox.NamedNode(str(SUMMARY_GRAPH))
INCOMING, OUTGOING, PARTNER_PAIR, TRADE_OF = (ox.NamedNode(_GK + n) for n in ("incoming", "outgoing", "partnerPair",
                                                                               "tradeOf"))
#: The characters an actor's IRI name can start with (``namespace.actor_iri`` quotes all others), in order.
NAME_STARTS = "".join(sorted("%-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
#: The highest partner bucket: pairs of 2**(TOP_BUCKET-1) events or more all go there (and are read whole).
TOP_BUCKET = 40
Key = tuple[str, str, str]  # subject key, relation, object key


def _hash(*parts: str) -> str:
    """As ``graph.derived._hash`` (sha256 of the parts joined by ``|``, first 20 hex digits)."""
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=1 << 16)
def incoming_node(actor: str, relation: str, k: int) -> ox.NamedNode:
    """``gksum:in-{hash}-{k}``: the relation summaries whose object is ``actor`` (key) with ``relation``
    and events of bucket ``k``."""
    return ox.NamedNode(f"{_SUMMARY}in-{_hash(actor, relation)}-{k}")


def incoming_nodes(actor: str, relation: str) -> list[ox.NamedNode]:
    """Every incoming bucket the actor can have for ``relation``, highest first."""
    return [incoming_node(actor, relation, k) for k in range(TOP_BUCKET, 0, -1)]


@lru_cache(maxsize=1 << 16)
def outgoing_node(actor: str, relation: str) -> ox.NamedNode:
    """``gksum:out-{hash}``: the relation summaries whose subject is ``actor`` (key) with ``relation``."""
    return ox.NamedNode(f"{_SUMMARY}out-{_hash(actor, relation)}")


def bucket_of(events: int) -> int:
    return min(events.bit_length(), TOP_BUCKET)


@lru_cache(maxsize=1 << 16)
def partner_bucket(actor: str, k: int) -> ox.NamedNode:
    """``gksum:pb-{hash}-{k}``: the actor's pair summaries of bucket ``k`` (the hash is its ``gksum:a-``'s)."""
    return ox.NamedNode(f"{_SUMMARY}pb-{_hash(actor)}-{k}")


def partner_buckets(actor: str) -> list[ox.NamedNode]:
    """Every bucket node the actor can have, highest first."""
    return [partner_bucket(actor, k) for k in range(TOP_BUCKET, 0, -1)]


def _name(key: str) -> str:
    return str(actor_iri(key))[len(_GKA):]


def trade_group(importer: str, exporter: str, actor: str) -> str:
    """The group of a TRADE row in the actor's index (names: IRI names): the hex codes of the importer's
    and the exporter's first characters around ``0``, ``1`` or ``2`` as the importer sorts before the
    actor, is it, or after it. Rows in the order (importer, exporter) have groups in string order: with
    the same first character, an importer before the actor comes first, then the actor's own rows by
    exporter, then those after it (the two others all have the actor as exporter)."""
    side = "1" if importer == actor else "0" if importer < actor else "2"
    return f"{ord(importer[0]):02x}{side}{ord(exporter[0]):02x}"


@lru_cache(maxsize=1 << 16)
def trade_node(actor: str, group: str) -> ox.NamedNode:
    """``gksum:tr-{hash}-{group}``: the actor's TRADE summaries of one :func:`trade_group`."""
    return ox.NamedNode(f"{_SUMMARY}tr-{_hash(actor)}-{group}")


def trade_nodes(actor: str) -> list[ox.NamedNode]:
    """Every TRADE group the actor (key) can have, in their order: as exporter with importers of each
    first character, and as importer with exporters of each (some 140 nodes, most of them empty)."""
    first = _name(actor)[0]
    lead = f"{ord(first):02x}"
    groups = {f"{ord(c):02x}{'0' if c < first else '2'}{lead}" for c in NAME_STARTS if c != first}
    groups |= {f"{lead}0{lead}", f"{lead}2{lead}"} | {f"{lead}1{ord(c):02x}" for c in NAME_STARTS}
    return [trade_node(actor, g) for g in sorted(groups)]


def relation_links(key: Key, summary: ox.NamedNode, events: int) -> list[ox.Quad]:
    """The links of a relation summary of ``events`` events (``key``: subject, relation, object keys)."""
    s, rel, o = key
    out = [ox.Quad(outgoing_node(s, rel), OUTGOING, summary, SUMMARIES),
           ox.Quad(incoming_node(o, rel, bucket_of(events)), INCOMING, summary, SUMMARIES)]
    if rel == "TRADE":
        importer, exporter = _name(s), _name(o)
        out += [ox.Quad(trade_node(x, trade_group(importer, exporter, _name(x))), TRADE_OF, summary, SUMMARIES)
                for x in dict.fromkeys((s, o))]
    return out


def stored_relation_links(store: ox.Store, key: Key, summary: ox.NamedNode) -> list[ox.Quad]:
    """The links of the relation summary of ``key`` as stored."""
    kinds = (OUTGOING, INCOMING, TRADE_OF) if key[1] == "TRADE" else (OUTGOING, INCOMING)
    return [q for p in kinds for q in store.quads_for_pattern(None, p, summary, SUMMARIES)]


def pair_links(a: str, b: str, events: int, pair: ox.NamedNode) -> list[ox.Quad]:
    """The links of a pair summary of ``events`` events (none when it has none) from both actors' buckets."""
    if events <= 0:
        return []
    k = bucket_of(events)
    return [ox.Quad(partner_bucket(x, k), PARTNER_PAIR, pair, SUMMARIES) for x in dict.fromkeys((a, b))]


def stored_pair_links(store: ox.Store, pair: ox.NamedNode) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, PARTNER_PAIR, pair, SUMMARIES))


# ------------------------------------------------------------------ stores from before the indexes


def _probe(store: ox.Store) -> ox.NamedNode | None:
    """The relation summary whose links :func:`backfill` writes last (the first one the index lists)."""
    for q in store.quads_for_pattern(None, ox.NamedNode(_GK + "relation"), None, SUMMARIES):
        if q.subject.value.startswith(_SUMMARY + "r-"):
            return q.subject  # type: ignore[return-value]
    return None


def needs_backfill(store: ox.Store) -> bool:
    """Whether the store has relation summaries but not these indexes (two look-ups). An interrupted
    :func:`backfill` is seen too: the probe's links go in last."""
    probe = _probe(store)
    return probe is not None and next(iter(store.quads_for_pattern(None, OUTGOING, probe, SUMMARIES)), None) is None


def _by_subject(store: ox.Store, name: str) -> dict[str, str]:
    return {q.subject.value: q.object.value
            for q in store.quads_for_pattern(None, ox.NamedNode(_GK + name), None, SUMMARIES)}


def index_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every link, from the summaries graph alone (one scan per property read)."""
    events = _by_subject(store, "events")
    subjects, objects = _by_subject(store, "subject"), _by_subject(store, "object")
    for node, rel in _by_subject(store, "relation").items():
        if node.startswith(_SUMMARY + "r-") and node in subjects and node in objects and node in events:
            key = (subjects[node][len(_GKA):], rel.rsplit("#", 1)[-1], objects[node][len(_GKA):])
            yield from relation_links(key, ox.NamedNode(node), int(events[node]))
    del subjects, objects
    b = _by_subject(store, "actorB")
    for node, a in _by_subject(store, "actorA").items():
        if node in b and node in events:
            yield from pair_links(a[len(_GKA):], b[node][len(_GKA):], int(events[node]), ox.NamedNode(node))


def backfill(store: ox.Store, chunk: int = 200_000) -> int:
    """Write every link of the store's summaries (a store from before them; what the writes and
    ``rebuild_derived`` keep), ``chunk`` quads per ``Store.extend``, the probe's last; the number written."""
    probe = _probe(store)
    last: list[ox.Quad] = []
    pending: list[ox.Quad] = []
    done = 0
    for q in index_quads(store):
        if q.object == probe and q.predicate in (INCOMING, OUTGOING):
            last.append(q)
            continue
        pending.append(q)
        if len(pending) >= chunk:
            store.extend(pending)
            done += len(pending)
            pending = []
    store.extend(pending + last)
    return done + len(pending) + len(last)
