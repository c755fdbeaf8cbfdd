// name: actor-lookup
// description: The actors whose key or name is WANTED, any case (actor parameters are resolved through it before the full list).
// params: wanted:str
// columns: actor, name, type, country
// order: actor
// example: geokg query run actor-lookup --param wanted=russia
MATCH (a:Actor)
WHERE toLower(a.id) = toLower($wanted) OR toLower(a.name) = toLower($wanted)
RETURN a.id AS actor, a.name AS name, a.type AS type, a.country AS country
ORDER BY actor
