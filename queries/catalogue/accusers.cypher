// name: accusers
// description: Who directs CATEGORY (default ACCUSE; also REQUEST, THREATEN, ...) at an actor, most frequent first.
// params: actor:actor, category:category=ACCUSE, limit:int=20
// columns: subject, events, score, first_seen, last_seen
// order: events desc, subject
// example: geokg query run accusers --param actor=Turkey --param category=THREATEN
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// The events of the pairs (X, CATEGORY, ACTOR) for every actor X, each found by the index on
// Event.pair (an actor's incoming events are not walked; the category cannot be a relationship type).
MATCH (s:Actor)
MATCH (e:Event {pair: s.id + '|' + $category + '|' + $actor})
WHERE NOT coalesce(e.negated, false)
WITH s.id AS subject, count(e) AS events, sum(coalesce(toFloat(e.score), 0.0)) AS score,
     min(toString(e.date)) AS first_seen, max(toString(e.date)) AS last_seen
RETURN subject, events, score, first_seen, last_seen
ORDER BY events DESC, subject
LIMIT $limit
