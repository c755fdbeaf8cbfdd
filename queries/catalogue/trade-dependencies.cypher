// name: trade-dependencies
// description: Who imports what from whom (TRADE), with the stated share (percent) or amount; optionally for one actor or one good.
// params: actor:actor=, goods:str=, limit:int=100
// columns: importer, exporter, commodity, share, amount, date
// order: importer, exporter, commodity, date
// example: geokg query run trade-dependencies --param actor=Turkey --param goods=gas
// For one actor: its TRADE aggregates in both directions, then the events of those pairs (Event.pair
// index); for all: the TRADE events (Event.relation index).
CALL () {
  WITH $actor AS actor WHERE actor IS NOT NULL
  MATCH (a:Actor {id: actor})-[:TRADE]-(p:Actor)
  WITH DISTINCT a, p
  UNWIND CASE WHEN a = p THEN [[a.id, a.id]] ELSE [[a.id, p.id], [p.id, a.id]] END AS so
  MATCH (e:Event {pair: so[0] + '|TRADE|' + so[1]})
  RETURN e, so[0] AS importer, so[1] AS exporter
  UNION ALL
  WITH $actor AS actor WHERE actor IS NULL
  MATCH (s:Actor)-[:ACTOR]->(e:Event {relation: 'TRADE'})-[:RECIPIENT]->(o:Actor)
  RETURN e, s.id AS importer, o.id AS exporter
}
WITH e, importer, exporter
WHERE NOT coalesce(e.negated, false) AND ($goods IS NULL OR toLower(e.commodity) = toLower($goods))
RETURN importer, exporter, e.commodity AS commodity, toFloat(e.share) AS share,
       toString(e.amount) AS amount, toString(e.date) AS date
ORDER BY importer, exporter, commodity, date
LIMIT $limit
