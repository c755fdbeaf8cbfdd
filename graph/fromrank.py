"""From-year rankings: for each year with a year summary, ``hostile-from-{YYYY}`` and
``cooperative-from-{YYYY}`` rank the pairs by the sum of their year scores of that year and every
later one (the ``gk:yearScores`` of ``gksum:pys-{hash}``, their members), so a dated dyad query whose
range runs from the first day of a year past the last year with summaries (``since`` only, the common
form) reads one ranking a page at a time instead of merging a ranking per year (queries/yearly.py:
with flat year sums that merge read ~1,500 ranks of each of four years at 60,000 statements).

Same pages as the year rankings (32, 64, 128... ranks, ``rankings.page_of``) and the same order: by
``sign * sum`` (the sum of ``xsd:double`` year scores in year order, as the plan adds them), then
actor A's and B's IRI names; ``hostile`` holds the pairs whose sum is negative, ``cooperative``
those whose sum is positive. Only the :data:`YEARS_KEPT` latest years with year summaries have them.
A write moves those of every year up to the latest it changed a pair's score in (:func:`update_from`);
a year that enters the latest gets its rankings from the stored year scores, one that leaves them
loses them. A store with year summaries and no from-year rankings (from before them) gets them at its
first writable opening (:func:`needs_backfill`, :func:`backfill_quads`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G
from geokg.graph.namespace import GKA, GKSUM
from geokg.graph.yearnodes import FIRST_YEAR, LAST_YEAR, YEAR_SCORES, pair_scores_node, parse_scores, ranking_name

if TYPE_CHECKING:
    from geokg.graph.derived import Totals
    from geokg.graph.rankings import Pool, RankMemory, SortKey
    from geokg.graph.totals import ActorTotals
    from geokg.graph.yearly import YearMoved

#: The dyad rankings that have from-year forms.
FROM = ("hostile", "cooperative")
#: The latest years with year summaries that have from-year rankings: a write moves those of every year
#: up to the latest it changed a score in, most often all of them, so their number bounds its cost (an
#: older ``since`` merges the years' rankings, as without them).
YEARS_KEPT = 10
_GKA, _SUMMARY = str(GKA), str(GKSUM)
Pair = tuple[str, str]


def from_name(base: str, year: int) -> str:
    """``hostile-from-2018``: its pages are ``gksum:rank-hostile-from-2018-p1``..."""
    return ranking_name(f"{base}-from", year)


def from_value(scores: Mapping[int, str], year: int) -> float:
    """The pair's score from ``year`` on, summed as the dated plan sums it (floats, in year order)."""
    return sum(float(v) for y, v in sorted(scores.items()) if y >= year)


def _key(base: str, value: float, a: str, b: str) -> SortKey | None:
    """The sort key of a pair of IRI names ``a``, ``b`` whose score from the year is ``value``."""
    if base == "hostile" and value < 0:
        return (value, a, b)
    if base == "cooperative" and value > 0:
        return (-value, a, b)
    return None


def _names(pair: Pair) -> tuple[str, str]:
    from geokg.graph.derived import actor_term

    return actor_term(pair[0]).value[len(_GKA):], actor_term(pair[1]).value[len(_GKA):]


def kept(years: Iterable[int]) -> set[int]:
    """Of the years with year summaries, those with from-year rankings: the :data:`YEARS_KEPT` latest."""
    return set(sorted(years)[-YEARS_KEPT:])


def live_years(store: ox.Store) -> set[int]:
    """The years with a year summary: those whose ``actors-{YYYY}`` ranking has a member (141 look-ups)."""
    return {y for y in range(FIRST_YEAR, LAST_YEAR + 1) if _has_member(store, ranking_name("actors", y))}


