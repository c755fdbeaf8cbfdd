"""The rankings and sources tallies of the summaries graph (graph/rankings.py, graph/totals.py) kept at
write time: with rankings of 3 (so they fill, members leave and the write path must re-rank from every
summary), every sequence of writes, re-ingests, chunks and removals leaves what ``rebuild_derived``
computes, and the ranked order is the query's order over the summaries."""
from __future__ import annotations

import random
from decimal import Decimal

import pyoxigraph as ox
import pytest

from geokg.graph import rankings
from geokg.graph.derived import SUMMARIES, G, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.namespace import GKA, GKSUM
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, Evidence, Triple

RUS, TUR, USA, CHN, IRN, SYR = (Actor(k, n, "Country") for k, n in (
    ("RUS", "Russia"), ("TUR", "Turkey"), ("USA", "United States"), ("CHN", "China"), ("IRN", "Iran"),
    ("SYR", "Syria")))
ACTORS = (RUS, TUR, USA, CHN, IRN, SYR)
RELATIONS = (("ASSAULT", "attack", -9.0), ("THREATEN", "threaten", -4.0), ("AID", "aid", 7.0),
             ("CONSULT", "meet", 1.0), ("ACCUSE", "accuse", -2.0))


def _articles(n: int, seed: int, actors: tuple[Actor, ...] = ACTORS) -> list[tuple[Article, list[Triple]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}"
        art = Article.make(f"article {seed}-{i}", ref=f"r/{seed}-{i}.txt", title=f"t{i}", date=day,
                           source=("Wire A", "Wire B", "Wire C")[i % 3], url=None)
        triples = []
        for j in range(rng.randint(1, 4)):
            s, o = rng.sample(actors, 2)
            rel, pred, score = rng.choice(RELATIONS)
            triples.append(Triple(subject=s, predicate=pred, relation=rel, object=o, score=score,
                                  confidence=0.8, evidence=(Evidence(art.id, f"s{i}-{j}", j * 10, j * 10 + 5),),
                                  article_id=art.id, published=day))
        out.append((art, triples))
    return out


@pytest.fixture
def small_rankings(monkeypatch):
    """Rankings of 3 in pages of 2: they fill, members leave, and members move between pages."""
    monkeypatch.setattr(rankings, "RANK_SIZE", 3)
    monkeypatch.setattr(rankings, "PAGE", 2)


def _derived(store: EmbeddedStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, SUMMARIES))


def _rebuilt(store: EmbeddedStore) -> set[ox.Quad]:
    return {q for q in rebuild_quads(all_reports(store.oxigraph)) if q.graph_name == SUMMARIES}


def _ranked(store: EmbeddedStore, ranking: str) -> list[set[str]]:
    """The members of each page of ``ranking``, from page 1 until an empty one."""
    out = []
    for page in range(1, rankings.RANK_SIZE + 2):
        members = {q.object.value for q in store.oxigraph.quads_for_pattern(rankings.slot(ranking, page),
                                                                            G["ranked"], None, SUMMARIES)}
        if not members:
            break
        out.append(members)
    return out


def _paged(nodes: list[str]) -> list[set[str]]:
    return [set(nodes[i:i + rankings.PAGE]) for i in range(0, len(nodes), rankings.PAGE)]


def _expected_hostile(store: EmbeddedStore) -> list[set[str]]:
    """The hostile ranking's pages as the query orders the pair summaries: score, then the two names."""
    rows = []
    for q in store.oxigraph.quads_for_pattern(None, G["scoreSum"], None, SUMMARIES):
        node = q.subject
        if not node.value.startswith(f"{GKSUM}p-") or Decimal(q.object.value) >= 0:
            continue
        props = {p.predicate.value: p.object.value
                 for p in store.oxigraph.quads_for_pattern(node, None, None, SUMMARIES)}
        a, b = (props[G[n].value].removeprefix(str(GKA)) for n in ("actorA", "actorB"))
        rows.append((float(q.object.value), a, b, node.value))
    return _paged([r[3] for r in sorted(rows)][: rankings.RANK_SIZE])


def test_rankings_fill_and_follow_writes_and_removals(small_rankings, tmp_path):
    items = _articles(40, seed=1)
    with EmbeddedStore(tmp_path / "kg") as kg:
        for n, (article, triples) in enumerate(items):
            kg.write_article(article, triples)
            if n % 7 == 0:
                assert _derived(kg) == _rebuilt(kg), n
        assert [len(p) for p in _ranked(kg, "hostile")] == [2, 1] == [len(p) for p in _ranked(kg, "actors")]
        assert _ranked(kg, "hostile") == _expected_hostile(kg)
        assert _derived(kg) == _rebuilt(kg)
        # removals move members out of the rankings: the write path must find who replaces them
        for article, _ in items[::3]:
            assert kg.remove_article(article.id)
            assert _derived(kg) == _rebuilt(kg)
            assert _ranked(kg, "hostile") == _expected_hostile(kg)
        for article, triples in items[1::4]:  # rewrites with fewer statements
            kg.write_article(article, triples[:1])
        assert _derived(kg) == _rebuilt(kg)
        for article, _ in items:
            kg.remove_article(article.id)
        assert not _derived(kg)


