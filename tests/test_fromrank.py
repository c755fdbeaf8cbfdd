"""From-year rankings (graph/fromrank.py): they follow every write, rewrite and removal as the rebuild
computes them (a year gaining its first summary gets them, one losing its last loses them), a store
from before them gets them at its first writable opening, and the dated dyad plan reads one of them
for a range from the first day of a year on, with the rows of the text that reads every event."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from test_yearly import _items, _rebuilt, _scan, _summaries

from geokg.graph import fromrank, rankings
from geokg.graph.derived import SUMMARIES, G
from geokg.graph.namespace import GKSUM
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries import runner, yearly
from geokg.queries.runner import run_query

_PAGES = f"{GKSUM}rank-"


def _from_quads(kg: EmbeddedStore) -> set[ox.Quad]:
    return {q for q in kg.oxigraph.quads_for_pattern(None, G["ranked"], None, SUMMARIES) if "-from-" in q.subject.value}


def _from_years(kg: EmbeddedStore) -> set[tuple[str, int]]:
    """(ranking, year) of every from-year ranking the store holds."""
    out = set()
    for q in _from_quads(kg):
        head, year = q.subject.value[len(_PAGES):].rsplit("-", 1)[0].split("-from-")
        out.add((head, int(year)))
    return out


def _old_news(i: int) -> tuple[Article, list[Triple]]:
    """An article of 2020 about an event of 1962: the store's first summaries of that year."""
    art = Article.make(f"old {i}", ref=f"old/{i}.txt", title="t", date="2020-05-01", source="Wire A", url=None)
    s, o = Actor("RUS", "Rus", "Country"), Actor("USA", "Usa", "Country")
    text = "s old"
    return art, [Triple(subject=s, predicate="threaten", relation="THREATEN", object=o, score=-4.0, confidence=0.8,
                        evidence=(Evidence(art.id, text, 0, len(text)),), article_id=art.id, published="2020-05-01",
                        event_date=EventDate("1962-10-16", "day"))]


def test_the_score_from_a_year_and_who_qualifies():
    scores = {2019: "-2.5", 2017: "4", 2018: "-3"}
    assert fromrank.from_value(scores, 2018) == -5.5 and fromrank.from_value(scores, 2017) == -1.5
    assert fromrank.from_value(scores, 2020) == 0
    assert fromrank._key("hostile", -5.5, "A", "B") == (-5.5, "A", "B")
    assert fromrank._key("cooperative", -5.5, "A", "B") is None
    assert fromrank._key("cooperative", 2.0, "A", "B") == (-2.0, "A", "B")
    assert fromrank._key("hostile", 0.0, "A", "B") is None
    assert fromrank.from_name("hostile", 2018) == "hostile-from-2018"


def test_from_year_rankings_follow_writes_and_years_coming_and_going(tmp_path, monkeypatch):
    """Rankings of 3 in pages of 2: they fill, lose members and refill from the store; an event of 1962
    gives that year its rankings, and removing it takes them away."""
    monkeypatch.setattr(rankings, "RANK_SIZE", 3)
    monkeypatch.setattr(rankings, "PAGE", 2)
    items = _items(48, seed=6)
    with EmbeddedStore(tmp_path / "kg") as kg:
        for n, (article, triples) in enumerate(items, 1):
            kg.write_article(article, triples)
            if n % 12 == 0:
                assert _summaries(kg) == _rebuilt(kg), n
        assert {y for _, y in _from_years(kg)} == {2017, 2018, 2019, 2020}
        old, triples = _old_news(1)
        kg.write_article(old, triples)
        assert ("hostile", 1962) in _from_years(kg) and ("cooperative", 1962) in _from_years(kg)
        assert _summaries(kg) == _rebuilt(kg)
        assert kg.remove_article(old.id)
        assert {y for _, y in _from_years(kg)} == {2017, 2018, 2019, 2020}
        assert _summaries(kg) == _rebuilt(kg)
        for article, _ in items[::3]:
            assert kg.remove_article(article.id)
        assert _summaries(kg) == _rebuilt(kg)
        for article, _ in items:
            kg.remove_article(article.id)
        assert not _from_quads(kg)


