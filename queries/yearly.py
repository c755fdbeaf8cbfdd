"""The dated ``hostile-dyads``, ``cooperative-dyads`` and ``top-actors`` on the embedded store, from the
year summaries and their rankings (graph/yearly.py), when the variant's text says ``# plan: years``.

A range ``since``..``until`` covers some years whole (every day of them: graph/yearnodes.py) and touches
others in part. The answer is the sum, per pair (or actor), of its year summaries of the whole years
and of its events in the rest of the range, read one by one: the days of the years in part, the events
dated to a year or a month only (``gksum:yp-{YYYY}``) and those outside 1900-2040 or not in ISO form
(their period nodes). For a range of whole years the rest is a few look-ups.

The first ``limit`` pairs come from the years' rankings by the threshold algorithm (Fagin, Lotem and
Naor): read each year's ranks a page at a time, sum every pair seen over all the years (its year
summaries by IRI, one query a round), and stop once the ``limit``-th pair sorts before what a pair
not yet seen could reach (the sum of each year's last rank read; 0 for a year read to its end). A year
ranking holds its first 1,000 only: when that is not enough the plan gives up (None) and the text
reads every event in range, as it does on a store without year summaries (from before them, opened
read-only).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from rdflib import URIRef

Execute = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
#: The most days of years in part the plan reads event by event (more: the text reads every event).
MOST_DAYS = 92

_PREFIXES = """PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX gkg: <https://w3id.org/geokg/graph/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_HAS_YEARS = _PREFIXES + "SELECT ?y WHERE { GRAPH gkg:summaries { ?y gk:yearOf ?of } } LIMIT 1"
_LIVE = _PREFIXES + """SELECT DISTINCT ?page WHERE {
  # values here: ?page
  GRAPH gkg:summaries { ?page gk:ranked ?member }
}"""
_PAGES_PAIRS = _PREFIXES + """SELECT ?page ?y ?sum WHERE {
  # values here: ?page
  GRAPH gkg:summaries { ?page gk:ranked ?y . ?y gk:scoreSum ?sum }
}"""
_PAGES_FROM = _PREFIXES + """SELECT ?page ?y ?v WHERE {
  # values here: ?page
  GRAPH gkg:summaries { ?page gk:ranked ?y . ?y gk:yearScores ?v }
}"""
_PAIR_SCORES = _PREFIXES + """SELECT ?n ?v WHERE {
  # values here: ?n
  GRAPH gkg:summaries { ?n gk:yearScores ?v }
}"""
_PAIR_NAMES = _PREFIXES + """SELECT ?p ?a ?b WHERE {
  # values here: ?p
  GRAPH gkg:summaries { ?p gk:actorA ?a ; gk:actorB ?b }
}"""
_PAGES_ACTORS = _PREFIXES + """SELECT ?page ?x ?n WHERE {
  # values here: ?page
  GRAPH gkg:summaries { ?page gk:ranked ?y . ?y gk:events ?n ; gk:yearOf ?w . ?w gk:actor ?x }
}"""
# the year summaries asked for, by IRI: every field of each (one index look-up a node; VALUES of the
# fields wanted was planned as a scan of the graph, 150 times slower)
_YEAR_FIELDS = _PREFIXES + """SELECT ?y ?field ?v WHERE {
  # values here: ?y
  GRAPH gkg:summaries { ?y ?field ?v }
}"""
# the events of the rest of the range (an event is in one period node or one gksum:yp- listing)
_REST = _PREFIXES + """SELECT ?e ?s ?o ?sc ?k ?since ?until WHERE {
  # values here: ?c
  GRAPH gkg:summaries { ?c gk:periodEvent ?e }
  GRAPH gkg:events { ?e dcterms:date ?d }
  FILTER(STR(?d) >= COALESCE(?since, "") && STR(?d) <= COALESCE(?until, "\\uFFFF"))
  GRAPH gkg:summaries { ?r gk:event ?e ; gk:subject ?s ; gk:object ?o }
  OPTIONAL { GRAPH gkg:events { ?e gk:score ?sc } }
  OPTIONAL { GRAPH gkg:events { ?e gk:sources ?k } }
}"""
_LABELS = _PREFIXES + """SELECT ?x ?label WHERE {
  # values here: ?x
  GRAPH gkg:actors { ?x rdfs:label ?label }
}"""
_GKA = "https://w3id.org/geokg/actor/"
_SUMMARY = "https://w3id.org/geokg/summary/"


