"""Rankings of the pair and actor summaries, kept at write time so the no-date `hostile-dyads`,
`cooperative-dyads` and `top-actors` read ``limit`` summaries instead of every one.

A ranking holds the first :data:`RANK_SIZE` summaries in the query's own total order (docs/schema.md):

* ``hostile``: pairs with a negative score sum, by score, then actor A's and actor B's IRI names;
* ``cooperative``: pairs with a positive score sum, by score descending, then the names;
* ``actors``: actors with at least one event, by events descending, then the actor's IRI name.

The ranks go by pages of :data:`PAGE`: page ``p`` (from 1) is the node ``gksum:rank-{ranking}-p{p}`` with one
quad ``gk:ranked`` to each summary node of ranks ``(p-1)*PAGE+1`` to ``p*PAGE``, so the runner computes the
pages that hold ranks 1..limit (``queries/sparql_values.py``, ``?top_hostile``...) and the query sorts
their few members. A summary moving up the ranking moves one member per page it passes (about 2 quads
a page), where one node per rank would move every rank it passes.
Fewer than :data:`RANK_SIZE` ranked means every summary that qualifies is ranked. A write re-ranks from
what it changed (:func:`update_rankings`): the members it did not touch keep their order, and the
summaries ranked just below stand by in the store's write cache (:class:`RankMemory`), so only when
members leave and those cannot fill the ranking is the store asked, in one sorted query, for the
next ones. :func:`ranking_quads` computes them from scratch (``rebuild_derived``).
"""
from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

import pyoxigraph as ox

from geokg.graph.derived import SUMMARIES, G, Totals, actor_term
from geokg.graph.namespace import GKA, GKSUM
from geokg.graph.totals import ActorTotals, actor_node, pair_node
from geokg.graph.yearly import YearMoved, actor_hash, pair_hash
from geokg.graph.yearnodes import YEAR, YEAR_OF, actor_year_node, base_ranking, pair_year_node, ranking_name

#: Summaries a ranking holds: at least the ``limit`` the ranked query texts serve (a larger limit runs
#: the ``3-all`` variant, which reads every summary).
RANK_SIZE = 1000
#: Ranks a page node holds (as a set: the query sorts the pages it reads). A summary moving up shifts one
#: member per page it passes, not one per rank.
PAGE = 32
RANKINGS = ("hostile", "cooperative", "actors")
_GKA, _SUMMARY = str(GKA), str(GKSUM)
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"

Pair = tuple[str, str]
SortKey = tuple  # the query's order for one ranking: smaller first


@lru_cache(maxsize=1 << 14)
def slot(ranking: str, page: int) -> ox.NamedNode:
    """``gksum:rank-{ranking}-p{page}``: the node of one page of ranks (from 1: ranks 1..PAGE)."""
    return ox.NamedNode(f"{_SUMMARY}rank-{ranking}-p{page}")


def page_of(ranking: str, index: int) -> int:
    """The page (from 1) of the rank ``index + 1`` of ``ranking``. A year's ranking (``hostile-2018``) goes
    by pages that double: :data:`PAGE` ranks, then twice as many, and so on (32, 64, 128...), so a member
    moving up moves one member per page it passes, five at most in 1,000 ranks, while the dated queries
    read the ranks a page at a time, fewer when fewer are needed."""
    if base_ranking(ranking)[1] is None:
        return 1 + index // PAGE
    return (index // PAGE + 1).bit_length()


def page_length(ranking: str, page: int) -> int:
    """The ranks page ``page`` of ``ranking`` holds (:func:`page_of`)."""
    return PAGE if base_ranking(ranking)[1] is None else PAGE << (page - 1)


def pages_for(limit: int) -> int:
    """How many pages hold the ranks 1..``limit`` (at most the ranking's)."""
    return -(-min(limit, RANK_SIZE) // PAGE)


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
    return [ox.Quad(slot(ranking, page_of(ranking, i)), G["ranked"], node, SUMMARIES) for i, node in enumerate(nodes)]


def _top(candidates: Mapping[ox.NamedNode, SortKey]) -> list[ox.NamedNode]:
    return sorted(candidates, key=candidates.__getitem__)[:RANK_SIZE]


def _changed_keys(ranking: str, pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals],
                  year: int | None = None) -> dict[ox.NamedNode, SortKey | None]:
    """The sort keys in ``ranking`` (a base name) of these pairs' or actors' (year) summaries."""
    if ranking == "actors":
        node = actor_node if year is None else (lambda k: actor_year_node(actor_hash(k), year))
        return {node(k): actor_sort_key(k, at) for k, at in actors.items()}
    pnode = pair_node if year is None else (lambda a, b: pair_year_node(pair_hash(a, b), year))
    return {pnode(a, b): pair_sort_key(ranking, a, b, t) for (a, b), t in pairs.items()}


def _all_changed(pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals],
                 year_pairs: Mapping[int, Mapping[Pair, Totals]], year_actors: Mapping[int, Mapping[str, ActorTotals]],
                 whole: bool = True) -> dict[str, dict[ox.NamedNode, SortKey | None]]:
    out = {r: _changed_keys(r, pairs, actors) for r in RANKINGS} if whole else {}
    for year in year_pairs.keys() | year_actors.keys():
        for r in RANKINGS:
            out[ranking_name(r, year)] = _changed_keys(r, year_pairs.get(year, {}), year_actors.get(year, {}), year)
    return {name: changed for name, changed in out.items() if changed}


