"""The geokg ontology, generated from one table so the PLOVER values cannot drift.

``graph/ontology.ttl`` is the output of :func:`ontology_graph` (regenerate it with
``python -m geokg.graph.ontology > graph/ontology.ttl``); a test fails when the two
differ. The PLOVER values (CAMEO root, conflict-cooperation score, modes,
description) come from the project's table ``ingest/data/plover.tsv``, the one
source the extractor reads too.
"""
from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from geokg.graph.namespace import (
    GK,
    ONTOLOGY_IRI,
    PLOVER_CATEGORIES,
    PREFIXES,
    STRUCTURAL_RELATIONS,
)

ONTOLOGY_TTL = Path(__file__).with_name("ontology.ttl")
SHAPES_TTL = Path(__file__).with_name("shapes.ttl")
PLOVER_TSV = Path(__file__).resolve().parent.parent / "ingest" / "data" / "plover.tsv"


@dataclass(frozen=True)
class PloverCategory:
    name: str
    cameo_root: str
    score: float
    modes: tuple[str, ...]
    description: str


STRUCTURAL_COMMENTS: dict[str, tuple[str, str]] = {
    "ROLE": ("holds office", "The subject person holds an office (attribute gk:role) for the object "
                             "country or organisation."),
    "TRADE": ("imports from", "The subject imports the gk:commodity from the object; gk:share (percent) and "
                              "gk:amount when stated."),
    "MEMBER_OF": ("member of", "The subject is a member of the object organisation or alliance."),
    "ALLY_OF": ("ally of", "The subject is an ally of the object."),
}

CLASSES: dict[str, tuple[str | None, str, str]] = {  # name: (superclass, label, comment)
    "Actor": (None, "actor", "Someone who does or undergoes something: a country, person, organisation, "
                             "group or location. Identified by gk:key; owl:sameAs its Wikidata entity when "
                             "known."),
    "Country": ("Actor", "country", "A sovereign state or observer state, keyed by its ISO 3166-1 alpha-3 "
                                    "code."),
    "Person": ("Actor", "person", "A named person, usually an official; gk:country is the office's country."),
    "Organization": ("Actor", "organization", "An international or national organisation (EU, NATO, UN)."),
    "Group": ("Actor", "group", "An armed or social group (Islamic State, a rebel movement, protesters)."),
    "Location": ("Actor", "location", "A place that is not a country, named as an actor or target."),
    "Article": (None, "article", "A news article; its IRI is also the named graph holding what it reports."),
    "Statement": (None, "statement", "One reported subject-relation-object statement with its qualifiers and "
                                     "provenance (the Wikidata statement model)."),
    "Evidence": (None, "evidence", "A span of an article's cleaned text that reports a statement."),
    "Relation": (None, "relation", "A relation between actors: a PLOVER event category or a structural "
                                   "relation. Each is both an owl:ObjectProperty (the truthy triple) and an "
                                   "individual carrying its CAMEO root code, score and modes (OWL 2 "
                                   "punning)."),
    "Event": (None, "event", "A distinct event: the statements of several articles (its gk:report) that "
                             "report the same subject, relation, object and predicate family at compatible "
                             "dates, merged by graph/events.py."),
    "RelationSummary": (None, "relation summary", "Totals over the distinct events of one subject, relation "
                                                  "and object, kept at write time."),
    "PairSummary": (None, "pair summary", "Totals over the distinct events between two actors (either "
                                          "direction), kept at write time; gk:actorA sorts before gk:actorB."),
    "ActorSummary": (None, "actor summary", "Totals over the distinct events of one actor, kept at write time."),
    "EventCategory": ("Relation", "event category", "One of the 16 PLOVER event categories."),
    "StructuralRelation": ("Relation", "structural relation", "A standing relation: ROLE, TRADE, MEMBER_OF, "
                                                              "ALLY_OF."),
}