def years_of(since: str | None, until: str | None) -> tuple[list[int], list[int]]:
    """(the years the range covers whole, the years it touches in part), each within 1900-2040."""
    from geokg.graph.yearnodes import FIRST_YEAR, LAST_YEAR

    low = FIRST_YEAR if since is None else max(FIRST_YEAR, int(since[:4]))
    high = LAST_YEAR if until is None else min(LAST_YEAR, int(until[:4]))
    whole, part = [], []
    for year in range(low, high + 1):
        covers = (since is None or since <= f"{year:04d}-01-01") and (until is None or until >= f"{year:04d}-12-31")
        (whole if covers else part).append(year)
    return whole, part


def rest_nodes(since: str | None, until: str | None, relations: tuple[str, ...]) -> tuple[list[URIRef], int]:
    """The nodes listing the events in range that no whole year's summaries count, and how many days of
    years in part they include."""
    from geokg.graph.derived import period_node
    from geokg.graph.yearnodes import partial_node
    from geokg.queries.sparql_values import period_stems

    whole, part = years_of(since, until)
    # the stems outside every year, and those of the years in part only (an open range spans 141 years)
    listed = period_stems(since, until, years=set(part))
    days = [st for st in listed if len(st) == 10 and st[:1].isdigit()]
    stems = [st for st in listed if not st[:1].isdigit()] + days
    nodes = [partial_node(y) for y in sorted(whole + part)] + [period_node(r, st) for r in relations for st in stems]
    return [URIRef(n.value) for n in nodes], len(days)


@dataclass
class _List:
    """One year's ranking as read so far."""

    year: int
    page: int = 0  # pages read
    count: int = 0  # members read
    bound: float = 0.0  # what a member not yet read can reach (its ranking's order)
    ended: bool = False  # read to its end: its members not read do not qualify (bound 0)
    cut: bool = False  # read to its 1,000th rank: more may qualify, not readable


class _Reader:
    def __init__(self, execute: Execute, params: dict[str, Any]) -> None:
        self.execute = execute
        self.since, self.until = params.get("since"), params.get("until")

    def read(self, text: str, terms: dict[str, Any]) -> list[dict[str, Any]]:
        from geokg.queries.sparql_values import inline_values

        window, _ = inline_values(text, terms)
        return self.execute(window, {"since": self.since, "until": self.until} if "?since" in text else {})

    def summaries(self, nodes: list[str]) -> dict[str, dict[str, Any]]:
        """The fields of the year summaries ``nodes`` (IRIs) by local name, by IRI (absent: no summary)."""
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(nodes), 2000):
            for r in self.read(_YEAR_FIELDS, {"y": [URIRef(n) for n in nodes[start:start + 2000]]}):
                out.setdefault(str(r["y"]), {})[str(r["field"]).rsplit("#", 1)[-1]] = r["v"]
        return out

    def rest(self) -> list[dict[str, Any]] | None:
        """The events in range no whole year's summaries count; None when the days of the years in part
        are more than :data:`MOST_DAYS` (read one by one, they would cost more than reading every event
        in range: at 1M statements, 12.3 s for 333 days against 9.7 s)."""
        from geokg.queries.catalogue import RELATIONS

        nodes, days = rest_nodes(self.since, self.until, RELATIONS)
        if days > MOST_DAYS:
            return None
        rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(nodes), 5000):
            for r in self.read(_REST, {"c": nodes[start:start + 5000]}):
                rows[str(r["e"])] = r
        return list(rows.values())


