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
sum the pairs seen over all the whole years (their year summaries, by the ``dyad`` / ``actor`` index),
best hope first and only while a pair's hope (its years seen, each other year's ``k``-th, its
rest) can reach the ``limit``-th, and stop once the ``limit``-th sorts strictly before what a pair
not seen could reach (the sum of each year's ``k``-th; 0 for a year with fewer). Otherwise ``k``
grows fourfold, up to ``MOST_K``; past that,
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
# 256 first: at 1M statements (50,400 articles, since 2018-01-01) the dated cooperative-dyads took three
# rounds from 32 (132 ms) and one from 256 (51 ms); hostile-dyads 63 ms from 32, 42 from 256
FIRST_K, MOST_K = 256, 4096
# A store of at most this many year summaries of pairs sums those in range directly (one aggregation,
# ~4 us a summary): at 1M quads (41,316, of which 15,380 since 2018) the year sums are flat, and the
# threshold algorithm read 1,024 ranks a year and the sums of thousands of pairs before it could stop
DIRECT_MOST = 50_000

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
_DYAD_COUNT = "RETURN COUNT { (:DyadYear) } AS n"
# The first n pairs of the whole years by their summed score, in the answer's order (hostile: lowest first).
_DIRECT_DYADS = {hostile: f"""
MATCH (y:DyadYear) WHERE $lo <= y.year <= $hi
WITH y.dyad AS key, round(sum(y.score), 9) AS score
WITH key, score, split(key, '|') AS ab WHERE score {'<' if hostile else '>'} 0
WITH key ORDER BY score {'' if hostile else 'DESC'}, ab[0], ab[1] LIMIT $n
RETURN key""" for hostile in (True, False)}
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


#: The columns of each text above, which ``_read`` fetches as one list.
_COLUMNS = {_REST: ("s", "o", "score", "sources"), _TOP_DYADS[True]: ("yr", "key", "value"),
            _TOP_DYADS[False]: ("yr", "key", "value"), _TOP_ACTORS: ("yr", "key", "value"),
            _DYAD_SUMS: ("key", "score", "events", "sources"),
            _ACTOR_SUMS: ("key", "as_subject", "as_object", "sources"), _NAMES: ("key", "name"),
            _DYAD_COUNT: ("n",), _DIRECT_DYADS[True]: ("key",), _DIRECT_DYADS[False]: ("key",)}


def _read(execute: Execute, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one of the texts above, fetched as one list (``runner.collected``: ~30 us a row less)."""
    from geokg.queries.runner import collected

    return collected(execute, text, _COLUMNS[text], params)


def _split(params: dict[str, Any]) -> tuple[list[int], list[list[str]]] | None:
    """``parts`` of the range asked for; None (the text's turn) for several sources or too many days."""
    if (params.get("min_sources") or 1) > 1:
        return None
    return parts(params.get("since"), params.get("until"))


def _sums(execute: Execute, text: str, keys: list[str], years: list[int]) -> dict[str, dict[str, Any]]:
    """Key -> its year summaries summed over the whole years (``_DYAD_SUMS`` or ``_ACTOR_SUMS``)."""
    if not years:
        return {}
    return {r["key"]: r for r in _read(execute, text, {"keys": keys, "lo": years[0], "hi": years[-1]})}


def _rest(execute: Execute, params: dict[str, Any], ranges: list[list[str]]) -> list[dict[str, Any]]:
    return _read(execute, _REST, {"ranges": ranges, "since": params.get("since"), "until": params.get("until")})


class _Search:
    """The threshold algorithm over "goodness" ``g`` (higher first: a dyad's -score for hostile, its
    score for cooperative, an actor's statements), of which only ``g > 0`` is shown.

    ``exact(keys)`` gives the whole answer row of each key (its whole years summed plus its rest) with
    its ``g``; ``rest_g`` the rest's part of each key's ``g``, known before any year is read."""

    def __init__(self, execute: Execute, top: str, years: list[int], limit: int, sign: int,
                 exact: Callable[[list[str]], dict[str, dict[str, Any]]], rest_g: dict[str, float],
                 order: Callable[[dict[str, Any]], tuple[Any, ...]]) -> None:
        self.execute, self.top, self.years, self.limit, self.sign = execute, top, years, limit, sign
        self.exact, self.rest_g, self.order = exact, rest_g, order
        self.known: dict[str, dict[str, Any]] = {}
        self.answer: list[dict[str, Any]] = []

    def run(self) -> list[dict[str, Any]] | None:
        k = FIRST_K
        while k <= MOST_K:
            rows = _read(self.execute, self.top, {"years": self.years, "k": k}) if self.years else []
            seen: dict[str, dict[int, float]] = defaultdict(dict)
            per_year: dict[int, list[float]] = defaultdict(list)
            for r in rows:
                g = self.sign * r["value"]
                seen[r["key"]][r["yr"]] = g
                per_year[r["yr"]].append(g)
            # what a key not in a year's first k can reach there: the k-th's (0 for a year read to its end),
            # to 9 places as the sums are (a key reaching it exactly ties, and ties sort by name)
            lasts = {y: vals[-1] for y, vals in per_year.items() if len(vals) == k}
            bound = round(sum(lasts.values()), 9)
            self._settle(seen, lasts)
            if bound <= 0 or (len(self.answer) == self.limit and self.answer[-1]["g"] > bound):
                return self.answer
            if not lasts:
                return None  # every year read to its end and still undecided: cannot happen, but never loop
            k *= 4
        return None

    def _settle(self, seen: dict[str, dict[int, float]], lasts: dict[int, float]) -> None:
        """Sums the keys that may still be among the first ``limit``, best hope first: a key's hope is its
        years seen, the k-th of each year it is not seen in, and its rest."""
        hope = {}
        for key in (set(seen) | set(self.rest_g)) - set(self.known):
            mine = seen.get(key, {})
            hope[key] = (sum(mine.values()) + sum(v for y, v in lasts.items() if y not in mine)
                         + self.rest_g.get(key, 0.0))
        queue = sorted(hope, key=lambda key: (-hope[key], key))
        chunk = max(64, 2 * self.limit)
        while queue:
            if len(self.answer) == self.limit:
                floor = self.answer[-1]["g"]
                queue = [key for key in queue if round(hope[key], 9) >= floor]
            else:
                queue = [key for key in queue if round(hope[key], 9) > 0]
            if not queue:
                break
            batch, queue, chunk = queue[:chunk], queue[chunk:], chunk * 2
            self.known.update(self.exact(batch))
            rows = [v for v in self.known.values() if v["g"] > 0]
            rows.sort(key=self.order)
            self.answer = rows[:self.limit]


def dyads(execute: Execute, params: dict[str, Any], hostile: bool) -> list[dict[str, Any]] | None:
    """The rows of ``hostile-dyads`` (or ``cooperative-dyads``) for a date range; None: the text's turn."""
    split = _split(params)
    if split is None:
        return None
    years, ranges = split
    sign = -1 if hostile else 1
    rest: dict[str, list[Any]] = {}
    for e in _rest(execute, params, ranges):
        if e["score"] is None or e["s"] == e["o"]:
            continue
        key = "|".join(sorted((e["s"], e["o"])))
        acc = rest.setdefault(key, [0.0, 0, 0])
        acc[0] += float(e["score"])
        acc[1] += 1
        acc[2] = max(acc[2], e["sources"])

    def exact(keys: list[str]) -> dict[str, dict[str, Any]]:
        sums = _sums(execute, _DYAD_SUMS, keys, years)
        out = {}
        for key in keys:
            s = sums.get(key) or {"score": 0.0, "events": 0, "sources": 0}
            r = rest.get(key, [0.0, 0, 0])
            a, b = key.split("|", 1)
            score = round(float(s["score"] or 0.0) + r[0], 9)
            out[key] = {"actor_a": a, "actor_b": b, "events": s["events"] + r[1], "score": score,
                        "sources": max(s["sources"] or 0, r[2]), "g": sign * score}
        return out

    limit = int(params["limit"])
    order = lambda v: (-v["g"], v["actor_a"], v["actor_b"])  # noqa: E731
    if years and _read(execute, _DYAD_COUNT, {})[0]["n"] <= DIRECT_MOST:
        # the first limit + len(rest) by the whole years: at most len(rest) of them move by their rest,
        # so the others, and the pairs with a rest, hold the first limit
        top = [r["key"] for r in _read(execute, _DIRECT_DYADS[hostile],
                                       {"lo": years[0], "hi": years[-1], "n": limit + len(rest)})]
        found = [v for v in exact(list(dict.fromkeys([*top, *rest]))).values() if v["g"] > 0]
        rows: list[dict[str, Any]] | None = sorted(found, key=order)[:limit]
    else:
        search = _Search(execute, _TOP_DYADS[hostile], years, limit, sign, exact,
                         {key: sign * r[0] for key, r in rest.items()}, order)
        rows = search.run()
    return None if rows is None else [{k: v for k, v in row.items() if k != "g"} for row in rows]


def top_actors(execute: Execute, params: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The rows of ``top-actors`` for a date range; None: the text's turn."""
    split = _split(params)
    if split is None:
        return None
    years, ranges = split
    rest: dict[str, list[int]] = {}
    for e in _rest(execute, params, ranges):
        for key, side in ((e["s"], 0), (e["o"], 1)):
            acc = rest.setdefault(key, [0, 0, 0])
            acc[side] += 1
            acc[2] = max(acc[2], e["sources"])

    def exact(keys: list[str]) -> dict[str, dict[str, Any]]:
        sums = _sums(execute, _ACTOR_SUMS, keys, years)
        out = {}
        for key in keys:
            s = sums.get(key) or {"as_subject": 0, "as_object": 0, "sources": 0}
            r = rest.get(key, [0, 0, 0])
            subj, obj = s["as_subject"] + r[0], s["as_object"] + r[1]
            out[key] = {"actor": key, "name": None, "statements": subj + obj, "as_subject": subj, "as_object": obj,
                        "sources": max(s["sources"] or 0, r[2]), "g": subj + obj}
        return out

    search = _Search(execute, _TOP_ACTORS, years, int(params["limit"]), 1, exact,
                     {key: float(r[0] + r[1]) for key, r in rest.items()}, lambda v: (-v["g"], v["actor"]))
    rows = search.run()
    if rows is None:
        return None
    names = {r["key"]: r["name"] for r in _read(execute, _NAMES, {"keys": [v["actor"] for v in rows]})}
    return [{**{k: v for k, v in row.items() if k != "g"}, "name": names.get(row["actor"])} for row in rows]


#: (query name, the kind a variant's ``// plan:`` line names) -> the plan
PLANS: dict[tuple[str, str], Callable[[Execute, dict[str, Any]], list[dict[str, Any]] | None]] = {
    ("hostile-dyads", "years"): lambda execute, params: dyads(execute, params, hostile=True),
    ("cooperative-dyads", "years"): lambda execute, params: dyads(execute, params, hostile=False),
    ("top-actors", "years"): top_actors,
}
