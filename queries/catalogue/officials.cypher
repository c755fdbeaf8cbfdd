// name: officials
// description: The people holding an office (ROLE) for a country or organisation, with the date first seen.
// params: country:actor
// columns: person, name, role, first_seen
// order: role, person
// example: geokg query run officials --param country=Russia
// The holders are the ROLE aggregates into the country (docs/schema.md); their roles and dates the
// events of those pairs (Event.pair index).
MATCH (c:Actor {id: $country})<-[:ROLE]-(p:Actor)
MATCH (e:Event {pair: p.id + '|ROLE|' + c.id})
WHERE NOT coalesce(e.negated, false)
RETURN p.id AS person, p.name AS name, e.role AS role, min(toString(e.date)) AS first_seen
ORDER BY role, person
