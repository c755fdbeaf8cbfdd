"""Year summaries: per pair and per actor, the events dated to a day of each year, moved by exact
differences like the whole-store summaries (graph/totals.py) and ranked per year (graph/rankings.py:
``hostile-2018``, ``cooperative-2018``, ``actors-2018``), so the dated ``hostile-dyads``,
``cooperative-dyads`` and ``top-actors`` merge a few ranks of each year (queries/yearly.py) instead of
reading every event in range.

* ``gksum:py-{hash}-{YYYY}`` (the pair ``gksum:p-{hash}``): ``gk:yearOf`` the pair summary, ``gk:year``,
  ``gk:scoredEvents``, ``gk:scoreSum`` and the sources tally of its scored events (what the dyad queries
  count); present while the pair has a scored event that year.
* ``gksum:ay-{hash}-{YYYY}`` (the actor ``gksum:a-{hash}``): ``gk:yearOf``, ``gk:year``, ``gk:asSubject``,
  ``gk:asObject``, ``gk:events`` and the sources tally of all its events (what ``top-actors`` counts).

Which events a year counts, and where the others go: graph/yearnodes.py.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G, Key, RelationState, Totals, _dec, _tally_add
from geokg.graph.namespace import GKSUM
from geokg.graph.totals import ActorTotals, actor_node, pair_node, sources_quads, totals_from
from geokg.graph.yearnodes import (
    YEAR,
    YEAR_OF,
    YEAR_SCORES,
    actor_year_node,
    event_year_quads,
    pair_scores_node,
    pair_year_node,
    parse_scores,
    scores_text,
)

_SUMMARY = str(GKSUM)
Pair = tuple[str, str]


def pair_hash(a: str, b: str) -> str:
    return pair_node(a, b).value[len(_SUMMARY) + 2:]


def actor_hash(key: str) -> str:
    return actor_node(key).value[len(_SUMMARY) + 2:]


def pair_year_quads(a: str, b: str, year: int, t: Totals) -> list[ox.Quad]:
    if t.scored == 0:
        return []
    node = pair_year_node(pair_hash(a, b), year)
    return [ox.Quad(node, YEAR_OF, pair_node(a, b), SUMMARIES), ox.Quad(node, YEAR, ox.Literal(year), SUMMARIES),
            ox.Quad(node, G["scoredEvents"], ox.Literal(t.scored), SUMMARIES),
            ox.Quad(node, G["scoreSum"], _dec(t.score), SUMMARIES), *sources_quads(node, t.multi_scored)]


def scores_quads(a: str, b: str, scores: dict[int, str]) -> list[ox.Quad]:
    """The pair's ``gksum:pys-`` node: its score sum of each year (none: no node)."""
    if not scores:
        return []
    return [ox.Quad(pair_scores_node(pair_hash(a, b)), YEAR_SCORES, ox.Literal(scores_text(scores)), SUMMARIES)]


def score_text(t: Totals) -> str:
    return _dec(t.score).value


def actor_year_quads(key: str, year: int, at: ActorTotals) -> list[ox.Quad]:
    if at.as_subject == 0 and at.as_object == 0:
        return []
    node = actor_year_node(actor_hash(key), year)
    return [ox.Quad(node, YEAR_OF, actor_node(key), SUMMARIES), ox.Quad(node, YEAR, ox.Literal(year), SUMMARIES),
            ox.Quad(node, G["asSubject"], ox.Literal(at.as_subject), SUMMARIES),
            ox.Quad(node, G["asObject"], ox.Literal(at.as_object), SUMMARIES),
            ox.Quad(node, G["events"], ox.Literal(at.as_subject + at.as_object), SUMMARIES),
            *sources_quads(node, at.totals.multi)]


def pair_year_totals(quads: Iterable[ox.Quad]) -> Totals:
    """A pair-year node's totals from its stored quads (its events are its scored events)."""
    t, _ = totals_from(quads, "multi_scored")
    t.events = t.scored
    return t