# name: (kind, range, label, comment); kind "object" or "data"
PROPERTIES: dict[str, tuple[str, URIRef, str, str]] = {
    "subject": ("object", GK.Actor, "subject", "The actor who does what the statement reports."),
    "object": ("object", GK.Actor, "object", "The actor the statement's action is aimed at."),
    "relation": ("object", GK.Relation, "relation", "The statement's relation: a PLOVER category or a "
                                                    "structural relation."),
    "predicate": ("data", XSD.string, "predicate", "The project's finer predicate (cancel_visit, shoot_down, "
                                                   "condemn, import)."),
    "mode": ("data", XSD.string, "mode", "The PLOVER mode of a statement (aerial, visit, withdraw); on a "
                                         "category, one of the modes it admits."),
    "cameo": ("data", XSD.string, "CAMEO code", "The CAMEO root code of a statement or a category."),
    "score": ("data", XSD.double, "score", "The PLOVER conflict-cooperation score, from -10 (conflict) to "
                                           "+10 (cooperation), of a statement or a category."),
    "confidence": ("data", XSD.double, "confidence", "How sure the extractor is of the statement, in "
                                                     "[0, 1]."),
    "negated": ("data", XSD.boolean, "negated", "True when the article reports that the event did not "
                                                "happen; negated statements have no truthy triple."),
    "attributedTo": ("object", GK.Actor, "attributed to", "The actor who claims the statement (\"Turkey says "
                                                          "...\")."),
    "role": ("data", XSD.string, "role", "The office a ROLE statement's subject holds (president, foreign "
                                         "minister)."),
    "commodity": ("data", XSD.string, "commodity", "What a TRADE statement's subject imports (gas, oil)."),
    "share": ("data", XSD.double, "share", "The percentage of the commodity a TRADE statement covers."),
    "amount": ("data", XSD.string, "amount", "The quantity a statement mentions, as written."),
    "modality": ("data", XSD.string, "modality", "The modal verb that hedges or projects the event (will, may, "
                                                 "could, must), when there is one."),
    "evidence": ("object", GK.Evidence, "evidence", "A span of text that reports the statement."),
    "sentence": ("data", XSD.string, "sentence", "The text of an evidence span."),
    "start": ("data", XSD.integer, "start", "Character offset where the evidence starts in the cleaned "
                                            "text."),
    "end": ("data", XSD.integer, "end", "Character offset where the evidence ends in the cleaned text."),
    "key": ("data", XSD.string, "key", "The actor's stable key: ISO alpha-3 code, organisation code or name "
                                       "slug."),
    "country": ("object", GK.Actor, "country", "The actor's country: itself for a country, the office's "
                                               "country for an official."),
    "url": ("data", XSD.string, "URL", "Where the article was published."),
    "path": ("data", XSD.string, "path", "The path (or id, for stdin and feeds) the article was read from."),
    "dateText": ("data", XSD.string, "date text", "The expression a statement's event date was read from (\"on "
                                                  "Monday\"); absent when the article's date stood in."),
    "report": ("object", GK.Statement, "report", "A statement (in its article's graph) that reports the event."),
    "reports": ("data", XSD.integer, "reports", "How many statements report the event."),
    "sources": ("data", XSD.integer, "sources", "How many independent sources (distinct dcterms:source of the "
                                                "reporting articles) report the event."),
    "evidenceCount": ("data", XSD.integer, "evidence count", "Evidence spans over all of an event's reports."),
    "event": ("object", GK.Event, "event", "A distinct event a relation summary totals."),
    "events": ("data", XSD.integer, "events", "A number of distinct events."),
    "scoredEvents": ("data", XSD.integer, "scored events", "A number of distinct events that carry a score."),
    "scoreSum": ("data", XSD.decimal, "score sum", "The sum of the scores of distinct events."),
    "conflict": ("data", XSD.decimal, "conflict", "The sum of the negative scores of distinct events."),
    "cooperation": ("data", XSD.decimal, "cooperation", "The sum of the positive scores of distinct events."),
    "firstDate": ("data", XSD.string, "first date", "The earliest event date (ISO, at its precision)."),
    "lastDate": ("data", XSD.string, "last date", "The latest event date (ISO, at its precision)."),
    "actorA": ("object", GK.Actor, "actor A", "The pair's actor whose key sorts first."),
    "actorB": ("object", GK.Actor, "actor B", "The pair's actor whose key sorts second."),
    "actor": ("object", GK.Actor, "actor", "The actor an actor summary totals."),
    "asSubject": ("data", XSD.integer, "as subject", "Distinct events with the actor as subject."),
    "asObject": ("data", XSD.integer, "as object", "Distinct events with the actor as object."),
    "degree": ("data", XSD.integer, "degree", "Distinct other actors the actor has events with."),
    "bucket": ("object", RDFS.Resource, "bucket", "A month of an actor's month index (gkix:, in the article "
                                                  "graphs): the months of the articles naming it, or of the "
                                                  "statements attributed to it."),
    "item": ("object", RDFS.Resource, "item", "An article or statement a month index bucket lists."),
    "maxSources": ("data", XSD.integer, "most sources", "The most independent sources of any one distinct event "
                                                        "a pair summary (its scored events) or an actor summary "
                                                        "(all its events) totals; absent: one."),
    "sourcesTally": ("data", XSD.string, "sources tally", "A summary's distinct events of two sources or more by "
                                                          "number of sources (\"2:3 5:1\"): what gk:maxSources "
                                                          "is kept from."),
    "subjectTally": ("data", XSD.string, "subject sources tally", "An actor summary's distinct events of two "
                                                                  "sources or more with the actor as subject, by "
                                                                  "number of sources (as gk:sourcesTally)."),
    "objectTally": ("data", XSD.string, "object sources tally", "An actor summary's distinct events of two "
                                                                "sources or more with the actor as object, by "
                                                                "number of sources (as gk:sourcesTally)."),
    "ranked": ("object", RDFS.Resource, "ranked", "A pair or actor summary on one page of ranks of a "
                                                  "ranking (gksum:rank-{ranking}-p{page}), kept at write time."),
    "denial": ("object", GK.Statement, "denial", "A negated statement of the relation (subject, relation, "
                                                 "object) a denial node (gksum:n-{hash}) is named for."),
    "periodEvent": ("object", GK.Event, "period event", "A dated distinct event of the relation category and "
                                                        "period a period node (gksum:c-{RELATION}-{period}) "
                                                        "is named for; on gksum:yp-{YYYY}, an event of "
                                                        "any category dated to that year or one of its "
                                                        "months only."),
    "firstSeen": ("object", RDFS.Resource, "first seen", "A relation summary whose first date is in the period "
                                                         "a node gksum:f-{period} is named for."),
    "multiSource": ("object", GK.Event, "multi-source event", "A distinct event of two independent sources or "
                                                              "more of the relation category a node "
                                                              "gksum:ms-{RELATION} is named for."),
    "incoming": ("object", RDFS.Resource, "incoming", "A relation summary whose object and relation an index "
                                                      "node gksum:in-{hash} is named for."),
    "outgoing": ("object", RDFS.Resource, "outgoing", "A relation summary whose subject and relation an index "
                                                      "node gksum:out-{hash} is named for."),
    "partnerPair": ("object", RDFS.Resource, "partner pair", "A pair summary of the actor a partner bucket "
                                                             "gksum:pb-{hash}-{k} is named for, with 2^(k-1) to "
                                                             "2^k - 1 events."),
    "tradeOf": ("object", RDFS.Resource, "trade of", "A TRADE relation summary of the actor a node "
                                                     "gksum:tr-{hash}-{hh} is named for, whose importer's IRI "
                                                     "name starts with the character of hex code hh."),
    "month": ("object", RDFS.Resource, "month", "A month bucket (gksum:m-{hash}-{month}, gksum:t-{hash}-{month}) "
                                                "of the relation's events or statements a listing node "
                                                "(gksum:m-{hash}, gksum:t-{hash}) is named for."),
    "monthEvent": ("object", GK.Event, "month event", "A distinct event of the relation, dated in the month a "
                                                      "bucket gksum:m-{hash}-{month} is named for."),
    "monthReport": ("object", GK.Statement, "month report", "A statement (not negated) of the relation, dated "
                                                            "(its own date, else its article's) in the month a "
                                                            "bucket gksum:t-{hash}-{month} is named for."),
    "monthDenial": ("object", GK.Statement, "month denial", "A negated statement of the relation, dated (its "
                                                            "own date, else its article's) in the month a "
                                                            "bucket gksum:t-{hash}-{month} is named for."),
    "yearOf": ("object", RDFS.Resource, "year of", "The pair or actor summary a year summary "
                                                "(gksum:py-{hash}-{YYYY}, gksum:ay-{hash}-{YYYY}) counts one "
                                                "year of: its events dated to a day of that year."),
    "year": ("data", XSD.integer, "year", "The year a year summary counts."),
    "yearScores": ("data", XSD.string, "year scores", "On gksum:pys-{hash}: the pair's score sum of each year "
                                                      "it has a scored event in (\"2018:-40 2019:-12.5\")."),
}


