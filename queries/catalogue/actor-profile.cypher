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
  // partners and balance in one pass over the actor's aggregates, summed per partner first
  MATCH (a:Actor {id: $actor})
  OPTIONAL MATCH (a)-[x:AGREE|CONSULT|SUPPORT|CONCEDE|COOPERATE|AID|RETREAT|REQUEST|ACCUSE|REJECT|THREATEN|PROTEST|SANCTION|
        MOBILIZE|COERCE|ASSAULT|ROLE|TRADE|MEMBER_OF|ALLY_OF]-(p)
  WITH a, p, sum(x.events) AS events, sum(x.conflict) AS conflict, sum(x.cooperation) AS cooperation,
       sum(x.scored) AS scored
  WITH a, collect(CASE WHEN p IS NOT NULL AND p <> a THEN [p.id, events] END) AS partners,
       sum(coalesce(conflict, 0.0)) AS conflict, sum(coalesce(cooperation, 0.0)) AS cooperation,
       sum(coalesce(scored, 0)) AS events
  CALL (partners) {
    UNWIND partners AS pair
    WITH pair[0] AS name, pair[1] AS value
    ORDER BY value DESC, name
    LIMIT 5
    RETURN collect([name, value]) AS top
  }
  UNWIND [row IN top | ['partner', row[0], row[1], 2, -row[1]]] +
         [['balance', 'conflict', conflict, 3, 0], ['balance', 'cooperation', cooperation, 3, 1],
          ['balance', 'net', conflict + cooperation, 3, 2], ['balance', 'events', events, 3, 3]] AS row
  RETURN row[0] AS kind, row[1] AS name, row[2] AS value, row[3] AS rank, row[4] AS num
}
RETURN kind, name, value
ORDER BY rank, num, name