def actor_year_totals(quads: Iterable[ox.Quad]) -> ActorTotals:
    t, ints = totals_from(quads)
    at = ActorTotals(ints.get("asSubject", 0), ints.get("asObject", 0))
    at.totals.multi = t.multi
    return at


@dataclass
class YearMoved:
    """What :func:`apply_year_differences` plans, and the new totals of the pair-years and actor-years it
    moved, by year (no scored event / no event: the node is gone)."""

    dead: list[ox.Quad] = field(default_factory=list)
    born: list[ox.Quad] = field(default_factory=list)
    pairs: dict[int, dict[Pair, Totals]] = field(default_factory=dict)
    actors: dict[int, dict[str, ActorTotals]] = field(default_factory=dict)
    #: per pair whose year scores moved: its year scores after the write, and the years that moved
    scores: dict[Pair, dict[int, str]] = field(default_factory=dict)
    changed: dict[Pair, set[int]] = field(default_factory=dict)


def _year_diffs(changes: Mapping[Key, tuple[dict[int, Totals], dict[int, Totals]]],
                ) -> tuple[dict[tuple[int, Pair], Totals], dict[tuple[int, str], list]]:
    pairs: dict[tuple[int, Pair], Totals] = {}
    actors: dict[tuple[int, str], list] = {}
    for (s, _rel, o), (old, new) in changes.items():
        for year in old.keys() | new.keys():
            diff = Totals()
            if year in new:
                diff.add(new[year])
            if year in old:
                diff.add(old[year], -1)
            for key, sub, obj in ((s, 1, 0), (o, 0, 1)) if s != o else ((s, 1, 1),):
                entry = actors.setdefault((year, key), [0, 0, Totals()])
                entry[0] += sub * diff.events
                entry[1] += obj * diff.events
                entry[2].add(diff)
            if s != o:
                pairs.setdefault((year, (min(s, o), max(s, o))), Totals()).add(diff)
    return pairs, actors


def apply_year_differences(store: ox.Store, changes: Mapping[Key, tuple[dict[int, Totals], dict[int, Totals]]],
                           ) -> YearMoved:
    """The quads that move the year summaries by the differences between the old and new year totals of
    each changed relation (a node no difference moves is not read)."""
    pairs, actors = _year_diffs(changes)
    moved = YearMoved()
    for (year, (a, b)), diff in pairs.items():
        if not (diff.scored or diff.score or diff.multi_scored):
            continue
        node = pair_year_node(pair_hash(a, b), year)
        old_quads = list(store.quads_for_pattern(node, None, None, SUMMARIES))
        new = pair_year_totals(old_quads)
        new.add(diff)
        new.events = new.scored
        moved.dead += old_quads
        moved.born += pair_year_quads(a, b, year, new)
        moved.pairs.setdefault(year, {})[(a, b)] = new
    changed: dict[Pair, dict[int, Totals]] = {}
    for year, by_pair in moved.pairs.items():
        for pair, t in by_pair.items():
            changed.setdefault(pair, {})[year] = t
    for (a, b), years in changed.items():
        # the pair's year scores: the stored ones, those this write moved replaced
        old_quads = list(store.quads_for_pattern(pair_scores_node(pair_hash(a, b)), YEAR_SCORES, None, SUMMARIES))
        scores = parse_scores(old_quads[0].object.value) if old_quads else {}
        for year, t in years.items():
            if t.scored:
                scores[year] = score_text(t)
            else:
                scores.pop(year, None)
        moved.dead += old_quads
        moved.born += scores_quads(a, b, scores)
        moved.scores[(a, b)] = scores
        moved.changed[(a, b)] = set(years)
    for (year, key), (ds, do, diff) in actors.items():
        if not (ds or do or diff.multi):
            continue
        node = actor_year_node(actor_hash(key), year)
        old_quads = list(store.quads_for_pattern(node, None, None, SUMMARIES))
        at = actor_year_totals(old_quads)
        at.as_subject += ds
        at.as_object += do
        _tally_add(at.totals.multi, diff.multi, 1)
        moved.dead += old_quads
        moved.born += actor_year_quads(key, year, at)
        moved.actors.setdefault(year, {})[key] = at
    return moved


