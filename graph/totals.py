"""The pair and actor summaries: totals over relations that a write moves by exact differences.

Per pair of actors (either direction): events, scored events, score sum; per actor: events as subject
and as object, scored events, the sums, and its degree (partners). :func:`apply_differences` moves the
stored totals by the difference a write makes to each relation it touches; :func:`totals_quads`
computes them from scratch (what the differences must add up to).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G, Key, RelationState, Totals, _dec, _hash, _tally_add, actor_term
from geokg.graph.hubindex import pair_links, stored_pair_links
from geokg.graph.namespace import GKSUM

_SUMMARY = str(GKSUM)


@lru_cache(maxsize=1 << 16)
def pair_node(a: str, b: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_SUMMARY}p-{_hash(a, b)}")


@lru_cache(maxsize=1 << 16)
def actor_node(key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_SUMMARY}a-{_hash(key)}")


@dataclass
class ActorTotals:
    as_subject: int = 0
    as_object: int = 0
    degree: int = 0
    totals: Totals = field(default_factory=Totals)  # over the actor's events, each once
    #: its events of two sources or more by number of sources, as subject and as object (``top-actors``
    #: with ``min_sources`` above one counts them): ``gk:subjectTally``, ``gk:objectTally``
    subject_multi: dict[int, int] = field(default_factory=dict)
    object_multi: dict[int, int] = field(default_factory=dict)


def tally_text(tally: dict[int, int]) -> str:
    """``{2: 3, 5: 1}`` -> ``"2:3 5:1"`` (the stored form of a sources tally)."""
    return " ".join(f"{n}:{c}" for n, c in sorted(tally.items()))


def parse_tally(text: str) -> dict[int, int]:
    return {int(n): int(c) for n, c in (item.split(":") for item in text.split())}


def sources_quads(node: ox.NamedNode, tally: dict[int, int]) -> list[ox.Quad]:
    """``gk:maxSources`` and the tally it comes from, when some event has two sources or more (absent:
    every event has one)."""
    if not tally:
        return []
    return [ox.Quad(node, G["maxSources"], ox.Literal(max(tally)), SUMMARIES),
            ox.Quad(node, G["sourcesTally"], ox.Literal(tally_text(tally)), SUMMARIES)]


def pair_quads(a: str, b: str, t: Totals) -> list[ox.Quad]:
    if t.events == 0:
        return []
    node = pair_node(a, b)
    return [
        ox.Quad(node, G["actorA"], actor_term(a), SUMMARIES),
        ox.Quad(node, G["actorB"], actor_term(b), SUMMARIES),
        ox.Quad(node, G["events"], ox.Literal(t.events), SUMMARIES),
        ox.Quad(node, G["scoredEvents"], ox.Literal(t.scored), SUMMARIES),
        ox.Quad(node, G["scoreSum"], _dec(t.score), SUMMARIES),
        *sources_quads(node, t.multi_scored),  # the dyad queries count scored events
        *pair_links(a, b, t.events, node),  # its actors' partner buckets (graph/hubindex.py)
    ]


def actor_summary_quads(key: str, at: ActorTotals) -> list[ox.Quad]:
    if at.as_subject == 0 and at.as_object == 0:
        return []
    node, t = actor_node(key), at.totals
    return [
        ox.Quad(node, G["actor"], actor_term(key), SUMMARIES),
        ox.Quad(node, G["asSubject"], ox.Literal(at.as_subject), SUMMARIES),
        ox.Quad(node, G["asObject"], ox.Literal(at.as_object), SUMMARIES),
        ox.Quad(node, G["events"], ox.Literal(at.as_subject + at.as_object), SUMMARIES),
        ox.Quad(node, G["degree"], ox.Literal(at.degree), SUMMARIES),
        ox.Quad(node, G["scoredEvents"], ox.Literal(t.scored), SUMMARIES),
        ox.Quad(node, G["scoreSum"], _dec(t.score), SUMMARIES),
        ox.Quad(node, G["conflict"], _dec(t.conflict), SUMMARIES),
        ox.Quad(node, G["cooperation"], _dec(t.cooperation), SUMMARIES),
        *sources_quads(node, t.multi),  # top-actors counts every event
        *side_quads(node, at),
    ]


def side_quads(node: ox.NamedNode, at: ActorTotals) -> list[ox.Quad]:
    """An actor summary's ``gk:subjectTally`` and ``gk:objectTally`` (absent: no such event)."""
    return [ox.Quad(node, G[name], ox.Literal(tally_text(tally)), SUMMARIES)
            for name, tally in (("subjectTally", at.subject_multi), ("objectTally", at.object_multi)) if tally]


_INTS = frozenset(("events", "scoredEvents", "asSubject", "asObject", "degree"))
_DECIMALS = {"scoreSum": "score", "conflict": "conflict", "cooperation": "cooperation"}


def totals_from(quads: Iterable[ox.Quad], tally: str = "multi") -> tuple[Totals, dict[str, int]]:
    """A summary node's totals from its stored quads, and its integer fields by local name; its sources
    tally goes to ``tally`` (``multi`` for an actor, ``multi_scored`` for a pair)."""
    t, ints = Totals(), {}
    for q in quads:
        name = q.predicate.value.rsplit("#", 1)[-1]
        if name == "sourcesTally":
            setattr(t, tally, parse_tally(q.object.value))
        elif name in _INTS:
            ints[name] = int(q.object.value)
        elif name in _DECIMALS:
            setattr(t, _DECIMALS[name], Decimal(q.object.value))
    t.events, t.scored = ints.get("events", 0), ints.get("scoredEvents", 0)
    return t, ints


