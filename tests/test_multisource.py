"""The per-category lists of events of several sources (graph/multisource.py): written and removed with
their events, given to a store from before at its first writable opening, and read by who-did with
min_sources > 1, which then returns the rows of the text that reads every event of several sources."""
from __future__ import annotations

from geokg.graph.derived import EVENTS, SUMMARIES, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.multisource import MULTI_SOURCE, multi_source_node
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries.catalogue import load_query
from geokg.queries.runner import run_query

RUS, TUR, USA = (Actor(k, n, "Country") for k, n in (("RUS", "Russia"), ("TUR", "Turkey"), ("USA", "United States")))
# (relation, predicate, score, date): each reported by three outlets unless said otherwise
DEEDS = (("ASSAULT", "attack", -9.0, "2019-03-02"), ("TRADE", "trade_with", 2.0, None),
         ("THREATEN", "threaten", -4.0, "2019-04-05"))


def _items() -> list[tuple[Article, list[Triple]]]:
    out = []
    for n, source in enumerate(("Wire A", "Wire B", "Wire C")):
        art = Article.make(f"deeds {n}", ref=f"d/{n}.txt", title="t", date=f"2019-05-0{n + 1}", source=source,
                           url=None)
        triples = []
        for j, (rel, pred, score, date) in enumerate(DEEDS):
            if rel == "THREATEN" and n:  # one outlet only: one source
                continue
            triples.append(Triple(subject=TUR, predicate=pred, relation=rel, object=RUS if j % 2 else USA,
                                  score=score, confidence=0.8, evidence=(Evidence(art.id, f"s{j}", j, j + 1),),
                                  article_id=art.id, published=art.date,
                                  event_date=EventDate(date) if date else None))
        out.append((art, triples))
    return out


def _listed(kg: EmbeddedStore) -> dict[str, int]:
    found: dict[str, int] = {}
    for q in kg.oxigraph.quads_for_pattern(None, MULTI_SOURCE, None, SUMMARIES):
        name = q.subject.value.rsplit("ms-", 1)[1]
        found[name] = found.get(name, 0) + 1
    return found


def test_the_lists_follow_writes_and_removals(tmp_path):
    items = _items()
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items)
        assert _listed(kg) == {"ASSAULT": 1, "TRADE": 1}
        kg.remove_article(items[0][0].id)  # still two outlets each
        assert _listed(kg) == {"ASSAULT": 1, "TRADE": 1}
        kg.remove_article(items[1][0].id)  # one left: one source
        assert _listed(kg) == {}
        assert not [q for q in rebuild_quads(all_reports(kg.oxigraph)) if q.predicate == MULTI_SOURCE]


def test_a_store_from_before_gets_them_once(tmp_path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_items())
        quads = set(kg.oxigraph.quads_for_pattern(None, MULTI_SOURCE, None, SUMMARIES))
        assert {q.subject for q in quads} == {multi_source_node("ASSAULT"), multi_source_node("TRADE")}
        for q in quads:
            kg.oxigraph.remove(q)
    with EmbeddedStore(tmp_path / "kg") as kg:
        assert set(kg.oxigraph.quads_for_pattern(None, MULTI_SOURCE, None, SUMMARIES)) == quads
        assert next(iter(kg.oxigraph.quads_for_pattern(None, None, None, EVENTS)), None) is not None


def test_who_did_with_min_sources_gives_the_rows_of_the_scan(tmp_path):
    """The category's list against the text before it (every event of several sources, then the
    category): same rows for each category and bound."""
    from dataclasses import replace

    query = load_query("who-did")
    scan_text = '''PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX gkg: <https://w3id.org/geokg/graph/>
PREFIX gka: <https://w3id.org/geokg/actor/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?date ?subject ?object ?predicate ?mode ?score ?sources ?category ?since ?until ?min_sources ?category_iri
WHERE {
  GRAPH gkg:events { ?e gk:sources ?sources }
  FILTER(?sources >= COALESCE(?min_sources, 1))
  GRAPH gkg:summaries { ?r gk:event ?e ; gk:relation ?category_iri ; gk:subject ?s ; gk:object ?o }
  OPTIONAL { GRAPH gkg:events { ?e dcterms:date ?d } }
  BIND(STR(?d) AS ?date)
  FILTER(COALESCE(?date, "") >= COALESCE(?since, "") && COALESCE(?date, "\\uFFFF") <= COALESCE(?until, "\\uFFFF"))
  OPTIONAL { GRAPH gkg:events { ?e gk:predicate ?predicate } }
  OPTIONAL { GRAPH gkg:events { ?e gk:mode ?mode } }
  OPTIONAL { GRAPH gkg:events { ?e gk:score ?sc } }
  BIND(xsd:double(?sc) AS ?score)
  BIND(STRAFTER(STR(?s), STR(gka:)) AS ?subject)
  BIND(STRAFTER(STR(?o), STR(gka:)) AS ?object)
}
ORDER BY COALESCE(?date, "\\uFFFF") ?subject ?object COALESCE(?predicate, "\\uFFFF")
'''
    scan = replace(query, sparql=scan_text, variants=())
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_items())
        seen = 0
        for category in ("ASSAULT", "TRADE", "THREATEN"):
            for extra in ({}, {"since": "2019-03-01"}, {"until": "2019-03-01"}, {"min_sources": "3"}):
                params = {"category": category, "min_sources": "2", **extra}
                rows = run_query("who-did", params, store=kg)[1]
                assert rows == run_query("who-did", params, store=kg, query=scan)[1], params
                seen += len(rows)
        assert seen >= 5
        assert [r[1:3] for r in run_query("who-did", {"category": "TRADE", "min_sources": "2"}, store=kg)[1]] == [
            ["TUR", "RUS"]]
