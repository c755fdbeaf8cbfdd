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
- **Balance and partners**: on each actor, ``scored`` (its scored events, as subject or object; an
  event of an actor with itself counts once), ``conflict`` and ``cooperation`` (the sums of their
  negative and positive scores, 9 places), present whenever it has a non-negated event; and one
  ``(:Actor)-[:PAIR {events}]->(:Actor)`` per unordered pair of two different actors with a
  non-negated event of any relation, from the key that sorts first: ``actor-profile`` reads an
  actor's partners and balance there, ``neighbours`` walks them (one relationship per partner, not
  one per partner and relation).
- **Years**: the same per year for the events dated to a day (``:ActorYear {id: "X|YYYY", actor, year,
  ...}``, ``:DyadYear {id: "A|B|YYYY", dyad, a, b, year, ...}``), which the dated forms of those queries
  read (queries/neo4j_years.py).

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


def year_of(props: dict[str, Any]) -> int | None:
    """The year of an event dated to a day (a date: ``datetime.date`` or the driver's ``Date``), else None:
    events dated to a month or a year only (text) are in no year summary."""
    date = props.get("date")
    return None if date is None or isinstance(date, str) else int(date.year)


class Deltas:
    """The changes a batch makes to the summaries: per actor (and per actor and year of its events dated
    to a day), its tallies' differences; per dyad (and dyad and year), its score's and tally's.
    ``pair(s, o, before, after)`` adds one (subject, relation, object)'s change from its events'
    properties before and after. Keys: ``(actor, year)``, ``(a, b, year)``; year None: all time."""

    def __init__(self) -> None:
        self.subject: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self.object: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self.tally: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
        self.scores: dict[tuple[str, str, int | None], list[float]] = defaultdict(list)  # fsum'd at the end
        self.partners: dict[tuple[str, str], int] = defaultdict(int)  # all relations, all time
        self.scored: dict[str, int] = defaultdict(int)
        self.conflict: dict[str, list[float]] = defaultdict(list)  # fsum'd at the end
        self.cooperation: dict[str, list[float]] = defaultdict(list)

    def pair(self, subject: str, obj: str, before: Iterable[dict[str, Any]], after: Iterable[dict[str, Any]]) -> None:
        for sign, events in ((-1, before), (1, after)):
            for e in events:
                if e.get("negated"):
                    continue
                i = _sources(e) - 1
                year = year_of(e)
                scored = e.get("score") is not None and subject != obj
                if subject != obj:
                    self.partners[dyad_key(subject, obj)] += sign
                if e.get("score") is not None:
                    score = float(e["score"])
                    for actor in dict.fromkeys((subject, obj)):  # an actor with itself: once
                        self.scored[actor] += sign
                        if score:
                            (self.conflict if score < 0 else self.cooperation)[actor].append(sign * score)
                for y in (None, year) if year is not None else (None,):
                    _add(self.subject[(subject, y)], i, sign)
                    _add(self.object[(obj, y)], i, sign)
                    if scored:
                        key = (*dyad_key(subject, obj), y)
                        _add(self.tally[key], i, sign)
                        self.scores[key].append(sign * float(e["score"]))

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The ``SUMMARIES`` parameters: ``actors``, ``dyads``, ``actor_years``, ``dyad_years`` and
        ``partners`` whose summaries change."""
        out: dict[str, list[dict[str, Any]]] = {"actors": [], "dyads": [], "actor_years": [], "dyad_years": [],
                                                "partners": []}
        for actor, year in sorted(set(self.subject) | set(self.object), key=_order):
            subj, obj = self.subject.get((actor, year), []), self.object.get((actor, year), [])
            if year is None:
                balance = self.balance(actor)
                if any(subj) or any(obj) or any(balance.values()):
                    out["actors"].append({"id": actor, "subject": subj, "object": obj, **balance})
            elif any(subj) or any(obj):
                out["actor_years"].append({"id": f"{actor}|{year}", "actor": actor, "year": year, "subject": subj,
                                           "object": obj})
        for a, b, year in sorted(self.tally, key=_order):
            tally = self.tally[(a, b, year)]
            score = round(math.fsum(self.scores[(a, b, year)]), PLACES)
            if any(tally) or score:
                row = {"id": f"{a}|{b}", "a": a, "b": b, "score": score, "tally": tally}
                if year is None:
                    out["dyads"].append(row)
                else:
                    out["dyad_years"].append({**row, "id": f"{a}|{b}|{year}", "dyad": f"{a}|{b}", "year": year})
        out["partners"] = self.partner_rows()
        return out

    def partner_rows(self) -> list[dict[str, Any]]:
        """The ``PAIR`` changes: each unordered pair's ends (the key that sorts first as ``a``) and events."""
        return [{"a": a, "b": b, "events": n} for (a, b), n in sorted(self.partners.items()) if n]

    def balance(self, actor: str) -> dict[str, Any]:
        """The change of the actor's ``scored``, ``conflict`` and ``cooperation``."""
        return {"scored": self.scored.get(actor, 0),
                "conflict": round(math.fsum(self.conflict.get(actor, ())), PLACES),
                "cooperation": round(math.fsum(self.cooperation.get(actor, ())), PLACES)}