def ranking_quads(pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals],
                  year_pairs: Mapping[int, Mapping[Pair, Totals]] | None = None,
                  year_actors: Mapping[int, Mapping[str, ActorTotals]] | None = None,
                  whole: bool = True) -> list[ox.Quad]:
    """Every ranking, from the pair and actor totals of the whole store (and of each year; ``whole``
    False: the year rankings only)."""
    from geokg.graph.fromrank import from_quads

    out: list[ox.Quad] = []
    for ranking, changed in _all_changed(pairs, actors, year_pairs or {}, year_actors or {}, whole).items():
        out += _ranked_quads(ranking, _top({n: k for n, k in changed.items() if k is not None}))
    return out + from_quads(year_pairs or {}, year_actors or {})


# ------------------------------------------------------------------ at write time


def repaged(store: ox.Store) -> tuple[list[ox.Quad], list[ox.Quad]] | None:
    """For a store of the earlier layout (one node per rank, ``gksum:rank-{ranking}-{k}``): (quads to
    delete, quads to insert) that give its rankings in pages, computed from its summaries by one sorted
    query per ranking; None when it has no rank node of that layout (three index look-ups)."""
    if not any(next(iter(store.quads_for_pattern(ox.NamedNode(f"{_SUMMARY}rank-{r}-1"), G["ranked"], None,
                                                  SUMMARIES)), None) for r in RANKINGS):
        return None
    whole = {f"{_SUMMARY}rank-{r}" for r in RANKINGS}  # not the year rankings (graph/yearly.py)
    dead = [q for q in store.quads_for_pattern(None, G["ranked"], None, SUMMARIES)
            if q.subject.value.rsplit("-", 1)[0] in whole]
    born = [q for r in RANKINGS for q in _ranked_quads(r, [n for n, _ in _best_stored(store, r, RANK_SIZE)])]
    return dead, born


def _best_stored(store: ox.Store, ranking: str, n: int) -> list[tuple[ox.NamedNode, SortKey]]:
    """The first ``n`` qualifying summaries of ``ranking`` as the store holds them, in the ranking's order:
    one query the store sorts, instead of reading every summary node from Python. A year's ranking
    (``hostile-2018``) reads that year's summaries (``gk:year``) and the names of the summaries they are
    years of."""
    base, year = base_ranking(ranking)
    if base.endswith("-from"):
        from geokg.graph.fromrank import best_stored

        return best_stored(store, ranking, n)
    graph = f"GRAPH <{SUMMARIES.value}>"
    if year is None:
        head, link = "", "?s"
    else:
        head, link = f"?s <{YEAR.value}> {year} . ", "?w"
    of = "" if year is None else f"?s <{YEAR_OF.value}> ?w . "
    if base == "actors":
        text = (f"SELECT ?s ?e ?x WHERE {{ {graph} {{ {head}?s <{G['events'].value}> ?e . "
                f"FILTER(?e > 0) {of}{link} <{G['actor'].value}> ?x }} }} ORDER BY DESC(?e) ?x LIMIT {n}")
        rows = store.query(text)
        return [(r["s"], (-int(r["e"].value), r["x"].value[len(_GKA):])) for r in rows]  # type: ignore[index]
    sign, order = ("<", "") if base == "hostile" else (">", "DESC")
    # a pair-year node has no gk:events: its scored events are its events
    counted = "" if year is not None else f"?s <{G['events'].value}> ?e . FILTER(?e > 0) "
    text = (f"SELECT ?s ?v ?a ?b WHERE {{ {graph} {{ {head}?s <{G['scoreSum'].value}> ?v . "
            f"FILTER(?v {sign} 0) ?s <{G['scoredEvents'].value}> ?c . FILTER(?c > 0) {counted}"
            f"{of}{link} <{G['actorA'].value}> ?a ; <{G['actorB'].value}> ?b }} }} "
            f"ORDER BY {order}(<{XSD_DOUBLE}>(?v)) ?a ?b LIMIT {n}")
    out = []
    for r in store.query(text):  # type: ignore[union-attr]
        score = float(Decimal(r["v"].value))  # type: ignore[index]
        out.append((r["s"], (score if base == "hostile" else -score,  # type: ignore[index]
                             r["a"].value[len(_GKA):], r["b"].value[len(_GKA):])))  # type: ignore[index]
    return out


