"""The article-graph layout of main before issue 11 (actors described in every article graph, a truthy
triple and ``gk:negated false`` per statement, typed evidence quoting its article): kept only so
bench/store_speed.py can measure quads per statement and load speed *before* and *after* in one run.
"""
from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from geokg.graph.namespace import RELATIONS, WD, actor_iri, article_iri, evidence_iri, statement_iri
from geokg.graph.rdf import (
    ATTRIBUTES,
    DATE,
    DERIVED_FROM,
    LABEL,
    QUOTED_FROM,
    RELATION_NODES,
    SAME_AS,
    A,
    T,
    _date,
    _double,
    _n,
    article_node_quads,
    merge_statements,
)
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Triple


def _actor_quads(actor: Actor, g: ox.NamedNode) -> list[ox.Quad]:
    if actor.type not in ACTOR_TYPES:
        raise ValueError(f"actor {actor.key!r} has type {actor.type!r}; expected one of "
                         f"{', '.join(ACTOR_TYPES)}")
    node = _n(actor_iri(actor.key))
    quads = [
        ox.Quad(node, A, T[actor.type], g),
        ox.Quad(node, LABEL, ox.Literal(actor.name), g),
        ox.Quad(node, T["key"], ox.Literal(actor.key), g),
    ]
    if actor.country:
        quads.append(ox.Quad(node, T["country"], _n(actor_iri(actor.country)), g))
    if actor.wikidata:
        quads.append(ox.Quad(node, SAME_AS, _n(WD[actor.wikidata]), g))
    return quads


def legacy_article_quads(article: Article, triples: Sequence[Triple]) -> list[ox.Quad]:
    """The quads main wrote for the article (all in its graph)."""
    g = _n(article_iri(article.id))
    quads = article_node_quads(article, g)

    for sid, t in merge_statements(triples).items():
        if t.relation not in RELATION_NODES:
            raise ValueError(f"unknown relation {t.relation!r} in statement {sid}; expected one of "
                             f"{', '.join(RELATIONS)}")
        s = _n(statement_iri(sid))
        subj, obj = _n(actor_iri(t.subject.key)), _n(actor_iri(t.object.key))
        quads += _actor_quads(t.subject, g) + _actor_quads(t.object, g)
        if not t.negated:
            quads.append(ox.Quad(subj, RELATION_NODES[t.relation], obj, g))
        quads += [
            ox.Quad(s, A, T["Statement"], g),
            ox.Quad(s, T["subject"], subj, g),
            ox.Quad(s, T["object"], obj, g),
            ox.Quad(s, T["relation"], RELATION_NODES[t.relation], g),
            ox.Quad(s, T["confidence"], _double(t.confidence), g),
            ox.Quad(s, T["negated"], ox.Literal(bool(t.negated)), g),
            ox.Quad(s, DERIVED_FROM, g, g),
        ]
        if t.predicate:
            quads.append(ox.Quad(s, T["predicate"], ox.Literal(t.predicate), g))
        if t.mode:
            quads.append(ox.Quad(s, T["mode"], ox.Literal(t.mode), g))
        if t.cameo:
            quads.append(ox.Quad(s, T["cameo"], ox.Literal(t.cameo), g))
        if t.score is not None:
            quads.append(ox.Quad(s, T["score"], _double(t.score), g))
        if t.attributed_to is not None:
            quads += _actor_quads(t.attributed_to, g)
            quads.append(ox.Quad(s, T["attributedTo"], _n(actor_iri(t.attributed_to.key)), g))
        if t.date:
            quads.append(ox.Quad(s, DATE, _date(t.date), g))  # main had one date per statement
        for key, value in t.attributes:
            if value is None:
                continue
            if key not in ATTRIBUTES:
                continue
            lit = _double(value) if ATTRIBUTES[key] else ox.Literal(str(value))
            quads.append(ox.Quad(s, T[key], lit, g))
        for n, ev in enumerate(t.evidence):
            e = _n(evidence_iri(sid, n))
            quads += [
                ox.Quad(s, T["evidence"], e, g),
                ox.Quad(e, A, T["Evidence"], g),
                ox.Quad(e, T["sentence"], ox.Literal(ev.sentence), g),
                ox.Quad(e, T["start"], ox.Literal(int(ev.start)), g),
                ox.Quad(e, T["end"], ox.Literal(int(ev.end)), g),
                ox.Quad(e, QUOTED_FROM, g, g),
            ]
    return list(dict.fromkeys(quads))