def _stored_names(store: ox.Store, node: ox.NamedNode) -> tuple[str, str] | None:
    """The IRI names of the pair whose year scores ``node`` holds (from its ``gksum:p-{hash}``)."""
    pair = ox.NamedNode(f"{_SUMMARY}p-{node.value[len(_SUMMARY) + 4:]}")
    ends = []
    for field in ("actorA", "actorB"):
        q = next(iter(store.quads_for_pattern(pair, G[field], None, SUMMARIES)), None)
        if q is None:
            return None
        ends.append(q.object.value[len(_GKA):])
    return ends[0], ends[1]


def _stored_scores(store: ox.Store) -> Iterator[tuple[ox.NamedNode, dict[int, str]]]:
    for q in store.quads_for_pattern(None, YEAR_SCORES, None, SUMMARIES):
        yield q.subject, parse_scores(q.object.value)  # type: ignore[misc]


def _best(store: ox.Store, entries: Iterable[tuple[ox.NamedNode, dict[int, str]]], base: str, year: int,
          n: int) -> list[tuple[ox.NamedNode, SortKey]]:
    """The first ``n`` of ``entries`` (year-score nodes and their scores) in the ranking's order: sorted
    by value, the names read only for those up to the ``n``-th value (ties included)."""
    sign = 1.0 if base == "hostile" else -1.0
    valued = sorted((sign * v, node.value, node, v) for node, scores in entries
                    if sign * (v := from_value(scores, year)) < 0)
    if len(valued) > n:
        cut = valued[n - 1][0]
        valued = [e for e in valued if e[0] <= cut]
    out = []
    for _, _, node, value in valued:
        names = _stored_names(store, node)
        key = None if names is None else _key(base, value, *names)
        if key is not None:
            out.append((node, key))
    out.sort(key=lambda e: e[1])
    return out[:n]


def best_stored(store: ox.Store, ranking: str, n: int) -> list[tuple[ox.NamedNode, SortKey]]:
    """The first ``n`` pairs of the from-year ranking ``ranking`` as the store holds their year scores
    (one scan of the ``gk:yearScores`` quads, one per pair)."""
    from geokg.graph.yearnodes import base_ranking

    head, year = base_ranking(ranking)
    assert year is not None
    return _best(store, _stored_scores(store), head[:-len("-from")], year, n)


def stored_members(store: ox.Store, ranking: str) -> list[tuple[ox.NamedNode, SortKey]]:
    """The members of the from-year ranking's pages with their sort keys, read by look-ups."""
    from geokg.graph.rankings import RANK_SIZE, page_of, slot
    from geokg.graph.yearnodes import base_ranking

    head, year = base_ranking(ranking)
    assert year is not None
    base = head[:-len("-from")]
    out = []
    for page in range(1, page_of(ranking, RANK_SIZE - 1) + 1):
        for q in store.quads_for_pattern(slot(ranking, page), G["ranked"], None, SUMMARIES):
            node = q.object
            scores = next(iter(store.quads_for_pattern(node, YEAR_SCORES, None, SUMMARIES)), None)  # type: ignore[arg-type]
            names = _stored_names(store, node)  # type: ignore[arg-type]
            if scores is None or names is None:
                continue
            key = _key(base, from_value(parse_scores(scores.object.value), year), *names)
            if key is not None:
                out.append((node, key))  # type: ignore[arg-type]
    return out


# ------------------------------------------------------------------ at write time