#: Summaries a :class:`RankMemory` keeps per ranking, in units of :data:`RANK_SIZE`: the ones just below
#: the ranking stand by, so a member leaving it is replaced without reading the store.
POOL_FACTOR = 2


@dataclass
class Pool:
    """The first summaries of one ranking with their sort keys, in order (the ranking is its first
    :data:`RANK_SIZE`), and ``bound``: every qualifying summary outside the pool sorts after it (None:
    the pool holds every qualifying summary)."""

    members: list[tuple[ox.NamedNode, SortKey]]
    bound: SortKey | None
    #: the page of each ranked member and the position of each member, once asked (:func:`_pages`,
    #: :func:`_positions`; a pool is not changed once made)
    pages: dict[ox.NamedNode, int] | None = field(default=None, compare=False, repr=False)
    positions: dict[ox.NamedNode, int] | None = field(default=None, compare=False, repr=False)


class RankMemory:
    """Each ranking's :class:`Pool`, as the store holds it: read from the store when a write first moves
    that ranking (its stored ranks, one query), then carried from write to write (a member a write does
    not touch keeps its key), so a write reads nothing back; the store is asked again
    (:func:`_best_stored`, one sorted query) only when members leave and the pool can no longer fill
    the ranking. The store's write cache holds one (``derived.ArticleInfo``) and forgets it with
    everything else."""

    def __init__(self) -> None:
        self.pools: dict[str, Pool] = {}
        #: the years with year summaries (graph/fromrank.py), read when first needed
        self.live: set[int] | None = None

    def live_years(self, store: ox.Store) -> set[int]:
        if self.live is None:
            from geokg.graph.fromrank import live_years

            self.live = live_years(store)
        return self.live

    def pool(self, store: ox.Store, ranking: str) -> Pool:
        if ranking not in self.pools:
            members = sorted(_stored_members(store, ranking), key=lambda e: e[1])
            # fewer than RANK_SIZE ranked: every qualifying summary is ranked (none: the ranking is empty)
            bound = members[-1][1] if len(members) >= RANK_SIZE else None
            self.pools[ranking] = Pool(members, bound)
        return self.pools[ranking]


def _stored_members(store: ox.Store, ranking: str) -> list[tuple[ox.NamedNode, SortKey]]:
    """The members of ``ranking``'s pages as the store holds them, with their sort keys (one query)."""
    base, year = base_ranking(ranking)
    if base.endswith("-from"):
        from geokg.graph.fromrank import stored_members

        return stored_members(store, ranking)
    pages = " ".join(str(slot(ranking, p)) for p in range(1, page_of(ranking, RANK_SIZE - 1) + 1))
    of = "?s" if year is None else "?w"
    link = "" if year is None else f"?s <{YEAR_OF.value}> ?w . "
    head = (f"SELECT * WHERE {{ VALUES ?page {{ {pages} }} "
            f"GRAPH <{SUMMARIES.value}> {{ ?page <{G['ranked'].value}> ?s . ")
    out: list[tuple[ox.NamedNode, SortKey]] = []
    if base == "actors":
        text = head + f"?s <{G['events'].value}> ?e . {link}{of} <{G['actor'].value}> ?x }} }}"
        for r in store.query(text):  # type: ignore[union-attr]
            events = int(r["e"].value)  # type: ignore[index]
            if events > 0:
                out.append((r["s"], (-events, r["x"].value[len(_GKA):])))  # type: ignore[index]
        return out
    counted = "" if year is not None else f"?s <{G['events'].value}> ?e . "
    text = head + (f"?s <{G['scoreSum'].value}> ?v ; <{G['scoredEvents'].value}> ?c . {counted}{link}"
                   f"{of} <{G['actorA'].value}> ?a ; <{G['actorB'].value}> ?b }} }}")
    for r in store.query(text):  # type: ignore[union-attr]
        score = Decimal(r["v"].value)  # type: ignore[index]
        events = int(r["e"].value) if year is None else 1  # type: ignore[index]
        if events <= 0 or int(r["c"].value) <= 0 or not (score < 0 if base == "hostile" else score > 0):  # type: ignore[index]
            continue
        value = float(score)
        out.append((r["s"], (value if base == "hostile" else -value,  # type: ignore[index]
                             r["a"].value[len(_GKA):], r["b"].value[len(_GKA):])))  # type: ignore[index]
    return out


