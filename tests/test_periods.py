"""Period nodes (``gksum:c-{CATEGORY}-{period}``, graph/derived.py) and the runner reading them a few
at a time (queries/runner.py): `who-did` with dates reads only the periods asked, and its rows are the
rows of the text that reads every event of the category, whatever the bounds and the limit."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from geokg.graph.derived import SUMMARIES, G, all_reports, period_stem
from geokg.graph.maintain import rebuild_quads
from geokg.graph.namespace import GKSUM
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries.catalogue import load_query
from geokg.queries.runner import period_stems, run_query

ACTORS = [Actor(k, k.title(), "Country") for k in ("RUS", "TUR", "USA", "CHN", "IRN")]


def _items(n: int) -> list[tuple[Article, list[Triple]]]:
    rng = random.Random(11)
    out = []
    for i in range(n):
        day = f"{2018 + i % 3}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
        art = Article.make(f"who {i}", ref=f"w/{i}.txt", title="t", date=day, source="Wire", url=None)
        triples = []
        for j in range(3):
            s, o = rng.sample(ACTORS, 2)
            # some dates at month or year precision, some the article's
            date = (EventDate(day[:7], "month") if j == 1 else EventDate(day[:4], "year") if i % 5 == 0 and j == 2
                    else None)
            sentence = f"s {i} {j}"
            triples.append(Triple(subject=s, predicate=f"sanction{j}", relation="SANCTION", object=o, score=-4.0,
                                  confidence=0.8, evidence=(Evidence(art.id, sentence, 0, len(sentence)),),
                                  article_id=art.id, published=day, event_date=date))
        out.append((art, triples))
    return out


def test_period_stems_sort_as_their_dates():
    assert period_stem("2019-06-15") == "2019-06-15" and period_stem("2019-06") == "2019-06"
    assert period_stem("2019") == "2019" and period_stem("June 2019") == "other"
    assert period_stem("1850-01-01") == "before-1900" and period_stem("2100") == "after-2040"
    stems = period_stems("2019-06-29", "2020-01-02")
    assert stems[0] == "other"
    assert stems[1:5] == ["2019-06-29", "2019-06-30", "2019-07", "2019-07-01"]
    assert stems[-5:] == ["2019-12-31", "2020", "2020-01", "2020-01-01", "2020-01-02"]
    assert stems[1:] == sorted(stems[1:])  # the order the dates sort in
    assert period_stems("2060-01-01", None) == ["other", "after-2040"]
    assert period_stems(None, "1900-01-01")[:5] == ["other", "before-1900", "1900", "1900-01", "1900-01-01"]
    assert "2019-02-29" not in period_stems("2019-01-01", "2019-12-31")


def test_period_stems_of_some_years_keep_the_stems_outside_every_year():
    # an open range spans 1900-2040; asked for one year, the stems are those of the whole range there
    some = period_stems(None, None, years={2019})
    every = period_stems(None, None)
    assert some == [st for st in every if not st[:1].isdigit() or st[:4] == "2019"]
    assert some[:4] == ["other", "before-1900", "2019", "2019-01"] and some[-1] == "after-2040"
    assert period_stems("2019-12-30", None, years={2019, 2020})[1:4] == ["2019-12-30", "2019-12-31", "2020"]
    assert period_stems("2019-06-01", "2019-06-30", years=set()) == ["other"]


def test_rest_nodes_list_only_the_days_of_years_in_part():
    from geokg.queries.yearly import rest_nodes

    nodes, days = rest_nodes("2018-12-30", None, ("SANCTION",))
    names = [str(n).rsplit("/", 1)[-1] for n in nodes]
    assert days == 2  # 2018-12-30 and -31; 2019-2040 are whole years
    assert names[:2] == ["yp-2018", "yp-2019"] and "yp-2040" in names
    assert names[-3:] == ["c-SANCTION-after-2040", "c-SANCTION-2018-12-30", "c-SANCTION-2018-12-31"]
    assert not any(n.startswith("c-SANCTION-2019") for n in names)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("kg") / "kg") as kg:
        kg.write_many(_items(60), chunk=9)
        yield kg


def test_every_dated_event_has_its_period_and_the_rebuild_agrees(store):
    # one period node each (gksum:c-); those dated to a year or month only are also listed by year (yp-)
    links = [q for q in store.oxigraph.quads_for_pattern(None, G["periodEvent"], None, SUMMARIES)
             if q.subject.value.startswith(f"{GKSUM}c-")]
    assert len(links) == store.stats()["events"]
    derived = {q for q in store.oxigraph.quads_for_pattern(None, None, None, SUMMARIES)}
    assert derived == {q for q in rebuild_quads(all_reports(store.oxigraph)) if q.graph_name == SUMMARIES}


@pytest.mark.parametrize("params", [
    {"since": "2019-06-01"}, {"since": "2019-06-15", "until": "2019-09-03"}, {"until": "2018-05-31"},
    {"since": "2018-01-01", "limit": "7"}, {"since": "2019-01-01", "limit": "1"}, {"since": "2020-12-01"},
    {"since": "2018-03-10", "limit": "1000"}, {"since": "2019-02-01", "min_sources": "2"},
])
def test_who_did_by_periods_gives_the_rows_of_the_full_read(store, params):
    query = load_query("who-did")
    assert query.sparql_for(query.convert({"category": "SANCTION", **params})) != query.sparql
    everything = replace(query, variants=())  # the text that reads every event of the category
    full = {"category": "SANCTION", "limit": "1000000", **{k: v for k, v in params.items() if k != "limit"}}
    expected = run_query("who-did", full, store=store, query=everything)[1]
    limit = int(params.get("limit", 50))
    got = run_query("who-did", {"category": "SANCTION", **params}, store=store)[1]
    assert got == expected[:limit]
    assert params.get("min_sources") or params == {"since": "2020-12-01"} or got


@pytest.mark.parametrize("since, limit", [("2018-01-01", 5), ("2018-06-15", 100), ("2019-03-01", 2),
                                          ("2020-12-31", 10), ("1800-01-01", 1000)])
def test_new_relations_by_first_periods_gives_the_rows_of_the_full_scan(store, since, limit):
    import re

    query = load_query("new-relations")
    # the same text without the periods: every relation summary's first date
    scan = re.sub(r"(?m)^ *# values here: \?first_periods\n", "", query.sparql)
    scan = scan.replace("?first_periods gk:firstSeen ?r . ", "")
    assert scan != query.sparql
    expected = run_query("new-relations", {"since": since, "limit": "1000000"}, store=store,
                         query=replace(query, sparql=scan))[1]
    assert run_query("new-relations", {"since": since, "limit": str(limit)}, store=store)[1] == expected[:limit]
    assert since >= "2019" or expected


def test_who_did_from_the_events_of_several_sources_gives_the_rows_of_the_full_read(tmp_path):
    """min_sources > 1: who-did.0-sources.rq starts from the events that store gk:sources."""
    items = _items(30)
    # a second outlet repeating every other article: events of two sources
    echoes = [(replace(a, id=a.id + "x", source="Other Wire"), [replace(t, article_id=a.id + "x") for t in ts])
              for a, ts in items[::2]]
    query = load_query("who-did")
    everything = replace(query, variants=())
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(items + echoes)
        for params in ({"min_sources": "2"}, {"min_sources": "2", "since": "2019-01-01"},
                       {"min_sources": "3"}, {"min_sources": "2", "limit": "3"}):
            values = query.convert({"category": "SANCTION", **params})
            assert query.sparql_for(values) == query.variants[0].sparql
            full = {"category": "SANCTION", **params, "limit": "1000000"}
            expected = run_query("who-did", full, store=kg, query=everything)[1]
            got = run_query("who-did", {"category": "SANCTION", **params}, store=kg)[1]
            assert got == expected[: int(params.get("limit", 50))]
            assert params["min_sources"] == "3" or got
