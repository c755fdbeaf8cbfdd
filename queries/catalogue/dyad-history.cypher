// name: dyad-history
// description: Everything A and B said or did to each other, both directions, by date (negated statements flagged); sources: each event's independent sources (a negated statement: one), at least MIN_SOURCES.
// params: a:actor, b:actor, since:date=, until:date=, min_sources:int=1, limit:int=100
// columns: date, subject, relation, object, predicate, score, negated, evidence, sources
// order: date, subject, relation, object, predicate
// example: geokg query run dyad-history --param a=Russia --param b=Turkey
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
// The events of the pairs (A, relation, B) and (B, relation, A) of every relation, each found by the
// index on Event.pair (docs/schema.md), not by walking the actors' events.
UNWIND ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT',
        'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'ROLE', 'TRADE', 'MEMBER_OF', 'ALLY_OF'] AS rel
UNWIND CASE WHEN $a = $b THEN [[$a, $b]] ELSE [[$a, $b], [$b, $a]] END AS so
MATCH (e:Event {pair: so[0] + '|' + rel + '|' + so[1]})
WHERE coalesce(e.sources, 1) >= coalesce($min_sources, 1)
WITH e, so, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
OPTIONAL MATCH (e)-[r:REPORTED_IN]->(:Article)
WITH e, date, so, sum(size(r.starts)) AS evidence
RETURN date, so[0] AS subject, e.relation AS relation, so[1] AS object, e.predicate AS predicate,
       toFloat(e.score) AS score, coalesce(e.negated, false) AS negated, evidence, coalesce(e.sources, 1) AS sources
ORDER BY date, subject, relation, object, predicate
LIMIT $limit
