// name: who-did
// description: Who did CATEGORY to whom, between two dates (negated statements left out); one row per distinct event with its independent sources, at least MIN_SOURCES of them.
// params: category:category, since:date=, until:date=, min_sources:int=1, limit:int=50
// columns: date, subject, object, predicate, mode, score, sources
// order: date, subject, object, predicate
// example: geokg query run who-did --param category=ASSAULT --param since=2015-01-01
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// The events of the category by the index on Event.relation; subject and object are read from
// e.pair ("subject|relation|object"), not by expanding every candidate's ACTOR and RECIPIENT.
MATCH (e:Event {relation: $category})
WHERE NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH e, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
WITH e, date, split(e.pair, '|') AS pair
RETURN date, pair[0] AS subject, pair[2] AS object, e.predicate AS predicate, e.mode AS mode,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, object, predicate
LIMIT $limit
