// name: trade-dependencies
// description: Who imports what from whom (TRADE), with the stated share (percent) or amount; optionally for one actor or one good.
// params: actor:actor=, goods:str=, limit:int=100
// columns: importer, exporter, commodity, share, amount, date
// order: importer, exporter, commodity, date
// example: geokg query run trade-dependencies --param actor=Turkey --param goods=gas
MATCH (s:Actor)-[:ACTOR]->(e:Event {relation: 'TRADE'})-[:RECIPIENT]->(o:Actor)
WHERE NOT coalesce(e.negated, false)
  AND ($actor IS NULL OR s.id = $actor OR o.id = $actor)
  AND ($goods IS NULL OR toLower(e.commodity) = toLower($goods))
RETURN s.id AS importer, o.id AS exporter, e.commodity AS commodity, toFloat(e.share) AS share,
       toString(e.amount) AS amount, toString(e.date) AS date
ORDER BY importer, exporter, commodity, date
LIMIT $limit
