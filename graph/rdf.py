"""Triples <-> RDF quads, exactly as docs/schema.md lays them out.

:func:`article_quads` turns one article and its triples into the quads of the
article's named graph; :func:`triples_from_quads` reads them back as ``Triple``
records. Both are pure functions on pyoxigraph terms (the store's native terms,
so the hot path never converts through rdflib).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from geokg.graph.mentions import mention_quads
from geokg.graph.namespace import (
    ACTORS_GRAPH,
    GK,
    GKA,
    GKART,
    RELATIONS,
    WD,
    actor_iri,
    article_iri,
    evidence_iri,
    statement_iri,
)
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, EventDate, Evidence, Triple

log = logging.getLogger(__name__)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


A = _n(RDF.type)
LABEL = _n(RDFS.label)
SAME_AS = _n(OWL.sameAs)
TITLE, DATE, SOURCE = _n(DCTERMS.title), _n(DCTERMS.date), _n(DCTERMS.source)
DERIVED_FROM, QUOTED_FROM = _n(PROV.wasDerivedFrom), _n(PROV.wasQuotedFrom)
XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH = _n(XSD.date), _n(XSD.gYear), _n(XSD.gYearMonth)
ACTORS = _n(ACTORS_GRAPH)
# every gk: term, as pyoxigraph nodes (GK[...] raises on an unknown name, so a typo fails at import)
T: dict[str, ox.NamedNode] = {
    name: _n(GK[name])
    for name in (
        "Article", "Statement", "Evidence", "subject", "object", "relation", "predicate", "mode", "cameo",
        "score", "confidence", "negated", "attributedTo", "role", "commodity", "share", "amount", "modality",
        "evidence", "sentence", "start", "end", "key", "country", "url", "path", "dateText", *ACTOR_TYPES,
        *RELATIONS,
    )
}
RELATION_NODES = {name: T[name] for name in RELATIONS}
NODE_RELATIONS = {node.value: name for name, node in RELATION_NODES.items()}
ACTOR_TYPE_NODES = {T[t].value: t for t in ACTOR_TYPES}
# Triple.attributes keys with a schema property, and whether the value is a number
ATTRIBUTES: dict[str, bool] = {"role": False, "commodity": False, "share": True, "amount": False,
                               "modality": False}


def _date(value: str) -> ox.Literal:
    """xsd:date when the value is an ISO date, else a plain string (kept, never dropped)."""
    try:
        return ox.Literal(dt.date.fromisoformat(value[:10]).isoformat(), datatype=XSD_DATE)
    except ValueError:
        return ox.Literal(value)


def event_date_literal(value: str, precision: str) -> ox.Literal:
    """An event date typed by its precision: xsd:date (day), xsd:gYearMonth (month), xsd:gYear (year)."""
    if precision == "year" and len(value) == 4 and value.isdigit():
        return ox.Literal(value, datatype=XSD_GYEAR)
    if precision == "month" and len(value) == 7 and value[:4].isdigit() and value[5:].isdigit():
        return ox.Literal(value, datatype=XSD_GYEARMONTH)
    return _date(value)


def precision_of(lit: ox.Literal) -> str:
    """The precision an event-date literal's datatype says (see :func:`event_date_literal`)."""
    return {XSD_GYEAR.value: "year", XSD_GYEARMONTH.value: "month"}.get(lit.datatype.value, "day")


def _double(value: float) -> ox.Literal:
    # ox.Literal(float) is xsd:double in Oxigraph's canonical form ("-6", not "-6.0"): the form
    # the store gives back, so an unchanged article compares equal and is not rewritten
    return ox.Literal(float(value))


