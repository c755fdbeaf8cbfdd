// name: events
// description: Distinct events of an actor (with B: between the two, either direction), one row per article reporting each, with its independent sources; at least MIN_SOURCES of them.
// params: a:actor, b:actor=, category:category=, min_sources:int=1, since:date=, until:date=, limit:int=100
// columns: date, subject, relation, object, predicate, score, sources, article
// order: date, subject, relation, object, predicate, article
// example: geokg query run events --param a=Turkey --param b=Russia --param min_sources=2
// Written against the distinct-event model of issue 10 (one :Event REPORTED_IN every :Article,
// e.sources = graph/events.sources); to reconcile with the Neo4j writer's property names.
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE ((s.id = $a AND ($b IS NULL OR o.id = $b)) OR (o.id = $a AND ($b IS NULL OR s.id = $b)))
  AND NOT coalesce(e.negated, false)
  AND ($category IS NULL OR e.relation = $category)
  AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH s, e, o, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
MATCH (e)-[:REPORTED_IN]->(art:Article)
WITH DISTINCT date, s, e, o, art
RETURN date, s.id AS subject, e.relation AS relation, o.id AS object, e.predicate AS predicate,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources, art.path AS article
ORDER BY date, subject, relation, object, predicate, article
LIMIT $limit