def _order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return (*key[:-1], -1 if key[-1] is None else key[-1])


class Totals:
    """The summaries of a whole graph from all its events (the CSV export): ``event(s, o, props)`` each."""

    def __init__(self) -> None:
        self.deltas = Deltas()

    def event(self, subject: str, obj: str, props: dict[str, Any]) -> None:
        self.deltas.pair(subject, obj, (), (props,))

    def actor(self, key: str) -> dict[str, Any]:
        """The actor's summary properties, its balance included (None: absent)."""
        summary = actor_summary(self.deltas.subject.get((key, None), []), self.deltas.object.get((key, None), []))
        balance = self.deltas.balance(key)
        return {**summary, **{k: balance[k] if summary["statements"] else None for k in BALANCE}}

    def partners(self) -> list[dict[str, Any]]:
        """Every ``PAIR`` relationship's ends and events."""
        return self.deltas.partner_rows()

    def actor_years(self) -> list[dict[str, Any]]:
        """Every (actor, year)'s properties, by id."""
        d = self.deltas
        out = []
        for actor, year in sorted(set(d.subject) | set(d.object), key=_order):
            if year is not None:
                summary = actor_summary(d.subject.get((actor, year), []), d.object.get((actor, year), []))
                if summary["statements"]:
                    out.append({"id": f"{actor}|{year}", "actor": actor, "year": year, **summary})
        return out

    def dyads(self, years: bool = False) -> list[dict[str, Any]]:
        """Every dyad's properties, by id (``years``: every dyad-year's)."""
        out = []
        for a, b, year in sorted(self.deltas.tally, key=_order):
            if (year is None) == years:
                continue
            tally = trimmed(self.deltas.tally[(a, b, year)])
            if tally is None:
                continue
            row = {"id": f"{a}|{b}", "a": a, "b": b, "events": sum(tally),
                   "score": round(math.fsum(self.deltas.scores[(a, b, year)]), PLACES), "tally": tally,
                   "sources": len(tally)}
            out.append(row if year is None else {**row, "id": f"{a}|{b}|{year}", "dyad": f"{a}|{b}", "year": year})
        return out


