"""The Neo4j summaries (graph/neo4j_summaries.py): actors' tallies by sources and dyads' score sums,
moved by the writer's differences, equal to what the events give after any writes, replacements and
removals; rebuilt for a graph written before them; and the catalogue texts that read them give the
rows the event scans give, through the indexes."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest
from neo4j_support import neo4j, neo4j_writer, synthetic_items  # noqa: F401  (a fixture)
from test_neo4j_events import q, snapshot

from geokg.graph.neo4j_summaries import ACTOR_SUMMARY, BALANCE, Deltas, Totals, actor_summary, trimmed
from geokg.queries.catalogue import load_query

# --------------------------------------------------------------------------- no server


def ev(score: float | None, sources: int = 1, negated: bool = False) -> dict:
    return {"score": score, "sources": sources, "negated": negated}


def test_deltas_count_events_by_sources_and_sum_scores_of_dyads():
    d = Deltas()
    d.pair("TUR", "RUS", [], [ev(-9.0), ev(-2.2, sources=3), ev(None, sources=2), ev(-4.0, negated=True)])
    d.pair("RUS", "TUR", [ev(1.1)], [ev(1.1), ev(3.4, sources=2)])  # one event already counted, one new
    d.pair("RUS", "RUS", [], [ev(5.0)])  # an actor to itself: counted for the actor, no dyad
    rows = d.rows()
    # the balance: scored events as subject or object (RUS with itself once), negative and positive sums
    assert rows["actors"] == [
        {"id": "RUS", "subject": [1, 1], "object": [2, 1, 1], "scored": 4, "conflict": -11.2, "cooperation": 8.4},
        {"id": "TUR", "subject": [1, 1, 1], "object": [0, 1], "scored": 3, "conflict": -11.2, "cooperation": 3.4}]
    # the dyad's tally: scored events only (the unscored one of two sources is not in it)
    assert rows["dyads"] == [{"id": "RUS|TUR", "a": "RUS", "b": "TUR", "score": -7.8, "tally": [1, 1, 1]}]
    # the partners: every non-negated event of two different actors, scored or not, either direction
    assert rows["partners"] == [{"a": "RUS", "b": "TUR", "events": 4}]


def test_deltas_of_an_unchanged_pair_are_nothing_and_a_removal_is_negative():
    d = Deltas()
    same = [ev(-9.0, sources=2), ev(0.1)]
    d.pair("A", "B", same, same)
    assert d.rows() == {"actors": [], "dyads": [], "actor_years": [], "dyad_years": [], "partners": []}
    d.pair("A", "B", same, [])
    assert d.rows()["dyads"] == [{"id": "A|B", "a": "A", "b": "B", "score": 8.9, "tally": [-1, -1]}]
    assert d.rows()["partners"] == [{"a": "A", "b": "B", "events": -2}]
    assert d.rows()["actors"][0] == {"id": "A", "subject": [-1, -1], "object": [], "scored": -2, "conflict": 9.0,
                                     "cooperation": -0.1}


def test_an_events_new_score_moves_the_balance_alone():
    d = Deltas()
    d.pair("A", "B", [ev(-2.0)], [ev(3.0)])  # same count and sources: only the balance changes
    assert d.rows()["actors"] == [{"id": "A", "subject": [0], "object": [], "scored": 0, "conflict": 2.0,
                                   "cooperation": 3.0},
                                  {"id": "B", "subject": [], "object": [0], "scored": 0, "conflict": 2.0,
                                   "cooperation": 3.0}]
    assert d.rows()["partners"] == []


def test_events_dated_to_a_day_are_also_in_their_years_summaries():
    d = Deltas()
    d.pair("A", "B", [], [{**ev(-9.0), "date": dt.date(2018, 3, 1)},
                          {**ev(2.0, sources=2), "date": dt.date(2019, 1, 1)},
                          {**ev(-1.0), "date": "2018-05"}])  # a month only: in no year
    rows = d.rows()
    assert [(r["id"], r["score"], r["tally"]) for r in rows["dyad_years"]] == [("A|B|2018", -9.0, [1]),
                                                                                ("A|B|2019", 2.0, [0, 1])]
    assert rows["dyads"][0]["score"] == -8.0
    assert [(r["id"], r["subject"], r["object"]) for r in rows["actor_years"]] == [
        ("A|2018", [1], []), ("A|2019", [0, 1], []), ("B|2018", [], [1]), ("B|2019", [], [0, 1])]
    t = Totals()
    t.event("A", "B", {**ev(-9.0), "date": dt.date(2018, 3, 1)})
    assert [(x["id"], x["statements"], x["as_subject"]) for x in t.actor_years()] == [("A|2018", 1, 1),
                                                                                       ("B|2018", 1, None)]
    assert [y["id"] for y in t.dyads(years=True)] == ["A|B|2018"] and [y["id"] for y in t.dyads()] == ["A|B"]


def test_totals_trim_tallies_and_leave_empty_summaries_absent():
    t = Totals()
    t.event("A", "B", ev(-9.0, sources=3))
    t.event("B", "A", ev(2.0))
    assert t.dyads() == [{"id": "A|B", "a": "A", "b": "B", "events": 2, "score": -7.0, "tally": [1, 0, 1],
                          "sources": 3}]
    assert t.actor("A") == {"subject_tally": [0, 0, 1], "object_tally": [1], "as_subject": 1, "as_object": 1,
                            "statements": 2, "sources": 3, "scored": 2, "conflict": -9.0, "cooperation": 2.0}
    assert t.partners() == [{"a": "A", "b": "B", "events": 2}]
    assert t.actor("C") == dict.fromkeys((*ACTOR_SUMMARY, *BALANCE))  # no event: no summary, no balance
    t.event("C", "D", ev(None))
    assert (t.actor("C")["scored"], t.actor("C")["conflict"]) == (0, 0.0)  # events, none scored: zeros
    assert actor_summary([], [0, 0]) == dict.fromkeys(
        ("subject_tally", "object_tally", "as_subject", "as_object", "statements", "sources"))
    assert trimmed([2, 0, 0]) == [2] and trimmed([0]) is None


# --------------------------------------------------------------------------- the real server


def sourced_items(n: int = 600, seed: int = 4, actors: int = 5) -> list:
    """Few actors (pairs repeat: structural relations merge across articles) and three outlets, so
    events have one to three sources."""
    items = synthetic_items(n, n_actors=actors, per_article=6, seed=seed)
    return [(dataclasses.replace(a, source=f"Wire {k % 3}"), ts) for k, (a, ts) in enumerate(items)]


def from_events(writer) -> tuple[list, list]:
    """The summaries as the events give them, by Cypher of its own (not the module's arithmetic)."""
    dyads = q(writer, """
        MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
        WHERE e.score IS NOT NULL AND s <> o AND NOT coalesce(e.negated, false)
        WITH CASE WHEN s.id < o.id THEN s.id ELSE o.id END AS a, CASE WHEN s.id < o.id THEN o.id ELSE s.id END AS b, e
        RETURN a, b, count(e) AS events, round(sum(e.score), 6) AS score, collect(e.sources) AS sources
        ORDER BY a, b""")
    actors = q(writer, """
        MATCH (x:Actor)
        OPTIONAL MATCH (x)-[:ACTOR]->(e:Event) WHERE NOT coalesce(e.negated, false)
        WITH x, collect(e.sources) AS subj
        OPTIONAL MATCH (x)<-[:RECIPIENT]-(e:Event) WHERE NOT coalesce(e.negated, false)
        RETURN x.id AS id, subj, collect(e.sources) AS obj ORDER BY id""")

    # the partners and the balance from the events (an event of an actor with itself: once for it)
    pairs = q(writer, """
        MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
        WHERE s <> o AND NOT coalesce(e.negated, false)
        WITH CASE WHEN s.id < o.id THEN s.id ELSE o.id END AS a, CASE WHEN s.id < o.id THEN o.id ELSE s.id END AS b
        RETURN a, b, count(*) AS events ORDER BY a, b""")
    balance = {r["id"]: r for r in q(writer, """
        MATCH (x:Actor)
        OPTIONAL MATCH (x)-[:ACTOR|RECIPIENT]-(e:Event) WHERE NOT coalesce(e.negated, false)
        WITH x, collect(DISTINCT e) AS evs
        RETURN x.id AS id, size(evs) AS n, size([e IN evs WHERE e.score IS NOT NULL]) AS scored,
               round(reduce(t = 0.0, e IN evs | t + CASE WHEN e.score < 0 THEN e.score ELSE 0.0 END), 6) AS conflict,
               round(reduce(t = 0.0, e IN evs | t + CASE WHEN e.score > 0 THEN e.score ELSE 0.0 END), 6) AS cooperation
        """)}

    def tally(values: list[int]) -> list[int] | None:
        c = Counter(values)
        return [c[i] for i in range(1, max(c) + 1)] if c else None

    def bal(key: str) -> tuple:
        r = balance[key]
        return (r["scored"], r["conflict"], r["cooperation"]) if r["n"] else (None, None, None)

    return ([(d["a"], d["b"], d["events"], d["score"], tally(d["sources"]), max(d["sources"])) for d in dyads],
            [(a["id"], tally(a["subj"]), tally(a["obj"]), len(a["subj"]) + len(a["obj"]) or None, *bal(a["id"]))
             for a in actors],
            [(p["a"], p["b"], p["events"]) for p in pairs])


def stored(writer) -> tuple[list, list]:
    dyads = q(writer, "MATCH (d:Dyad) RETURN d.a AS a, d.b AS b, d.events AS events, round(d.score, 6) AS score, "
                      "d.tally AS tally, d.sources AS sources, d.id AS id ORDER BY a, b")
    assert all(d["id"] == f"{d['a']}|{d['b']}" for d in dyads)
    actors = q(writer, "MATCH (x:Actor) RETURN x.id AS id, x.subject_tally AS st, x.object_tally AS ot, "
                       "x.statements AS n, x.scored AS scored, round(x.conflict, 6) AS conflict, "
                       "round(x.cooperation, 6) AS cooperation ORDER BY id")
    pairs = q(writer, "MATCH (a:Actor)-[p:PAIR]->(b:Actor) RETURN a.id AS a, b.id AS b, p.events AS events "
                      "ORDER BY a, b")
    assert all(p["a"] < p["b"] for p in pairs)  # from the key that sorts first
    return ([(d["a"], d["b"], d["events"], d["score"], d["tally"], d["sources"]) for d in dyads],
            [(a["id"], a["st"], a["ot"], a["n"], a["scored"], a["conflict"], a["cooperation"]) for a in actors],
            [(p["a"], p["b"], p["events"]) for p in pairs])


@neo4j
def test_summaries_follow_writes_replacements_and_removals(neo4j_writer):  # noqa: F811
    items = sourced_items()
    neo4j_writer.write(items, batch_size=37)
    got = stored(neo4j_writer)
    assert got == from_events(neo4j_writer)
    assert any(t and len(t) == 3 for _, _, _, _, t, _ in got[0])  # the case proves something: 3 sources
    # each of a third of the articles again with half its triples: reports leave events, sources drop
    fewer = [(a, ts[: len(ts) // 2]) for a, ts in items[::3]]
    neo4j_writer.write(fewer, batch_size=20)
    assert stored(neo4j_writer) == from_events(neo4j_writer) != got
    neo4j_writer.remove_articles([a.id for a, _ in items[1::2]], batch_size=7)
    assert stored(neo4j_writer) == from_events(neo4j_writer)
    neo4j_writer.remove_articles([a.id for a, _ in items])
    assert q(neo4j_writer, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


@neo4j
def test_removing_articles_restores_the_summaries_exactly(neo4j_writer):  # noqa: F811
    items = sourced_items(300, seed=8)
    neo4j_writer.write(items[:40])
    before = snapshot(neo4j_writer)
    neo4j_writer.write(items[40:], batch_size=50)
    neo4j_writer.remove_articles([a.id for a, _ in items[40:]], batch_size=9)
    assert snapshot(neo4j_writer) == before  # scores to the last bit, tallies, dyads gone


@neo4j
def test_a_graph_written_before_the_summaries_gets_them(neo4j_writer):  # noqa: F811
    from neo4j_support import neo4j_settings

    from geokg.graph.neo4j_writer import connect

    neo4j_writer.write(sourced_items(200, seed=5), batch_size=64)
    want = snapshot(neo4j_writer)
    q(neo4j_writer, "MATCH (d:Dyad) DELETE d")
    q(neo4j_writer, "MATCH (x:Actor) REMOVE x.subject_tally, x.object_tally, x.as_subject, x.as_object, "
                    "x.statements, x.sources, x.scored, x.conflict, x.cooperation")
    q(neo4j_writer, "MATCH ()-[p:PAIR]->() DELETE p")
    assert snapshot(neo4j_writer) != want
    with connect(*neo4j_settings()) as later:
        later.ensure_schema()  # what `geokg load` does first: finds no summaries, computes them
    assert snapshot(neo4j_writer) == want


#: (query, parameters, the variant label whose event scan answers the same question)
SAME_ROWS = [
    ("hostile-dyads", {}, "2-dates"), ("cooperative-dyads", {"limit": "7"}, "2-dates"),
    ("top-actors", {}, "1-dates"), ("hostile-dyads", {"min_sources": "2"}, "2-dates"),
    ("cooperative-dyads", {"min_sources": "3"}, "2-dates"), ("top-actors", {"min_sources": "2"}, "1-dates"),
]


@neo4j
@pytest.mark.parametrize(("name", "params", "scan"), SAME_ROWS)
def test_summary_texts_give_the_event_scans_rows(neo4j_writer, name, params, scan):  # noqa: F811
    neo4j_writer.write(sourced_items(1500, actors=8), batch_size=100)
    query = load_query(name)
    values = query.convert(params)
    chosen = query.cypher_for(values)
    assert chosen != next(v.text for v in query.cypher_variants if v.label == scan)

    def rows(text: str) -> list[tuple]:
        return [tuple(round(v, 6) if isinstance(v, float) else v for v in r.values()) for r in q(neo4j_writer, text,
                                                                                              **values)]

    want = rows(next(v.text for v in query.cypher_variants if v.label == scan))
    assert len(want) >= 3  # something to compare
    assert rows(chosen) == want


@neo4j
@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads", "top-actors"])
def test_summary_texts_read_in_index_order(neo4j_writer, name):  # noqa: F811
    neo4j_writer.ensure_schema()
    query = load_query(name)
    values = query.convert({})
    plan = neo4j_writer.driver.execute_query("EXPLAIN " + query.cypher_for(values), values).summary.plan
    ops = []

    def walk(p: dict) -> None:
        ops.append(p["operatorType"].split("@")[0])
        for child in p.get("children", ()):
            walk(child)

    walk(plan)
    assert any("IndexSeekByRange" in op for op in ops), ops  # the score / statements index, in its order
    assert not any(op in ("NodeByLabelScan", "Sort") for op in ops), ops  # no scan, no full sort
