"""Events and summaries kept at write time (graph/derived.py, graph/maintain.py) on real on-disk
stores: they always equal a rebuild from all the article graphs, whatever the order of writes,
rewrites and removals, and two reports of one event are one event of two sources."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from fixture_graph import ART_1, ART_4, FIXTURE, FIXTURE_MERGING, TRIPLES_1, TRIPLES_4

from geokg.graph.derived import EVENTS, SUMMARIES, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.namespace import ACTORS_GRAPH
from geokg.graph.store import EmbeddedStore
from geokg.queries.runner import run_query

ACTORS = ox.NamedNode(str(ACTORS_GRAPH))


def _derived(store: EmbeddedStore) -> set[ox.Quad]:
    return {q for g in (EVENTS, SUMMARIES) for q in store.oxigraph.quads_for_pattern(None, None, None, g)}


def _everything(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}


def _assert_consistent(store: EmbeddedStore) -> None:
    assert _derived(store) == set(rebuild_quads(all_reports(store.oxigraph)))


@pytest.fixture()
def merged(tmp_path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(FIXTURE_MERGING)
        yield kg


def test_two_reports_of_one_event_are_one_event_of_two_sources(merged):
    stats = merged.stats()
    assert (stats["reports"], stats["events"]) == (20, 18)  # ASSAULT merges; THREATEN differs by object
    rows = merged.query("SELECT ?sources (COUNT(?rep) AS ?n) WHERE { ?r gk:subject gka:TUR ; gk:relation "
                        "gk:ASSAULT ; gk:object gka:RUS ; gk:event ?e . ?e gk:sources ?sources ; gk:report ?rep } "
                        "GROUP BY ?e ?sources")
    assert rows == [{"sources": 2, "n": 2}]
    _, who = run_query("who-did", {"category": "ASSAULT"}, store=merged)
    assert who == [["2015-11-24", "TUR", "RUS", "shoot_down", "aerial", -9, 2]]
    _, hostile = run_query("hostile-dyads", {}, store=merged)
    # RUS-TUR: the shoot-down once (not twice, -9) and ART_4's warning (-5); Putin and Lavrov are actors
    # of their own
    assert ["RUS", "TUR", 2, -14, 2] in hostile


def test_every_write_order_gives_the_same_store(tmp_path):
    stores = []
    for n, order in enumerate([FIXTURE_MERGING, FIXTURE_MERGING[::-1], FIXTURE_MERGING[1:] + FIXTURE_MERGING[:1]]):
        with EmbeddedStore(tmp_path / f"kg{n}") as kg:
            for article, triples in order:
                kg.write_article(article, triples)
                _assert_consistent(kg)
            stores.append(_everything(kg))
    assert stores[0] == stores[1] == stores[2]


def test_removing_an_article_restores_the_store_exactly(tmp_path):
    with EmbeddedStore(tmp_path / "a") as kg:
        kg.write_many(FIXTURE)
        before = _everything(kg)
        kg.write_article(ART_4, TRIPLES_4)
        assert _everything(kg) != before
        assert kg.remove_article(ART_4.id)
        assert _everything(kg) == before
        _assert_consistent(kg)
        # removing the only report of an event removes the event, and its actors when unnamed elsewhere
        kg.remove_article(ART_1.id)
        _assert_consistent(kg)
        keys = {q.object.value for q in kg.oxigraph.quads_for_pattern(None, None, None, ACTORS)
                if q.predicate.value.endswith("#key")}
        assert "sergey-lavrov" not in keys and "RUS" in keys
        assert not kg.query("ASK { ?r gk:subject gka:sergey-lavrov }")[0]["ask"]


def test_rewriting_an_article_moves_the_summaries_by_the_difference(tmp_path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(FIXTURE_MERGING)
        kg.write_article(ART_1, TRIPLES_1[:2])  # the shoot-down is now reported by ART_4 alone
        _assert_consistent(kg)
        rows = kg.query("SELECT ?e ?sources WHERE { ?r gk:subject gka:TUR ; gk:relation gk:ASSAULT ; "
                        "gk:object gka:RUS ; gk:event ?e . OPTIONAL { ?e gk:sources ?sources } }")
        assert [r["sources"] for r in rows] == [None]  # one source: not written
        kg.write_article(ART_1, TRIPLES_1)
        with EmbeddedStore(tmp_path / "fresh") as fresh:
            fresh.write_many(FIXTURE_MERGING)
            assert _everything(kg) == _everything(fresh)


def test_a_bulk_load_then_rebuild_equals_writing_each_article(tmp_path):
    from geokg.graph.rdf import dataset_quads

    with EmbeddedStore(tmp_path / "w") as written, EmbeddedStore(tmp_path / "b") as bulk:
        written.write_many(FIXTURE_MERGING)
        quads = [q for a, ts in FIXTURE_MERGING for q in dataset_quads(a, ts)]
        bulk.bulk_load_nquads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        assert bulk.rebuild_derived() == len(_derived(written))
        assert _everything(bulk) == _everything(written)


def test_without_derivation_only_articles_and_actors_are_written(tmp_path):
    with EmbeddedStore(tmp_path / "kg", derive=False) as kg:
        kg.write_many(FIXTURE)
        assert not _derived(kg)
        assert kg.stats()["actors"] == 13


def test_events_list_their_sources_and_filter_on_them(merged):
    _, rows = run_query("events", {"a": "Turkey", "b": "Russia"}, store=merged)
    assert [r[2] for r in rows] == ["ASSAULT", "ASSAULT", "TRADE", "THREATEN"]  # by date: TRADE is dated by its report
    assert [(r[6], r[7]) for r in rows[:2]] == [(2, "fixture/a1.txt"), (2, "fixture/a4.txt")]
    _, corroborated = run_query("events", {"a": "RUS", "min_sources": "2"}, store=merged)
    assert {(r[1], r[2], r[3], r[6]) for r in corroborated} == {("TUR", "ASSAULT", "RUS", 2)}
    # dyad-history: one row for the event, its evidence the spans of both reports
    _, history = run_query("dyad-history", {"a": "TUR", "b": "RUS", "since": "2015-11-24",
                                             "until": "2015-11-24"}, store=merged)
    assert history == [["2015-11-24", "TUR", "ASSAULT", "RUS", "shoot_down", -9, False, 3, 2],
                       ["2015-11-24", "TUR", "TRADE", "RUS", "import", None, False, 1, 1]]  # dated by its report


def test_analytics_count_distinct_events(merged):
    from geokg.graph.network import to_networkx, to_weighted

    events = merged.events()
    assert len(events) == merged.stats()["events"] == 18
    shoot = [t for t in events if (t.subject.key, t.relation, t.object.key) == ("TUR", "ASSAULT", "RUS")]
    assert len(shoot) == 1 and len(shoot[0].evidence) == 3 and shoot[0].attrs["sources"] == 2
    assert {e.article for e in shoot[0].evidence} == {"fixture/a1.txt", "fixture/a4.txt"}
    weighted = to_weighted(to_networkx(events), directed=False)
    assert weighted["TUR"]["RUS"]["weight"] == 3  # ASSAULT once, THREATEN, TRADE
