// name: events
// description: Distinct events of an actor (with B: between the two, either direction), one row per article reporting each, with its independent sources; at least MIN_SOURCES of them.
// params: a:actor, b:actor=, category:category=, min_sources:int=1, since:date=, until:date=, limit:int=100
// columns: date, subject, relation, object, predicate, score, sources, article
// order: date, subject, relation, object, predicate, article
// example: geokg query run events --param a=Turkey --param b=Russia --param min_sources=2
// Distinct events (one :Event REPORTED_IN every :Article, e.sources = graph/events.sources).
// With B: the events of the pairs (A, relation, B) and (B, relation, A), by the index on Event.pair;
// without: every event A is the subject or the object of.
CALL () {
  WITH $b AS b WHERE b IS NOT NULL
  UNWIND CASE WHEN $category IS NULL THEN ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT',
        'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'ROLE', 'TRADE', 'MEMBER_OF', 'ALLY_OF'] ELSE [$category] END AS rel
  UNWIND CASE WHEN $a = $b THEN [[$a, $b]] ELSE [[$a, $b], [$b, $a]] END AS so
  MATCH (e:Event {pair: so[0] + '|' + rel + '|' + so[1]})
  RETURN e, so[0] AS subject, so[1] AS object
  UNION ALL
  WITH $b AS b WHERE b IS NULL
  MATCH (a:Actor {id: $a})-[:ACTOR|RECIPIENT]-(e:Event)
  WHERE $category IS NULL OR e.relation = $category
  MATCH (s:Actor)-[:ACTOR]->(e)-[:RECIPIENT]->(o:Actor)
  RETURN DISTINCT e, s.id AS subject, o.id AS object
}
WITH e, subject, object
WHERE NOT coalesce(e.negated, false) AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH e, subject, object, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
MATCH (e)-[:REPORTED_IN]->(art:Article)
WITH DISTINCT date, subject, e, object, art
RETURN date, subject, e.relation AS relation, object, e.predicate AS predicate,
       toFloat(e.score) AS score, coalesce(e.sources, 1) AS sources, art.path AS article
ORDER BY date, subject, relation, object, predicate, article
LIMIT $limit
