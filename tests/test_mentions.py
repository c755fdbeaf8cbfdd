"""The month indexes in the article graphs (graph/mentions.py) and the two queries that page through them:
``articles-mentioning`` (newest articles first) and ``attributed-to`` (oldest statements first) read only
the months a page needs and give exactly the rows of reading everything, at every limit."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.graph import mentions
from geokg.graph.namespace import article_iri, statement_iri
from geokg.graph.rdf import merge_statements
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries.runner import run_query

TUR = Actor("TUR", "Turkey", "Country", "TUR")
RUS = Actor("RUS", "Russia", "Country", "RUS")
SYR = Actor("SYR", "Syria", "Country", "SYR")
USA = Actor("USA", "United States", "Country", "USA")


def triple(art: Article, s: Actor, rel: str, o: Actor, n: int, **kw) -> Triple:
    text = art.text[n * 10:n * 10 + 9]
    return Triple(subject=s, relation=rel, object=o, evidence=(Evidence(art.ref, text, n * 10, n * 10 + 9),),
                  predicate=rel.lower(), confidence=0.8, published=art.date, article_id=art.id, **kw)


def article(n: int, date: str | None) -> Article:
    return Article.make(f"Article number {n}. " + "Words about events. " * 10, ref=f"a{n:02d}.txt",
                        title=f"Article {n}", date=date, source=f"Wire {n % 2}")


def test_an_article_lists_each_actor_it_names_under_its_month_and_each_attributed_statement_under_its_own():
    art = article(1, "2020-05-03")
    said = triple(art, TUR, "ACCUSE", RUS, 0, attributed_to=USA, event_date=EventDate("2019-12", "month"))
    denied = triple(art, RUS, "ASSAULT", SYR, 1, negated=True)
    g = ox.NamedNode(str(article_iri(art.id)))
    quads = set(mentions.mention_quads(art, merge_statements([said, denied]), g))

    def entry(index: ox.NamedNode, month: str, item: ox.NamedNode) -> set[ox.Quad]:
        bucket = ox.NamedNode(f"{index.value}-{month}")
        return {ox.Quad(index, mentions.BUCKET, bucket, g), ox.Quad(bucket, mentions.ITEM, item, g)}

    expected = set().union(*(entry(mentions.mention_index(a.key), "2020-05", g) for a in (TUR, RUS, SYR, USA)))
    expected |= entry(mentions.speaker_index("USA"), "2019-12", ox.NamedNode(str(statement_iri(said.statement_id))))
    assert quads == expected
    undated = article(2, None)
    assert {q.object.value.rsplit("-", 1)[-1] for q in mentions.mention_quads(
        undated, merge_statements([triple(undated, TUR, "AGREE", RUS, 0)]), g) if q.predicate == mentions.BUCKET} \
        == {"none"}


def corpus() -> list[tuple[Article, list[Triple]]]:
    """Articles over five months (and two undated), each naming Turkey one to three times, some
    statements attributed to Russia with their own event dates."""
    dates = ["2019-01-05", "2019-01-20", "2019-02-11", None, "2019-02-11", "2019-03-01", "2019-03-30",
             "2019-04-02", None, "2019-05-17", "2019-05-17", "2019-05-31"]
    items = []
    for n, date in enumerate(dates):
        art = article(n, date)
        ts = [triple(art, TUR, "ACCUSE", SYR, 0, attributed_to=RUS if n % 3 else None)]
        if n % 2:
            ts.append(triple(art, SYR, "REJECT", TUR, 1, attributed_to=RUS,
                             event_date=EventDate(f"2018-{1 + n % 4:02d}", "month") if n % 4 else None))
        if n % 5 == 0:
            ts.append(triple(art, USA, "SANCTION", TUR, 2, negated=True, attributed_to=RUS))
        items.append((art, ts))
    return items


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    kg = EmbeddedStore(tmp_path_factory.mktemp("mentions") / "kg")
    kg.write_many(corpus(), chunk=5)
    yield kg
    kg.close()


@pytest.mark.parametrize(("name", "params"), [("articles-mentioning", {"actor": "Turkey"}),
                                              ("attributed-to", {"speaker": "Russia"})])
def test_every_page_is_the_first_rows_of_the_whole_answer(store, name, params):
    everything = run_query(name, {**params, "limit": 1000}, store=store)[1]
    assert len(everything) >= 12  # articles-mentioning: all 12 articles; attributed-to: every span
    for limit in range(1, len(everything) + 1):
        assert run_query(name, {**params, "limit": limit}, store=store)[1] == everything[:limit], limit


def test_the_pages_follow_the_stated_order(store):
    dated = run_query("articles-mentioning", {"actor": "TUR", "limit": 1000}, store=store)[1]
    assert [r[2] for r in dated[:2]] == [None, None]  # undated first, as Cypher orders nulls descending
    assert [r[2] for r in dated[2:5]] == ["2019-05-31", "2019-05-17", "2019-05-17"]
    assert sum(r[3] for r in dated) == sum(len(ts) for _, ts in corpus())  # every statement names Turkey
    said = run_query("attributed-to", {"speaker": "RUS", "limit": 1000}, store=store)[1]
    assert said[0][0].startswith("2018-") and said[-1][0] is None  # undated last, ascending
    assert [d for d, *_ in said if d is not None][-1] == "2019-05-31"


def test_a_store_from_before_the_indexes_gets_them_at_its_first_writable_opening(tmp_path: Path):
    kg = EmbeddedStore(tmp_path / "kg")
    kg.write_many(corpus())
    written = {q for q in kg.oxigraph if q.predicate in (mentions.BUCKET, mentions.ITEM)}
    assert len(written) > 40
    for q in written:
        kg.oxigraph.remove(q)
    kg.close()
    reopened = EmbeddedStore(tmp_path / "kg")
    assert {q for q in reopened.oxigraph if q.predicate in (mentions.BUCKET, mentions.ITEM)} == written
    reopened.close()


def test_a_store_from_before_the_rankings_is_derived_again_at_its_first_writable_opening(tmp_path: Path):
    from geokg.graph.derived import SUMMARIES

    kg = EmbeddedStore(tmp_path / "kg")
    kg.write_many(corpus())
    derived = set(kg.oxigraph.quads_for_pattern(None, None, None, SUMMARIES))
    top = run_query("top-actors", {}, store=kg)[1]
    assert [r[0] for r in top] == ["SYR", "TUR"]
    newer = {q for q in derived if q.predicate.value.rsplit("#", 1)[-1] in ("ranked", "periodEvent", "denial",
                                                                            "firstSeen", "maxSources")}
    assert newer
    for q in newer:
        kg.oxigraph.remove(q)
    kg.close()
    reopened = EmbeddedStore(tmp_path / "kg")
    assert set(reopened.oxigraph.quads_for_pattern(None, None, None, SUMMARIES)) == derived
    assert run_query("top-actors", {}, store=reopened)[1] == top
    reopened.close()