def test_chunks_and_orders_give_the_rankings_of_the_rebuild(small_rankings, tmp_path):
    items = _articles(30, seed=2)
    reference = None
    for seed in (1, 2):
        order = items[:]
        random.Random(seed).shuffle(order)
        with EmbeddedStore(tmp_path / f"kg{seed}") as kg:
            kg.write_many(order, chunk=4)
            kg.write_many(order[::-1], chunk=5)  # re-ingest: nothing changes
            got = _derived(kg)
            assert got == _rebuilt(kg)
            assert reference is None or got == reference
            reference = got


def test_members_leaving_are_replaced_from_the_pool_then_from_the_store(small_rankings, monkeypatch, tmp_path):
    """Removals and rewrites push members out: the summaries standing by in the write cache replace them
    first, and only when those run out is the store asked (one sorted query); a store opened again
    starts from its stored ranks. Every step leaves the rankings the rebuild computes."""
    asked: list[tuple[str, int]] = []
    best = rankings._best_stored

    def counting(store, ranking, n):
        got = best(store, ranking, n)
        asked.append((ranking, n, len(got)))
        return got

    monkeypatch.setattr(rankings, "_best_stored", counting)
    many = ACTORS + tuple(Actor(f"X{i}", f"Land {i}", "Country") for i in range(10))  # more pairs than a pool
    items = _articles(60, seed=8, actors=many)
    rng = random.Random(8)
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items[:40], chunk=1)
        assert _derived(kg) == _rebuilt(kg)
        assert sum(map(len, _ranked(kg, "hostile"))) == 3
    with EmbeddedStore(tmp_path / "kg") as kg:  # a fresh write cache: the pools start as the stored ranks
        order = items[:40]
        rng.shuffle(order)
        for step, (article, _) in enumerate(order):  # every article out, one at a time
            kg.remove_article(article.id)
            assert _derived(kg) == _rebuilt(kg), step
        assert not _derived(kg)
        for step in range(80):
            article, triples = rng.choice(items)
            if rng.random() < 0.5:
                kg.remove_article(article.id)
            else:
                kg.write_article(article, triples[: rng.randint(0, len(triples))] or triples)
            assert _derived(kg) == _rebuilt(kg), step
            assert _ranked(kg, "hostile") == _expected_hostile(kg), step
    assert asked and all(n >= rankings.POOL_FACTOR * rankings.RANK_SIZE for _, n, _ in asked)
    # the pool serves most of the 120 writes that move a member out: under 7 asks a ranking on average
    rankings_asked = {r for r, _, _ in asked}
    assert len(asked) < 7 * len(rankings_asked), asked


def test_summaries_tally_the_events_of_several_sources(tmp_path):
    """Two outlets reporting one timeless relation: one event of two sources; the pair and actors say
    so (gk:maxSources 2 and the tally), and removing one report takes it back out."""
    arts = []
    for n, source in enumerate(("Wire A", "Wire B")):
        art = Article.make(f"trade {n}", ref=f"t/{n}.txt", title="t", date="2019-01-0" + str(n + 1),
                           source=source, url=None)
        arts.append((art, [Triple(subject=RUS, predicate="trade_with", relation="TRADE", object=TUR, score=2.0,
                                  confidence=0.8, evidence=(Evidence(art.id, "s", 0, 1),), article_id=art.id,
                                  published=art.date)]))
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(arts)
        most = {q.subject.value[len(str(GKSUM)):][:2]: q.object.value
                for q in kg.oxigraph.quads_for_pattern(None, G["maxSources"], None, SUMMARIES)}
        tallies = {q.object.value for q in kg.oxigraph.quads_for_pattern(None, G["sourcesTally"], None, SUMMARIES)}
        # the pair, the actors, and their year summaries of 2019 (graph/yearly.py)
        assert most == {"p-": "2", "a-": "2", "py": "2", "ay": "2"} and tallies == {"2:1"}
        assert _derived(kg) == _rebuilt(kg)
        kg.remove_article(arts[1][0].id)
        assert not list(kg.oxigraph.quads_for_pattern(None, G["maxSources"], None, SUMMARIES))
        assert _derived(kg) == _rebuilt(kg)


