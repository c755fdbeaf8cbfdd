// name: who-did
// description: Who did CATEGORY to whom, between two dates (negated statements left out); one row per distinct event with its independent sources, at least MIN_SOURCES of them.
// params: category:category, since:date=, until:date=, min_sources:int=1, limit:int=50
// columns: date, subject, object, predicate, mode, score, sources
// order: date, subject, object, predicate
// example: geokg query run who-did --param category=ASSAULT --param since=2015-01-01
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
MATCH (s:Actor)-[:ACTOR]->(e:Event {relation: $category})-[:RECIPIENT]->(o:Actor)
WHERE NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH s, e, o, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
RETURN date, s.id AS subject, o.id AS object, e.predicate AS predicate, e.mode AS mode,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, object, predicate
LIMIT $limit