def update_from(store: ox.Store, memory: RankMemory, years: YearMoved, after: Mapping[str, Pool],
                ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) moving the from-year rankings after a write whose year
    summaries moved as ``years`` says and whose year rankings are now ``after`` (those it moved)."""
    from geokg.graph.rankings import POOL_FACTOR, RANK_SIZE, Pool, _moved_pool, page_changes

    before_live = memory.live_years(store)
    live = set(before_live)
    for year in years.actors:
        pool = after.get(ranking_name("actors", year))
        if pool is not None:
            (live.add if pool.members else live.discard)(year)
    dead: list[ox.Quad] = []
    born: list[ox.Quad] = []
    before_kept, now_kept = kept(before_live), kept(live)
    # per pair whose scores moved: its member node, its names and the latest year that moved
    moved_pairs = [(pair_scores_node(_hash(pair)), _names(pair), max(years.changed[pair]), scores)
                   for pair, scores in years.scores.items()]
    for base in FROM:
        for year in sorted(before_kept | now_kept):
            name = from_name(base, year)
            if year not in now_kept:  # the year's last summary left, or ten later years have some: they go
                dead += page_changes(name, memory.pool(store, name), Pool([], None))[0]
                memory.pools.pop(name, None)
                continue
            changed: dict[ox.NamedNode, SortKey | None] = {
                node: _key(base, from_value(scores, year), *names)
                for node, names, latest, scores in moved_pairs if latest >= year}
            if year in before_kept:
                if not changed:
                    continue
                before = memory.pool(store, name)
                moved = _moved_pool(store, name, before, changed)
                gone, came = page_changes(name, before, moved)
            else:  # a year's first summaries (or a later one's last): from the stored year scores, before this write
                want = POOL_FACTOR * RANK_SIZE
                best = best_stored(store, name, want)
                moved = _moved_pool(store, name, Pool(best, best[-1][1] if len(best) >= want else None), changed)
                gone, came = [], page_changes(name, Pool([], None), moved)[1]
            dead += gone
            born += came
            memory.pools[name] = moved
    memory.live = live
    return dead, born


def _hash(pair: Pair) -> str:
    from geokg.graph.yearly import pair_hash

    return pair_hash(*pair)


# ------------------------------------------------------------------ from scratch, and a store from before


def from_quads(year_pairs: Mapping[int, Mapping[Pair, Totals]],
               year_actors: Mapping[int, Mapping[str, ActorTotals]]) -> list[ox.Quad]:
    """Every from-year ranking, from the year totals of the whole store."""
    from geokg.graph.rankings import _ranked_quads, _top, actor_sort_key
    from geokg.graph.yearly import score_text

    live = sorted(kept(y for y, by in year_actors.items() if any(actor_sort_key(k, at) for k, at in by.items())))
    scores: dict[Pair, dict[int, str]] = {}
    for year, by_pair in year_pairs.items():
        for pair, t in by_pair.items():
            if t.scored:
                scores.setdefault(pair, {})[year] = score_text(t)
    out: list[ox.Quad] = []
    for base in FROM:
        for year in live:
            keys = {pair_scores_node(_hash(pair)): k for pair, s in scores.items()
                    if (k := _key(base, from_value(s, year), *_names(pair))) is not None}
            out += _ranked_quads(from_name(base, year), _top(keys))
    return out


def _has_member(store: ox.Store, ranking: str) -> bool:
    from geokg.graph.rankings import slot

    return next(iter(store.quads_for_pattern(slot(ranking, 1), G["ranked"], None, SUMMARIES)), None) is not None


def needs_backfill(store: ox.Store) -> bool:
    """True for a store with year summaries and no from-year rankings (from before them): the latest
    year's from-year rankings rank what its year rankings do (no later year adds to its sums), so
    they are empty exactly when those are, unless the store predates them (143 look-ups)."""
    live = live_years(store)
    if not live:
        return False
    last = max(live)
    return (any(_has_member(store, ranking_name(b, last)) for b in FROM)
            and not any(_has_member(store, from_name(b, last)) for b in FROM))


def backfill_quads(store: ox.Store) -> list[ox.Quad]:
    """The from-year rankings of every year with year summaries, from the stored year scores (one scan)."""
    from geokg.graph.rankings import RANK_SIZE, _ranked_quads

    entries = list(_stored_scores(store))
    out: list[ox.Quad] = []
    for base in FROM:
        for year in sorted(kept(live_years(store))):
            name = from_name(base, year)
            out += _ranked_quads(name, [n for n, _ in _best(store, entries, base, year, RANK_SIZE)])
    return out
