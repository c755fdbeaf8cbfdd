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
