"""The threshold algorithm of the Neo4j year plan (queries/neo4j_years.py) from one rank a year: on a
graph of day dates only (no event read one by one), the bound decides when to stop, and the rows are
the event scan's."""
from __future__ import annotations

import pytest
from neo4j_support import neo4j
from test_neo4j_events import q
from test_neo4j_summaries import sourced_items

from geokg.queries.catalogue import load_query

pytestmark = neo4j


@pytest.fixture(scope="module")
def loaded():
    from neo4j_support import neo4j_settings

    from geokg.graph.neo4j_writer import connect

    writer = connect(*neo4j_settings())
    writer.clear()
    writer.write(sourced_items(3000, seed=12, actors=30), batch_size=500)
    yield writer
    writer.close()


@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads", "top-actors"])
@pytest.mark.parametrize("limit", ["1", "3", "12"])
def test_the_threshold_stops_after_rounds_with_the_scans_rows(loaded, name, limit, monkeypatch):
    """From one rank a year (then 4, 16...): the bound decides, not the years' ends."""
    from geokg.queries import neo4j_years
    from geokg.queries.runner import cypher_engine, normalise

    monkeypatch.setattr(neo4j_years, "FIRST_K", 1)
    monkeypatch.setattr(neo4j_years, "DIRECT_MOST", -1)  # the threshold algorithm, not the direct sums
    query = load_query(name)
    values = query.convert({"since": "2015-01-01", "limit": limit})
    engine = cypher_engine(loaded)
    rounds: list[int] = []

    def counting(text: str, params: dict) -> list[dict]:
        if "k" in params:
            rounds.append(params["k"])
        return engine.execute(text, params)

    got = neo4j_years.PLANS[(name, "years")](counting, values)
    assert got is not None and rounds[0] == 1 and len(rounds) >= 2
    scan = next(v.text for v in query.cypher_variants if v.label in ("2-dates", "1-dates"))
    want = [[normalise(v) for v in r.values()] for r in q(loaded, scan, **values)]
    assert [[normalise(r[c]) for c in query.columns] for r in got] == want


@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads"])
@pytest.mark.parametrize("limit", ["1", "5", "40"])
@pytest.mark.parametrize("since", ["2015-01-01", "2015-11-01", "2016-10-15"])
def test_a_small_store_sums_the_years_directly_with_the_scans_rows(loaded, name, limit, since):
    """At most DIRECT_MOST year summaries: one aggregation of the whole years, the rest added (a range
    from November or mid-October: the days to the year's end read event by event)."""
    from geokg.queries import neo4j_years
    from geokg.queries.runner import cypher_engine, normalise

    query = load_query(name)
    values = query.convert({"since": since, "limit": limit})
    engine = cypher_engine(loaded)
    direct: list[int] = []

    def counting(text: str, params: dict) -> list[dict]:
        if "n" in params:
            direct.append(params["n"])
        assert "k" not in params  # no threshold round
        return engine.execute(text, params)

    got = neo4j_years.PLANS[(name, "years")](counting, values)
    # n = limit + the pairs with events in the days in part: some for a range from within a year
    assert got is not None and len(direct) == 1 and (direct[0] > int(limit)) == (since != "2015-01-01")
    scan = next(v.text for v in query.cypher_variants if v.label == "2-dates")
    want = [[normalise(v) for v in r.values()] for r in q(loaded, scan, **values)]
    assert [[normalise(r[c]) for c in query.columns] for r in got] == want and len(want) == int(limit)
