// name: dyad-history
// description: Everything A and B said or did to each other, both directions, by date (negated statements flagged); sources: each event's independent sources (a negated statement: one), at least MIN_SOURCES.
// params: a:actor, b:actor, since:date=, until:date=, min_sources:int=1, limit:int=100
// columns: date, subject, relation, object, predicate, score, negated, evidence, sources
// order: date, subject, relation, object, predicate
// example: geokg query run dyad-history --param a=Russia --param b=Turkey
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE ((s.id = $a AND o.id = $b) OR (s.id = $b AND o.id = $a))
  AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH s, e, o, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
OPTIONAL MATCH (e)-[r:REPORTED_IN]->(:Article)
WITH e, date, s, o, sum(size(r.starts)) AS evidence
RETURN date, s.id AS subject, e.relation AS relation, o.id AS object, e.predicate AS predicate,
       toFloat(e.score) AS score, coalesce(e.negated, false) AS negated, evidence, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, relation, object, predicate
LIMIT $limit
