// name: evidence
// description: The sentences and articles behind the statements between A and B (both directions), optionally of one category; sources: the independent sources of the event each reports (a negated statement: one), at least MIN_SOURCES.
// params: a:actor, b:actor, category:category=, min_sources:int=1, limit:int=100
// columns: date, subject, relation, object, negated, sentence, article, start, end, sources
// order: date, subject, relation, object, article, start
// example: geokg query run evidence --param a=Turkey --param b=Russia --param category=ASSAULT
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE ((s.id = $a AND o.id = $b) OR (s.id = $b AND o.id = $a))
  AND ($category IS NULL OR e.relation = $category)
  AND coalesce(e.sources, 1) >= coalesce($min_sources, 1)
// one row per evidence span of every report of the event, dated by that report's own event date
MATCH (e)-[r:REPORTED_IN]->(art:Article)
RETURN toString(r.date) AS date, s.id AS subject, e.relation AS relation, o.id AS object,
       coalesce(e.negated, false) AS negated, r.sentence AS sentence, art.path AS article,
       r.start AS start, r.`end` AS `end`, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, relation, object, article, start
LIMIT $limit
