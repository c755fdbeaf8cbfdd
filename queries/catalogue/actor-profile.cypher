// name: actor-profile
// description: One actor at a glance: its type, offices held, top five partners, and conflict-cooperation balance.
// params: actor:actor
// columns: kind, name, value
// example: geokg query run actor-profile --param actor=Russia
// Rows: ("actor", its name, its type); ("role", office, the country or body it is held for);
// ("partner", partner key, statements with it); ("balance", conflict|cooperation|net, summed
// scores; events, their count). Negated statements count nowhere.
CALL () {
  MATCH (a:Actor {id: $actor})
  RETURN 'actor' AS kind, a.name AS name, a.type AS value, 0 AS rank, 0 AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})-[:ACTOR]->(e:Event {relation: 'ROLE'})-[:RECIPIENT]->(o:Actor)
  WHERE NOT coalesce(e.negated, false)
  WITH DISTINCT e.role AS name, o.id AS value
  RETURN 'role' AS kind, name, value, 1 AS rank, 0 AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})-[:ACTOR|RECIPIENT]-(e:Event)-[:ACTOR|RECIPIENT]-(p:Actor)
  WHERE p <> a AND NOT coalesce(e.negated, false)
  WITH p.id AS name, count(DISTINCT e) AS value
  ORDER BY value DESC, name
  LIMIT 5
  RETURN 'partner' AS kind, name, value, 2 AS rank, -value AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})
  OPTIONAL MATCH (a)-[:ACTOR|RECIPIENT]-(e:Event)
  WHERE e.score IS NOT NULL AND NOT coalesce(e.negated, false)
  WITH sum(CASE WHEN e.score < 0 THEN toFloat(e.score) ELSE 0.0 END) AS conflict,
       sum(CASE WHEN e.score > 0 THEN toFloat(e.score) ELSE 0.0 END) AS cooperation,
       sum(coalesce(toFloat(e.score), 0.0)) AS net, count(e) AS events
  UNWIND [['conflict', conflict, 0], ['cooperation', cooperation, 1], ['net', net, 2],
          ['events', events, 3]] AS row
  RETURN 'balance' AS kind, row[0] AS name, row[1] AS value, 3 AS rank, row[2] AS num
}
RETURN kind, name, value
ORDER BY rank, num, name
