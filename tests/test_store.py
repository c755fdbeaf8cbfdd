"""The embedded store on real on-disk Oxigraph stores (tmp_path), fed the hand-built fixture graph."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from fixture_graph import ART_1, ART_2, TRIPLES_1, TUR
from rdflib import URIRef

from geokg.graph.namespace import GK, ONTOLOGY_GRAPH, actor_iri, article_iri
from geokg.graph.ontology import plover_table
from geokg.graph.rdf import article_quads
from geokg.graph.store import EmbeddedStore
from geokg.graph.validate import validate_store
from geokg.ingest.models import Article, Triple
from geokg.settings import UserError

EXPECTED = {
    "articles": 3, "actors": 13, "statements": 18,
    "by_category": {"ROLE": 4, "REQUEST": 3, "ACCUSE": 2, "ASSAULT": 2, "AGREE": 1, "CONSULT": 1,
                    "MEMBER_OF": 1, "SANCTION": 1, "SUPPORT": 1, "THREATEN": 1, "TRADE": 1},
}


@pytest.fixture()
def store(tmp_path, fixture_graph):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(fixture_graph)
        yield kg


def _quads_expected(fixture_graph) -> int:
    return sum(len(article_quads(a, ts)) for a, ts in fixture_graph)


def test_fixture_counts(store, fixture_graph):
    stats = store.stats()
    assert {k: stats[k] for k in EXPECTED} == EXPECTED
    # 18 reports, one negated: 17 distinct events (no two articles report the same one)
    assert (stats["reports"], stats["events"]) == (18, 17)
    in_articles = sum(1 for g in store._article_graphs() for _ in store.oxigraph.quads_for_pattern(None, None, None, g))
    assert in_articles == _quads_expected(fixture_graph)
    assert stats["triples"] > in_articles  # plus actors, events and summaries


def test_writing_twice_changes_no_counts(store, fixture_graph):
    before = store.stats()
    quads_before = len(store.oxigraph)
    assert store.write_many(fixture_graph) == _quads_expected(fixture_graph)
    assert store.stats() == before
    assert len(store.oxigraph) == quads_before
    for article, triples in fixture_graph:  # each graph holds exactly what the article makes
        graph = ox.NamedNode(str(article_iri(article.id)))
        stored = set(store.oxigraph.quads_for_pattern(None, None, None, graph))
        assert stored == set(article_quads(article, triples))


def test_rewriting_an_article_replaces_its_graph(store):
    store.write_article(ART_1, TRIPLES_1[:2])
    stats = store.stats()
    assert stats["statements"] == EXPECTED["statements"] - (len(TRIPLES_1) - 2)
    assert "TRADE" not in stats["by_category"]
    store.write_article(ART_1, TRIPLES_1)
    assert {k: store.stats()[k] for k in EXPECTED} == EXPECTED


def test_remove_article_removes_exactly_its_statements(store, fixture_graph):
    before = {t.statement_id for t in store.statements()}
    assert store.has_article(ART_2.id)
    assert store.remove_article(ART_2.id) is True
    after = {t.statement_id for t in store.statements()}
    assert after == before - {t.statement_id for t in fixture_graph[1][1]}
    assert not store.has_article(ART_2.id)
    assert store.remove_article(ART_2.id) is False
    assert store.stats()["articles"] == 2
    gone = store.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(article_iri(ART_2.id))})
    assert gone == [{"ask": False}]


def test_same_event_twice_has_two_evidence_nodes(store):
    rows = store.query("""
        SELECT ?s ?st (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?st gk:subject ?s ; gk:relation gk:ASSAULT ; gk:object gka:RUS ; gk:evidence ?e }
        GROUP BY ?s ?st""", {"s": URIRef(actor_iri("TUR"))})
    assert rows and rows[0]["n"] == 2


def test_duplicate_triples_merge_into_one_statement(tmp_path):
    sentence = "Turkish jets shot down the Russian bomber, Turkey confirmed."
    first = next(t for t in TRIPLES_1 if t.relation == "ASSAULT")
    one = Triple(**{**first.__dict__, "evidence": first.evidence[:1]})
    two = Triple(**{**first.__dict__, "evidence": first.evidence[1:]})
    assert two.evidence[0].sentence == sentence and one.statement_id == two.statement_id
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_article(ART_1, [one, two, one])
        (back,) = list(kg.statements())
    assert back.evidence == first.evidence


def test_negated_statement_has_no_truthy_triple(store):
    assert store.query("ASK { gka:RUS gk:ASSAULT gka:UKR }") == [{"ask": False}]
    rows = store.query("SELECT ?neg ?att WHERE { ?st gk:subject gka:RUS ; gk:relation gk:ASSAULT ; "
                       "gk:object gka:UKR ; gk:negated ?neg ; gk:attributedTo ?att }")
    assert rows == [{"neg": True, "att": str(actor_iri("RUS"))}]
    assert store.query("ASK { gka:TUR gk:ASSAULT gka:RUS }") == [{"ask": True}]
    assert len(list(store.statements())) == 18
    assert [t for t in store.statements(include_negated=False) if t.negated] == []
    assert len(list(store.statements(include_negated=False))) == 17


def test_actors_carry_wikidata_and_country(store):
    rows = store.query("SELECT DISTINCT ?wd ?c WHERE { gka:vladimir-putin owl:sameAs ?wd ; gk:country ?c }")
    assert rows == [{"wd": "http://www.wikidata.org/entity/Q7747", "c": str(actor_iri("RUS"))}]


def test_statements_read_back_as_the_fixture_triples(store, fixture_graph):
    expected = {t for _, ts in fixture_graph for t in ts}
    got = list(store.statements())
    assert set(got) == expected and len(got) == len(expected)
    assert {t.article_id for t in got} == {a.id for a, _ in fixture_graph}


def test_articles_metadata(store, fixture_graph):
    got = {a.id: a for a in store.articles()}
    for article, _ in fixture_graph:
        a = got[article.id]
        assert (a.ref, a.title, a.date, a.source, a.url, a.text) == (
            article.ref, article.title, article.date, article.source, article.url, "")


def test_query_binds_values_and_converts_types(store):
    rows = store.query("SELECT ?k ?p ?score ?conf ?neg ?start WHERE { ?a gk:key ?k . ?st gk:subject ?a ; "
                       "gk:predicate ?p ; gk:score ?score ; gk:confidence ?conf ; "
                       "gk:evidence ?e . ?e gk:start ?start OPTIONAL { ?st gk:negated ?n } "
                       "BIND(COALESCE(?n, false) AS ?neg) } ORDER BY ?start LIMIT 1",
                       {"k": "TUR", "p": "shoot_down"})
    assert rows == [{"k": "TUR", "p": "shoot_down", "score": -9.0, "conf": 0.85, "neg": False, "start": 0}]
    assert all(type(rows[0][k]) is t for k, t in (("score", float), ("neg", bool), ("start", int)))
    # a value is one term, never query text
    assert store.query("SELECT ?k WHERE { ?a gk:key ?k }", {"k": 'TUR" } ?x ?y ?z { "'}) == []
    rows = store.query("SELECT ?r (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a gk:Statement ; gk:relation ?r } "
                       "GROUP BY ?r", {"r": URIRef(GK.ROLE)})
    assert rows == [{"r": str(GK.ROLE), "n": 4}]
    # Oxigraph binds projected variables only: say so instead of silently ignoring the binding
    with pytest.raises(UserError, match=r"add the bound variables \(\?r\) to the SELECT"):
        store.query("SELECT (COUNT(?st) AS ?n) WHERE { ?st gk:relation ?r }", {"r": URIRef(GK.ROLE)})
    assert store.query("SELECT ?x WHERE { OPTIONAL { ?a gk:nothing ?x } } LIMIT 1") == [{"x": None}]
    with pytest.raises(UserError, match="invalid SPARQL"):
        store.query("SELECT WHERE {")


def test_ontology_graph_is_loaded(store):
    rows = store.query("SELECT ?g ?score ?cameo WHERE { GRAPH ?g { gk:ASSAULT gk:score ?score ; "
                       "gk:cameo ?cameo } }", {"g": URIRef(ONTOLOGY_GRAPH)})
    assault = next(c for c in plover_table() if c.name == "ASSAULT")
    assert rows == [{"g": str(ONTOLOGY_GRAPH), "score": assault.score, "cameo": assault.cameo_root}]


def test_rdflib_dataset_over_the_same_store(store):
    ds = store.rdflib_graph()
    assert (URIRef(actor_iri("TUR")), GK.ASSAULT, URIRef(actor_iri("RUS"))) in ds
    res = ds.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a gk:Statement }")
    assert [int(r[0]) for r in res] == [18]
    assert str(ds.value(URIRef(actor_iri("TUR")), GK.key)) == "TUR"


def test_bulk_load_nquads(tmp_path, store):
    dump = tmp_path / "kg.nq"
    store.export("nquads", dump)
    with EmbeddedStore(tmp_path / "copy") as copy:
        copy.bulk_load_nquads(dump)
        assert copy.stats() == store.stats()
        assert set(copy.statements()) == set(store.statements())
    with EmbeddedStore(tmp_path / "copy2") as copy:
        copy.bulk_load_nquads(dump.read_bytes())
        assert copy.stats() == store.stats()


def test_reopen_and_read_only(tmp_path, fixture_graph):
    path = tmp_path / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_many(fixture_graph)
        stats = kg.stats()
    with EmbeddedStore(path, read_only=True) as kg:
        assert kg.stats() == stats
        with pytest.raises(UserError, match="read-only"):
            kg.write_article(*fixture_graph[0])
    with EmbeddedStore(path) as kg:
        assert kg.stats() == stats


def test_clear_errors(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        EmbeddedStore(tmp_path / "file")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    with pytest.raises(UserError, match="not a geokg store"):
        EmbeddedStore(tmp_path / "notes")
    with pytest.raises(UserError, match="no geokg store"):
        EmbeddedStore(tmp_path / "missing", read_only=True)
    with EmbeddedStore(tmp_path / "kg"), pytest.raises(UserError, match="in use"):
        EmbeddedStore(tmp_path / "kg")


def test_locked_by_another_process(tmp_path):
    path = tmp_path / "kg"
    code = (f"from geokg.graph.store import EmbeddedStore; s = EmbeddedStore({str(path)!r}); "
            "print('open', flush=True); import time; time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(UserError, match="in use by another geokg process"):
            EmbeddedStore(path)
    finally:
        holder.kill()
        holder.wait()
    EmbeddedStore(path).close()  # the lock went with the process


def test_closed_store_says_so(tmp_path):
    kg = EmbeddedStore(tmp_path / "kg")
    kg.close()
    kg.close()
    with pytest.raises(RuntimeError, match="closed"):
        kg.stats()


KILL_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from fixture_graph import FIXTURE
    from geokg.graph.store import EmbeddedStore
    from geokg.ingest.models import Article, Triple
    store = EmbeddedStore({path!r})
    for i in range(100000):
        for article, triples in FIXTURE:
            ref = f"copy/{{i}}/{{article.ref}}"
            a = Article.make(article.text + f" (copy {{i}})", ref=ref, date=article.date)
            ts = [Triple(**{{**t.__dict__, "article_id": a.id}}) for t in triples]
            store.write_article(a, ts)
        print(i, flush=True)
""")


