"""The month buckets of each relation's events and statements (graph/pairdates.py) and the three queries
that page through a pair's months: `dyad-history`, `events` with B and `evidence` read only the months a
page needs and give exactly the rows of reading every month at once, at every limit; the buckets equal
the rebuild after writes, re-dating, replacements and removals, and an older store gets them once."""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.graph import pairdates
from geokg.graph.derived import EVENTS, SUMMARIES, all_reports, relation_node
from geokg.graph.maintain import rebuild_quads
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries.catalogue import load_query
from geokg.queries.runner import run_query, sparql_engine

TUR = Actor("TUR", "Turkey", "Country", "TUR")
RUS = Actor("RUS", "Russia", "Country", "RUS")
SYR = Actor("SYR", "Syria", "Country", "SYR")
MONTHS = (pairdates.MONTH, pairdates.MONTH_EVENT, pairdates.MONTH_REPORT, pairdates.MONTH_DENIAL)


def triple(art: Article, s: Actor, rel: str, o: Actor, n: int, **kw) -> Triple:
    text = art.text[n * 10:n * 10 + 9]
    spans = [Evidence(art.ref, text, n * 10, n * 10 + 9)]
    if n % 3 == 1:
        spans.append(Evidence(art.ref, art.text[n * 10 + 100:n * 10 + 109], n * 10 + 100, n * 10 + 109))
    return Triple(subject=s, relation=rel, object=o, evidence=tuple(spans), predicate=kw.pop("predicate", rel.lower()),
                  score=kw.pop("score", -2.0), confidence=0.8, published=art.date, article_id=art.id, **kw)


def article(n: int, date: str | None, source: str | None = None) -> Article:
    return Article.make(f"Article number {n}. " + "Words about events. " * 20, ref=f"p{n:02d}.txt",
                        title=f"Article {n}", date=date, source=source or f"Wire {n % 3}")


def corpus() -> list[tuple[Article, list[Triple]]]:
    """Turkey and Russia over a year and a half, both ways: day, month and year dates, the article's
    date standing in, undated statements, negated ones (their own date, else the article's), events
    several sources report, a timeless TRADE whose reports span years; and Syria, a third party."""
    dates = ["2019-01-05", "2019-01-20", "2019-02-11", None, "2019-02-11", "2019-03-01", "2019-03-30",
             "2019-04-02", None, "2019-05-17", "2019-05-17", "2019-05-31", "2020-01-09", "2020-06-30"]
    rels = ["ACCUSE", "THREATEN", "ASSAULT", "AGREE"]
    items = []
    for n, date in enumerate(dates):
        art = article(n, date)
        ts = [triple(art, TUR, rels[n % 4], RUS, 0)]
        if n % 2:
            own = EventDate(f"2019-{1 + n % 4:02d}", "month") if n % 4 == 1 else (
                EventDate("2019", "year") if n % 4 == 3 else None)
            ts.append(triple(art, RUS, "REJECT", TUR, 1, event_date=own))
        if n % 3 == 0:
            ts.append(triple(art, RUS, "ASSAULT", TUR, 2, negated=True, score=None,
                             event_date=EventDate("2019-02-14", "day") if n == 6 else None))
        if n % 4 == 2:
            ts.append(triple(art, TUR, "TRADE", RUS, 3, predicate="export", score=None))
        ts.append(triple(art, SYR, "ACCUSE", TUR, 4))
        items.append((art, ts))
    # the same threat, reported by another outlet: an event of two sources
    twin = article(20, "2019-01-20", source="Other wire")
    items.append((twin, [triple(twin, TUR, "THREATEN", RUS, 0)]))
    return items


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    kg = EmbeddedStore(tmp_path_factory.mktemp("pairdates") / "kg")
    kg.write_many(corpus(), chunk=4)
    yield kg
    kg.close()


