// name: cooperative-dyads
// description: Pairs of actors by the sum of their conflict-cooperation scores (either direction), most positive first; sources: the most independent sources of any one event counted (events with fewer than MIN_SOURCES are not counted).
// params: since:date=, until:date=, min_sources:int=1, limit:int=20
// columns: actor_a, actor_b, events, score, sources
// order: score desc, actor_a, actor_b
// example: geokg query run cooperative-dyads --param since=2015-01-01 --param limit=5
// when: min_sources>1
// Events are distinct events: one :Event however many articles report it (docs/schema.md);
// e.sources: its independent sources (graph/events.sources).
// The events of MIN_SOURCES sources or more, by the geokg_event_sources index (few: most events have one).
MATCH (e:Event) WHERE e.sources >= $min_sources
MATCH (s:Actor)-[:ACTOR]->(e)-[:RECIPIENT]->(o:Actor)
WHERE e.score IS NOT NULL AND s <> o AND NOT coalesce(e.negated, false)
WITH s, e, o, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
// the unordered pair: the smaller key first; the score to 9 places, as the summaries keep it (equal sums tie,
// and ties sort by name)
WITH CASE WHEN s.id < o.id THEN s.id ELSE o.id END AS actor_a,
     CASE WHEN s.id < o.id THEN o.id ELSE s.id END AS actor_b, e
WITH actor_a, actor_b, count(e) AS events, round(sum(toFloat(e.score)), 9) AS score,
     max(coalesce(e.sources, 1)) AS sources
WHERE score > 0
RETURN actor_a, actor_b, events, score, sources
ORDER BY score DESC, actor_a, actor_b
LIMIT $limit
