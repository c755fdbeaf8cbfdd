"""Year summaries and their rankings (graph/yearly.py) and the dated aggregates read from them by the
threshold plan (queries/yearly.py): the summaries follow every write as ``rebuild_derived`` computes
them, a store from before gets them at its first writable opening, and the plan's rows are the rows of
the text that reads every event in range, whatever the range, the limit and the rankings' size."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from geokg.graph import rankings
from geokg.graph.derived import SUMMARIES, G, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.namespace import GKSUM
from geokg.graph.store import EmbeddedStore
from geokg.graph.yearnodes import YEAR_OF, day_year, partial_year
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries import runner, yearly
from geokg.queries.runner import run_query

ACTORS = [Actor(k, k.title(), "Country") for k in ("RUS", "TUR", "USA", "CHN", "IRN", "SYR", "UKR", "FRA", "DEU",
                                                    "GBR", "ISR", "EGY")]
RELATIONS = (("ASSAULT", -9.0), ("THREATEN", -4.0), ("AID", 7.0), ("CONSULT", 1.0), ("ACCUSE", -2.0),
             ("TRADE", None))
DATED = ("hostile-dyads", "cooperative-dyads", "top-actors")


def _items(n: int, seed: int = 3) -> list[tuple[Article, list[Triple]]]:
    """Articles of 2017-2020 from three outlets (some events of several sources); some event dates at
    month or year precision, one not in ISO form, and a few before 1900."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = f"{2017 + i % 4}-{1 + i % 12:02d}-{1 + (i * 5) % 28:02d}"
        art = Article.make(f"year {seed}-{i}", ref=f"y/{seed}-{i}.txt", title="t", date=day,
                           source=("Wire A", "Wire B", "Wire C")[i % 3], url=None)
        triples = []
        for j in range(rng.randint(1, 4)):
            # Zipf-like: the first actors in most events, as in news
            s, o = rng.sample(ACTORS[:3] if rng.random() < 0.5 else ACTORS, 2)
            rel, score = rng.choice(RELATIONS)
            pick = rng.random()
            date = (EventDate(day[:7], "month") if pick < 0.1 else EventDate(day[:4], "year") if pick < 0.15
                    else EventDate("1850-03-01", "day") if pick < 0.17 else None)
            sentence = f"s {i} {j} {rel}"
            triples.append(Triple(subject=s, predicate=rel.lower(), relation=rel, object=o, score=score,
                                  confidence=0.8, evidence=(Evidence(art.id, sentence, 0, len(sentence)),),
                                  article_id=art.id, published=day, event_date=date))
        out.append((art, triples))
    return out


def _summaries(kg: EmbeddedStore) -> set[ox.Quad]:
    return set(kg.oxigraph.quads_for_pattern(None, None, None, SUMMARIES))


def _rebuilt(kg: EmbeddedStore) -> set[ox.Quad]:
    return {q for q in rebuild_quads(all_reports(kg.oxigraph)) if q.graph_name == SUMMARIES}


def _year_quads(kg: EmbeddedStore) -> set[ox.Quad]:
    """The quads of the year summaries, their rankings and the year listings."""
    def yearish(q: ox.Quad) -> bool:
        name = q.subject.value[len(str(GKSUM)):]
        ranked = name.startswith("rank-") and (name.split("-")[2].isdigit() or "-from-" in name)
        return name.startswith(("py-", "pys-", "ay-", "yp-")) or ranked
    return {q for q in _summaries(kg) if yearish(q)}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Year rankings in pages of 2 (of up to 1,000), so the plan reads several pages of each year."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(rankings, "PAGE", 2)
        with EmbeddedStore(tmp_path_factory.mktemp("kg") / "kg") as kg:
            kg.write_many(_items(160), chunk=16)
            yield kg


def test_which_dates_a_year_counts():
    assert day_year("2019-06-15") == 2019 and day_year("2019-02-29") is None and day_year("2019-06") is None
    assert day_year("1850-01-01") is None and day_year("2041-01-01") is None
    assert partial_year("2019-06") == 2019 and partial_year("2019") == 2019 and partial_year("2019-06-15") is None
    assert partial_year("June 2019") is None and partial_year("2100") is None
    assert yearly.years_of("2018-01-01", "2019-12-31") == ([2018, 2019], [])
    assert yearly.years_of("2018-01-02", "2020-12-30") == ([2019], [2018, 2020])
    whole, part = yearly.years_of(None, "2000-12-31")
    assert whole[0] == 1900 and whole[-1] == 2000 and not part


