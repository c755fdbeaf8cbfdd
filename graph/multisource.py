"""Per relation category, its distinct events of two sources or more: ``gksum:ms-{RELATION} gk:multiSource
gke:{eid}`` in the summaries graph.

``who-did`` with ``min_sources`` > 1 wants a category's events that several outlets report. Most events
have one source, but a store of several outlets has many that have more, of every category: starting
from all of those (every ``gk:sources`` quad) reads the other categories' too. The quad is written with
the event's ``gk:sources`` by ``derive_relation`` (graph/derived.py), so it is kept, moved and removed
with the event like the rest of the relation's derived quads. A store from before gets them at its first
writable opening (:func:`backfill`).
"""
from __future__ import annotations

import pyoxigraph as ox

from geokg.graph.namespace import GK, GKSUM

MULTI_SOURCE = ox.NamedNode(str(GK.multiSource))


def multi_source_node(relation: str) -> ox.NamedNode:
    """``gksum:ms-{RELATION}``: the events of that relation category with two sources or more."""
    return ox.NamedNode(f"{GKSUM}ms-{relation}")


def missing(store: ox.Store, events: ox.NamedNode, summaries: ox.NamedNode) -> bool:
    """True for a store whose events of several sources have no ``gk:multiSource`` quad (two look-ups)."""
    sources = ox.NamedNode(str(GK.sources))
    return (next(iter(store.quads_for_pattern(None, sources, None, events)), None) is not None
            and next(iter(store.quads_for_pattern(None, MULTI_SOURCE, None, summaries)), None) is None)


def backfill_quads(store: ox.Store, events: ox.NamedNode, summaries: ox.NamedNode) -> list[ox.Quad]:
    """The ``gk:multiSource`` quads of every event the store holds with ``gk:sources`` (two look-ups each:
    its relation summary, that summary's relation)."""
    sources, event, relation = (ox.NamedNode(str(t)) for t in (GK.sources, GK.event, GK.relation))
    out: list[ox.Quad] = []
    for q in store.quads_for_pattern(None, sources, None, events):
        summary = next(iter(store.quads_for_pattern(None, event, q.subject, summaries)), None)
        if summary is None:
            continue
        rel = next(iter(store.quads_for_pattern(summary.subject, relation, None, summaries)), None)
        if rel is not None:
            out.append(ox.Quad(multi_source_node(rel.object.value.rsplit("#", 1)[-1]), MULTI_SOURCE, q.subject,
                               summaries))
    return out