def test_a_month_is_a_prefix_of_the_date_text_so_months_sort_as_their_dates():
    assert [pairdates.month_key(d) for d in ("2015-11-24", "2015-11", "2015", None, "spring", "", "2015-1")] \
        == ["2015-11", "2015-11", "2015", "none", "other", "other", "other"]
    dates = ["2014-12-31", "2015", "2015-01", "2015-01-01", "2015-02", "2015-12-31", "2016"]
    assert sorted(dates, key=pairdates.month_key) == sorted(dates)


def _whole(store: EmbeddedStore, name: str, params: dict) -> list[list]:
    """Every row, from every month in one query (no limit: Engine.run reads them all at once)."""
    query = load_query(name)
    values = query.convert(params)
    values.pop("limit")
    records = sparql_engine(store).run(query, {**values, "a": "TUR", "b": "RUS"})
    return [[rec.get(c) for c in query.columns] for rec in records]


CASES = [("dyad-history", {}), ("dyad-history", {"min_sources": 2}), ("dyad-history", {"since": "2019-02-11"}),
         ("dyad-history", {"since": "2019-01-06", "until": "2019-05-17"}), ("dyad-history", {"until": "2019-01-31"}),
         ("events", {}), ("events", {"min_sources": 2}), ("events", {"category": "REJECT"}),
         ("events", {"since": "2019-03-01", "until": "2020-01-09"}),
         ("evidence", {}), ("evidence", {"category": "ASSAULT"}), ("evidence", {"min_sources": 2})]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_every_page_is_the_first_rows_of_the_whole_answer(store, name, params):
    from geokg.queries.runner import normalise

    whole = [[normalise(v) for v in row] for row in _whole(store, name, {"a": "TUR", "b": "RUS", **params})]
    assert whole or params.get("min_sources")
    for limit in range(1, len(whole) + 2):
        page = run_query(name, {"a": "Turkey", "b": "RUS", **params, "limit": limit}, store=store)[1]
        assert page == whole[:limit], limit


def test_the_rows_are_every_event_and_statement_of_the_pair_in_date_order(store):
    rows = run_query("dyad-history", {"a": "RUS", "b": "TUR", "limit": 1000}, store=store)[1]
    events = {q.object for k in _pair_keys() for q in store.oxigraph.quads_for_pattern(
        relation_node(k), ox.NamedNode("https://w3id.org/geokg/ontology#event"), None, SUMMARIES)}
    negated = sum(1 for _, ts in corpus() for t in ts if t.negated)
    assert len(rows) == len(events) + negated
    dates = [r[0] for r in rows]
    assert dates == sorted(dates, key=lambda d: d or "\uffff")  # undated last
    assert dates[-1] is None and any(r[6] for r in rows)  # an undated row; a negated one
    assert ["2019-02-14", "RUS", "ASSAULT", "TUR"] in [r[:4] for r in rows if r[6]]  # dated by its own date
    assert {r[8] for r in rows} == {1, 2, 3}  # the twin's threat: 2; the TRADE of three wires: 3
    said = run_query("evidence", {"a": "RUS", "b": "TUR", "limit": 1000}, store=store)[1]
    spans = sum(len(t.evidence) for _, ts in corpus() for t in ts if {t.subject.key, t.object.key} == {"TUR", "RUS"})
    assert len(said) == spans
    dates = [r[0] for r in said]  # each statement by its own date, else its article's
    assert dates == sorted(dates, key=lambda d: d or "\uffff")
    assert "2019" in dates and dates.index("2019") < dates.index("2019-01-05")  # a year before its months


def _pair_keys() -> list[tuple[str, str, str]]:
    from geokg.queries.catalogue import RELATIONS

    return [(s, rel, o) for rel in RELATIONS for s, o in (("TUR", "RUS"), ("RUS", "TUR"))]


def _derived(kg: EmbeddedStore) -> set[ox.Quad]:
    return {q for g in (SUMMARIES, EVENTS) for q in kg.oxigraph.quads_for_pattern(None, None, None, g)}


def _buckets(kg: EmbeddedStore) -> set[ox.Quad]:
    return {q for p in MONTHS for q in kg.oxigraph.quads_for_pattern(None, p, None, SUMMARIES)}


