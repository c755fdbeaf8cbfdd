// name: articles-mentioning
// description: The articles with statements about an actor (as subject, object or speaker), newest first.
// params: actor:actor, limit:int=50
// columns: article, title, date, statements
// order: date desc, article
// example: geokg query run articles-mentioning --param actor="vladimir putin"
// plan: recent
// For an actor in many articles: the articles newest first by the Article.date index, each one's
// reports of the actor counted, until LIMIT are known (queries/neo4j_recent.py); otherwise this text.
// statements: the article's reports (an event it reports twice counts twice, as its statements do)
// (the anchor report's REPORTED_IN leaves its speaker to the event: r.report = e.anchor)
MATCH (a:Actor {id: $actor})-[x:ACTOR|RECIPIENT|ATTRIBUTED_TO]-(e:Event)-[r:REPORTED_IN]->(art:Article)
WHERE type(x) <> 'ATTRIBUTED_TO'
   OR CASE WHEN r.report = e.anchor THEN e.attributed_to ELSE r.attributed_to END = a.id
WITH art, count(DISTINCT r.report) AS statements
RETURN art.path AS article, art.title AS title, toString(art.date) AS date, statements
ORDER BY date DESC, article
LIMIT $limit
