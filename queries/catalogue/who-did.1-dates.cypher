// name: who-did
// description: Who did CATEGORY to whom, between two dates (negated statements left out); one row per distinct event with its independent sources, at least MIN_SOURCES of them.
// params: category:category, since:date=, until:date=, min_sources:int=1, limit:int=50
// columns: date, subject, object, predicate, mode, score, sources
// order: date, subject, object, predicate
// example: geokg query run who-did --param category=ASSAULT --param since=2015-01-01
// when: since, until
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// Between two dates: the category's events in date order by the (relation, date) index, the first
// LIMIT of each kind of date (DATEs at day precision, text at month or year precision, which an
// index keeps apart), then both together as text, as toString(e.date) sorts them.
CALL () {
  MATCH (e:Event)
  WHERE e.relation = $category AND date(coalesce($since, '0001-01-01')) <= e.date <= date(coalesce($until, '9999-12-31'))
    AND NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
  WITH e, split(e.pair, '|') AS pair
  ORDER BY e.relation, e.date, pair[0], pair[2], e.predicate
  LIMIT $limit
  RETURN e, toString(e.date) AS date
  UNION
  MATCH (e:Event)
  WHERE e.relation = $category AND coalesce($since, '') <= e.date <= coalesce($until, '\uFFFF')
    AND NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
  WITH e, split(e.pair, '|') AS pair
  ORDER BY e.relation, e.date, pair[0], pair[2], e.predicate
  LIMIT $limit
  RETURN e, toString(e.date) AS date
}
WITH e, date, split(e.pair, '|') AS pair
RETURN date, pair[0] AS subject, pair[2] AS object, e.predicate AS predicate, e.mode AS mode,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, object, predicate
LIMIT $limit
