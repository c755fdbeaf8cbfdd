"""Denials: the negated statements of each relation ``(subject, relation, object)``, linked from a node
whose IRI the runner computes, so `dyad-history` and `evidence` find a dyad's negated statements by
look-ups (``?pair_denials``, queries/runner.py) instead of reading every statement of actor A.

``gksum:n-{hash(subject key, relation, object key)} gk:denial gks:{sid}`` in the summaries graph, one
quad per negated statement (docs/schema.md). Negated statements are no events and move no totals, so
a write's denials are a pure function of its article graphs: the links of the old graph's negated
statements go, the new graph's come.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G, Key, _hash
from geokg.graph.namespace import GKA, GKSUM
from geokg.graph.rdf import T

_SUMMARY, _GKA = str(GKSUM), str(GKA)


@lru_cache(maxsize=1 << 16)
def denial_node(key: Key) -> ox.NamedNode:
    """``gksum:n-{hash}``: the negated statements of the relation ``key`` (subject, relation, object keys)."""
    return ox.NamedNode(f"{_SUMMARY}n-{_hash(*key)}")


def denial_quad(key: Key, statement: ox.NamedNode) -> ox.Quad:
    return ox.Quad(denial_node(key), G["denial"], statement, SUMMARIES)


def denial_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The denial links of the negated statements among one article graph's ``quads``."""
    props: dict[ox.NamedNode, dict[str, ox.Term]] = {}
    wanted = {T[n].value: n for n in ("subject", "relation", "object", "negated")}
    for q in quads:
        name = wanted.get(q.predicate.value)
        if name is not None:
            props.setdefault(q.subject, {})[name] = q.object  # type: ignore[index]
    out = []
    for node, p in props.items():
        negated = p.get("negated")
        if negated is None or negated.value not in ("true", "1") or len(p) < 4:
            continue
        key = (p["subject"].value[len(_GKA):], p["relation"].value.rsplit("#", 1)[-1], p["object"].value[len(_GKA):])
        out.append(denial_quad(key, node))
    return out