def merge_statements(triples: Iterable[Triple]) -> dict[str, Triple]:
    """Triples keyed by ``statement_id``; the same statement twice becomes one, its evidence
    spans unioned (first-seen order) and its confidence the highest reported."""
    merged: dict[str, Triple] = {}
    for t in triples:
        if not t.evidence:
            raise ValueError(f"{t.subject.key} {t.relation} {t.object.key} has no evidence; every statement "
                             f"keeps the text it was read from")
        sid = t.statement_id
        old = merged.get(sid)
        if old is None:
            merged[sid] = t
            continue
        spans = list(old.evidence)
        spans += [e for e in t.evidence if (e.sentence, e.start, e.end) not in
                  {(s.sentence, s.start, s.end) for s in spans}]
        merged[sid] = Triple(
            subject=old.subject, relation=old.relation, object=old.object, evidence=tuple(spans),
            predicate=old.predicate, mode=old.mode or t.mode, cameo=old.cameo or t.cameo,
            score=old.score if old.score is not None else t.score,
            attributes=tuple(sorted({**dict(t.attributes), **dict(old.attributes)}.items())),
            negated=old.negated, attributed_to=old.attributed_to or t.attributed_to,
            confidence=max(old.confidence, t.confidence), published=old.published or t.published,
            event_date=old.event_date or t.event_date, article_id=old.article_id,
        )
    return merged


def actor_quads(actor: Actor) -> list[ox.Quad]:
    """The actor's description, in the store-wide actors graph (one description per actor)."""
    if actor.type not in ACTOR_TYPES:
        raise ValueError(f"actor {actor.key!r} has type {actor.type!r}; expected one of "
                         f"{', '.join(ACTOR_TYPES)}")
    node, g = _n(actor_iri(actor.key)), ACTORS
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


def actors_of(triples: Iterable[Triple]) -> dict[str, Actor]:
    """key -> actor for every actor the triples name (subject, object, speaker), first seen wins."""
    out: dict[str, Actor] = {}
    for t in triples:
        for actor in (t.subject, t.object, t.attributed_to):
            if actor is not None and actor.key not in out:
                out[actor.key] = actor
    return out


def article_node_quads(article: Article, g: ox.NamedNode) -> list[ox.Quad]:
    """The article node itself (type, path, title, date, source, url) in its graph ``g``."""
    quads: list[ox.Quad] = [ox.Quad(g, A, T["Article"], g), ox.Quad(g, T["path"], ox.Literal(article.ref), g)]
    if article.title:
        quads.append(ox.Quad(g, TITLE, ox.Literal(article.title), g))
    if article.date:
        quads.append(ox.Quad(g, DATE, _date(article.date), g))
    if article.source:
        quads.append(ox.Quad(g, SOURCE, ox.Literal(article.source), g))
    if article.url:
        quads.append(ox.Quad(g, T["url"], ox.Literal(article.url), g))
    return quads


def article_quads(article: Article, triples: Sequence[Triple]) -> list[ox.Quad]:
    """The quads of the article's named graph ``gkart:{id}``: the article and its statements
    (the reports), without duplicates. Actor descriptions are not in it (:func:`actor_quads`).

    >>> from geokg.ingest.models import Article
    >>> len(article_quads(Article.make("Nothing happened.", ref="x.txt"), []))
    2
    """
    g = _n(article_iri(article.id))
    quads = article_node_quads(article, g)

    statements = merge_statements(triples)
    quads += mention_quads(article, statements, g)
    for sid, t in statements.items():
        if t.relation not in RELATION_NODES:
            raise ValueError(f"unknown relation {t.relation!r} in statement {sid}; expected one of "
                             f"{', '.join(RELATIONS)}")
        for actor in (t.subject, t.object, t.attributed_to):
            if actor is not None and actor.type not in ACTOR_TYPES:
                raise ValueError(f"actor {actor.key!r} has type {actor.type!r}; expected one of "
                                 f"{', '.join(ACTOR_TYPES)}")
        s = _n(statement_iri(sid))
        quads += [
            ox.Quad(s, A, T["Statement"], g),
            ox.Quad(s, T["subject"], _n(actor_iri(t.subject.key)), g),
            ox.Quad(s, T["object"], _n(actor_iri(t.object.key)), g),
            ox.Quad(s, T["relation"], RELATION_NODES[t.relation], g),
            ox.Quad(s, T["confidence"], _double(t.confidence), g),
            ox.Quad(s, DERIVED_FROM, g, g),
        ]
        if t.negated:  # absent means false: one quad fewer for nearly every statement
            quads.append(ox.Quad(s, T["negated"], ox.Literal(True), g))
        if t.predicate:
            quads.append(ox.Quad(s, T["predicate"], ox.Literal(t.predicate), g))
        if t.mode:
            quads.append(ox.Quad(s, T["mode"], ox.Literal(t.mode), g))
        if t.cameo:
            quads.append(ox.Quad(s, T["cameo"], ox.Literal(t.cameo), g))
        if t.score is not None:
            quads.append(ox.Quad(s, T["score"], _double(t.score), g))
        if t.attributed_to is not None:
            quads.append(ox.Quad(s, T["attributedTo"], _n(actor_iri(t.attributed_to.key)), g))
        if t.event_date is not None:
            # without an event date the article's dcterms:date stands in (Triple.date)
            quads.append(ox.Quad(s, DATE, event_date_literal(t.event_date.value, t.event_date.precision), g))
            if t.event_date.text:
                quads.append(ox.Quad(s, T["dateText"], ox.Literal(t.event_date.text), g))
        for key, value in t.attributes:
            if value is None:
                continue
            if key not in ATTRIBUTES:
                log.warning("statement %s: attribute %r has no RDF property in docs/schema.md; not stored",
                            sid, key)
                continue
            lit = _double(value) if ATTRIBUTES[key] else ox.Literal(str(value))
            quads.append(ox.Quad(s, T[key], lit, g))
        for n, ev in enumerate(t.evidence):
            # the evidence is in the article's graph: which article it quotes is the graph's name
            e = _n(evidence_iri(sid, n))
            quads += [
                ox.Quad(s, T["evidence"], e, g),
                ox.Quad(e, T["sentence"], ox.Literal(ev.sentence), g),
                ox.Quad(e, T["start"], ox.Literal(int(ev.start)), g),
                ox.Quad(e, T["end"], ox.Literal(int(ev.end)), g),
            ]
    return list(dict.fromkeys(quads))