def _moved_pool(store: ox.Store, ranking: str, pool: Pool, changed: Mapping[ox.NamedNode, SortKey | None]) -> Pool:
    """The pool after a write whose summaries ``changed`` have these keys (None: they no longer qualify)."""
    def within(bound: SortKey | None) -> list[tuple[ox.NamedNode, SortKey]]:
        # a changed summary belongs in the pool when it sorts no later than the bound
        return [(n, k) for n, k in changed.items() if k is not None and (bound is None or k <= bound)]

    # the members a write did not touch keep their order: the changed ones are taken out by position
    # and put in their new places
    positions = _positions(pool)
    members = list(pool.members)
    for i in sorted((positions[n] for n in changed if n in positions), reverse=True):
        del members[i]
    bound = pool.bound
    entering = within(bound)
    if bound is not None and len(members) + len(entering) < RANK_SIZE:
        # members left and the pool cannot fill the ranking: ask the store (its state before this write,
        # so the changed summaries are read past and replaced by their new keys)
        want = POOL_FACTOR * RANK_SIZE + len(changed)
        best = _best_stored(store, ranking, want)
        bound = best[-1][1] if len(best) >= want else None
        members = sorted(((n, k) for n, k in best if n not in changed), key=_sort_key)
        entering = within(bound)
    for entry in entering:
        insort(members, entry, key=_sort_key)
    if len(members) > POOL_FACTOR * RANK_SIZE:
        members = members[:POOL_FACTOR * RANK_SIZE]
        bound = members[-1][1]
    return Pool(members, bound)


def _positions(pool: Pool) -> dict[ox.NamedNode, int]:
    if pool.positions is None:
        pool.positions = dict(zip(map(itemgetter(0), pool.members), range(len(pool.members)), strict=True))
    return pool.positions


def page_changes(ranking: str, before: Pool, after: Pool) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) taking ``ranking``'s pages from ``before`` to ``after``: the
    members whose page changed (set differences of the two page maps)."""
    old, new = _pages(ranking, before), _pages(ranking, after)
    return ([ox.Quad(slot(ranking, p), G["ranked"], n, SUMMARIES) for n, p in old.items() - new.items()],
            [ox.Quad(slot(ranking, p), G["ranked"], n, SUMMARIES) for n, p in new.items() - old.items()])


def _sort_key(entry: tuple[ox.NamedNode, SortKey]) -> SortKey:
    return entry[1]


@lru_cache(maxsize=16)
def _page_numbers(doubling: bool, page: int, size: int) -> tuple[int, ...]:
    """The page of each rank index of a ranking of ``size`` ranks (:func:`page_of`)."""
    return tuple((i // page + 1).bit_length() if doubling else 1 + i // page for i in range(size))


def _pages(ranking: str, pool: Pool) -> dict[ox.NamedNode, int]:
    """The page of each ranked member (computed once a pool)."""
    if pool.pages is None:
        numbers = _page_numbers(base_ranking(ranking)[1] is not None, PAGE, RANK_SIZE)
        pool.pages = dict(zip(map(itemgetter(0), pool.members[:RANK_SIZE]), numbers, strict=False))
    return pool.pages


def update_rankings(store: ox.Store, pairs: Mapping[Pair, Totals], actors: Mapping[str, ActorTotals],
                    memory: RankMemory | None = None, years: YearMoved | None = None,
                    ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to delete, quads to insert) re-ranking after a write whose new pair and actor totals are
    ``pairs`` and ``actors`` (those it changed; totals of no events: the summary is gone), and whose
    year summaries moved as ``years`` says. ``memory`` gives the rankings as stored and is moved on to
    the state these quads make."""
    dead: list[ox.Quad] = []
    born: list[ox.Quad] = []
    memory = memory or RankMemory()
    after: dict[str, Pool] = {}
    moved = _all_changed(pairs, actors, years.pairs if years else {}, years.actors if years else {})
    for ranking, changed in moved.items():
        # a ranking the store does not hold yet (a year's first summaries): empty, and complete
        before = memory.pool(store, ranking)
        after[ranking] = _moved_pool(store, ranking, before, changed)
        gone, came = page_changes(ranking, before, after[ranking])
        dead += gone
        born += came
    memory.pools.update(after)
    if years is not None:
        from geokg.graph.fromrank import update_from

        gone, came = update_from(store, memory, years, after)
        dead += gone
        born += came
    return dead, born
