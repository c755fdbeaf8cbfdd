// name: actor-profile
// description: One actor at a glance: its type, offices held, top five partners, and conflict-cooperation balance.
// params: actor:actor
// columns: kind, name, value
// example: geokg query run actor-profile --param actor=Russia
// Rows: ("actor", its name, its type); ("role", office, the country or body it is held for);
// ("partner", partner key, statements with it); ("balance", conflict|cooperation|net, summed
// scores; events, their count). Negated statements count nowhere.
// Partners and balance are read from the summaries the writer keeps (graph/neo4j_summaries.py): the
// actor's PAIR relationships (one per partner, its distinct non-negated events of every relation) and
// its scored / conflict / cooperation; roles by the ROLE aggregates and then the events of those pairs
// (Event.pair index). An actor with no event has no balance properties: zeros.
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
  MATCH (:Actor {id: $actor})-[p:PAIR]-(x:Actor)
  WITH x.id AS name, p.events AS value
  ORDER BY value DESC, name
  LIMIT 5
  RETURN 'partner' AS kind, name, value, 2 AS rank, -value AS num
  UNION ALL
  MATCH (a:Actor {id: $actor})
  WITH coalesce(a.conflict, 0.0) AS conflict, coalesce(a.cooperation, 0.0) AS cooperation, coalesce(a.scored, 0) AS n
  UNWIND [['conflict', conflict, 0], ['cooperation', cooperation, 1], ['net', conflict + cooperation, 2],
          ['events', n, 3]] AS row
  RETURN 'balance' AS kind, row[0] AS name, row[1] AS value, 3 AS rank, row[2] AS num
}
RETURN kind, name, value
ORDER BY rank, num, name