def test_a_rebuild_after_a_bulk_load_ranks_as_the_writes_do(small_rankings, tmp_path):
    from geokg.graph.rdf import dataset_quads

    items = _articles(25, seed=3)
    with EmbeddedStore(tmp_path / "w") as w, EmbeddedStore(tmp_path / "b") as b:
        w.write_many(items, chunk=3)
        b.bulk_load_nquads(ox.serialize([q for a, ts in items for q in dataset_quads(a, ts)],
                                        format=ox.RdfFormat.N_QUADS))
        b.rebuild_derived()
        assert _derived(w) == _derived(b)
        assert _ranked(b, "cooperative")


def test_the_ranking_size_covers_what_the_ranked_texts_serve():
    from geokg.queries.catalogue import load_query

    for name in ("hostile-dyads", "cooperative-dyads", "top-actors"):
        variant = next(v for v in load_query(name).variants if v.label == "3-all")
        assert variant.when == (("limit", rankings.RANK_SIZE),)



@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads", "top-actors"])
def test_the_ranked_texts_give_the_rows_of_the_full_scan(name, monkeypatch, tmp_path):
    """The first ``limit`` ranks are the first ``limit`` rows of the text that reads every summary
    (pages of 2 here: the text sorts the members of several pages and the runner cuts)."""
    from dataclasses import replace

    monkeypatch.setattr(rankings, "PAGE", 2)

    from geokg.queries.catalogue import load_query
    from geokg.queries.runner import run_query

    query = load_query(name)
    scan = replace(query, sparql=next(v.sparql for v in query.variants if v.label == "3-all"), variants=())
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_articles(40, seed=5), chunk=7)
        everything = run_query(name, {"limit": "1000000"}, store=kg)[1]
        assert len(everything) >= 4
        assert run_query(name, {"limit": "1000000"}, store=kg, query=scan)[1] == everything
        for limit in (1, 2, 3, len(everything), 1000):
            assert run_query(name, {"limit": str(limit)}, store=kg)[1] == everything[:limit], limit


def test_the_streamed_rebuild_writes_the_quads_of_rebuild_quads(small_rankings, tmp_path):
    """rebuild_derived streams (graph/rebuild.py, small batches here): the same quads as computing
    them all at once."""
    from geokg.graph.rebuild import stream_rebuild

    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_articles(30, seed=6), chunk=4)
        batches: list[list[ox.Quad]] = []
        count = stream_rebuild(kg.oxigraph, batches.append, batch=7)
        assert len(batches) > 3 and count == sum(map(len, batches))
        streamed = [q for b in batches for q in b]
        assert len(streamed) == len(set(streamed))
        assert set(streamed) == set(rebuild_quads(all_reports(kg.oxigraph)))
        derived = {q for g in (SUMMARIES, ox.NamedNode("https://w3id.org/geokg/graph/events"))
                   for q in kg.oxigraph.quads_for_pattern(None, None, None, g)}
        kg.rebuild_derived()
        assert {q for g in (SUMMARIES, ox.NamedNode("https://w3id.org/geokg/graph/events"))
                for q in kg.oxigraph.quads_for_pattern(None, None, None, g)} == derived


def test_a_store_of_one_node_per_rank_is_paged_at_its_first_writable_opening(small_rankings, tmp_path):
    """The earlier layout (``gksum:rank-{ranking}-{k}``, one node per rank) is replaced by the pages
    once, from the summaries, and the store then holds what the rebuild computes."""
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_articles(30, seed=9), chunk=5)
        st = kg.oxigraph
        # the whole-store rankings (the year rankings came later, with their own migration)
        paged = {q for q in st.quads_for_pattern(None, G["ranked"], None, SUMMARIES)
                 if q.subject.value.rsplit("-", 1)[0] in {f"{GKSUM}rank-{r}" for r in rankings.RANKINGS}}
        for q in paged:
            st.remove(q)
        for ranking in rankings.RANKINGS:
            best = rankings._best_stored(st, ranking, rankings.RANK_SIZE)
            for k, (node, _) in enumerate(best, 1):
                st.add(ox.Quad(ox.NamedNode(f"{GKSUM}rank-{ranking}-{k}"), G["ranked"], node, SUMMARIES))
        assert not set(st.quads_for_pattern(None, G["ranked"], None, SUMMARIES)) & paged
        del st, best  # the store closes when nothing holds it
    with EmbeddedStore(tmp_path / "kg") as kg:
        assert set(kg.oxigraph.quads_for_pattern(None, G["ranked"], None, SUMMARIES)) >= paged
        assert _derived(kg) == _rebuilt(kg)
