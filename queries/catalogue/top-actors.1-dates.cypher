// name: top-actors
// description: The actors with the most distinct events, as subject or object, between two dates; sources: the most independent sources of any one event counted (events with fewer than MIN_SOURCES are not counted).
// params: since:date=, until:date=, min_sources:int=1, limit:int=10
// columns: actor, name, statements, as_subject, as_object, sources
// order: statements desc, actor
// example: geokg query run top-actors --param limit=5
// when: since, until
// plan: years
// With dates: the year summaries by the threshold algorithm (queries/neo4j_years.py); when it declines
// (more than 92 days of years in part, min_sources > 1), this text reads every event in range.
// Events are distinct events: one :Event however many articles report it (docs/schema.md);
// e.sources: its independent sources (graph/events.sources).
MATCH (x:Actor)-[r:ACTOR|RECIPIENT]-(e:Event)
WHERE NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH x, r, e, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
WITH x, sum(CASE type(r) WHEN 'ACTOR' THEN 1 ELSE 0 END) AS as_subject,
     sum(CASE type(r) WHEN 'RECIPIENT' THEN 1 ELSE 0 END) AS as_object, max(coalesce(e.sources, 1)) AS sources
RETURN x.id AS actor, x.name AS name, as_subject + as_object AS statements, as_subject, as_object, sources
ORDER BY statements DESC, actor
LIMIT $limit
