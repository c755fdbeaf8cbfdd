"""Rankings of the pair and actor summaries, kept at write time so the no-date `hostile-dyads`,
`cooperative-dyads` and `top-actors` read ``limit`` summaries instead of every one.

A ranking holds the first :data:`RANK_SIZE` summaries in the query's own total order (docs/schema.md):

* ``hostile``: pairs with a negative score sum, by score, then actor A's and actor B's IRI names;
* ``cooperative``: pairs with a positive score sum, by score descending, then the names;
* ``actors``: actors with at least one event, by events descending, then the actor's IRI name.

Rank ``k`` (from 1) is the node ``gksum:rank-{ranking}-{k}`` with one quad ``gk:ranked`` to the summary
node, so the runner computes the nodes of ranks 1..limit (``queries/runner.py``, ``?top_hostile``...).
Fewer than :data:`RANK_SIZE` ranked means every summary that qualifies is ranked. A write re-ranks from
what it changed (:func:`update_rankings`): the members it did not touch keep their order, and only
when the members left in place and the summaries it moved up cannot fill the ranking is the ranking
recomputed from every summary. :func:`ranking_quads` computes them from scratch (``rebuild_derived``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G, Totals, actor_term
from geokg.graph.namespace import GKA, GKSUM
from geokg.graph.totals import ActorTotals, actor_node, pair_node, totals_from

#: Summaries a ranking holds: at least the ``limit`` the ranked query texts serve (a larger limit runs
#: the ``3-all`` variant, which reads every summary).
RANK_SIZE = 1000
RANKINGS = ("hostile", "cooperative", "actors")
_GKA, _SUMMARY = str(GKA), str(GKSUM)

Pair = tuple[str, str]
SortKey = tuple  # the query's order for one ranking: smaller first


def slot(ranking: str, rank: int) -> ox.NamedNode:
    """``gksum:rank-{ranking}-{rank}``: the node of one rank (from 1)."""
    return ox.NamedNode(f"{_SUMMARY}rank-{ranking}-{rank}")


def _name(key: str) -> str:
    return actor_term(key).value[len(_GKA):]


def pair_sort_key(ranking: str, a: str, b: str, t: Totals) -> SortKey | None:
    """Where the pair ranks in ``ranking`` (None: it does not qualify)."""
    if t.events <= 0 or t.scored <= 0:
        return None
    score = float(t.score)  # the query orders by xsd:double(scoreSum)
    if ranking == "hostile" and t.score < 0:
        return (score, _name(a), _name(b))
    if ranking == "cooperative" and t.score > 0:
        return (-score, _name(a), _name(b))
    return None


def actor_sort_key(key: str, at: ActorTotals) -> SortKey | None:
    events = at.as_subject + at.as_object
    return (-events, _name(key)) if events > 0 else None


def _ranked_quads(ranking: str, nodes: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    return [ox.Quad(slot(ranking, k), G["ranked"], node, SUMMARIES) for k, node in enumerate(nodes, 1)]


def _top(candidates: Mapping[ox.NamedNode, SortKey]) -> list[ox.NamedNode]:
    return sorted(candidates, key=candidates.__getitem__)[:RANK_SIZE]


def ranking_quads(pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals]) -> list[ox.Quad]:
    """Every ranking, from the pair and actor totals of the whole store."""
    out: list[ox.Quad] = []
    for ranking in ("hostile", "cooperative"):
        keys = {pair_node(a, b): k for (a, b), t in pairs.items()
                if (k := pair_sort_key(ranking, a, b, t)) is not None}
        out += _ranked_quads(ranking, _top(keys))
    keys = {actor_node(key): k for key, at in actors.items() if (k := actor_sort_key(key, at)) is not None}
    return out + _ranked_quads("actors", _top(keys))


# ------------------------------------------------------------------ at write time


def _stored_ranking(store: ox.Store) -> dict[str, list[tuple[ox.Quad, int]]]:
    out: dict[str, list[tuple[ox.Quad, int]]] = {r: [] for r in RANKINGS}
    for q in store.quads_for_pattern(None, G["ranked"], None, SUMMARIES):
        ranking, rank = q.subject.value[len(_SUMMARY) + len("rank-"):].rsplit("-", 1)
        out[ranking].append((q, int(rank)))
    return out


def _stored_key(store: ox.Store, ranking: str, node: ox.NamedNode) -> SortKey | None:
    """The sort key of a summary as the store holds it."""
    quads = list(store.quads_for_pattern(node, None, None, SUMMARIES))
    t, ints = totals_from(quads, "multi_scored")
    refs = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value[len(_GKA):] for q in quads
            if q.predicate in (G["actorA"], G["actorB"], G["actor"])}
    if ranking == "actors":
        events = ints.get("events", 0)
        return (-events, refs["actor"]) if events > 0 else None
    if t.events <= 0 or t.scored <= 0 or not (t.score < 0 if ranking == "hostile" else t.score > 0):
        return None
    score = float(t.score)
    return (score if ranking == "hostile" else -score, refs["actorA"], refs["actorB"])


def _all_keys(store: ox.Store, ranking: str, changed: Mapping[ox.NamedNode, SortKey | None]
              ) -> dict[ox.NamedNode, SortKey]:
    """Every qualifying summary of ``ranking`` (the store's, with this write's changes)."""
    prefix = _SUMMARY + ("a-" if ranking == "actors" else "p-")
    pred = G["events"] if ranking == "actors" else G["scoreSum"]
    out: dict[ox.NamedNode, SortKey] = {}
    for q in store.quads_for_pattern(None, pred, None, SUMMARIES):
        node = q.subject
        if not node.value.startswith(prefix) or node in changed:
            continue
        value = Decimal(q.object.value)
        if ranking == "actors" or (value < 0 if ranking == "hostile" else value > 0):
            key = _stored_key(store, ranking, node)  # type: ignore[arg-type]
            if key is not None:
                out[node] = key  # type: ignore[index]
    out.update({node: k for node, k in changed.items() if k is not None})
    return out


Members = dict[str, list[tuple[ox.NamedNode, SortKey]]]


class RankMemory:
    """Each ranking's members in order, with their sort keys, as the store holds them: read from the
    store once, then carried from write to write (a member a write does not touch keeps its key), so a
    write does not read back a thousand summaries per ranking. The store's write cache holds one
    (``derived.ArticleInfo``) and forgets it with everything else."""

    def __init__(self) -> None:
        self.members: Members | None = None

    def read(self, store: ox.Store) -> Members:
        if self.members is None:
            self.members = {ranking: [(q.object, k) for q, _ in sorted(entries, key=lambda e: e[1])  # type: ignore[misc]
                                      if (k := _stored_key(store, ranking, q.object)) is not None]  # type: ignore[arg-type]
                            for ranking, entries in _stored_ranking(store).items()}
        return self.members


def update_rankings(store: ox.Store, pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals],
                    memory: RankMemory | None = None) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) re-ranking after a write whose new pair and actor totals are
    ``pairs`` and ``actors`` (those it changed; totals of no events: the summary is gone). ``memory``
    gives the rankings as stored and is moved on to the state these quads make."""
    dead: list[ox.Quad] = []
    born: list[ox.Quad] = []
    memory = memory or RankMemory()
    stored = memory.read(store)
    after: Members = dict(stored)
    for ranking in RANKINGS:
        changed: dict[ox.NamedNode, SortKey | None]
        if ranking == "actors":
            changed = {actor_node(k): actor_sort_key(k, at) for k, at in actors.items()}
        else:
            changed = {pair_node(a, b): pair_sort_key(ranking, a, b, t) for (a, b), t in pairs.items()}
        if not changed:
            continue
        members = [node for node, _ in stored[ranking]]
        old = _ranked_quads(ranking, members)
        if not members and not any(k is not None for k in changed.values()):
            continue
        keys = {node: k for node, k in stored[ranking] if node not in changed}
        keys.update({node: k for node, k in changed.items() if k is not None})
        if len(members) >= RANK_SIZE:
            # summaries outside the ranking all sort after its last member: the ranking holds only when
            # RANK_SIZE candidates sort no later than that member (as it stood before the write)
            threshold = stored[ranking][-1][1]
            if sum(k <= threshold for k in keys.values()) < RANK_SIZE:
                keys = _all_keys(store, ranking, changed)
        top = _top(keys)
        after[ranking] = [(node, keys[node]) for node in top]
        new = _ranked_quads(ranking, top)
        new_set, old_set = set(new), set(old)
        dead += [q for q in old if q not in new_set]
        born += [q for q in new if q not in old_set]
    memory.members = after
    return dead, born