def _is_zero(t: Totals) -> bool:
    return not (t.events or t.scored or t.score or t.conflict or t.cooperation or t.multi or t.multi_scored)


@dataclass
class Moved:
    """What :func:`apply_differences` plans: quads to delete and insert, and the new totals of the pairs
    and actors it moved (no events: the summary is gone)."""

    dead: list[ox.Quad]
    born: list[ox.Quad]
    pairs: dict[tuple[str, str], Totals]
    actors: dict[str, ActorTotals]


def apply_differences(store: ox.Store, changes: dict[Key, tuple[Totals, Totals]]) -> Moved:
    """The quads that move the pair and actor summaries by the differences between the old and new
    totals of each changed relation (a summary no difference moves is not read: its quads stay as
    they are)."""
    pairs: dict[tuple[str, str], Totals] = {}
    actors: dict[str, tuple[int, int, Totals, dict[int, int], dict[int, int]]] = {}
    for (s, _rel, o), (old, new) in changes.items():
        diff = Totals()
        diff.add(new)
        diff.add(old, -1)
        if _is_zero(diff):
            continue
        for key, sub, obj in ((s, 1, 0), (o, 0, 1)) if s != o else ((s, 1, 1),):
            ds, do, dt_, sm, om = actors.get(key, (0, 0, Totals(), {}, {}))
            dt_.add(diff)
            for side, wanted in ((sm, sub), (om, obj)):
                if wanted:
                    _tally_add(side, diff.multi, 1)
            actors[key] = (ds + sub * diff.events, do + obj * diff.events, dt_, sm, om)
        if s != o:
            pairs.setdefault((min(s, o), max(s, o)), Totals()).add(diff)
    moved = Moved([], [], {}, {})
    dead, born = moved.dead, moved.born
    degree: dict[str, int] = {}
    for (a, b), diff in pairs.items():
        if _is_zero(diff):
            continue
        old_quads = list(store.quads_for_pattern(pair_node(a, b), None, None, SUMMARIES))
        old, _ = totals_from(old_quads, "multi_scored")
        new = Totals()
        new.add(old)
        new.add(diff)
        if (old.events > 0) != (new.events > 0):
            step = 1 if new.events > 0 else -1
            degree[a] = degree.get(a, 0) + step
            degree[b] = degree.get(b, 0) + step
        dead += old_quads + stored_pair_links(store, pair_node(a, b))
        born += pair_quads(a, b, new)
        moved.pairs[(a, b)] = new
    for key in actors.keys() | degree.keys():
        ds, do, diff, sm, om = actors.get(key, (0, 0, Totals(), {}, {}))
        if not (ds or do or degree.get(key)) and _is_zero(diff):
            continue
        old_quads = list(store.quads_for_pattern(actor_node(key), None, None, SUMMARIES))
        old, ints = totals_from(old_quads)
        at = ActorTotals(ints.get("asSubject", 0) + ds, ints.get("asObject", 0) + do,
                         ints.get("degree", 0) + degree.get(key, 0))
        at.totals.add(old)
        at.totals.add(diff)
        for q in old_quads:
            if q.predicate in (G["subjectTally"], G["objectTally"]):
                side = at.subject_multi if q.predicate == G["subjectTally"] else at.object_multi
                _tally_add(side, parse_tally(q.object.value), 1)
        _tally_add(at.subject_multi, sm, 1)
        _tally_add(at.object_multi, om, 1)
        dead += old_quads
        born += actor_summary_quads(key, at)
        moved.actors[key] = at
    return moved


def totals_quads(relations: Iterable[RelationState]) -> list[ox.Quad]:
    """The pair and actor summaries, their year summaries (graph/yearly.py) and their rankings computed
    from scratch (what the differences must add up to)."""
    from geokg.graph.rankings import ranking_quads
    from geokg.graph.yearly import year_quads, year_totals

    relations = list(relations)
    pairs: dict[tuple[str, str], Totals] = {}
    actors: dict[str, ActorTotals] = {}
    for state in relations:
        s, _rel, o = state.key
        for key in {s, o}:
            at = actors.setdefault(key, ActorTotals())
            at.totals.add(state.totals)
        actors[s].as_subject += state.totals.events
        actors[o].as_object += state.totals.events
        _tally_add(actors[s].subject_multi, state.totals.multi, 1)
        _tally_add(actors[o].object_multi, state.totals.multi, 1)
        if s != o:
            pairs.setdefault((min(s, o), max(s, o)), Totals()).add(state.totals)
    out: list[ox.Quad] = []
    for (a, b), t in pairs.items():
        if t.events:
            actors[a].degree += 1
            actors[b].degree += 1
        out += pair_quads(a, b, t)
    for key, at in actors.items():
        out += actor_summary_quads(key, at)
    year_pairs, year_actors = year_totals(relations)
    out += year_quads(year_pairs, year_actors)
    return out + ranking_quads(pairs, actors, year_pairs, year_actors)