def _split_modes(text: str) -> tuple[str, ...]:
    return tuple(m.strip().lower() for m in re.split(r"[,;|/\s]+", text or "") if m.strip())


def plover_table(path: Path | None = None) -> tuple[PloverCategory, ...]:
    """The 16 PLOVER categories of ``ingest/data/plover.tsv`` (tab-separated, header: category,
    cameo_root, score, modes, description; ``#`` lines are comments), in the manual's order."""
    path = path or PLOVER_TSV
    if not path.exists():
        raise FileNotFoundError(f"the PLOVER table {path} is missing; the ontology is generated from it")
    rows: dict[str, PloverCategory] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        name = (row.get("category") or "").strip().upper()
        if name not in PLOVER_CATEGORIES:
            continue
        rows[name] = PloverCategory(
            name=name, cameo_root=(row.get("cameo_root") or "").strip(),
            score=float((row.get("score") or "0").replace("\u2212", "-")),
            modes=_split_modes(row.get("modes") or ""), description=(row.get("description") or "").strip(),
        )
    missing = [c for c in PLOVER_CATEGORIES if c not in rows]
    if missing:
        raise ValueError(f"{path} lacks the PLOVER categories {', '.join(missing)}")
    return tuple(rows[c] for c in PLOVER_CATEGORIES)


