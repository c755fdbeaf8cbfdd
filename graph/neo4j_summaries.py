"""Summaries the whole-graph questions read in Neo4j instead of every event (docs/schema.md, Neo4j).

- **Actors**: ``subject_tally`` / ``object_tally``, the actor's distinct non-negated events as
  subject / object by their number of independent sources (item ``i``: the events of ``i + 1``
  sources; trailing zeros dropped, an empty tally absent), and from them ``as_subject``,
  ``as_object``, ``statements`` (their sum) and ``sources`` (the most sources of any of them).
  ``top-actors`` without dates reads them by an index on ``statements``; with ``min_sources`` it sums
  each actor's tallies from that item on.
- **Dyads**: one ``:Dyad {id: "A|B", a, b, events, score, tally, sources}`` per unordered pair of two
  different actors with a scored non-negated event: their number, the sum of their scores (9 places)
  and their tally by sources. ``hostile-dyads`` and ``cooperative-dyads`` without dates read the first
  ``limit`` of them by an index on ``score``.

The writer moves them by exact differences (``Deltas``: the pair's events after the batch minus
before, integers and 9-place sums), in the batch's transaction, in one statement (``SUMMARIES``); the
CSV export computes them from all events (``Totals``). Both give the same values, so removing an
article restores them exactly.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

PLACES = 9  # scores are summed to 9 places, as the aggregates' conflict and cooperation


def _sources(props: dict[str, Any]) -> int:
    return max(1, int(props.get("sources") or 1))


def _add(tally: list[int], index: int, n: int) -> None:
    if len(tally) <= index:
        tally.extend([0] * (index + 1 - len(tally)))
    tally[index] += n


def trimmed(tally: list[int]) -> list[int] | None:
    """The tally without trailing zeros; None when nothing is left (Neo4j stores no empty list here)."""
    end = len(tally)
    while end and tally[end - 1] == 0:
        end -= 1
    return tally[:end] or None


def dyad_key(subject: str, obj: str) -> tuple[str, str]:
    return (subject, obj) if subject < obj else (obj, subject)


class Deltas:
    """The changes a batch makes to the summaries: per actor, its tallies' differences; per dyad, its
    events', score's and tally's. ``pair(s, o, before, after)`` adds one (subject, relation, object)'s
    change from its events' properties before and after."""

    def __init__(self) -> None:
        self.subject: dict[str, list[int]] = defaultdict(list)
        self.object: dict[str, list[int]] = defaultdict(list)
        self.tally: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.scores: dict[tuple[str, str], list[float]] = defaultdict(list)  # fsum'd at the end

    def pair(self, subject: str, obj: str, before: Iterable[dict[str, Any]], after: Iterable[dict[str, Any]]) -> None:
        for sign, events in ((-1, before), (1, after)):
            for e in events:
                if e.get("negated"):
                    continue
                i = _sources(e) - 1
                _add(self.subject[subject], i, sign)
                _add(self.object[obj], i, sign)
                if e.get("score") is not None and subject != obj:
                    key = dyad_key(subject, obj)
                    _add(self.tally[key], i, sign)
                    self.scores[key].append(sign * float(e["score"]))

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The ``SUMMARIES`` parameters: ``actors`` and ``dyads`` whose summaries change."""
        actors = []
        for key in sorted(set(self.subject) | set(self.object)):
            subj, obj = self.subject.get(key, []), self.object.get(key, [])
            if any(subj) or any(obj):
                actors.append({"id": key, "subject": subj, "object": obj})
        dyads = []
        for key in sorted(self.tally):
            tally = self.tally[key]
            score = round(math.fsum(self.scores[key]), PLACES)
            if any(tally) or score:
                dyads.append({"id": "|".join(key), "a": key[0], "b": key[1], "score": score, "tally": tally})
        return {"actors": actors, "dyads": dyads}


class Totals:
    """The summaries of a whole graph from all its events (the CSV export): ``event(s, o, props)`` each."""

    def __init__(self) -> None:
        self.deltas = Deltas()

    def event(self, subject: str, obj: str, props: dict[str, Any]) -> None:
        self.deltas.pair(subject, obj, (), (props,))

    def actor(self, key: str) -> dict[str, Any]:
        """The actor's summary properties (None: absent)."""
        return actor_summary(self.deltas.subject.get(key, []), self.deltas.object.get(key, []))

    def dyads(self) -> list[dict[str, Any]]:
        """Every dyad's properties, by id."""
        out = []
        for key in sorted(self.deltas.tally):
            tally = trimmed(self.deltas.tally[key])
            if tally is None:
                continue
            out.append({"id": "|".join(key), "a": key[0], "b": key[1], "events": sum(tally),
                        "score": round(math.fsum(self.deltas.scores[key]), PLACES), "tally": tally,
                        "sources": len(tally)})
        return out


