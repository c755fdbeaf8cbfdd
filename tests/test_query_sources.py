"""Issue 10's corroboration in the canned queries: the ``sources`` column and the ``min_sources``
parameter of who-did, hostile-dyads, cooperative-dyads, top-actors, dyad-history and evidence, on
the fixture graph plus a second outlet's report of the Turkish shoot-down (tests/fixture_graph.py:
FIXTURE_MERGING, one event of two sources); and the catalogue's SPARQL variants that answer them."""
from __future__ import annotations

import pytest
from fixture_graph import FIXTURE_MERGING
from query_support import load_embedded

from geokg.queries.catalogue import load_query, parse_query, query_names
from geokg.queries.runner import run_query

SIX = ("who-did", "hostile-dyads", "cooperative-dyads", "top-actors", "dyad-history", "evidence")


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    store = load_embedded(tmp_path_factory.mktemp("sources") / "store", FIXTURE_MERGING)
    yield store
    store.close()


def dicts(store, name: str, **params: str) -> list[dict]:
    columns, rows = run_query(name, params, store=store)
    return [dict(zip(columns, r, strict=True)) for r in rows]


@pytest.mark.parametrize("name", SIX)
def test_the_six_queries_have_sources_and_min_sources(name):
    q = load_query(name)
    assert "sources" in q.columns and q.param("min_sources").default == 1
    assert "sources:" in q.description or "sources" in q.description


def test_who_did_lists_and_filters_sources(merged):
    assert [r["sources"] for r in dicts(merged, "who-did", category="ASSAULT")] == [2]
    assert dicts(merged, "who-did", category="ASSAULT", min_sources="2") == [
        {"date": "2015-11-24", "subject": "TUR", "object": "RUS", "predicate": "shoot_down", "mode": "aerial",
         "score": -9, "sources": 2}]
    assert dicts(merged, "who-did", category="ASSAULT", min_sources="3") == []
    assert dicts(merged, "who-did", category="THREATEN", min_sources="2") == []  # one outlet each


def test_dyads_from_summaries_show_the_best_corroborated_event(merged):
    hostile = {(r["actor_a"], r["actor_b"]): r for r in dicts(merged, "hostile-dyads")}
    # the shoot-down (2 sources) and ART_4's warning (1): two events, the most sources of one is 2
    assert hostile[("RUS", "TUR")] == {"actor_a": "RUS", "actor_b": "TUR", "events": 2, "score": -14, "sources": 2}
    assert {r["sources"] for k, r in hostile.items() if k != ("RUS", "TUR")} == {1}
    assert {r["sources"] for r in dicts(merged, "cooperative-dyads")} == {1}


def test_dyads_count_only_events_with_enough_sources(merged):
    assert run_query("hostile-dyads", {"min_sources": 2}, store=merged)[1] == [["RUS", "TUR", 1, -9, 2]]
    assert run_query("cooperative-dyads", {"min_sources": 2}, store=merged)[1] == []
    # with dates too: the event is dated 2015-11-24
    assert run_query("hostile-dyads", {"min_sources": 2, "until": "2015-11-24"}, store=merged)[1] == [
        ["RUS", "TUR", 1, -9, 2]]
    assert run_query("hostile-dyads", {"min_sources": 2, "since": "2015-11-25"}, store=merged)[1] == []
    # dates alone: both RUS-TUR events, the best one of 2 sources
    assert ["RUS", "TUR", 2, -14, 2] in run_query("hostile-dyads", {"since": "2015-11-24"}, store=merged)[1]


def test_top_actors_sources(merged):
    top = {r["actor"]: r for r in dicts(merged, "top-actors", limit="20")}
    assert (top["TUR"]["sources"], top["RUS"]["sources"], top["NATO"]["sources"]) == (2, 2, 1)
    assert dicts(merged, "top-actors", min_sources="2") == [
        {"actor": "RUS", "name": "Russia", "statements": 1, "as_subject": 0, "as_object": 1, "sources": 2},
        {"actor": "TUR", "name": "Turkey", "statements": 1, "as_subject": 1, "as_object": 0, "sources": 2}]
    dated = dicts(merged, "top-actors", since="2015-11-24", until="2015-11-24", limit="20")
    assert {r["actor"]: r["sources"] for r in dated}["TUR"] == 2


