// name: actors
// description: Every actor in the graph with its name, type and country (what actor parameters are resolved against).
// params:
// columns: actor, name, type, country
// order: actor
// example: geokg query run actors --format csv
MATCH (a:Actor)
RETURN a.id AS actor, a.name AS name, a.type AS type, a.country AS country
ORDER BY actor