#: An actor's summary properties, in the CSV export's column order.
ACTOR_SUMMARY = ("subject_tally", "object_tally", "as_subject", "as_object", "statements", "sources")


def actor_summary(subject: list[int], obj: list[int]) -> dict[str, Any]:
    st, ot = trimmed(subject), trimmed(obj)
    n_s, n_o = sum(st or ()), sum(ot or ())
    return {"subject_tally": st, "object_tally": ot, "as_subject": n_s or None, "as_object": n_o or None,
            "statements": (n_s + n_o) or None, "sources": max(len(st or ()), len(ot or ())) or None}


def _sum_lists(old: str, delta: str) -> str:
    """Cypher: the item-wise sum of two int lists (either may be null or shorter)."""
    return (f"[i IN range(0, CASE WHEN size(coalesce({old}, [])) > size({delta}) THEN size(coalesce({old}, [])) "
            f"ELSE size({delta}) END - 1) | coalesce({old}[i], 0) + coalesce({delta}[i], 0)]")


def _trim(t: str) -> str:
    """Cypher: list ``t`` without trailing zeros, null when nothing is left."""
    last = f"reduce(k = 0, i IN range(0, size({t}) - 1) | CASE WHEN {t}[i] <> 0 THEN i + 1 ELSE k END)"
    return f"CASE WHEN {last} = 0 THEN null ELSE {t}[0..{last}] END"


def _total(t: str) -> str:
    return f"reduce(n = 0, v IN coalesce({t}, []) | n + v)"


def _nullable(expr: str) -> str:
    return f"CASE WHEN {expr} = 0 THEN null ELSE {expr} END"


# An actor's tallies plus the batch's differences, then the totals from them; a dyad's likewise, MERGEd
# when the batch gives it its first scored event and deleted when it is left with none.
SUMMARIES = f"""
CALL () {{
  UNWIND $rows.actors AS d
  MATCH (x:Actor {{id: d.id}})
  WITH x, {_sum_lists("x.subject_tally", "d.subject")} AS st, {_sum_lists("x.object_tally", "d.object")} AS ot
  WITH x, {_trim("st")} AS st, {_trim("ot")} AS ot
  WITH x, st, ot, {_total("st")} AS ns, {_total("ot")} AS no
  SET x.subject_tally = st, x.object_tally = ot, x.as_subject = {_nullable("ns")}, x.as_object = {_nullable("no")},
      x.statements = {_nullable("ns + no")},
      x.sources = {_nullable("CASE WHEN size(coalesce(st, [])) > size(coalesce(ot, [])) "
                             "THEN size(coalesce(st, [])) ELSE size(coalesce(ot, [])) END")}
}}
CALL () {{
  UNWIND $rows.dyads AS d
  MERGE (y:Dyad {{id: d.id}})
  WITH y, d, {_sum_lists("y.tally", "d.tally")} AS t
  WITH y, d, {_trim("t")} AS t
  SET y.a = d.a, y.b = d.b, y.tally = t, y.events = {_total("t")}, y.sources = size(t),
      y.score = round(coalesce(y.score, 0.0) + d.score, {PLACES})
  WITH y WHERE y.tally IS NULL
  DELETE y
}}
"""


# ----------------------------------------------------------------------------- all of them again
# For a graph written before the summaries (or to repair them): every event read once, the summaries
# computed as the CSV export computes them, written over the old ones.

#: Whether the graph holds events but no summaries (a graph written before them).
MISSING = """
MATCH (s:Actor)-[:ACTOR]->(e:Event) WHERE NOT coalesce(e.negated, false)
WITH s LIMIT 1
RETURN s.subject_tally IS NULL AS missing
"""

ALL_EVENTS = """
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE NOT coalesce(e.negated, false)
RETURN s.id AS s, o.id AS o, e.score AS score, e.sources AS sources
"""

ACTOR_KEYS = "MATCH (x:Actor) RETURN x.id AS id"

SET_ACTORS = """
UNWIND $rows AS r
MATCH (x:Actor {id: r.id})
SET x.subject_tally = r.subject_tally, x.object_tally = r.object_tally, x.as_subject = r.as_subject,
    x.as_object = r.as_object, x.statements = r.statements, x.sources = r.sources
"""

DELETE_DYADS = "MATCH (y:Dyad) CALL (y) { DELETE y } IN TRANSACTIONS OF 20000 ROWS"

CREATE_DYADS = """
UNWIND $rows AS r
CREATE (:Dyad {id: r.id, a: r.a, b: r.b, events: r.events, score: r.score, tally: r.tally, sources: r.sources})
"""
