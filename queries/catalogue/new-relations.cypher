// name: new-relations
// description: Relations (subject, relation, object) first seen on or after a date, oldest first.
// params: since:date, limit:int=100
// columns: subject, relation, object, first_seen, events
// order: first_seen, subject, relation, object
// example: geokg query run new-relations --param since=2016-01-01
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE NOT coalesce(e.negated, false)
WITH s.id AS subject, e.relation AS relation, o.id AS object,
     min(toString(e.date)) AS first_seen, count(e) AS events
WHERE first_seen >= $since
RETURN subject, relation, object, first_seen, events
ORDER BY first_seen, subject, relation, object
LIMIT $limit
