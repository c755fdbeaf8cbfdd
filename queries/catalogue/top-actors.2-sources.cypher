// name: top-actors
// description: The actors with the most distinct events, as subject or object, between two dates; sources: the most independent sources of any one event counted (events with fewer than MIN_SOURCES are not counted).
// params: since:date=, until:date=, min_sources:int=1, limit:int=10
// columns: actor, name, statements, as_subject, as_object, sources
// order: statements desc, actor
// example: geokg query run top-actors --param limit=5
// when: min_sources>1
// Without dates: each actor's tallies of events by sources (graph/neo4j_summaries.py), summed from item
// MIN_SOURCES - 1 on (an actor's most sources, x.sources, is the length of its longer tally).
MATCH (x:Actor)
WHERE x.sources >= $min_sources AND $since IS NULL AND $until IS NULL
WITH x, reduce(n = 0, v IN coalesce(x.subject_tally, [])[$min_sources - 1..] | n + v) AS as_subject,
     reduce(n = 0, v IN coalesce(x.object_tally, [])[$min_sources - 1..] | n + v) AS as_object
WHERE as_subject + as_object > 0
RETURN x.id AS actor, x.name AS name, as_subject + as_object AS statements, as_subject, as_object,
       x.sources AS sources
ORDER BY statements DESC, actor
LIMIT $limit
