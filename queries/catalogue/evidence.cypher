// name: evidence
// description: The sentences and articles behind the statements between A and B (both directions), optionally of one category; sources: the independent sources of the event each reports (a negated statement: one), at least MIN_SOURCES.
// params: a:actor, b:actor, category:category=, min_sources:int=1, limit:int=100
// columns: date, subject, relation, object, negated, sentence, article, start, end, sources
// order: date, subject, relation, object, article, start
// example: geokg query run evidence --param a=Turkey --param b=Russia --param category=ASSAULT
// The events of the pairs (A, relation, B) and (B, relation, A), by the index on Event.pair; one row
// per evidence span of every report of the event, dated by that report's own event date (the
// anchor report's is the event's)
UNWIND CASE WHEN $category IS NULL THEN ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT',
        'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'ROLE', 'TRADE', 'MEMBER_OF', 'ALLY_OF'] ELSE [$category] END AS rel
UNWIND CASE WHEN $a = $b THEN [[$a, $b]] ELSE [[$a, $b], [$b, $a]] END AS so
MATCH (e:Event {pair: so[0] + '|' + rel + '|' + so[1]})
WHERE coalesce(e.sources, 1) >= coalesce($min_sources, 1)
MATCH (e)-[r:REPORTED_IN]->(art:Article)
UNWIND range(0, size(r.starts) - 1) AS i
RETURN toString(CASE WHEN r.report = e.anchor THEN e.date ELSE r.date END) AS date, so[0] AS subject,
       e.relation AS relation, so[1] AS object, coalesce(e.negated, false) AS negated, r.sentences[i] AS sentence,
       art.path AS article, r.starts[i] AS start, r.ends[i] AS `end`, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, relation, object, article, start
LIMIT $limit
