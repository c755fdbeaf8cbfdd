// name: who-did
// description: Who did CATEGORY to whom, between two dates (negated statements left out); one row per distinct event with its independent sources, at least MIN_SOURCES of them.
// params: category:category, since:date=, until:date=, min_sources:int=1, limit:int=50
// columns: date, subject, object, predicate, mode, score, sources
// order: date, subject, object, predicate
// example: geokg query run who-did --param category=ASSAULT --param since=2015-01-01
// when: min_sources>1
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// Events of MIN_SOURCES sources or more, by the geokg_event_sources index (few: most have one), those
// of the category kept; subject and object are read from e.pair ("subject|relation|object").
MATCH (e:Event)
USING INDEX e:Event(sources)
WHERE e.sources >= $min_sources AND e.relation = $category AND NOT coalesce(e.negated, false)
WITH e, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
WITH e, date, split(e.pair, '|') AS pair
RETURN date, pair[0] AS subject, pair[2] AS object, e.predicate AS predicate, e.mode AS mode,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, object, predicate
LIMIT $limit
