// name: actor-lookup
// description: The keys of the actors whose key or name is exactly WANTED (actor parameters are resolved through it before the full list).
// params: wanted:str
// columns: actor
// order: actor
// example: geokg query run actor-lookup --param wanted=Russia
MATCH (a:Actor)
WHERE a.id = $wanted OR a.name = $wanted
RETURN DISTINCT a.id AS actor
ORDER BY actor
