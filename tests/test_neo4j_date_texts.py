"""The Cypher texts that read events in date order by an index (new-relations; who-did with dates or
several sources) give the rows of the plain scans they replace, on a graph with day, month and year
dates (DATEs and text, which an index keeps apart), ties on the cut-off date, negations and several
sources: the scans are kept here as the definition."""
from __future__ import annotations

import dataclasses

import pytest
from neo4j_support import neo4j, neo4j_writer  # noqa: F401  (a fixture)
from test_neo4j_events import q
from test_neo4j_summaries import sourced_items

from geokg.ingest.models import EventDate
from geokg.queries.catalogue import load_query

pytestmark = neo4j

SCANS = {
    "new-relations": """
        MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
        WHERE NOT coalesce(e.negated, false)
        WITH s.id AS subject, e.relation AS relation, o.id AS object,
             min(toString(e.date)) AS first_seen, count(e) AS events
        WHERE first_seen >= $since
        RETURN subject, relation, object, first_seen, events
        ORDER BY first_seen, subject, relation, object
        LIMIT $limit""",
    "who-did": """
        MATCH (e:Event {relation: $category})
        WHERE NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
        WITH e, toString(e.date) AS date
        WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
        WITH e, date, split(e.pair, '|') AS pair
        RETURN date, pair[0] AS subject, pair[2] AS object, e.predicate AS predicate, e.mode AS mode,
               toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources
        ORDER BY date, subject, object, predicate
        LIMIT $limit""",
}


def dated_items() -> list:
    """Every 4th triple dated to its month, every 7th to its year (text dates); the rest to the day."""
    items = sourced_items(1500, seed=11, actors=8)
    out = []
    for article, triples in items:
        dated = []
        for k, t in enumerate(triples):
            if k % 4 == 1:
                t = dataclasses.replace(t, event_date=EventDate(t.published[:7], "month", "this month"))
            elif k % 7 == 3:
                t = dataclasses.replace(t, event_date=EventDate(t.published[:4], "year", "this year"))
            dated.append(t)
        out.append((article, dated))
    return out


CASES = [
    ("new-relations", {"since": "2016-06-01", "limit": "40"}),
    ("new-relations", {"since": "2015-01-01", "limit": "1000"}),
    ("new-relations", {"since": "2019-01-01"}),
    ("who-did", {"category": "TRADE", "since": "2016-01-01", "limit": "25"}),
    ("who-did", {"category": "ASSAULT", "until": "2016-03-01", "limit": "30"}),
    ("who-did", {"category": "AGREE", "since": "2017-01-01", "until": "2018-06-01"}),
    ("who-did", {"category": "TRADE", "min_sources": "2"}),
    ("who-did", {"category": "MEMBER_OF", "min_sources": "2", "since": "2016-01-01"}),
]


@pytest.fixture(scope="module")
def loaded():
    from neo4j_support import neo4j_settings

    from geokg.graph.neo4j_writer import connect

    writer = connect(*neo4j_settings())
    writer.clear()
    writer.write(dated_items(), batch_size=200)
    n_text = q(writer, "MATCH (e:Event) WHERE e.date IS :: STRING RETURN count(e) AS n")[0]["n"]
    assert n_text > 50  # month and year dates are in the graph as text
    yield writer
    writer.close()


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_index_texts_give_the_scans_rows(loaded, name, params):
    query = load_query(name)
    values = query.convert(params)
    chosen = query.cypher_for(values)
    got = q(loaded, chosen, **values)
    want = q(loaded, SCANS[name], **values)
    assert len(want) >= 2  # something to compare
    assert got == want


# --------------------------------------------------------------------------- the year summaries' plan

YEAR_CASES = [
    ({"since": "2016-01-01"}, True),  # whole years and the text dates in range
    ({"since": "2016-03-15", "until": "2016-05-31"}, True),  # days of one year in part only
    ({"since": "2015-11-01", "until": "2017-01-31", "limit": "3"}, True),  # 61 + 31 days around a whole year
    ({"until": "2016-12-31", "limit": "200"}, True),  # from the start: the years before 1900 are read as days
    ({"since": "2016-02-01", "until": "2017-12-31"}, False),  # 335 days in part: the text reads every event
    ({"since": "2016-01-01", "min_sources": "2"}, False),  # several sources: the events of several sources
]


@pytest.mark.parametrize("name", ["hostile-dyads", "cooperative-dyads", "top-actors"])
@pytest.mark.parametrize(("params", "planned"), YEAR_CASES, ids=[str(i) for i in range(len(YEAR_CASES))])
def test_the_year_plan_gives_the_event_scans_rows(loaded, name, params, planned):
    from geokg.queries import neo4j_years
    from geokg.queries.runner import cypher_engine, normalise

    query = load_query(name)
    values = query.convert(params)
    engine = cypher_engine(loaded)
    plan = neo4j_years.PLANS.get((name, "years"))
    assert (plan(engine.execute, values) is not None) == planned
    scan = next(v.text for v in query.cypher_variants if v.label in ("2-dates", "1-dates"))
    want = [[normalise(v) for v in r.values()] for r in q(loaded, scan, **values)]
    got = [[normalise(r[c]) for c in query.columns] for r in engine.run(query, values)]
    assert len(want) >= 1
    assert got == want


def test_parts_split_a_range_into_whole_years_and_days():
    from geokg.queries.neo4j_years import parts

    assert parts("2016-01-01", None) == (list(range(2016, 2041)), [["2041-01-01", "9999-12-31"]])
    assert parts("2015-11-01", "2017-01-31") == ([2016], [["2015-11-01", "2015-12-31"], ["2017-01-01", "2017-01-31"]])
    assert parts("2016-03-15", "2016-05-31") == ([], [["2016-03-15", "2016-05-31"]])
    assert parts("2016-02-01", "2017-12-31") is None  # 335 days of 2016
    assert parts(None, "1950-12-31")[1] == [["0001-01-01", "1899-12-31"]]
    assert parts("2017-01-01", "2016-01-01") == ([], [])