def test_dyad_history_and_evidence_per_event(merged):
    history = dicts(merged, "dyad-history", a="Turkey", b="Russia")
    assert {(r["relation"], r["sources"]) for r in history} == {("ASSAULT", 2), ("TRADE", 1), ("THREATEN", 1)}
    [only] = dicts(merged, "dyad-history", a="Turkey", b="Russia", min_sources="2")
    assert (only["relation"], only["evidence"], only["sources"]) == ("ASSAULT", 3, 2)  # 2 spans + 1 span
    spans = dicts(merged, "evidence", a="Turkey", b="Russia", min_sources="2")
    assert sorted((r["article"], r["sources"]) for r in spans) == [
        ("fixture/a1.txt", 2), ("fixture/a1.txt", 2), ("fixture/a4.txt", 2)]
    negated = dicts(merged, "dyad-history", a="Russia", b="Ukraine")
    assert [(r["negated"], r["sources"]) for r in negated] == [(True, 1)]
    assert dicts(merged, "dyad-history", a="Russia", b="Ukraine", min_sources="2") == []


# --------------------------------------------------------------------------- variants


@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads", "top-actors"])
def test_undated_default_reads_summaries_and_variants_the_rest(name):
    q = load_query(name)
    assert [v.label for v in q.variants] == ["1-sources", "2-dates", "3-all"]
    plain = q.convert({})
    assert q.sparql_for(plain) == q.sparql
    # the default text reads the pair or actor summaries, never the events' dates
    assert ("gk:actorA" in q.sparql or "gk:asSubject" in q.sparql) and "dcterms:date" not in q.sparql
    assert q.sparql_for(q.convert({"min_sources": "2", "since": "2015-01-01"})) == q.variants[0].sparql
    assert q.sparql_for(q.convert({"until": "2015-01-01"})) == q.variants[1].sparql
    assert q.sparql_for(q.convert({"min_sources": "1", "since": "2015-01-01"})) == q.variants[1].sparql
    # the default text reads the first LIMIT ranks of a ranking; a limit above the rankings reads them all
    assert "?top_" in q.sparql and "?top_" not in q.variants[2].sparql
    assert q.sparql_for(q.convert({"limit": "1000"})) == q.sparql
    assert q.sparql_for(q.convert({"limit": "1001"})) == q.variants[2].sparql


def test_variant_texts_project_every_parameter():
    import re

    for name in query_names():
        q = load_query(name)
        for v in q.variants:
            select = v.sparql.split("WHERE", 1)[0]
            for p in q.params:
                if p.name != "limit":
                    assert re.search(rf"\?{p.name}\b", select), f"{name}.{v.label}: ?{p.name} not projected"
            for col in q.columns:
                assert re.search(rf"\?{col}\b", select), f"{name}.{v.label}: lacks ?{col}"


def test_variant_headers_must_match_and_say_when():
    cy = "// name: x\n// description: d\n// params: a:str=, n:int=1\n// columns: c\nRETURN 1 AS c\n"
    rq = "# name: x\n# description: d\n# params: a:str=, n:int=1\n# columns: c\nSELECT ?c ?a ?n WHERE {}\n"
    q = parse_query("x", cy, rq, {"v": rq.replace("# columns: c\n", "# columns: c\n# when: a, n>1\n")})
    assert q.variants[0].when == (("a", None), ("n", 1))
    assert q.sparql_for({"a": None, "n": 1}) == rq and q.sparql_for({"a": None, "n": 2}) != rq
    with pytest.raises(ValueError, match="needs 'when:'"):
        parse_query("x", cy, rq, {"v": rq})
    with pytest.raises(ValueError, match="bad condition"):
        parse_query("x", cy, rq, {"v": rq.replace("# columns: c\n", "# columns: c\n# when: zz\n")})
    with pytest.raises(ValueError, match="header differs"):
        parse_query("x", cy, rq, {"v": rq.replace("columns: c", "columns: d").replace("SELECT", "# when: a\nSELECT")})
    with pytest.raises(ValueError, match="only a variant"):
        parse_query("x", cy.replace("// columns: c\n", "// columns: c\n// when: a\n"),
                    rq.replace("# columns: c\n", "# columns: c\n# when: a\n"))