def ontology_graph(table: tuple[PloverCategory, ...] | None = None) -> Graph:
    """The ontology as an rdflib Graph (what ``graph/ontology.ttl`` must hold)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    onto = URIRef(ONTOLOGY_IRI)
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("geokg ontology", lang="en")))
    g.add((onto, RDFS.comment, Literal(
        "Actors, articles, statements with evidence, and the relations between actors: the 16 PLOVER event "
        "categories and the structural relations ROLE, TRADE, MEMBER_OF, ALLY_OF.", lang="en")))
    g.add((onto, DCTERMS.source, URIRef("https://github.com/openeventdata/PLOVER")))

    def describe(term: URIRef, label: str, comment: str) -> None:
        g.add((term, RDFS.label, Literal(label, lang="en")))
        g.add((term, RDFS.comment, Literal(comment, lang="en")))
        g.add((term, RDFS.isDefinedBy, onto))

    for name, (sup, label, comment) in CLASSES.items():
        term = GK[name]
        g.add((term, RDF.type, OWL.Class))
        if sup:
            g.add((term, RDFS.subClassOf, GK[sup]))
        describe(term, label, comment)

    def relation(name: str, kind: URIRef, label: str, comment: str) -> URIRef:
        term = GK[name]
        g.add((term, RDF.type, OWL.ObjectProperty))
        g.add((term, RDF.type, kind))
        g.add((term, RDFS.domain, GK.Actor))
        g.add((term, RDFS.range, GK.Actor))
        describe(term, label, comment)
        return term

    for cat in table or plover_table():
        term = relation(cat.name, GK.EventCategory, cat.name.lower(), cat.description)
        g.add((term, GK.cameo, Literal(cat.cameo_root)))
        g.add((term, GK.score, Literal(float(cat.score), datatype=XSD.double)))
        for mode in cat.modes:
            g.add((term, GK.mode, Literal(mode)))
    for name in STRUCTURAL_RELATIONS:
        label, comment = STRUCTURAL_COMMENTS[name]
        relation(name, GK.StructuralRelation, label, comment)

    for name, (kind, rng, label, comment) in PROPERTIES.items():
        term = GK[name]
        g.add((term, RDF.type, OWL.ObjectProperty if kind == "object" else OWL.DatatypeProperty))
        g.add((term, RDFS.range, rng))
        describe(term, label, comment)
    return g


def render_ontology() -> str:
    header = ("# The geokg ontology. GENERATED by `python -m geokg.graph.ontology > graph/ontology.ttl`\n"
              "# from graph/ontology.py and ingest/data/plover.tsv: edit those, not this file.\n")
    return header + ontology_graph().serialize(format="turtle")


def load_ontology() -> Graph:
    """``graph/ontology.ttl`` parsed."""
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


if __name__ == "__main__":
    sys.stdout.write(render_ontology())
