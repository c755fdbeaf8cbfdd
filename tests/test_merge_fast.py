"""The write path's derived graphs (events, summaries) against an independent computation.

Every store here is built through ``write_article`` / ``write_many`` / ``remove_article`` (the fast,
incremental path of graph/maintain.py) and compared quad for quad with ``rebuild_derived()`` on a
store that received the same article graphs by bulk load (``rebuild_quads`` over every report, from
scratch). The corpus is ``examples/`` through the real extractor plus "echo" articles: a second
report of each example by another source or the same one, with some statements dropped, some event
dates coarsened to the month or moved by days and some scores changed, so that relations hold
several reports that merge, split and move as articles come and go.
"""
from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.graph.derived import EVENTS, SUMMARIES, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.namespace import ACTORS_GRAPH
from geokg.graph.rdf import dataset_quads
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Article, EventDate, Triple

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ACTORS = ox.NamedNode(str(ACTORS_GRAPH))
Items = list[tuple[Article, list[Triple]]]


def _echo(article: Article, triples: list[Triple], n: int) -> tuple[Article, list[Triple]]:
    """A second report of ``article``: every third statement dropped, dates and scores varied."""
    echo = Article.make(f"echo {n} of {article.id}\n\n{article.text}", ref=f"echo/{n}.txt", title=article.title,
                        date=article.date, source="Echo Wire" if n % 2 else article.source, url=None)
    out = []
    for i, t in enumerate(triples):
        if i % 3 == 2:
            continue
        date = t.event_date
        if i % 4 == 1 and (t.event_date or article.date):
            value = (t.event_date.value if t.event_date else article.date or "")[:7]
            date = EventDate(value, "month")
        elif i % 4 == 3 and article.date:
            date = EventDate(f"{article.date[:8]}{'01' if article.date[8:10] != '01' else '02'}", "day")
        score = t.score + 1.0 if t.score is not None and i % 5 == 0 else t.score
        out.append(dataclasses.replace(t, event_date=date, score=score, article_id=echo.id))
    return echo, out


@pytest.fixture(scope="module")
def corpus() -> Items:
    from geokg.ingest.pipeline import Extractor
    from geokg.ingest.readers import read_inputs

    articles = [r for r in read_inputs([str(EXAMPLES)]) if isinstance(r, Article)]
    items = [(a, list(ts)) for a, ts in Extractor().extract_stream(articles)]
    echoes = [_echo(a, ts, n) for n, (a, ts) in enumerate(items) if ts]
    return items + echoes


def _derived(store: EmbeddedStore) -> set[ox.Quad]:
    return {q for g in (EVENTS, SUMMARIES) for q in store.oxigraph.quads_for_pattern(None, None, None, g)}


def _graphs(store: EmbeddedStore) -> set[ox.Quad]:
    """Everything but the derived graphs and the ontology: the article graphs and the actors."""
    skip = {EVENTS, SUMMARIES}
    return {q for q in store.oxigraph.quads_for_pattern(None, None, None, None)
            if q.graph_name not in skip and "ontology" not in str(q.graph_name)}


def _reference(tmp: Path, items: Items) -> set[ox.Quad]:
    """The derived graphs of ``items`` computed from scratch: bulk load of the article graphs, then
    ``rebuild_derived``."""
    with EmbeddedStore(tmp) as bulk:
        quads = [q for a, ts in items for q in dataset_quads(a, ts)]
        bulk.bulk_load_nquads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        bulk.rebuild_derived()
        return _derived(bulk)


def _assert_matches_rebuild(store: EmbeddedStore) -> None:
    assert _derived(store) == set(rebuild_quads(all_reports(store.oxigraph)))


def test_the_corpus_merges(corpus):
    """Guard: the corpus really has relations of several reports, merged and not."""
    assert len(corpus) >= 20
    reports = sum(len(ts) for _, ts in corpus)
    assert reports > 100


def test_written_in_order_equals_the_rebuild(corpus, tmp_path):
    reference = _reference(tmp_path / "ref", corpus)
    with EmbeddedStore(tmp_path / "kg") as kg:
        for article, triples in corpus:
            kg.write_article(article, triples)
        assert _derived(kg) == reference
        stats = kg.stats()
        assert stats["events"] < stats["reports"]  # the echoes merged into the examples' events
        assert any(q.predicate.value.endswith("#sources") for q in reference)


def test_shuffled_orders_and_write_many_equal_the_rebuild(corpus, tmp_path):
    reference = _reference(tmp_path / "ref", corpus)
    graphs = None
    for seed in (1, 2, 3):
        order = corpus[:]
        random.Random(seed).shuffle(order)
        with EmbeddedStore(tmp_path / f"kg{seed}") as kg:
            if seed == 3:
                kg.write_many(order)
            else:
                for article, triples in order:
                    kg.write_article(article, triples)
            assert _derived(kg) == reference, f"seed {seed}"
            articles = {q for q in _graphs(kg) if q.graph_name != ACTORS}
            assert graphs is None or articles == graphs
            graphs = articles


