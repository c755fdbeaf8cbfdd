// name: attributed-to
// description: Statements attributed to a speaker ("Turkey says Russia violated its airspace"), negated ones included and flagged.
// params: speaker:actor, limit:int=50
// columns: date, subject, relation, object, negated, sentence
// order: date, subject, relation, object, sentence
// example: geokg query run attributed-to --param speaker=Russia
// the reports attributed to the speaker; the rows are their spans, dated by each report's own event
// date. An anchor report's date and speaker are its event's (r.report = e.anchor): those are found from
// the speaker's events (ATTRIBUTED_TO); the others by the index on REPORTED_IN.attributed_to, so an
// event of a thousand reports, a few of them the speaker's, costs those few, not a thousand.
// (subject and object read from e.pair, "subject|relation|object")
CALL () {
  MATCH (e:Event)-[:ATTRIBUTED_TO]->(:Actor {id: $speaker})
  WHERE e.attributed_to = $speaker
  MATCH (e)-[r:REPORTED_IN]->(:Article)
  WHERE r.report = e.anchor
  RETURN e, r, e.date AS date
  UNION ALL
  MATCH (e:Event)-[r:REPORTED_IN]->(:Article)
  WHERE r.attributed_to = $speaker AND r.report <> e.anchor
  RETURN e, r, r.date AS date
}
WITH e, r, date, split(e.pair, '|') AS pair
UNWIND r.sentences AS sentence
RETURN toString(date) AS date, pair[0] AS subject, e.relation AS relation,
       pair[2] AS object, coalesce(e.negated, false) AS negated, sentence
ORDER BY date, subject, relation, object, sentence
LIMIT $limit
