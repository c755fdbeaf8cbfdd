"""The dated ``hostile-dyads``, ``cooperative-dyads`` and ``top-actors`` on Neo4j, from the year
summaries (graph/neo4j_summaries.py: ``:DyadYear``, ``:ActorYear``), when a Cypher variant says
``// plan: years``.

A range ``since``..``until`` covers some years of 1900-2040 whole and touches the rest in part. A pair's
(or actor's) answer is the sum of its year summaries of the whole years and of its events in the rest,
read one by one: the events dated to a day outside the whole years (at most ``MOST_DAYS`` days of
years in part, and any before 1900 or after 2040) and those dated to a month or a year only (text:
in no year summary), by the ``Event.date`` index.

The first ``limit`` come from the whole years by the threshold algorithm (Fagin, Lotem and Naor): read
the first ``k`` of each year in score order (the ``(year, score)`` / ``(year, statements)`` indexes),
sum every pair seen over all the whole years (its year summaries, by the ``dyad`` / ``actor`` index),
and stop once the ``limit``-th sorts strictly before what a pair not seen could reach (the sum of each
year's ``k``-th; 0 for a year with fewer). Otherwise ``k`` grows fourfold, up to ``MOST_K``; past that,
or with more days in part, the plan declines (None) and the variant's text reads every event.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

Execute = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
YEARS = (1900, 2040)  # the years with summaries a range may cover whole
MOST_DAYS = 92
FIRST_K, MOST_K = 32, 4096

# Each year's first k in score order: the composite index gives (year, score) order, so the ORDER BY
# names the year too (the planner then reads k entries and stops: PartialTop).
_TOP_DYADS = {True: """
UNWIND $years AS yr
CALL (yr) {
  MATCH (y:DyadYear) WHERE y.year = yr AND y.score < 0
  WITH y ORDER BY y.year, y.score LIMIT $k
  RETURN y.dyad AS key, y.score AS value
}
RETURN yr, key, value""", False: """
UNWIND $years AS yr
CALL (yr) {
  MATCH (y:DyadYear) WHERE y.year = yr AND y.score > 0
  WITH y ORDER BY y.year DESC, y.score DESC LIMIT $k
  RETURN y.dyad AS key, y.score AS value
}
RETURN yr, key, value"""}
_DYAD_SUMS = """
MATCH (y:DyadYear) WHERE y.dyad IN $keys AND $lo <= y.year <= $hi
RETURN y.dyad AS key, sum(y.score) AS score, sum(y.events) AS events, max(y.sources) AS sources"""
_TOP_ACTORS = """
UNWIND $years AS yr
CALL (yr) {
  MATCH (x:ActorYear) WHERE x.year = yr AND x.statements > 0
  WITH x ORDER BY x.year DESC, x.statements DESC LIMIT $k
  RETURN x.actor AS key, x.statements AS value
}
RETURN yr, key, value"""
_ACTOR_SUMS = """
MATCH (x:ActorYear) WHERE x.actor IN $keys AND $lo <= x.year <= $hi
RETURN x.actor AS key, sum(coalesce(x.as_subject, 0)) AS as_subject, sum(coalesce(x.as_object, 0)) AS as_object,
       max(x.sources) AS sources"""
_NAMES = "MATCH (x:Actor) WHERE x.id IN $keys RETURN x.id AS key, x.name AS name"
# The rest of the range: events dated to a day in the ranges given, and those dated as text in the range.
_REST = """
CALL () {
  UNWIND $ranges AS r
  MATCH (e:Event) WHERE date(r[0]) <= e.date <= date(r[1])
  RETURN e
  UNION
  MATCH (e:Event) WHERE coalesce($since, '') <= e.date <= coalesce($until, '\\uFFFF')
  RETURN e
}
WITH e WHERE NOT coalesce(e.negated, false)
WITH e, split(e.pair, '|') AS p
RETURN p[0] AS s, p[2] AS o, e.score AS score, coalesce(e.sources, 1) AS sources"""


def parts(since: str | None, until: str | None) -> tuple[list[int], list[list[str]]] | None:
    """The whole years of ``since``..``until`` within YEARS and the day ranges of the rest ([first,
    last] ISO days; None when the days of years in part are more than MOST_DAYS)."""
    lo = dt.date.fromisoformat(since) if since else dt.date(1, 1, 1)
    hi = dt.date.fromisoformat(until) if until else dt.date(9999, 12, 31)
    if lo > hi:
        return [], []
    years = [y for y in range(YEARS[0], YEARS[1] + 1) if lo <= dt.date(y, 1, 1) and dt.date(y, 12, 31) <= hi]
    if not years:
        spans = [(lo, hi)]
    else:
        spans = [(lo, dt.date(years[0] - 1, 12, 31)), (dt.date(years[-1] + 1, 1, 1), hi)]
        spans = [(a, b) for a, b in spans if a <= b]
    counted = 0
    for a, b in spans:  # only days within YEARS count: outside them, events are few or none
        a2, b2 = max(a, dt.date(YEARS[0], 1, 1)), min(b, dt.date(YEARS[1], 12, 31))
        counted += max(0, (b2 - a2).days + 1)
    if counted > MOST_DAYS:
        return None
    return years, [[a.isoformat(), b.isoformat()] for a, b in spans]


def _rest(execute: Execute, params: dict[str, Any], ranges: list[list[str]]) -> list[dict[str, Any]]:
    return execute(_REST, {"ranges": ranges, "since": params.get("since"), "until": params.get("until")})


def _run(execute: Execute, top: str, years: list[int], settle: Callable[[set[str], float], bool]) -> bool:
    """The rounds: each year's first k in order, the keys seen and the bound an unseen key can reach;
    ``settle(keys, bound)`` sums the keys and says whether the answer is decided."""
    k = FIRST_K
    while k <= MOST_K:
        rows = execute(top, {"years": years, "k": k}) if years else []
        per_year: dict[int, list[float]] = defaultdict(list)
        for r in rows:
            per_year[r["yr"]].append(r["value"])
        # to 9 places, as the sums are: a pair not seen may reach it exactly (a tie, decided by name)
        bound = round(sum(vals[-1] for vals in per_year.values() if len(vals) == k), 9)
        if settle({r["key"] for r in rows}, bound):
            return True
        if all(len(vals) < k for vals in per_year.values()):
            return False  # every year read to its end and still undecided: cannot happen, but never loop
        k *= 4
    return False


def dyads(execute: Execute, params: dict[str, Any], hostile: bool) -> list[dict[str, Any]] | None:
    """The rows of ``hostile-dyads`` (or ``cooperative-dyads``) for a date range; None: the text's turn."""
    if (params.get("min_sources") or 1) > 1:
        return None
    split = parts(params.get("since"), params.get("until"))
    if split is None:
        return None
    years, ranges = split
    limit = int(params["limit"])
    rest: dict[str, list[Any]] = {}
    for e in _rest(execute, params, ranges):
        if e["score"] is None or e["s"] == e["o"]:
            continue
        key = "|".join(sorted((e["s"], e["o"])))
        acc = rest.setdefault(key, [0.0, 0, 0])
        acc[0] += float(e["score"])
        acc[1] += 1
        acc[2] = max(acc[2], e["sources"])
    known: dict[str, dict[str, Any]] = {}
    answer: list[dict[str, Any]] = []

    def settle(keys: set[str], bound: float) -> bool:
        new = sorted((keys | set(rest)) - set(known))
        sums = {r["key"]: r for r in execute(_DYAD_SUMS, {"keys": new, "lo": years[0], "hi": years[-1]})} \
            if new and years else {}
        for key in new:
            s = sums.get(key) or {"score": 0.0, "events": 0, "sources": 0}
            r = rest.get(key, [0.0, 0, 0])
            a, b = key.split("|", 1)
            known[key] = {"actor_a": a, "actor_b": b, "events": s["events"] + r[1],
                          "score": round(float(s["score"] or 0.0) + r[0], 9), "sources": max(s["sources"] or 0, r[2])}
        rows = [v for v in known.values() if (v["score"] < 0 if hostile else v["score"] > 0)]
        rows.sort(key=lambda v: (v["score"] if hostile else -v["score"], v["actor_a"], v["actor_b"]))
        answer[:] = rows[:limit]
        if bound == 0:
            return True  # no pair not seen has a score of the sign asked for
        if len(answer) < limit:
            return False
        last = answer[-1]["score"]
        return last < bound if hostile else last > bound

    return answer if _run(execute, _TOP_DYADS[hostile], years, settle) else None


