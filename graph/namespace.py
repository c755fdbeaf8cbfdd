"""The geokg namespaces: ontology terms (``GK``) and the IRIs of actors, articles, statements.

``GK`` is a closed vocabulary: ``GK.ASSAULT`` is a term of ``graph/ontology.ttl``,
``GK.NoSuchTerm`` raises ``AttributeError`` (a typo fails at once, not in a query
that silently returns nothing). The layout of every IRI is docs/schema.md.

>>> GK.ASSAULT
rdflib.term.URIRef('https://w3id.org/geokg/ontology#ASSAULT')
>>> actor_iri("RUS")
rdflib.term.URIRef('https://w3id.org/geokg/actor/RUS')
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/geokg/ontology"
GKA = Namespace("https://w3id.org/geokg/actor/")
GKART = Namespace("https://w3id.org/geokg/article/")
GKS = Namespace("https://w3id.org/geokg/statement/")
GKE = Namespace("https://w3id.org/geokg/event/")
GKSUM = Namespace("https://w3id.org/geokg/summary/")
#: Month indexes in the article graphs (graph/mentions.py).
GKIX = Namespace("https://w3id.org/geokg/index/")
WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/geokg/graph/ontology")
#: One description per actor, store-wide (docs/schema.md).
ACTORS_GRAPH = URIRef("https://w3id.org/geokg/graph/actors")
#: Distinct events, each linking the reports (article statements) it merges.
EVENTS_GRAPH = URIRef("https://w3id.org/geokg/graph/events")
#: Aggregates kept at write time: per relation (subject, relation, object), per pair, per actor.
SUMMARY_GRAPH = URIRef("https://w3id.org/geokg/graph/summaries")

#: The 16 PLOVER event categories, in the manual's order (cooperation to conflict).
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
#: Relations that describe standing structure rather than an event.
STRUCTURAL_RELATIONS: tuple[str, ...] = ("ROLE", "TRADE", "MEMBER_OF", "ALLY_OF")
RELATIONS: tuple[str, ...] = PLOVER_CATEGORIES + STRUCTURAL_RELATIONS


class GK(DefinedNamespace):
    """Terms of the geokg ontology (``https://w3id.org/geokg/ontology#``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Actor: URIRef
    Country: URIRef
    Person: URIRef
    Organization: URIRef
    Group: URIRef
    Location: URIRef
    Article: URIRef
    Statement: URIRef
    Evidence: URIRef
    Relation: URIRef
    Event: URIRef
    RelationSummary: URIRef
    PairSummary: URIRef
    ActorSummary: URIRef
    EventCategory: URIRef
    StructuralRelation: URIRef

    # PLOVER event categories (properties between actors and individuals carrying modes/CAMEO/score)
    AGREE: URIRef
    CONSULT: URIRef
    SUPPORT: URIRef
    CONCEDE: URIRef
    COOPERATE: URIRef
    AID: URIRef
    RETREAT: URIRef
    REQUEST: URIRef
    ACCUSE: URIRef
    REJECT: URIRef
    THREATEN: URIRef
    PROTEST: URIRef
    SANCTION: URIRef
    MOBILIZE: URIRef
    COERCE: URIRef
    ASSAULT: URIRef

    # structural relations
    ROLE: URIRef
    TRADE: URIRef
    MEMBER_OF: URIRef
    ALLY_OF: URIRef

    # properties
    subject: URIRef
    object: URIRef
    relation: URIRef
    predicate: URIRef
    mode: URIRef
    cameo: URIRef
    score: URIRef
    confidence: URIRef
    negated: URIRef
    attributedTo: URIRef
    role: URIRef
    commodity: URIRef
    share: URIRef
    amount: URIRef
    modality: URIRef
    evidence: URIRef
    sentence: URIRef
    start: URIRef
    end: URIRef
    key: URIRef
    country: URIRef
    url: URIRef
    path: URIRef
    dateText: URIRef
    report: URIRef
    reports: URIRef
    sources: URIRef
    evidenceCount: URIRef
    event: URIRef
    events: URIRef
    scoredEvents: URIRef
    scoreSum: URIRef
    conflict: URIRef
    cooperation: URIRef
    firstDate: URIRef
    lastDate: URIRef
    actorA: URIRef
    actorB: URIRef
    actor: URIRef
    asSubject: URIRef
    asObject: URIRef
    degree: URIRef
    bucket: URIRef
    item: URIRef
    maxSources: URIRef
    sourcesTally: URIRef
    ranked: URIRef
    denial: URIRef
    periodEvent: URIRef
    firstSeen: URIRef
    multiSource: URIRef
    incoming: URIRef
    outgoing: URIRef
    partnerPair: URIRef
    tradeOf: URIRef
    month: URIRef
    monthEvent: URIRef
    monthReport: URIRef
    monthDenial: URIRef
    yearOf: URIRef
    year: URIRef
    yearScores: URIRef
    subjectTally: URIRef
    objectTally: URIRef


def _segment(value: str) -> str:
    # keys and ids are slugs/codes/hashes already; quoting keeps a stray space or '#' from breaking the IRI
    return quote(value, safe="-._~")


def actor_iri(key: str) -> URIRef:
    """``gka:{key}``, the IRI of an actor."""
    return GKA[_segment(key)]


def article_iri(article_id: str) -> URIRef:
    """``gkart:{id}``, the IRI of an article and of its named graph."""
    return GKART[_segment(article_id)]


def statement_iri(sid: str) -> URIRef:
    """``gks:{sid}``, the IRI of a statement."""
    return GKS[_segment(sid)]


def evidence_iri(sid: str, n: int) -> URIRef:
    """``gks:{sid}-e{n}``, the IRI of the n-th evidence span of a statement."""
    return GKS[f"{_segment(sid)}-e{n}"]


def event_iri(eid: str) -> URIRef:
    """``gke:{id}``, the IRI of a distinct event (``geokg.graph.events.Event.id``)."""
    return GKE[_segment(eid)]


PREFIXES: dict[str, str] = {
    "gk": str(GK._NS),
    "gka": str(GKA),
    "gkart": str(GKART),
    "gks": str(GKS),
    "gke": str(GKE),
    "gksum": str(GKSUM),
    "gkix": str(GKIX),
    "wd": str(WD),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


#: The ``@context`` of the JSON-LD export: the prefixes above (ontology, actors, articles, statements,
#: events, summaries, PROV-O, Dublin Core, ...), inline so no reader fetches a remote context.
JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)


def local_name(iri: str, namespace: str) -> str:
    """The part of ``iri`` after ``namespace`` (``ValueError`` when it is not in it)."""
    if not iri.startswith(namespace):
        raise ValueError(f"{iri} is not in {namespace}")
    return iri[len(namespace):]
