// name: neighbours
// description: Actors within k hops (k = 1..3) of an actor over non-negated relations of any kind, nearest first.
// params: actor:actor, k:int[1..3]=1
// columns: neighbour, name, distance
// order: distance, neighbour
// example: geokg query run neighbours --param actor=Putin --param k=2
// A breadth-first walk over the actors' PAIR relationships (graph/neo4j_summaries.py: one per pair of
// actors with a non-negated event of any relation), one hop at a time: each step expands only the
// actors first reached at the step before, and drops repeats before it tests what was reached already
// (an actor at distance 1 is one of h1: a list test the runtime answers from a set). When the first
// hop reached more than half the actors (a hub), the second goes the other way: each actor not reached
// yet is tested for a neighbour in h1 (its own PAIRs read, each tested against the set: not a walk from A
// per actor, which the planner chose for the pattern (z)-[:PAIR]-()-[:PAIR]-(a)). Hops beyond the
// bound parameter $k expand nothing.
MATCH (a:Actor {id: $actor})
CALL (a) {
  MATCH (a)-[:PAIR]-(x:Actor)
  RETURN collect(DISTINCT x) AS h1
}
CALL (a, h1) {
  WITH a, h1, $k >= 2 AND size(h1) * 2 > COUNT { (:Actor) } AS backward
  CALL (a, h1, backward) {
    WITH a, h1 WHERE $k >= 2 AND NOT backward
    UNWIND h1 AS y
    MATCH (y)-[:PAIR]-(z:Actor)
    RETURN DISTINCT z
    UNION
    WITH a WHERE backward
    MATCH (z:Actor)
    WHERE z <> a AND NOT z IN h1
    WITH a, z
    WHERE EXISTS { MATCH (z)-[:PAIR]-(m) WHERE m IN h1 }
    RETURN z
  }
  RETURN collect(CASE WHEN z <> a AND NOT z IN h1 THEN z END) AS h2
}
CALL (a, h2) {
  UNWIND CASE WHEN $k >= 3 THEN h2 ELSE [] END AS y
  MATCH (y)-[:PAIR]-(z:Actor)
  WITH DISTINCT a, z
  WHERE z <> a AND NOT (a)-[:PAIR]-(z)
  RETURN collect(z) AS reach3
}
UNWIND [x IN h1 | [x, 1]] + [x IN h2 | [x, 2]] + [x IN reach3 WHERE NOT x IN h2 | [x, 3]] AS reached
WITH reached[0] AS n, reached[1] AS distance
RETURN n.id AS neighbour, n.name AS name, distance
ORDER BY distance, neighbour