def year_totals(states: Iterable[RelationState]) -> tuple[dict[int, dict[Pair, Totals]],
                                                             dict[int, dict[str, ActorTotals]]]:
    """Every pair-year's and actor-year's totals from scratch (what the differences must add up to)."""
    pairs: dict[int, dict[Pair, Totals]] = {}
    actors: dict[int, dict[str, ActorTotals]] = {}
    for state in states:
        s, _rel, o = state.key
        for year, t in state.years.items():
            by_actor = actors.setdefault(year, {})
            for key in {s, o}:
                by_actor.setdefault(key, ActorTotals()).totals.add(Totals(multi=t.multi))
            by_actor[s].as_subject += t.events
            by_actor[o].as_object += t.events
            if s != o:
                pairs.setdefault(year, {}).setdefault((min(s, o), max(s, o)), Totals()).add(t)
    for by_pair in pairs.values():
        for t in by_pair.values():
            t.events = t.scored
    return pairs, actors


def year_quads(pairs: Mapping[int, Mapping[Pair, Totals]], actors: Mapping[int, Mapping[str, ActorTotals]],
               ) -> list[ox.Quad]:
    out: list[ox.Quad] = []
    scores: dict[Pair, dict[int, str]] = {}
    for year, by_pair in pairs.items():
        for (a, b), t in by_pair.items():
            out += pair_year_quads(a, b, year, t)
            if t.scored:
                scores.setdefault((a, b), {})[year] = score_text(t)
    for (a, b), by_year in scores.items():
        out += scores_quads(a, b, by_year)
    for year, by_actor in actors.items():
        for key, at in by_actor.items():
            out += actor_year_quads(key, year, at)
    return out


# ------------------------------------------------------------------ a store from before


def has_years(store: ox.Store) -> bool:
    """True when the store holds a year summary (one look-up). A store of this layout holds one as soon as
    it has an event dated to a day; the migration writes them last, in one transaction."""
    return next(iter(store.quads_for_pattern(None, YEAR_OF, None, SUMMARIES)), None) is not None


def needs_backfill(store: ox.Store) -> bool:
    """True for a store with events but no year summary: from before them, or (cheap to redo: its
    dated events are few) one whose events are none of them dated to a day."""
    return (next(iter(store.quads_for_pattern(None, G["event"], None, SUMMARIES)), None) is not None
            and not has_years(store))


_EVENTS_BY_DATE = """
PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX gkg: <https://w3id.org/geokg/graph/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?s ?o ?d ?sc ?n WHERE {
  GRAPH gkg:events { ?e dcterms:date ?d }
  GRAPH gkg:summaries { ?r gk:event ?e ; gk:subject ?s ; gk:object ?o }
  OPTIONAL { GRAPH gkg:events { ?e gk:score ?sc } }
  OPTIONAL { GRAPH gkg:events { ?e gk:sources ?n } }
}"""


def backfill_quads(store: ox.Store) -> list[ox.Quad]:
    """The year summaries, their rankings and the listings of events dated to a year or month only, from
    the events graph of a store from before them (not a new derivation)."""
    from urllib.parse import unquote

    from geokg.graph.namespace import GKA
    from geokg.graph.rankings import ranking_quads

    prefix = len(str(GKA))
    by_key: dict[Key, RelationState] = {}
    listed: list[ox.Quad] = []
    for row in store.query(_EVENTS_BY_DATE):  # type: ignore[union-attr]
        year, listing = event_year_quads(row["e"], row["d"].value)  # type: ignore[index,arg-type]
        listed += listing
        if year is None:
            continue
        key = (unquote(row["s"].value[prefix:]), "", unquote(row["o"].value[prefix:]))  # type: ignore[index]
        state = by_key.setdefault(key, RelationState(key))
        score, n = row["sc"], row["n"]  # type: ignore[index]
        state.years.setdefault(year, Totals()).add_score(
            Decimal(score.value) if score is not None else None, int(n.value) if n is not None else 1)
    pairs, actors = year_totals(by_key.values())
    return year_quads(pairs, actors) + listed + ranking_quads({}, {}, pairs, actors, whole=False)