def test_only_the_latest_years_have_them(tmp_path, monkeypatch):
    """Two years kept: 2019 and 2020; removing every article of 2020 gives 2018 its rankings (from the
    stored year scores), and an event of 1962 gives it none."""
    monkeypatch.setattr(rankings, "RANK_SIZE", 3)
    monkeypatch.setattr(rankings, "PAGE", 2)
    monkeypatch.setattr(fromrank, "YEARS_KEPT", 2)
    items = _items(40, seed=7)
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items, chunk=5)
        assert {y for _, y in _from_years(kg)} == {2019, 2020}
        assert _summaries(kg) == _rebuilt(kg)
        for article, _ in items[3::4]:  # the articles of 2020 (their events dated to a day)
            assert kg.remove_article(article.id)
        assert {y for _, y in _from_years(kg)} == {2018, 2019}
        assert _summaries(kg) == _rebuilt(kg)
        old, triples = _old_news(2)
        kg.write_article(old, triples)
        assert {y for _, y in _from_years(kg)} == {2018, 2019}
        assert _summaries(kg) == _rebuilt(kg)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(rankings, "PAGE", 2)
        with EmbeddedStore(tmp_path_factory.mktemp("kg") / "kg") as kg:
            kg.write_many(_items(160), chunk=16)
            yield kg


def _read(kg: EmbeddedStore, texts: list[str]):
    engine = runner.sparql_engine(kg)
    return lambda text, params: texts.append(text) or engine.execute(text, params)


@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads"])
def test_a_range_from_a_year_on_reads_one_from_year_ranking(store, monkeypatch, name):
    monkeypatch.setattr(rankings, "PAGE", 2)
    base = name.split("-")[0]
    for params in ({"since": "2018-01-01", "limit": 5}, {"since": "2017-11-20", "limit": 3},
                   {"since": "2019-01-01", "until": "2030-12-31", "limit": 5}):
        texts: list[str] = []
        rows = yearly.PLANS[(name, "years")](_read(store, texts), params)
        assert rows is not None and len(rows) == params["limit"]
        first = int(params["since"][:4]) + (params["since"][5:] != "01-01")
        read = " ".join(t for t in texts if "gk:ranked ?y" in t)
        assert f"rank-{base}-from-{first}-p1" in read and f"rank-{base}-{first}-p1" not in read
        text_params = {k: str(v) for k, v in params.items()}
        assert run_query(name, text_params, store=store)[1] == _scan(name, text_params, store, monkeypatch)


def test_a_range_ending_before_the_last_year_merges_the_years(store, monkeypatch):
    monkeypatch.setattr(rankings, "PAGE", 2)
    texts: list[str] = []
    params = {"since": "2018-01-01", "until": "2019-12-31", "limit": 5}
    assert yearly.PLANS[("hostile-dyads", "years")](_read(store, texts), params) is not None
    read = " ".join(t for t in texts if "gk:ranked ?y" in t)
    assert "rank-hostile-2018-p1" in read and "rank-hostile-2019-p1" in read and "-from-" not in read


def test_a_store_from_before_gets_them_at_its_first_writable_opening(tmp_path, monkeypatch):
    """Without from-year rankings: a read-only opening merges the years (same rows); the first writable
    opening gives it what the rebuild computes."""
    path = tmp_path / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_many(_items(50, seed=4), chunk=10)
        expected = _summaries(kg)
        gone = _from_quads(kg)
        assert gone
        for q in gone:
            kg.oxigraph.remove(q)
        assert fromrank.needs_backfill(kg.oxigraph)
    params = {"since": "2018-01-01"}
    with EmbeddedStore(path, read_only=True) as kg:
        assert run_query("hostile-dyads", params, store=kg)[1] == _scan("hostile-dyads", params, kg, monkeypatch)
    with EmbeddedStore(path) as kg:
        assert _summaries(kg) == expected == _rebuilt(kg)
        assert not fromrank.needs_backfill(kg.oxigraph)
