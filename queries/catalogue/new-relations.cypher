// name: new-relations
// description: Relations (subject, relation, object) first seen on or after a date, oldest first.
// params: since:date, limit:int=100
// columns: subject, relation, object, first_seen, events
// order: first_seen, subject, relation, object
// example: geokg query run new-relations --param since=2016-01-01
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// A relation is new when its first non-negated event (the least toString(e.date) of its pair's events)
// is on or after SINCE. The events from SINCE on, in the order of the geokg_event_date index, each
// kept when no event of its pair (Event.pair index) is dated before it, until LIMIT relations; then
// every such relation up to the date of the LIMIT-th (ties on that date sort by name). Event dates are
// DATEs at day precision and text at month or year precision ("2020-03"): one pass over each kind,
// as an index keeps them apart; together they sort as text, as toString(e.date) does.
CALL () {
  CALL () {
    MATCH (e:Event) WHERE e.date >= date($since) AND NOT coalesce(e.negated, false)
    WITH e ORDER BY e.date
    WHERE NOT EXISTS { MATCH (f:Event {pair: e.pair})
                     WHERE toString(f.date) < toString(e.date) AND NOT coalesce(f.negated, false) }
    WITH DISTINCT e.date AS d, e.pair AS pair
    LIMIT $limit
    RETURN max(d) AS cutoff
  }
  MATCH (e:Event) WHERE date($since) <= e.date <= cutoff AND NOT coalesce(e.negated, false)
    AND NOT EXISTS { MATCH (f:Event {pair: e.pair})
                     WHERE toString(f.date) < toString(e.date) AND NOT coalesce(f.negated, false) }
  RETURN DISTINCT e.pair AS pair, toString(e.date) AS first_seen
  UNION
  CALL () {
    MATCH (e:Event) WHERE e.date >= $since AND NOT coalesce(e.negated, false)
    WITH e ORDER BY e.date
    WHERE NOT EXISTS { MATCH (f:Event {pair: e.pair})
                     WHERE toString(f.date) < toString(e.date) AND NOT coalesce(f.negated, false) }
    WITH DISTINCT e.date AS d, e.pair AS pair
    LIMIT $limit
    RETURN max(d) AS cutoff
  }
  MATCH (e:Event) WHERE $since <= e.date <= cutoff AND NOT coalesce(e.negated, false)
    AND NOT EXISTS { MATCH (f:Event {pair: e.pair})
                     WHERE toString(f.date) < toString(e.date) AND NOT coalesce(f.negated, false) }
  RETURN DISTINCT e.pair AS pair, toString(e.date) AS first_seen
}
WITH pair, first_seen, split(pair, '|') AS p
RETURN p[0] AS subject, p[1] AS relation, p[2] AS object, first_seen,
       COUNT { MATCH (f:Event {pair: pair}) WHERE NOT coalesce(f.negated, false) } AS events
ORDER BY first_seen, subject, relation, object
LIMIT $limit
