// name: top-actors
// description: The actors with the most (non-negated) statements, as subject or object, between two dates.
// params: since:date=, until:date=, limit:int=10
// columns: actor, name, statements, as_subject, as_object
// order: statements desc, actor
// example: geokg query run top-actors --param limit=5
// Events are distinct events: one :Event however many articles report it (docs/schema.md).
MATCH (x:Actor)-[r:ACTOR|RECIPIENT]-(e:Event)
WHERE NOT coalesce(e.negated, false)
WITH x, r, e, toString(e.date) AS date
WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
WITH x, sum(CASE type(r) WHEN 'ACTOR' THEN 1 ELSE 0 END) AS as_subject,
     sum(CASE type(r) WHEN 'RECIPIENT' THEN 1 ELSE 0 END) AS as_object
RETURN x.id AS actor, x.name AS name, as_subject + as_object AS statements, as_subject, as_object
ORDER BY statements DESC, actor
LIMIT $limit
