// name: top-actors
// description: The actors with the most distinct events, as subject or object, between two dates; sources: the most independent sources of any one event counted (events with fewer than MIN_SOURCES are not counted).
// params: since:date=, until:date=, min_sources:int=1, limit:int=10
// columns: actor, name, statements, as_subject, as_object, sources
// order: statements desc, actor
// example: geokg query run top-actors --param limit=5
// Without dates and for min_sources 1, the actors' summaries the writer keeps (graph/neo4j_summaries.py:
// as_subject, as_object, statements, sources), the first LIMIT in the order of the
// geokg_actor_statements index. With since/until: top-actors.1-dates.cypher; with min_sources > 1:
// top-actors.2-sources.cypher (the runner picks the text, catalogue.Query.cypher_for).
MATCH (x:Actor)
WHERE x.statements > 0 AND $since IS NULL AND $until IS NULL AND coalesce($min_sources, 1) <= 1
WITH x ORDER BY x.statements DESC, x.id LIMIT $limit
RETURN x.id AS actor, x.name AS name, x.statements AS statements, coalesce(x.as_subject, 0) AS as_subject,
       coalesce(x.as_object, 0) AS as_object, x.sources AS sources
ORDER BY statements DESC, actor
