// name: officials
// description: The people holding an office (ROLE) for a country or organisation, with the date first seen.
// params: country:actor
// columns: person, name, role, first_seen
// order: role, person
// example: geokg query run officials --param country=Russia
MATCH (c:Actor {id: $country})<-[:RECIPIENT]-(e:Event {relation: 'ROLE'})<-[:ACTOR]-(p:Actor)
WHERE NOT coalesce(e.negated, false)
RETURN p.id AS person, p.name AS name, e.role AS role, min(toString(e.date)) AS first_seen
ORDER BY role, person