def _live_years(reader: _Reader, rankings: tuple[str, ...], years: list[int]) -> dict[str, list[int]]:
    """Per ranking of ``rankings``, those of ``years`` whose ranking has a member (one query): a year
    without an ``actors`` member has no summary of any kind."""
    from geokg.graph.rankings import slot
    from geokg.graph.yearnodes import ranking_name

    pages = {slot(ranking_name(r, y), 1).value: (r, y) for r in rankings for y in years}
    out: dict[str, list[int]] = {r: [] for r in rankings}
    for row in reader.read(_LIVE, {"page": [URIRef(p) for p in pages]}) if pages else []:
        ranking, year = pages[str(row["page"])]
        out[ranking].append(year)
    return {r: sorted(ys) for r, ys in out.items()}


@dataclass
class _Candidate:
    """A pair or actor seen: its value from the rest of the range, the year values its ranks gave, and
    (once its year summaries are read) its exact value."""

    rest: float = 0.0
    seen: dict[int, float] = field(default_factory=dict)
    exact: float | None = None


class _Threshold:
    """The threshold algorithm over the year rankings ``base`` of ``lists`` (the years with such a
    ranking) for the ``limit`` smallest values ``v`` (qualifying below 0): a page row's value is
    ``value(row)``, its candidate ``ident(row)``; ``node(ident, year)`` is a candidate's year summary.
    A candidate's exact value is its rest plus ``years_value(ids)[ident]``: its values of the ``live``
    years (the whole years of the range that have summaries)."""

    def __init__(self, reader: _Reader, text: str, base: str, lists: list[int], live: list[int], limit: int,
                 value: Callable[[Any], float], ident: Callable[[Any], str], node: Callable[[str, int], str],
                 years_value: Callable[[list[str]], dict[str, float]]) -> None:
        self.reader, self.text, self.base, self.limit, self.live = reader, text, base, limit, live
        self.value, self.ident, self.node, self.years_value = value, ident, node, years_value
        self.lists = [_List(y) for y in lists]
        self.found: dict[str, _Candidate] = {}

    def optimistic(self, c: _Candidate) -> float:
        """The smallest value the candidate can have: its known year values, else each ranking's bound."""
        return c.rest + sum(c.seen.get(li.year, 0.0 if li.ended else li.bound) for li in self.lists)

    def known(self) -> list[tuple[float, str]]:
        return sorted((c.exact, i) for i, c in self.found.items() if c.exact is not None and c.exact < 0)

    def _read_pages(self) -> None:
        """The next page of each year's ranking not read to its end, in one query."""
        from geokg.graph.rankings import page_length, slot
        from geokg.graph.yearnodes import ranking_name

        pages = {slot(ranking_name(self.base, li.year), li.page + 1).value: li
                 for li in self.lists if not (li.ended or li.cut)}
        got: dict[str, list[Any]] = {p: [] for p in pages}
        if pages:
            for r in self.reader.read(self.text, {"page": [URIRef(p) for p in pages]}):
                got[str(r["page"])].append(r)
        for iri, li in pages.items():
            li.page += 1
            for r in got[iri]:
                self.found.setdefault(self.ident(r), _Candidate()).seen[li.year] = self.value(r)
            # a year's pages double (rankings.page_of)
            _advance(li, len(got[iri]), max((self.value(r) for r in got[iri]), default=None),
                     page_length(ranking_name(self.base, li.year), li.page))

    def _access(self, ids: list[str]) -> None:
        """The exact values of ``ids``: their rest and their values of the live years."""
        got = self.years_value(ids)
        for i in ids:
            self.found[i].exact = self.found[i].rest + got.get(i, 0.0)

    def _settle(self) -> None:
        """Read the exact values of the candidates that may still rank among the first ``limit``."""
        while True:
            known = self.known()
            tau = known[self.limit - 1][0] if len(known) >= self.limit else float("inf")
            todo = sorted((o, i) for i, c in self.found.items() if c.exact is None
                          and (o := self.optimistic(c)) < 0 and o <= tau)
            if not todo:
                return
            if tau == float("inf"):
                todo = todo[:self.limit - len(known)]
            self._access([i for _, i in todo])

    def run(self) -> list[tuple[float, str]] | None:
        """The qualifying candidates by exact value (those after the ``limit``-th not all there); None when
        a ranking cut at its 1,000th rank does not say enough."""
        while True:
            self._read_pages()
            self._settle()
            known = self.known()
            bound = _unseen_bound(self.lists)
            if bound >= 0 or (len(known) >= self.limit and known[self.limit - 1][0] < bound):
                return known
            if all(li.ended or li.cut for li in self.lists):
                return None

    def fields(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The fields of every live year summary of ``ids`` (for the rows shown)."""
        nodes = {self.node(i, y): i for i in ids for y in self.live}
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for iri, f in self.reader.summaries(list(nodes)).items():
            out[nodes[iri]].append(f)
        return out


def _advance(li: _List, members: int, worst: float | None, length: int) -> None:
    """After reading ``members`` of the list's page of ``length`` ranks (the worst value ``worst``)."""
    from geokg.graph.rankings import RANK_SIZE

    li.count += members
    if worst is not None:
        li.bound = worst
    if li.count >= RANK_SIZE:
        li.cut = True
    elif members < length:
        li.ended, li.bound = True, 0.0


def _unseen_bound(lists: list[_List]) -> float:
    return sum(0.0 if li.ended else li.bound for li in lists)


def _shown(known: list[tuple[float, str]], limit: int) -> list[str]:
    """The first ``limit``, and those tied with the last of them (their names order them)."""
    return [i for v, i in known if len(known) <= limit or v <= known[limit - 1][0]]


def dyads(execute: Execute, params: dict[str, Any], hostile: bool) -> list[dict[str, Any]] | None:
    """The rows of the dated hostile-dyads (``hostile``) or cooperative-dyads; None: read every event.

    Pairs go by the hash of their summary (``gksum:p-{hash}``, ``gksum:py-{hash}-{YYYY}``): the ranks
    read give it in their IRIs, so the actors' names are read for the rows shown only."""
    from geokg.graph.fromrank import from_value
    from geokg.graph.yearly import pair_hash
    from geokg.graph.yearnodes import LAST_YEAR, pair_scores_node, pair_year_node, parse_scores

    reader = _Reader(execute, params)
    limit = params.get("limit")
    if not isinstance(limit, int) or not execute(_HAS_YEARS, {}):
        return None
    sign = 1.0 if hostile else -1.0  # v = sign * score: the order is v ascending, qualifying below 0
    base = "hostile" if hostile else "cooperative"
    whole, _ = years_of(reader.since, reader.until)
    # the whole years' rankings, and whether any later year has summaries (one query)
    span = list(range(whole[0], LAST_YEAR + 1)) if whole else []
    found = _live_years(reader, ("actors", base, f"{base}-from"), span)
    in_range = set(whole)
    live = [y for y in found["actors"] if y in in_range]  # the whole years with a summary of any kind
    counted = set(live)
    later = [y for y in found["actors"] if y > whole[-1]] if whole else []

    def years_value(ids: list[str]) -> dict[str, float]:
        """From each pair's year scores (``gksum:pys-{hash}``: one look-up a pair)."""
        out: dict[str, float] = {}
        for start in range(0, len(ids), 2000):
            nodes = [URIRef(pair_scores_node(h).value) for h in ids[start:start + 2000]]
            for r in reader.read(_PAIR_SCORES, {"n": nodes}):
                out[str(r["n"])[len(_SUMMARY) + 4:]] = sign * sum(
                    float(v) for y, v in parse_scores(str(r["v"])).items() if y in counted)
        return out

    if live and not later and live[0] in found[f"{base}-from"]:
        # every year with summaries from the first of the range on is whole in it: one from-year ranking
        first = live[0]
        ta = _Threshold(reader, _PAGES_FROM, f"{base}-from", [first], live, limit,
                        lambda r: sign * from_value(parse_scores(str(r["v"])), first),
                        lambda r: str(r["y"])[len(_SUMMARY) + 4:], lambda h, y: pair_year_node(h, y).value,
                        years_value)
    else:
        ta = _Threshold(reader, _PAGES_PAIRS, base, [y for y in found[base] if y in counted], live, limit,
                        lambda r: sign * float(r["sum"]), lambda r: str(r["y"])[len(_SUMMARY) + 3:-5],
                        lambda h, y: pair_year_node(h, y).value, years_value)
    names: dict[str, tuple[str, str]] = {}
    rest: dict[str, list[Any]] = {}  # hash -> [scored events, score, most] in the rest of the range
    rest_rows = reader.rest()
    if rest_rows is None:
        return None
    for r in rest_rows:
        if r["sc"] is None or r["s"] == r["o"]:
            continue
        s, o = str(r["s"])[len(_GKA):], str(r["o"])[len(_GKA):]
        h = pair_hash(*sorted((unquote(s), unquote(o))))
        names[h] = (min(s, o), max(s, o))
        entry = rest.setdefault(h, [0, 0.0, 1])
        entry[0] += 1
        entry[1] += float(r["sc"])
        entry[2] = max(entry[2], int(r["k"] or 1))
        ta.found.setdefault(h, _Candidate()).rest += sign * float(r["sc"])
    known = ta.run()
    if known is None:
        return None
    shown = _shown(known, limit)
    wanted = [h for h in shown if h not in names]
    for r in reader.read(_PAIR_NAMES, {"p": [URIRef(f"{_SUMMARY}p-{h}") for h in wanted]}) if wanted else []:
        a, b = str(r["a"])[len(_GKA):], str(r["b"])[len(_GKA):]
        names[str(r["p"])[len(_SUMMARY) + 2:]] = (min(a, b), max(a, b))
    rows = []
    for h, years in ta.fields(shown).items():
        events, score, most = rest.get(h, [0, 0.0, 1])
        for f in years:
            events += int(f["scoredEvents"])
            score += float(f["scoreSum"])
            most = max(most, int(f.get("maxSources") or 1))
        rows.append((ta.found[h].exact, *names[h], events, score, most))
    return [{"actor_a": a, "actor_b": b, "events": n, "score": sc, "sources": most}
            for _, a, b, n, sc, most in sorted(rows)[:limit]]


def top_actors(execute: Execute, params: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The rows of the dated top-actors; None: read every event."""
    from geokg.graph.yearly import actor_hash
    from geokg.graph.yearnodes import actor_year_node

    reader = _Reader(execute, params)
    limit = params.get("limit")
    if not isinstance(limit, int) or not execute(_HAS_YEARS, {}):
        return None
    whole, _ = years_of(reader.since, reader.until)
    live = _live_years(reader, ("actors",), whole)["actors"]
    # v = minus the events: a member not read has no more than the page's fewest
    def node(n: str, year: int) -> str:
        return actor_year_node(actor_hash(unquote(n)), year).value

    def years_value(ids: list[str]) -> dict[str, float]:
        """From the actor's year summaries of the live years its ranks did not give."""
        nodes = {node(i, y): i for i in ids for y in live if y not in ta.found[i].seen}
        out = {i: sum(ta.found[i].seen.values()) for i in ids}
        for iri, f in reader.summaries(list(nodes)).items():
            out[nodes[iri]] -= float(int(f["asSubject"]) + int(f["asObject"]))
        return out

    ta = _Threshold(reader, _PAGES_ACTORS, "actors", live, live, limit, lambda r: -float(r["n"]),
                    lambda r: str(r["x"])[len(_GKA):], node, years_value)
    rest: dict[str, list[int]] = {}  # IRI name -> [as subject, as object, most] in the rest of the range
    rest_rows = reader.rest()
    if rest_rows is None:
        return None
    for r in rest_rows:
        k = int(r["k"] or 1)
        for iri, at in ((r["s"], 0), (r["o"], 1)):
            name = str(iri)[len(_GKA):]
            entry = rest.setdefault(name, [0, 0, 1])
            entry[at] += 1
            entry[2] = max(entry[2], k)
            ta.found.setdefault(name, _Candidate()).rest -= 1.0
    known = ta.run()
    if known is None:
        return None
    shown = sorted((v, n) for v, n in known if n in set(_shown(known, limit)))[:limit]
    labels: dict[str, str] = {}
    for r in reader.read(_LABELS, {"x": [URIRef(_GKA + n) for _, n in shown]}) if shown else []:
        name = str(r["x"])[len(_GKA):]
        labels[name] = min(labels.get(name, r["label"]), r["label"])
    fields = ta.fields([n for _, n in shown])
    out = []
    for _, n in shown:
        sub, obj, most = rest.get(n, [0, 0, 1])
        for f in fields[n]:
            sub, obj = sub + int(f["asSubject"]), obj + int(f["asObject"])
            most = max(most, int(f.get("maxSources") or 1))
        out.append({"actor": n, "name": labels.get(n), "statements": sub + obj, "as_subject": sub,
                    "as_object": obj, "sources": most})
    return out


_ANY_TALLY = _PREFIXES + """SELECT ?a WHERE {
  { GRAPH gkg:summaries { ?a gk:subjectTally ?t } } UNION { GRAPH gkg:summaries { ?a gk:objectTally ?t } }
} LIMIT 1"""
_ANY_MULTI = _PREFIXES + "SELECT ?e WHERE { GRAPH gkg:events { ?e gk:sources ?n } } LIMIT 1"
_TALLY = _PREFIXES + """SELECT ?x ?t WHERE {
  GRAPH gkg:summaries { ?a gk:%s ?t . ?a gk:actor ?x }
}"""


def tallied_actors(execute: Execute, params: dict[str, Any]) -> list[dict[str, Any]] | None:
    """``top-actors`` with ``min_sources`` above one and no dates, from each actor's events of several
    sources as subject and as object (graph/sidetally.py: one summary per actor); None: dates are given,
    or the store has no side tallies (the text reads every event of several sources)."""
    from geokg.graph.totals import parse_tally

    limit, least = params.get("limit"), params.get("min_sources")
    if params.get("since") is not None or params.get("until") is not None or not isinstance(limit, int) \
            or not isinstance(least, int):
        return None
    if not execute(_ANY_TALLY, {}) and execute(_ANY_MULTI, {}):
        return None  # events of several sources, and no actor tallied: a store from before, read-only
    counts: dict[str, list[int]] = {}  # IRI name -> [as subject, as object, most]
    for side, name in ((0, "subjectTally"), (1, "objectTally")):
        for r in execute(_TALLY % name, {}):
            tally = {n: c for n, c in parse_tally(str(r["t"])).items() if n >= least}
            if tally:
                entry = counts.setdefault(str(r["x"])[len(_GKA):], [0, 0, 1])
                entry[side] += sum(tally.values())
                entry[2] = max(entry[2], max(tally))
    top = sorted(counts, key=lambda n: (-(counts[n][0] + counts[n][1]), n))[:limit]
    labels: dict[str, str] = {}
    reader = _Reader(execute, params)
    for r in reader.read(_LABELS, {"x": [URIRef(_GKA + n) for n in top]}) if top else []:
        name = str(r["x"])[len(_GKA):]
        labels[name] = min(labels.get(name, r["label"]), r["label"])
    return [{"actor": n, "name": labels.get(n), "statements": counts[n][0] + counts[n][1],
             "as_subject": counts[n][0], "as_object": counts[n][1], "sources": counts[n][2]} for n in top]


PLANS: dict[tuple[str, str], Callable[[Execute, dict[str, Any]], list[dict[str, Any]] | None]] = {
    ("hostile-dyads", "years"): lambda ex, p: dyads(ex, p, True),
    ("cooperative-dyads", "years"): lambda ex, p: dyads(ex, p, False),
    ("top-actors", "years"): top_actors,
    ("top-actors", "tallies"): tallied_actors,
}
