"""``articles-mentioning`` on Neo4j by the walk of the articles newest first (queries/neo4j_recent.py)
gives the rows of its text, on a real server: articles dated to a day (many on the same day), to a
month or a year (text) and undated (``:Undated``, which the writer keeps and ``ensure_schema`` gives a
graph written before it), read in pages small enough that the streams, the ties and the undated
articles all decide where the walk stops."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from neo4j_support import neo4j, synthetic_items
from test_neo4j_events import q

from geokg.queries import neo4j_recent
from geokg.queries.catalogue import load_query
from geokg.queries.runner import collected, cypher_engine

pytestmark = neo4j


def dated(k: int) -> str | None:
    """Article k's date: a tenth undated, a tenth to a month, a tenth to a year, the rest on 25 days."""
    day = (dt.date(2016, 3, 1) + dt.timedelta(days=k % 25)).isoformat()
    return {0: None, 1: day[:7], 2: day[:4]}.get(k % 10, day)


def items() -> list:
    got = synthetic_items(1800, n_actors=8, per_article=5, seed=21)
    return [(dataclasses.replace(a, date=dated(k)),  # a quarter attributed to their object: speaker reports
             [dataclasses.replace(t, attributed_to=t.object) if (k + j) % 4 == 0 else t for j, t in enumerate(ts)])
            for k, (a, ts) in enumerate(got)]


@pytest.fixture(scope="module")
def loaded():
    from neo4j_support import neo4j_settings

    from geokg.graph.neo4j_writer import connect

    writer = connect(*neo4j_settings())
    writer.clear()
    writer.write(items(), batch_size=90)
    yield writer
    writer.close()


def text_rows(writer, actor: str, limit: int) -> list[dict]:
    query = load_query("articles-mentioning")
    params = {"actor": actor, "limit": limit}
    return collected(cypher_engine(writer).execute, query.cypher_for(params), query.columns, params)


@pytest.mark.parametrize("limit", [1, 9, 40, 200, 1000])
@pytest.mark.parametrize("actor", ["C000", "C005"])
def test_the_walk_in_small_pages_gives_the_texts_rows(loaded, actor, limit, monkeypatch):
    monkeypatch.setattr(neo4j_recent, "WALK_COST", 0)  # always walk
    monkeypatch.setattr(neo4j_recent, "FIRST_PAGE", 3)
    pages: list[int] = []
    engine = cypher_engine(loaded)

    def counting(text: str, params: dict) -> list[dict]:
        if "n" in params:
            pages.append(params["n"])
        return engine.execute(text, params)

    got = neo4j_recent.recent(counting, {"actor": actor, "limit": limit})
    want = text_rows(loaded, actor, limit)
    assert got is not None and got == want
    assert len(want) == min(limit, len(text_rows(loaded, actor, 5000)))
    assert want[0]["date"] is None and (limit < 40 or want[-1]["date"] is not None)  # undated first
    # past the undated (about 30 an actor): pages of both dated streams (the text's "2016-03" sorts
    # after every day of March 2016)
    assert len(pages) >= 2 if limit >= 40 else pages == []


def test_the_walk_reads_each_days_ties_whole(loaded, monkeypatch):
    """Pages of one article each: every page is completed by the rest of its day, in path order."""
    monkeypatch.setattr(neo4j_recent, "WALK_COST", 0)
    monkeypatch.setattr(neo4j_recent, "FIRST_PAGE", 1)
    monkeypatch.setattr(neo4j_recent, "MOST_SCANNED", 1)  # pages of one article
    got = neo4j_recent.recent(cypher_engine(loaded).execute, {"actor": "C003", "limit": 60})
    assert got is None  # past MOST_SCANNED: the text's turn
    monkeypatch.setattr(neo4j_recent, "MOST_SCANNED", 20_000)
    got = neo4j_recent.recent(cypher_engine(loaded).execute, {"actor": "C003", "limit": 60})
    want = text_rows(loaded, "C003", 60)
    days = [r["date"] for r in want if r["date"] and len(r["date"]) == 10]
    assert got == want and len(days) > len(set(days))  # several articles of one day among them


def test_an_actor_in_few_articles_is_the_texts_and_an_unknown_one_has_none(loaded):
    execute = cypher_engine(loaded).execute
    # 8 actors in 360 articles, 36 undated: walking costs more than the text at the default weight
    assert neo4j_recent.recent(execute, {"actor": "C001", "limit": 50}) is None
    assert neo4j_recent.recent(execute, {"actor": "NOPE", "limit": 50}) == []
    assert text_rows(loaded, "NOPE", 50) == []


def test_the_runner_answers_by_the_plan(loaded, monkeypatch):
    from geokg.queries.runner import run_query

    monkeypatch.setattr(neo4j_recent, "WALK_COST", 0)
    calls: list[dict] = []
    real = neo4j_recent.recent
    monkeypatch.setitem(neo4j_recent.PLANS, ("articles-mentioning", "recent"),
                        lambda execute, params: calls.append(params) or real(execute, params))
    columns, rows = run_query("articles-mentioning", {"actor": "C002", "limit": "25"}, backend="neo4j",
                              neo4j_conn=loaded)
    at = columns.index("article")
    assert calls and [r[at] for r in rows] == [r["article"] for r in text_rows(loaded, "C002", 25)]


def test_undated_articles_carry_the_label_the_writer_and_ensure_schema_keep(loaded):
    from neo4j_support import neo4j_settings

    from geokg.graph.neo4j_writer import connect

    def undated() -> set[str]:
        return {r["p"] for r in q(loaded, "MATCH (a:Undated) RETURN a.path AS p")}

    nulls = {r["p"] for r in q(loaded, "MATCH (a:Article) WHERE a.date IS NULL RETURN a.path AS p")}
    assert len(nulls) == 36 and undated() == nulls
    # an article given a date loses the label; one losing its date gets it
    first, second = items()[0], items()[1]
    loaded.write([(dataclasses.replace(first[0], date="2016-04-01"), first[1]),
                  (dataclasses.replace(second[0], date=None), second[1])])
    assert undated() == nulls - {first[0].ref} | {second[0].ref}
    loaded.write([first, second])  # as they were
    # a graph written before the label gets it from ensure_schema
    q(loaded, "MATCH (a:Undated) REMOVE a:Undated")
    fresh = connect(*neo4j_settings())
    try:
        fresh.ensure_schema()
    finally:
        fresh.close()
    assert undated() == nulls
