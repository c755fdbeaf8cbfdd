"""IRIs as data in SPARQL texts (queries/runner.py: ``# values here:``): written by pyoxigraph where the
text asks, never pasted as text; the relation summary nodes of a dyad; every text that uses them asks."""
from __future__ import annotations

import re

import pytest
from rdflib import URIRef

from geokg.graph.denials import denial_node
from geokg.graph.derived import relation_node
from geokg.queries.catalogue import RELATIONS, load_query, query_names
from geokg.queries.runner import inline_values, sparql_iris

TEXT = "SELECT ?x WHERE {\n  {\n    # values here: ?a_iri ?pair\n    ?a_iri ?p ?x\n  }\n}\n"


def test_values_go_where_the_text_says_and_the_rest_stay_substitutions():
    text, rest = inline_values(TEXT, {"a_iri": URIRef("https://w3id.org/geokg/actor/RUS"), "other": 1})
    assert "    VALUES ?a_iri { <https://w3id.org/geokg/actor/RUS> }\n    ?a_iri ?p ?x" in text
    assert "# values here" not in text and rest == {"other": 1}
    pairs, _ = inline_values(TEXT, {"pair": [(URIRef("https://e.org/a"), URIRef("https://e.org/b"))]})
    assert "VALUES (?pair_s ?pair_o) { (<https://e.org/a> <https://e.org/b>) }" in pairs


def test_a_value_cannot_leave_its_block():
    with pytest.raises(ValueError):  # pyoxigraph refuses an IRI with a space or a '>'
        inline_values(TEXT, {"a_iri": URIRef("https://e.org/x> } ?s ?p ?o { <y")})
    text, _ = inline_values(TEXT, {"a_iri": 'x" } DROP ALL { "'})  # not an IRI: an escaped literal
    assert 'VALUES ?a_iri { "x\\" } DROP ALL { \\"" }' in text
    with pytest.raises(ValueError, match="bad variable"):
        inline_values("WHERE {\n  # values here: ?a-b\n}", {})


def test_a_dyad_is_every_relation_both_ways_or_the_category_only():
    q = load_query("evidence")
    text = "?pair_relations ?pair_denials"  # no catalogue text reads them now: the pair months do
    iris = sparql_iris(q, q.convert({"a": "RUS", "b": "TUR"}), text)
    assert len(iris["pair_relations"]) == 40
    assert URIRef(relation_node(("TUR", "ASSAULT", "RUS")).value) in iris["pair_relations"]
    # the denial nodes of the same relations (graph/denials.py)
    assert len(iris["pair_denials"]) == 40
    assert URIRef(denial_node(("TUR", "ASSAULT", "RUS")).value) in iris["pair_denials"]
    assert not set(iris["pair_denials"]) & set(iris["pair_relations"])
    assert [len(p) for p in sparql_iris(q, q.convert({"a": "RUS", "b": "TUR"}), "?dyad")["dyad"]] == [2, 2]
    one = sparql_iris(q, q.convert({"a": "RUS", "b": "TUR", "category": "assault"}), text)
    assert sorted(one["pair_relations"]) == sorted(URIRef(relation_node(k).value)
                                                   for k in (("RUS", "ASSAULT", "TUR"), ("TUR", "ASSAULT", "RUS")))
    assert len(one["pair_denials"]) == 2
    self_pair = sparql_iris(q, q.convert({"a": "RUS", "b": "RUS"}), text + "?dyad")
    assert len(self_pair["dyad"]) == 1 and len(self_pair["pair_relations"]) == 20


def test_the_pair_months_are_the_listings_the_text_reads():
    from geokg.graph.pairdates import listing

    def heads(name: str, **params: str) -> list[str]:
        q = load_query(name)
        values = q.convert({"a": "RUS", "b": "TUR", **params})
        return [str(u) for u in sparql_iris(q, values, q.sparql_for(values))["pair_months"]]

    tur_rus = relation_node(("TUR", "ASSAULT", "RUS"))
    # dyad-history: the events' months and the statements' (for the negated ones)
    assert len(heads("dyad-history")) == 80
    assert {listing("m", tur_rus).value, listing("t", tur_rus).value} <= set(heads("dyad-history"))
    # evidence: the statements' only; of the category only when one is given
    assert sorted(heads("evidence", category="ASSAULT")) == sorted(
        listing("t", relation_node(k)).value for k in (("RUS", "ASSAULT", "TUR"), ("TUR", "ASSAULT", "RUS")))
    # events with B: the events' only
    assert len(heads("events")) == 40 and listing("m", tur_rus).value in heads("events")
    # min_sources above one: the events of two sources or more, and no negated statement (one source each)
    assert heads("dyad-history", min_sources="2") == [listing("s", relation_node(k)).value for k in (
        sorted((s, rel, o) for rel in RELATIONS for s, o in (("RUS", "TUR"), ("TUR", "RUS"))))]
    assert len(heads("evidence", min_sources="2")) == 40  # its statements: those of any event


def test_every_text_that_uses_derived_iris_asks_for_them():
    for name in query_names():
        q = load_query(name)
        for text in (q.sparql, *(v.sparql for v in q.variants)):
            asked = {n.lstrip("?") for m in re.finditer(r"# values here:([^\n]*)", text) for n in m[1].split()}
            for var in ("pair_relations", "pair_denials", "pair_months", "dyad", "top_hostile", "top_cooperative",
                        "top_actors"):
                if f"?{var}" in text.replace("# values here:", ""):
                    assert var in asked, f"{name}: ?{var} used without '# values here: ?{var}'"


def test_a_list_parameter_goes_where_the_text_says_not_after_the_query():
    from geokg.queries.runner import sparql_engine

    seen: list[tuple[str, dict]] = []

    class Recorder:
        def query(self, text: str, bindings: dict) -> list:
            seen.append((text, bindings))
            return []

    sparql_engine(Recorder()).run(load_query("actor-names"), {"keys": ["RUS", 'x" } ?s ?p ?o { "']})
    text, bindings = seen[0]
    inner = text.index('VALUES ?keys { "RUS" "x\\" } ?s ?p ?o { \\"" }')
    assert inner < text.index("GRAPH gkg:actors") and text.rstrip().endswith("ORDER BY ?actor")
    assert "keys" not in bindings
