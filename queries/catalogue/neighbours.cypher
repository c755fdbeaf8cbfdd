// name: neighbours
// description: Actors within k hops (k = 1..3) of an actor over non-negated relations of any kind, nearest first.
// params: actor:actor, k:int[1..3]=1
// columns: neighbour, name, distance
// order: distance, neighbour
// example: geokg query run neighbours --param actor=Putin --param k=2
// Variable-length bounds cannot be parameters in Cypher: the pattern is fixed at 1..3 hops
// (the largest k allowed) and the bound parameter $k filters the paths.
MATCH (a:Actor {id: $actor})
MATCH p = (a)-[:AGREE|CONSULT|SUPPORT|CONCEDE|COOPERATE|AID|RETREAT|REQUEST|ACCUSE|REJECT|THREATEN|PROTEST|SANCTION|
  MOBILIZE|COERCE|ASSAULT|ROLE|TRADE|MEMBER_OF|ALLY_OF*1..3]-(n:Actor)
WHERE n <> a AND length(p) <= $k
RETURN n.id AS neighbour, n.name AS name, min(length(p)) AS distance
ORDER BY distance, neighbour