def test_year_summaries_follow_writes_rewrites_and_removals(tmp_path, monkeypatch):
    """Rankings of 3 in pages of 2, so the year rankings fill, lose members and refill from the store."""
    monkeypatch.setattr(rankings, "RANK_SIZE", 3)
    monkeypatch.setattr(rankings, "PAGE", 2)
    items = _items(60, seed=5)
    with EmbeddedStore(tmp_path / "kg") as kg:
        for n, (article, triples) in enumerate(items, 1):
            kg.write_article(article, triples)
            if n % 9 == 0:
                assert _summaries(kg) == _rebuilt(kg), n
        years = {int(q.subject.value[-4:]) for q in _year_quads(kg) if "/py-" in q.subject.value}
        assert years == {2017, 2018, 2019, 2020}
        assert any("/yp-" in q.subject.value for q in _year_quads(kg))  # month and year dates listed
        for article, _ in items[::4]:
            assert kg.remove_article(article.id)
            assert _summaries(kg) == _rebuilt(kg)
        for article, triples in items[1::5]:
            kg.write_article(article, triples[:1])
        assert _summaries(kg) == _rebuilt(kg)
        for article, _ in items:
            kg.remove_article(article.id)
        assert not _summaries(kg)


def _scan(name: str, params: dict, kg: EmbeddedStore, monkeypatch) -> list:
    """The rows of the text that reads every event in range (the plan declining)."""
    with monkeypatch.context() as m:
        m.setitem(yearly.PLANS, (name, "years"), lambda execute, p: None)
        return run_query(name, params, store=kg)[1]


RANGES = [{"since": "2018-01-01"}, {"since": "2017-01-01", "until": "2019-12-31"}, {"until": "2018-12-31"},
          {"since": "2018-11-15", "until": "2020-02-02"},
          {"since": "2018-03-15", "until": "2019-10-02"}, {"since": "2019-01-01", "limit": "3"},
          {"since": "2019-06-30", "limit": "50"}, {"since": "1800-01-01"}, {"until": "2017-06-01", "limit": "2"},
          {"since": "2030-01-01"}, {"since": "2018-01-01", "until": "2018-01-01"}]


@pytest.mark.parametrize("name", DATED)
@pytest.mark.parametrize("params", RANGES)
def test_the_plan_gives_the_rows_of_the_full_read(store, monkeypatch, name, params):
    monkeypatch.setattr(rankings, "PAGE", 2)  # as the store was written
    ran: list[bool] = []
    plan = yearly.PLANS[(name, "years")]
    monkeypatch.setitem(yearly.PLANS, (name, "years"), lambda execute, p: ran.append(True) or plan(execute, p))
    got = run_query(name, params, store=store)[1]
    assert ran == [True]
    assert got == _scan(name, params, store, monkeypatch)
    assert got or "2030" in str(params) or params.get("until") == "2018-01-01" or name == "cooperative-dyads"


def test_the_plan_answers_itself_for_whole_years(store, monkeypatch):
    """Whole years: the plan's own rows (not the fallback), after reading more than one page of ranks
    (a range ending before the last year, so the dyads merge the years' rankings: tests/test_fromrank.py
    has the ranges from a year on)."""
    pages: list[int] = []
    advance = yearly._advance
    monkeypatch.setattr(yearly, "_advance", lambda li, n, *rest: pages.append(n) or advance(li, n, *rest))
    for name in DATED:
        pages.clear()
        rows = yearly.PLANS[(name, "years")](runner.sparql_engine(store).execute,
                                             {"since": "2018-01-01", "until": "2019-12-31", "limit": 5})
        assert rows is not None and len(rows) == 5
        assert len(pages) > 3, name  # more than a page of some year


def test_the_days_of_years_in_part_are_read_one_by_one_up_to_a_quarter(store, monkeypatch):
    monkeypatch.setattr(rankings, "PAGE", 2)
    execute = runner.sparql_engine(store).execute
    few = {"since": "2018-11-15", "until": "2020-02-02", "limit": 5}  # 47 + 33 days
    many = {"since": "2018-03-15", "until": "2019-10-02", "limit": 5}
    for name in DATED:
        assert yearly.PLANS[(name, "years")](execute, few) is not None
        assert yearly.PLANS[(name, "years")](execute, many) is None