def dataset_quads(article: Article, triples: Sequence[Triple]) -> list[ox.Quad]:
    """The article's graph and the descriptions of its actors: what a bulk load needs (the events
    and summaries are then derived from the article graphs: ``EmbeddedStore.rebuild_derived``)."""
    quads = article_quads(article, triples)
    for actor in actors_of(merge_statements(triples).values()).values():
        quads += actor_quads(actor)
    return quads


# ---------------------------------------------------------------- reading back


def python_value(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value: IRIs and strings as ``str``, numbers as
    ``int``/``float``, booleans as ``bool``, dates as ISO ``str``, ``None`` stays ``None``."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.Literal:
        convert = _CONVERTERS.get(term.datatype.value)
        return term.value if convert is None else convert(term.value)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


_INTEGER_TYPES = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
}
#: Literal datatypes read as Python numbers and booleans (by full IRI: one dict look-up a value);
#: every other literal is its text.
_CONVERTERS: dict[str, Any] = {
    **{f"{XSD}{name}": int for name in _INTEGER_TYPES},
    **{f"{XSD}{name}": float for name in ("double", "float", "decimal")},
    f"{XSD}boolean": lambda text: text in ("true", "1"),
}


def ox_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Python value (or rdflib / pyoxigraph term) as a pyoxigraph term, for query bindings.

    ``str`` is a plain string literal: an IRI must be given as ``rdflib.URIRef`` or
    ``pyoxigraph.NamedNode`` so a name can never be mistaken for an IRI.
    """
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, RdfLiteral):
        return ox.Literal(str(value), language=value.language,
                          datatype=ox.NamedNode(str(value.datatype)) if value.datatype else None)
    if isinstance(value, bool | int | str):
        return ox.Literal(value)
    if isinstance(value, float):
        return _double(value)
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=XSD_DATE)
    raise TypeError(f"cannot bind a {type(value).__name__} into a SPARQL query: {value!r}")


def _graph_index(quads: Iterable[ox.Quad]) -> dict[str, dict[str, list[Any]]]:
    index: dict[str, dict[str, list[Any]]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            index.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    return index


Index = dict[str, dict[str, list[Any]]]


def actor_index(quads: Iterable[ox.Quad]) -> Index:
    """IRI -> predicate -> objects of the actor descriptions among ``quads`` (the actors graph)."""
    return _graph_index(q for q in quads if q.graph_name == ACTORS)


def triples_from_quads(quads: Iterable[ox.Quad], include_negated: bool = True,
                       actors: Index | None = None) -> list[Triple]:
    """Read the statements of one or more article graphs back as ``Triple`` records.

    Actors are described by the actors-graph quads among ``quads`` and by ``actors``
    (:func:`actor_index`, for a caller that reads article graphs one by one). ``published`` is
    the article's date, ``event_date`` the statement's own ``dcterms:date`` (precision from its
    datatype). ``Evidence.article`` is the article's ``gk:path`` and ``Triple.article_id`` its id.
    """
    by_graph: dict[str, list[ox.Quad]] = {}
    described: Index = dict(actors or {})
    for q in quads:
        if q.graph_name == ACTORS and isinstance(q.subject, ox.NamedNode):
            described.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
        elif isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(str(GKART)):
            by_graph.setdefault(q.graph_name.value, []).append(q)
    out: list[Triple] = []
    for graph_iri, graph_quads in by_graph.items():
        out += _triples_of_graph(graph_iri, _graph_index(graph_quads), described, include_negated)
    return out


def _first(props: dict[str, list[Any]], term: ox.NamedNode) -> Any:
    values = props.get(term.value)
    return python_value(values[0]) if values else None


def _actor(index: Index, node: Any) -> Actor:
    props = index.get(node.value, {})
    key = _first(props, T["key"]) or unquote(node.value.removeprefix(str(GKA)))
    types = [ACTOR_TYPE_NODES[t.value] for t in props.get(A.value, []) if t.value in ACTOR_TYPE_NODES]
    country = _first(props, T["country"])
    same = [v.value for v in props.get(SAME_AS.value, []) if v.value.startswith(str(WD))]
    return Actor(
        key=key, name=_first(props, LABEL) or key, type=types[0] if types else "Location",
        country=unquote(country.removeprefix(str(GKA))) if country else None,
        wikidata=same[0].removeprefix(str(WD)) if same else None,
    )


def _evidence_number(iri: str) -> tuple[int, str]:
    tail = iri.rsplit("-e", 1)[-1]
    return (int(tail), iri) if tail.isdigit() else (1 << 30, iri)


def _event_date(props: dict[str, list[Any]]) -> EventDate | None:
    values = props.get(DATE.value)
    if not values:
        return None
    return EventDate(values[0].value, precision_of(values[0]), _first(props, T["dateText"]))


def _triples_of_graph(graph_iri: str, index: Index, actors: Index, include_negated: bool) -> list[Triple]:
    article_id = unquote(graph_iri.removeprefix(str(GKART)))
    ref = _first(index.get(graph_iri, {}), T["path"]) or article_id
    published = _first(index.get(graph_iri, {}), DATE)
    out: list[Triple] = []
    for props in index.values():
        if T["Statement"] not in props.get(A.value, []):
            continue
        negated = bool(_first(props, T["negated"]))
        if negated and not include_negated:
            continue
        spans = []
        # gks:{sid}-e{n}: n keeps the order the spans were reported in
        for ev in sorted(props.get(T["evidence"].value, []), key=lambda e: _evidence_number(e.value)):
            ep = index.get(ev.value, {})
            spans.append(Evidence(ref, _first(ep, T["sentence"]) or "", _first(ep, T["start"]) or 0,
                                  _first(ep, T["end"]) or 0))
        attrs = {k: _first(props, T[k]) for k in ATTRIBUTES if _first(props, T[k]) is not None}
        attributed = props.get(T["attributedTo"].value)
        out.append(Triple(
            subject=_actor(actors, props[T["subject"].value][0]),
            relation=NODE_RELATIONS[props[T["relation"].value][0].value],
            object=_actor(actors, props[T["object"].value][0]),
            evidence=tuple(spans), predicate=_first(props, T["predicate"]) or "",
            mode=_first(props, T["mode"]), cameo=_first(props, T["cameo"]), score=_first(props, T["score"]),
            attributes=tuple(sorted(attrs.items())), negated=negated,
            attributed_to=_actor(actors, attributed[0]) if attributed else None,
            confidence=float(_first(props, T["confidence"]) or 0.0), published=published,
            event_date=_event_date(props),
            article_id=article_id,
        ))
    return out