def test_the_buckets_equal_the_rebuild_after_writes_redatings_replacements_and_removals(tmp_path: Path):
    items = corpus()
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items[:9], chunk=3)
        assert _derived(kg) == set(rebuild_quads(all_reports(kg.oxigraph)))
        kg.write_many(items[9:], chunk=1)
        full = _buckets(kg)
        assert _derived(kg) == set(rebuild_quads(all_reports(kg.oxigraph)))
        # re-dated: the article's event moves to another month, its negated statement too
        art, ts = items[3]
        moved = [replace(t, event_date=EventDate("2021-07-04", "day")) for t in ts]
        kg.write_article(art, moved)
        assert _derived(kg) == set(rebuild_quads(all_reports(kg.oxigraph)))
        assert any(q.object.value.endswith("-2021-07") for q in _buckets(kg) if q.predicate == pairdates.MONTH)
        # replaced: a statement becomes negated (a report leaves its month, a denial comes)
        art, ts = items[5]
        kg.write_article(art, [replace(t, negated=True) for t in ts])
        assert _derived(kg) == set(rebuild_quads(all_reports(kg.oxigraph)))
        kg.write_article(*items[3])
        kg.write_article(*items[5])
        assert _buckets(kg) == full  # back as it was: the emptied months are listed no more
        for art, _ in items[::2]:
            assert kg.remove_article(art.id)
            assert _derived(kg) == set(rebuild_quads(all_reports(kg.oxigraph)))
        for art, _ in items[1::2]:
            kg.remove_article(art.id)
        assert not _buckets(kg)


def test_the_streamed_rebuild_writes_the_same_buckets(tmp_path: Path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(corpus())
        before = _buckets(kg)
        assert {q.predicate for q in before} == set(MONTHS)
        kg.rebuild_derived()
        assert _buckets(kg) == before


def test_a_date_not_in_iso_form_reads_the_pair_whole(tmp_path: Path):
    items = corpus()
    odd = article(30, "sometime in spring")  # kept as a plain string: it may sort anywhere
    items.append((odd, [triple(odd, RUS, "ACCUSE", TUR, 0), triple(odd, RUS, "ASSAULT", TUR, 1, negated=True),
                        triple(odd, TUR, "COERCE", RUS, 2, event_date=EventDate("in spring", "day"))]))
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items)
        assert any(q.object.value.endswith("-other") for q in _buckets(kg) if q.predicate == pairdates.MONTH)
        for name in ("dyad-history", "evidence", "events"):
            whole = _whole(kg, name, {"a": "TUR", "b": "RUS"})
            assert {"sometime in spring", "in spring"} & {r[0] for r in whole}
            for limit in (1, 5, 17, 1000):
                page = run_query(name, {"a": "TUR", "b": "RUS", "limit": limit}, store=kg)[1]
                assert page == [[*r] for r in whole[:limit]], (name, limit)


def test_a_store_from_before_the_buckets_gets_them_once_at_its_first_writable_opening(tmp_path: Path, caplog):
    kg = EmbeddedStore(tmp_path / "kg")
    kg.write_many(corpus())
    written = _buckets(kg)
    assert len(written) > 60
    rows = run_query("evidence", {"a": "TUR", "b": "RUS"}, store=kg)[1]
    for q in written:
        kg.oxigraph.remove(q)
    assert pairdates.needs_backfill(kg.oxigraph)
    kg.close()
    with caplog.at_level(logging.WARNING, logger="geokg.graph.store"):
        reopened = EmbeddedStore(tmp_path / "kg")
    assert "indexing the months" in caplog.text
    assert _buckets(reopened) == written
    assert not pairdates.needs_backfill(reopened.oxigraph)
    assert run_query("evidence", {"a": "TUR", "b": "RUS"}, store=reopened)[1] == rows
    reopened.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="geokg.graph.store"):
        EmbeddedStore(tmp_path / "kg").close()  # once: the listings mark it done
    assert "indexing the months" not in caplog.text