def test_reingest_rewrite_and_removal_equal_the_rebuild(corpus, tmp_path):
    half = len(corpus) // 2
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(corpus)
        before = _derived(kg), _graphs(kg)
        kg.write_many(corpus[::-1])  # re-ingest: nothing changes
        assert (_derived(kg), _graphs(kg)) == before
        # rewrite half the articles with fewer statements, then check, then write them back
        for article, triples in corpus[:half]:
            kg.write_article(article, triples[1:])
        _assert_matches_rebuild(kg)
        smaller = [(a, ts[1:]) for a, ts in corpus[:half]] + corpus[half:]
        assert _derived(kg) == _reference(tmp_path / "ref-smaller", smaller)
        for article, triples in corpus[:half]:
            kg.write_article(article, triples)
        assert (_derived(kg), _graphs(kg)) == before
        # remove every other article: the rest's derived graphs, from scratch
        for article, _ in corpus[::2]:
            assert kg.remove_article(article.id)
        assert _derived(kg) == _reference(tmp_path / "ref-removed", corpus[1::2])
        _assert_matches_rebuild(kg)
        for article, _ in corpus[1::2]:
            assert kg.remove_article(article.id)
        assert not _derived(kg)
        assert not list(kg.oxigraph.quads_for_pattern(None, None, None, ACTORS))


def test_a_second_store_opening_sees_what_the_first_wrote(corpus, tmp_path):
    """Nothing the write path keeps in memory survives a reopen: writing the rest after reopening the
    store gives the same derived graphs as writing everything in one session."""
    half = len(corpus) // 2
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(corpus[:half])
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(corpus[half:])
        kg.remove_article(corpus[0][0].id)
        kg.write_article(*corpus[0])
        assert _derived(kg) == _reference(tmp_path / "ref", corpus)


def test_write_many_in_small_chunks_equals_one_by_one(corpus, tmp_path):
    order = corpus[:]
    random.Random(4).shuffle(order)
    rewrites = [(a, ts[:2]) for a, ts in order[::3]] + [order[0], order[0]]  # the same article twice too
    with EmbeddedStore(tmp_path / "one") as one, EmbeddedStore(tmp_path / "many") as many:
        quads = [one.write_article(article, triples) for article, triples in order + rewrites]
        assert many.write_many(order, chunk=3) == sum(quads[:len(order)])
        assert many.write_many(rewrites, chunk=4) == sum(quads[len(order):])
        assert {str(q) for q in many.oxigraph} == {str(q) for q in one.oxigraph}
        _assert_matches_rebuild(many)


def test_an_actor_leaving_one_article_and_entering_another_is_described_as_one_by_one(corpus, tmp_path):
    """Written one by one, an actor whose last report goes is removed, and the next article naming it
    describes it anew; a chunk must give the same actors graph (the write path falls back to one by one)."""
    (a, ts), (b, tb) = next((x, y) for x, y in zip(corpus, corpus[1:], strict=False) if x[1] and y[1])
    actor = ts[0].subject
    renamed = dataclasses.replace(actor, name=actor.name + " (renamed)")
    without = [t for t in ts if actor.key not in (t.subject.key, t.object.key)
               and (t.attributed_to is None or t.attributed_to.key != actor.key)]
    b_naming = [dataclasses.replace(tb[0], subject=renamed), *tb[1:]]
    with EmbeddedStore(tmp_path / "one") as one, EmbeddedStore(tmp_path / "many") as many:
        for kg in (one, many):
            kg.write_article(a, ts)
        for article, triples in ((a, without), (b, b_naming)):
            one.write_article(article, triples)
        many.write_many([(a, without), (b, b_naming)])
        assert {str(q) for q in many.oxigraph} == {str(q) for q in one.oxigraph}
        labels = {q.object.value for q in many.oxigraph.quads_for_pattern(None, None, None, ACTORS)
                  if q.predicate.value.endswith("label")}
        assert renamed.name in labels


def test_without_derivation_chunks_write_what_one_by_one_writes(corpus, tmp_path):
    items = corpus + [(corpus[0][0], corpus[0][1][:1]), corpus[1], corpus[1]]
    with EmbeddedStore(tmp_path / "one", derive=False) as one, \
            EmbeddedStore(tmp_path / "many", derive=False) as many:
        quads = sum(one.write_article(a, ts) for a, ts in items)
        assert many.write_many(items, chunk=3) == quads
        assert {str(q) for q in many.oxigraph} == {str(q) for q in one.oxigraph}
        assert not _derived(many)
