// name: actor-names
// description: The names of the actors with the given keys (what tables show in place of the keys in their rows).
// params: keys:list
// columns: actor, name
// order: actor
// example: geokg query run actor-names --param keys=RUS,TUR,vladimir-putin
MATCH (a:Actor)
WHERE a.id IN $keys
RETURN a.id AS actor, a.name AS name
ORDER BY actor
