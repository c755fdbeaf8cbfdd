// name: articles-mentioning
// description: The articles with statements about an actor (as subject, object or speaker), newest first.
// params: actor:actor, limit:int=50
// columns: article, title, date, statements
// order: date desc, article
// example: geokg query run articles-mentioning --param actor="vladimir putin"
MATCH (a:Actor {id: $actor})-[:ACTOR|RECIPIENT|ATTRIBUTED_TO]-(e:Event)-[:REPORTED_IN]->(art:Article)
WITH art, count(DISTINCT e) AS statements
RETURN art.path AS article, art.title AS title, toString(art.date) AS date, statements
ORDER BY date DESC, article
LIMIT $limit