@pytest.mark.slow
def test_build_killed_midway_leaves_a_consistent_store(tmp_path, fixture_graph):
    path = tmp_path / "kg"
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), path=str(path))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(20):  # let it write 20 rounds, then kill it in the middle of the next writes
            assert child.stdout.readline(), "the writer died before it was killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    originals = {a.ref: (a, ts) for a, ts in fixture_graph}
    with EmbeddedStore(path) as kg:
        stats = kg.stats()
        assert stats["articles"] >= 60
        # every article is whole: its graph holds exactly the quads its triples make
        for stored in kg.articles():
            _, i, ref = stored.ref.split("/", 2)
            article, ts = originals[ref]
            a = Article.make(article.text + f" (copy {i})", ref=stored.ref, date=article.date)
            expected = article_quads(a, [Triple(**{**t.__dict__, "article_id": a.id}) for t in ts])
            graph = ox.NamedNode(str(article_iri(a.id)))
            assert set(kg.oxigraph.quads_for_pattern(None, None, None, graph)) == set(expected)
        report = validate_store(kg)
        assert report.conforms, report.text()


def test_writes_typed_actor_and_unknown_relation_fail_loudly(tmp_path):
    bad = Triple(**{**TRIPLES_1[0].__dict__, "relation": "INVADE"})
    with EmbeddedStore(tmp_path / "kg") as kg:
        with pytest.raises(ValueError, match="unknown relation 'INVADE'"):
            kg.write_article(ART_1, [bad])
        assert not kg.has_article(ART_1.id)
        odd = Triple(**{**TRIPLES_1[0].__dict__, "object": TUR.__class__("X", "X", "Planet")})
        with pytest.raises(ValueError, match="type 'Planet'"):
            kg.write_article(ART_1, [odd])
        bare = Triple(**{**TRIPLES_1[0].__dict__, "evidence": ()})
        with pytest.raises(ValueError, match="has no evidence"):
            kg.write_article(ART_1, [bare])
        kg.write_article(Article.make("Nothing happened.", ref="empty.txt"), [])
        assert kg.stats()["articles"] == 1


def test_the_write_buffers_are_flushed_every_so_many_quads(tmp_path, monkeypatch):
    """Writes count their quads and flush the store's buffers each time the count passes FLUSH_QUADS
    (here 40): the count starts again below it, and what was written is all there after reopening."""
    from geokg.graph import writes

    monkeypatch.setattr(writes, "FLUSH_QUADS", 40)
    flushes = []
    real = EmbeddedStore._flush

    def counting(self):
        flushes.append(self._unflushed)
        real(self)

    monkeypatch.setattr(EmbeddedStore, "_flush", counting)
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_article(ART_1, TRIPLES_1)
        assert flushes and 0 <= kg._unflushed < 40
        n = len(flushes)
        kg.write_article(ART_1, TRIPLES_1)  # nothing changes: nothing written, no flush
        assert len(flushes) == n
    with EmbeddedStore(tmp_path / "kg", read_only=True) as kg:
        assert kg.has_article(ART_1.id)
