// name: actor-profile
// description: One actor at a glance: its type, offices held, top five partners, and conflict-cooperation balance.
// params: actor:actor
// columns: kind, name, value
// example: geokg query run actor-profile --param actor=Russia
// Rows: ("actor", its name, its type); ("role", office, the country or body it is held for);
// ("partner", partner key, statements with it); ("balance", conflict|cooperation|net, summed
// scores; events, their count). Negated statements count nowhere.
// Read from the aggregated (:Actor)-[:RELATION]->(:Actor) relationships the writer maintains (one
// per actor pair and relation, over its distinct non-negated events: docs/schema.md), not from the
// actor's events: roles by the ROLE aggregates and then the events of those pairs (Event.pair index).
CALL () {
  MATCH (a:Actor {id: $actor})
  RETURN 'actor' AS kind, a.name AS name, a.type AS value, 0 AS rank, 0 AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})-[:ROLE]->(o:Actor)
  MATCH (e:Event {pair: a.id + '|ROLE|' + o.id})
  WHERE NOT coalesce(e.negated, false)
  WITH DISTINCT e.role AS name, o.id AS value
  RETURN 'role' AS kind, name, value, 1 AS rank, 0 AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})-[x:AGREE|CONSULT|SUPPORT|CONCEDE|COOPERATE|AID|RETREAT|REQUEST|ACCUSE|REJECT|THREATEN|PROTEST|SANCTION|
        MOBILIZE|COERCE|ASSAULT|ROLE|TRADE|MEMBER_OF|ALLY_OF]-(p:Actor)
  WHERE p <> a
  WITH p.id AS name, sum(x.events) AS value
  ORDER BY value DESC, name
  LIMIT 5
  RETURN 'partner' AS kind, name, value, 2 AS rank, -value AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})
  OPTIONAL MATCH (a)-[x:AGREE|CONSULT|SUPPORT|CONCEDE|COOPERATE|AID|RETREAT|REQUEST|ACCUSE|REJECT|THREATEN|PROTEST|SANCTION|
        MOBILIZE|COERCE|ASSAULT|ROLE|TRADE|MEMBER_OF|ALLY_OF]-(:Actor)
  WITH sum(coalesce(x.conflict, 0.0)) AS conflict, sum(coalesce(x.cooperation, 0.0)) AS cooperation,
       sum(coalesce(x.scored, 0)) AS events
  UNWIND [['conflict', conflict, 0], ['cooperation', cooperation, 1], ['net', conflict + cooperation, 2],
          ['events', events, 3]] AS row
  RETURN 'balance' AS kind, row[0] AS name, row[1] AS value, 3 AS rank, row[2] AS num
}
RETURN kind, name, value
ORDER BY rank, num, name
