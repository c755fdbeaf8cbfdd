// name: attributed-to
// description: Statements attributed to a speaker ("Turkey says Russia violated its airspace"), negated ones included and flagged.
// params: speaker:actor, limit:int=50
// columns: date, subject, relation, object, negated, sentence
// order: date, subject, relation, object, sentence
// example: geokg query run attributed-to --param speaker=Russia
// the events any report of which is attributed to the speaker; the rows are those reports' spans,
// dated by each report's own event date (the anchor report's date and speaker are the event's)
// (subject and object read from e.pair, "subject|relation|object")
MATCH (e:Event)-[:ATTRIBUTED_TO]->(:Actor {id: $speaker})
MATCH (e)-[r:REPORTED_IN]->(:Article)
WITH e, r, r.report = e.anchor AS anchor
WHERE CASE WHEN anchor THEN e.attributed_to ELSE r.attributed_to END = $speaker
WITH e, r, anchor, split(e.pair, '|') AS pair
UNWIND r.sentences AS sentence
RETURN toString(CASE WHEN anchor THEN e.date ELSE r.date END) AS date, pair[0] AS subject, e.relation AS relation,
       pair[2] AS object, coalesce(e.negated, false) AS negated, sentence
ORDER BY date, subject, relation, object, sentence
LIMIT $limit