def top_actors(execute: Execute, params: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The rows of ``top-actors`` for a date range; None: the text's turn."""
    if (params.get("min_sources") or 1) > 1:
        return None
    split = parts(params.get("since"), params.get("until"))
    if split is None:
        return None
    years, ranges = split
    limit = int(params["limit"])
    rest: dict[str, list[int]] = {}
    for e in _rest(execute, params, ranges):
        for key, side in ((e["s"], 0), (e["o"], 1)):
            acc = rest.setdefault(key, [0, 0, 0])
            acc[side] += 1
            acc[2] = max(acc[2], e["sources"])
    known: dict[str, dict[str, Any]] = {}
    answer: list[dict[str, Any]] = []

    def settle(keys: set[str], bound: float) -> bool:
        new = sorted((keys | set(rest)) - set(known))
        sums = {r["key"]: r for r in execute(_ACTOR_SUMS, {"keys": new, "lo": years[0], "hi": years[-1]})} \
            if new and years else {}
        for key in new:
            s = sums.get(key) or {"as_subject": 0, "as_object": 0, "sources": 0}
            r = rest.get(key, [0, 0, 0])
            subj, obj = s["as_subject"] + r[0], s["as_object"] + r[1]
            known[key] = {"actor": key, "name": None, "statements": subj + obj, "as_subject": subj,
                          "as_object": obj, "sources": max(s["sources"] or 0, r[2])}
        rows = sorted((v for v in known.values() if v["statements"] > 0), key=lambda v: (-v["statements"], v["actor"]))
        answer[:] = rows[:limit]
        if bound == 0:
            return True
        return len(answer) == limit and answer[-1]["statements"] > bound

    if not _run(execute, _TOP_ACTORS, years, settle):
        return None
    names = {r["key"]: r["name"] for r in execute(_NAMES, {"keys": [v["actor"] for v in answer]})}
    return [{**v, "name": names.get(v["actor"])} for v in answer]


#: (query name, the kind a variant's ``// plan:`` line names) -> the plan
PLANS: dict[tuple[str, str], Callable[[Execute, dict[str, Any]], list[dict[str, Any]] | None]] = {
    ("hostile-dyads", "years"): lambda execute, params: dyads(execute, params, hostile=True),
    ("cooperative-dyads", "years"): lambda execute, params: dyads(execute, params, hostile=False),
    ("top-actors", "years"): top_actors,
}
