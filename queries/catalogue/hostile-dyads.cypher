// name: hostile-dyads
// description: Pairs of actors by the sum of their conflict-cooperation scores (either direction), most negative first; sources: the most independent sources of any one event counted (events with fewer than MIN_SOURCES are not counted).
// params: since:date=, until:date=, min_sources:int=1, limit:int=20
// columns: actor_a, actor_b, events, score, sources
// order: score, actor_a, actor_b
// example: geokg query run hostile-dyads --param since=2015-01-01 --param limit=5
// Without dates and for min_sources 1, the dyads' summaries the writer keeps (graph/neo4j_summaries.py:
// one :Dyad per unordered pair with a scored event, its events, score sum and most sources), the first
// LIMIT in the order of the geokg_dyad_score index. With min_sources > 1: hostile-dyads.1-sources.cypher;
// with since/until: hostile-dyads.2-dates.cypher (the runner picks the text, catalogue.Query.cypher_for).
MATCH (d:Dyad)
WHERE d.score < 0 AND $since IS NULL AND $until IS NULL AND coalesce($min_sources, 1) <= 1
WITH d ORDER BY d.score, d.a, d.b LIMIT $limit
RETURN d.a AS actor_a, d.b AS actor_b, d.events AS events, d.score AS score, d.sources AS sources
ORDER BY score, actor_a, actor_b
