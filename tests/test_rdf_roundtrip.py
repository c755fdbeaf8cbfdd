"""Triples -> quads -> Triples, the ontology, and every RDF dump parsed back by rdflib."""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from fixture_graph import ART_1, ART_2, TRIPLES_1, TRIPLES_2
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from geokg.graph.namespace import GK, ONTOLOGY_GRAPH, PLOVER_CATEGORIES, RELATIONS, article_iri
from geokg.graph.ontology import (
    CLASSES,
    PROPERTIES,
    load_ontology,
    ontology_graph,
    plover_table,
)
from geokg.graph.rdf import article_quads, dataset_quads, triples_from_quads
from geokg.graph.store import RDF_FORMATS, EmbeddedStore
from geokg.ingest.models import Article

RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                 "jsonld": "json-ld"}


def test_quads_read_back_as_the_same_triples(fixture_graph):
    for article, triples in fixture_graph:
        back = triples_from_quads(dataset_quads(article, triples))
        assert sorted(map(repr, back)) == sorted(map(repr, triples))


def test_event_dates_read_back_at_their_precision():
    from geokg.ingest.models import EventDate, Triple

    base = TRIPLES_1[2]
    for date in (EventDate("2015-11-23", "day", "on Monday"), EventDate("2015-11", "month", "in November"),
                 EventDate("2015", "year", "in 2015")):
        t = Triple(**{**base.__dict__, "event_date": date})
        quads = dataset_quads(ART_1, [t])
        (lit,) = [q.object for q in quads if q.predicate.value == "http://purl.org/dc/terms/date"
                  and q.subject.value != str(article_iri(ART_1.id))]
        assert lit.datatype.value == str({"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision])
        (back,) = triples_from_quads(quads)
        assert back.event_date == date and back.published == ART_1.date and back.date == date.value


def test_the_article_graph_holds_the_article_and_actors_are_described_once():
    g = ox.NamedNode(str(article_iri(ART_1.id)))
    quads = article_quads(ART_1, TRIPLES_1)
    assert {q.graph_name for q in quads} == {g}
    assert len(quads) == len(set(quads))
    actors = [q for q in dataset_quads(ART_1, TRIPLES_1) if q.graph_name != g]
    assert {q.graph_name.value for q in actors} == {"https://w3id.org/geokg/graph/actors"}
    labels = [q for q in actors if q.predicate.value == str(RDFS.label)]
    assert len(labels) == len({q.subject for q in labels}) == 4  # Lavrov, Putin, Russia, Turkey


def _objects(quads, predicate):
    return [q.object for q in quads if q.predicate.value == str(predicate)]


def test_literals_are_typed():
    quads = article_quads(ART_1, TRIPLES_1)
    dtype = {str(p): {o.datatype.value for o in _objects(quads, p)}
             for p in (GK.score, GK.confidence, GK.share, GK.start, GK.end, GK.negated,
                       URIRef("http://purl.org/dc/terms/date"))}
    assert dtype[str(GK.score)] == dtype[str(GK.confidence)] == dtype[str(GK.share)] == {str(XSD.double)}
    assert dtype[str(GK.start)] == dtype[str(GK.end)] == {str(XSD.integer)}
    assert dtype[str(GK.negated)] == set()  # written only when true
    assert {o.datatype.value for o in _objects(article_quads(ART_2, TRIPLES_2), GK.negated)} == {str(XSD.boolean)}
    assert dtype["http://purl.org/dc/terms/date"] == {str(XSD.date)}


def test_a_date_that_does_not_parse_is_kept_as_a_string():
    article = Article.make("Something.", ref="x.txt", date="autumn 2015")
    (date,) = _objects(article_quads(article, []), URIRef("http://purl.org/dc/terms/date"))
    assert (date.value, date.datatype.value) == ("autumn 2015", str(XSD.string))


def test_negated_statement_has_no_truthy_triple(tmp_path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_article(ART_2, TRIPLES_2)
        quads = list(kg.oxigraph.quads_for_pattern(None, None, None, None))
    relations = {str(GK[r]) for r in RELATIONS}
    truthy = {(q.subject.value.rsplit("/", 1)[1], q.predicate.value.rsplit("#", 1)[1],
               q.object.value.rsplit("/", 1)[1])
              for q in quads if q.predicate.value in relations}
    assert ("RUS", "ASSAULT", "UKR") not in truthy
    assert ("RUS", "SUPPORT", "SYR") in truthy


def test_unknown_terms_raise():
    with pytest.raises(AttributeError):
        GK.NoSuchTerm  # noqa: B018
    with pytest.raises(AttributeError):
        GK["assault"]  # noqa: B018  (case matters)
    assert str(GK.ASSAULT) == "https://w3id.org/geokg/ontology#ASSAULT"


def test_ontology_ttl_is_generated_from_the_table():
    assert isomorphic(load_ontology(), ontology_graph()), (
        "graph/ontology.ttl is out of date: python -m geokg.graph.ontology > graph/ontology.ttl")


def test_plover_values_match_the_table():
    onto = load_ontology()
    table = plover_table()
    assert tuple(c.name for c in table) == PLOVER_CATEGORIES
    for cat in table:
        term = GK[cat.name]
        assert onto.value(term, GK.score).toPython() == cat.score
        assert str(onto.value(term, GK.cameo)) == cat.cameo_root
        assert {str(m) for m in onto.objects(term, GK.mode)} == set(cat.modes)
        assert (term, RDF.type, GK.EventCategory) in onto
    scores = {c.name: c.score for c in table}
    assert (scores["ASSAULT"], scores["SANCTION"], scores["AID"]) == (-9, -6, 10)  # DESIGN.md's fixed points


def test_every_term_is_defined_labelled_and_commented():
    onto = load_ontology()
    names = [n for n in GK.__annotations__ if not n.startswith("_")]
    assert set(names) == set(CLASSES) | set(PROPERTIES) | set(RELATIONS)
    for name in names:
        term = GK[name]
        assert onto.value(term, RDFS.label) is not None, name
        assert onto.value(term, RDFS.comment) is not None, name
        assert (term, RDF.type, None) in onto, name


# ------------------------------------------------------------------ dumps


def _plain(graph: Graph) -> Graph:
    """rdflib keeps "x" and "x"^^xsd:string apart; RDF 1.1 says they are one literal."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def _graphs(ds: Dataset) -> dict[str, Graph]:
    out: dict[str, Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(str(g), Graph()).add((s, p, o))
    return {k: _plain(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def dumped(tmp_path_factory, fixture_graph):
    path = tmp_path_factory.mktemp("dump") / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_many(fixture_graph)
        ds = kg.rdflib_graph()  # the store read through oxrdflib: another path than the dumps
        graphs = _graphs(ds)
        del ds
        dumps = {}
        for fmt in RDF_FORMATS:
            buf = io.BytesIO()
            kg.export(fmt, buf)
            dumps[fmt] = buf.getvalue()
    union = Graph()
    for g in graphs.values():
        union += g
    return graphs, union, dumps


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_triple_dumps_are_the_union_graph(dumped, fmt):
    _, union, dumps = dumped
    parsed = _plain(Graph().parse(data=dumps[fmt], format=RDFLIB_FORMAT[fmt]))
    assert len(parsed) == len(union)
    assert isomorphic(parsed, union)


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_dataset_dumps_keep_every_graph(dumped, fmt):
    graphs, _, dumps = dumped
    ds = Dataset()
    ds.parse(data=dumps[fmt], format=RDFLIB_FORMAT[fmt])
    parsed = _graphs(ds)
    assert set(parsed) == set(graphs)
    # 2 articles, the ontology, actors, events, summaries
    assert str(ONTOLOGY_GRAPH) in parsed and len(parsed) == 7
    for name, graph in graphs.items():
        assert isomorphic(parsed[name], graph), name


def test_jsonld_is_compacted_with_the_project_context(dumped):
    import json

    from geokg.graph.namespace import JSONLD_CONTEXT

    _, _, dumps = dumped
    doc = json.loads(dumps["jsonld"])
    assert doc["@context"] == JSONLD_CONTEXT  # inline: nothing to fetch when it is read back
    for prefix in ("gk", "gka", "gkart", "prov"):
        assert prefix in doc["@context"]
    text = dumps["jsonld"].decode()
    assert '"@id": "gka:RUS"' in text and '"prov:wasDerivedFrom"' in text
    assert "https://w3id.org/geokg/actor/RUS" not in text