#: An actor's (and an actor-year's) summary properties, in the CSV export's column order.
ACTOR_SUMMARY = ("subject_tally", "object_tally", "as_subject", "as_object", "statements", "sources")
#: An actor's balance, after them (all time only).
BALANCE = ("scored", "conflict", "cooperation")


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
  WITH x, d, {_sum_lists("x.subject_tally", "d.subject")} AS st, {_sum_lists("x.object_tally", "d.object")} AS ot
  WITH x, d, {_trim("st")} AS st, {_trim("ot")} AS ot
  WITH x, d, st, ot, {_total("st")} AS ns, {_total("ot")} AS no
  SET x.subject_tally = st, x.object_tally = ot, x.as_subject = {_nullable("ns")}, x.as_object = {_nullable("no")},
      x.statements = {_nullable("ns + no")},
      x.sources = {_nullable("CASE WHEN size(coalesce(st, [])) > size(coalesce(ot, [])) "
                             "THEN size(coalesce(st, [])) ELSE size(coalesce(ot, [])) END")},
      x.scored = CASE WHEN ns + no = 0 THEN null ELSE coalesce(x.scored, 0) + d.scored END,
      x.conflict = CASE WHEN ns + no = 0 THEN null ELSE round(coalesce(x.conflict, 0.0) + d.conflict, {PLACES}) END,
      x.cooperation = CASE WHEN ns + no = 0 THEN null
                      ELSE round(coalesce(x.cooperation, 0.0) + d.cooperation, {PLACES}) END
}}
CALL () {{
  UNWIND $rows.partners AS d
  MATCH (a:Actor {{id: d.a}}), (b:Actor {{id: d.b}})
  MERGE (a)-[p:PAIR]->(b)
  SET p.events = coalesce(p.events, 0) + d.events
  WITH p WHERE p.events <= 0
  DELETE p
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
CALL () {{
  UNWIND $rows.actor_years AS d
  MERGE (x:ActorYear {{id: d.id}})
  WITH x, d, {_sum_lists("x.subject_tally", "d.subject")} AS st, {_sum_lists("x.object_tally", "d.object")} AS ot
  WITH x, d, {_trim("st")} AS st, {_trim("ot")} AS ot
  WITH x, d, st, ot, {_total("st")} AS ns, {_total("ot")} AS no
  SET x.actor = d.actor, x.year = d.year, x.subject_tally = st, x.object_tally = ot,
      x.as_subject = {_nullable("ns")}, x.as_object = {_nullable("no")}, x.statements = ns + no,
      x.sources = CASE WHEN size(coalesce(st, [])) > size(coalesce(ot, [])) THEN size(coalesce(st, []))
                  ELSE size(coalesce(ot, [])) END
  WITH x WHERE x.statements = 0
  DELETE x
}}
CALL () {{
  UNWIND $rows.dyad_years AS d
  MERGE (y:DyadYear {{id: d.id}})
  WITH y, d, {_sum_lists("y.tally", "d.tally")} AS t
  WITH y, d, {_trim("t")} AS t
  SET y.dyad = d.dyad, y.a = d.a, y.b = d.b, y.year = d.year, y.tally = t, y.events = {_total("t")},
      y.sources = size(t), y.score = round(coalesce(y.score, 0.0) + d.score, {PLACES})
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
RETURN s.subject_tally IS NULL OR s.scored IS NULL AS missing
"""

ALL_EVENTS = """
MATCH (s:Actor)-[:ACTOR]->(e:Event)-[:RECIPIENT]->(o:Actor)
WHERE NOT coalesce(e.negated, false)
RETURN s.id AS s, o.id AS o, e.score AS score, e.sources AS sources, e.date AS date
"""

ACTOR_KEYS = "MATCH (x:Actor) RETURN x.id AS id"

SET_ACTORS = """
UNWIND $rows AS r
MATCH (x:Actor {id: r.id})
SET x.subject_tally = r.subject_tally, x.object_tally = r.object_tally, x.as_subject = r.as_subject,
    x.as_object = r.as_object, x.statements = r.statements, x.sources = r.sources, x.scored = r.scored,
    x.conflict = r.conflict, x.cooperation = r.cooperation
"""

DELETE_PAIRS = "MATCH ()-[p:PAIR]->() CALL (p) { DELETE p } IN TRANSACTIONS OF 20000 ROWS"

CREATE_PAIRS = """
UNWIND $rows AS r
MATCH (a:Actor {id: r.a}), (b:Actor {id: r.b})
CREATE (a)-[:PAIR {events: r.events}]->(b)
"""

DELETE_DYADS = ("MATCH (y) WHERE y:Dyad OR y:DyadYear OR y:ActorYear "
                "CALL (y) { DELETE y } IN TRANSACTIONS OF 20000 ROWS")

CREATE_DYADS = """
UNWIND $rows AS r
CREATE (:Dyad {id: r.id, a: r.a, b: r.b, events: r.events, score: r.score, tally: r.tally, sources: r.sources})
"""

CREATE_DYAD_YEARS = """
UNWIND $rows AS r
CREATE (:DyadYear {id: r.id, dyad: r.dyad, a: r.a, b: r.b, year: r.year, events: r.events, score: r.score,
                   tally: r.tally, sources: r.sources})
"""

CREATE_ACTOR_YEARS = """
UNWIND $rows AS r
CREATE (:ActorYear {id: r.id, actor: r.actor, year: r.year, subject_tally: r.subject_tally,
                    object_tally: r.object_tally, as_subject: r.as_subject, as_object: r.as_object,
                    statements: r.statements, sources: r.sources})
"""