def test_short_rankings_decline_or_agree(tmp_path, monkeypatch):
    """Year rankings of 3: the plan often cannot prove its rows and declines (the text reads every event);
    when it answers, its rows are the full read's."""
    monkeypatch.setattr(rankings, "RANK_SIZE", 3)
    monkeypatch.setattr(rankings, "PAGE", 2)
    answered = declined = 0
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_items(80, seed=8), chunk=8)
        execute = runner.sparql_engine(kg).execute
        for name in DATED:
            for limit in (1, 2, 5):
                params = {"since": "2018-01-01", "limit": str(limit)}
                own = yearly.PLANS[(name, "years")](execute, {"since": "2018-01-01", "limit": limit})
                answered += own is not None
                declined += own is None
                assert run_query(name, params, store=kg)[1] == _scan(name, params, kg, monkeypatch)
    assert answered and declined


def test_a_store_from_before_gets_them_at_its_first_writable_opening(tmp_path, monkeypatch):
    """Without year summaries (a store from before): a read-only opening reads every event (same rows);
    the first writable opening gives it what the rebuild computes."""
    path = tmp_path / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_many(_items(50, seed=4), chunk=10)
        expected = _summaries(kg)
        st = kg.oxigraph
        for q in _year_quads(kg):
            st.remove(q)
        assert not list(st.quads_for_pattern(None, YEAR_OF, None, SUMMARIES))
        del st
    with EmbeddedStore(path, read_only=True) as kg:
        params = {"since": "2018-01-01"}
        assert run_query("hostile-dyads", params, store=kg)[1] == _scan("hostile-dyads", params, kg, monkeypatch)
    with EmbeddedStore(path) as kg:
        assert _summaries(kg) == expected == _rebuilt(kg)
        execute = runner.sparql_engine(kg).execute
        assert yearly.PLANS[("top-actors", "years")](execute, {"since": "2018-01-01", "limit": 3})


def test_every_date_lands_once(store):
    """An event is in one period node (gksum:c-) and, dated to a year or month only, in its year's listing."""
    listed = {q.object for q in store.oxigraph.quads_for_pattern(None, G["periodEvent"], None, SUMMARIES)
              if "/yp-" in q.subject.value}
    dates = {q.subject: q.object.value for q in store.oxigraph.quads_for_pattern(
        None, ox.NamedNode("http://purl.org/dc/terms/date"), None, ox.NamedNode("https://w3id.org/geokg/graph/events"))}
    assert listed and listed == {e for e, d in dates.items() if partial_year(d) is not None}


@pytest.mark.parametrize("params", [{"min_sources": "2"}, {"min_sources": "2", "limit": "3"}, {"min_sources": "3"},
                                    {"min_sources": "9"}])
def test_top_actors_of_several_sources_from_the_actors_tallies(store, monkeypatch, params):
    """No dates, min_sources above one: each actor's events of several sources as subject and object
    (gk:subjectTally, gk:objectTally), the rows of the text that reads every event of several sources."""
    assert any(True for _ in store.oxigraph.quads_for_pattern(None, G["subjectTally"], None, SUMMARIES))
    got = run_query("top-actors", params, store=store)[1]
    assert yearly.PLANS[("top-actors", "tallies")](
        runner.sparql_engine(store).execute, {"min_sources": int(params["min_sources"]), "limit": 10}) is not None
    with monkeypatch.context() as m:
        m.setitem(yearly.PLANS, ("top-actors", "tallies"), lambda execute, p: None)
        assert got == run_query("top-actors", params, store=store)[1]
    assert got or params["min_sources"] == "9"


def test_a_store_without_the_actors_tallies_gets_them(tmp_path, monkeypatch):
    path = tmp_path / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_many(_items(50, seed=4), chunk=10)
        expected = _summaries(kg)
        st = kg.oxigraph
        for name in ("subjectTally", "objectTally"):
            for q in list(st.quads_for_pattern(None, G[name], None, SUMMARIES)):
                st.remove(q)
        del st
    params = {"min_sources": "2"}
    with EmbeddedStore(path, read_only=True) as kg:
        assert not yearly.PLANS[("top-actors", "tallies")](runner.sparql_engine(kg).execute,
                                                           {"min_sources": 2, "limit": 10})
        rows = run_query("top-actors", params, store=kg)[1]
        assert rows
    with EmbeddedStore(path) as kg:
        assert _summaries(kg) == expected
        assert run_query("top-actors", params, store=kg)[1] == rows
