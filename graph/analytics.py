"""Network analytics over the actor graph: pure functions that return plain data.

Every function takes a networkx graph (usually ``to_networkx(store.statements())``;
any graph works, a missing ``name`` falls back to the node key) and returns lists of
tuples that print as a table or dump as JSON. Nothing here reads a store or prints.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from itertools import islice
from typing import Any, Literal

import networkx as nx

from geokg.graph.network import to_weighted
from geokg.ingest.models import Article, Triple, slug
from geokg.settings import UserError

CENTRALITIES = ("pagerank", "degree", "betweenness")
UNKNOWN_MONTH = "unknown"


def _order(n: Hashable) -> tuple[int, Any]:
    """A sort key for node keys that may mix ints (tiny test graphs) and strings."""
    return (0, n) if isinstance(n, int | float) else (1, str(n))


def _name(g: nx.Graph, n: Hashable) -> str:
    return str(g.nodes[n].get("name") or n)


def _undirected(g: nx.Graph) -> nx.Graph:
    """Collapsed undirected weighted view, built in sorted order so that ties between
    equally good answers (paths, communities) come out the same on every run."""
    w = to_weighted(g, directed=False)
    out = nx.Graph()
    out.add_nodes_from(sorted(w.nodes(data=True), key=lambda nd: _order(nd[0])))
    edges = ((u, v, d) if _order(u) <= _order(v) else (v, u, d) for u, v, d in w.edges(data=True))
    out.add_edges_from(sorted(edges, key=lambda e: (_order(e[0]), _order(e[1]))))
    return out


def _pagerank(g: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 500) -> dict:
    """Weighted PageRank by power iteration.

    ``nx.pagerank`` needs scipy, which geokg does not depend on for graphs of a few
    thousand actors; this is the textbook iteration (dangling mass spread evenly).
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    out_w = dict(g.out_degree(weight="weight"))
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_w[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, w in g.edges(data="weight", default=1):
            new[v] += alpha * rank[u] * w / out_w[u]
        err = sum(abs(new[x] - rank[x]) for x in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def central_actors(
    g: nx.Graph, top: int = 10, by: Literal["pagerank", "degree", "betweenness"] = "pagerank"
) -> list[tuple[Hashable, str, float]]:
    """The most central actors of the graph.

    Parameters
    ----------
    g : networkx graph
        Actor graph; parallel statements are collapsed into weights first.
    top : int, default 10
        How many actors to return.
    by : {"pagerank", "degree", "betweenness"}
        ``pagerank``: weighted PageRank on the directed graph (subject -> object), so
        an actor many others act upon ranks high. ``degree``: number of statements
        the actor takes part in, either side. ``betweenness``: normalised shortest-path
        betweenness on the undirected graph (brokers between otherwise distant actors).

    Returns
    -------
    list of (key, name, value)
        Highest value first; ties broken by key. Values rounded to 6 decimals.

    Examples
    --------
    >>> g = nx.star_graph(3)  # 0 is joined to 1, 2 and 3
    >>> central_actors(g, top=2, by="degree")
    [(0, '0', 3), (1, '1', 1)]
    >>> central_actors(g, top=1, by="betweenness")
    [(0, '0', 1.0)]
    >>> central_actors(g, top=1)
    [(0, '0', 0.47973)]
    """
    if by not in CENTRALITIES:
        raise UserError(f"Unknown centrality {by!r}; use one of: {', '.join(CENTRALITIES)}.")
    scores: Mapping[Hashable, float]
    if by == "pagerank":
        w = to_weighted(g, directed=g.is_directed())
        scores = _pagerank(w if w.is_directed() else w.to_directed())
    elif by == "degree":
        scores = dict(_undirected(g).degree(weight="weight"))
    else:
        scores = nx.betweenness_centrality(_undirected(g), normalized=True)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _order(kv[0])))
    return [(n, _name(g, n), round(v, 6) if isinstance(v, float) else v) for n, v in ranked[:top]]


def blocs(g: nx.Graph, seed: int = 42) -> list[list[Hashable]]:
    """Groups of actors that deal with each other more than with the rest.

    Louvain community detection on the undirected graph weighted by the number of
    statements. A bloc is a cluster of dense interaction, not an alliance: two
    adversaries who clash every week land in the same bloc.

    Parameters
    ----------
    g : networkx graph
    seed : int, default 42
        Louvain visits nodes in random order; the seed makes the answer repeatable.

    Returns
    -------
    list of list of key
        Each bloc's keys sorted; blocs largest first, then by their first key.

    Examples
    --------
    >>> g = nx.complete_graph(["a", "b", "c"])
    >>> g.add_edges_from(nx.complete_graph(["x", "y", "z"]).edges)
    >>> g.add_edge("c", "x")  # one bridge between two cliques
    >>> blocs(g)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    u = _undirected(g)
    if u.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    groups = [sorted(c, key=_order) for c in found]
    return sorted(groups, key=lambda c: (-len(c), _order(c[0])))


def paths(g: nx.Graph, a: Hashable, b: Hashable, cutoff: int = 4, limit: int = 5) -> list[list[Hashable]]:
    """Shortest chains of actors linking ``a`` to ``b``, ignoring direction.

    Parameters
    ----------
    g : networkx graph
    a, b : node keys
        Both must be in the graph (see :func:`resolve_actor` for user input).
    cutoff : int, default 4
        Longest path, in hops, to return.
    limit : int, default 5
        Most paths to return.

    Returns
    -------
    list of list of key
        Simple paths from ``a`` to ``b``, shortest first; ``[]`` when none is within
        ``cutoff`` hops.

    Raises
    ------
    networkx.NodeNotFound
        When ``a`` or ``b`` is not in the graph.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> paths(g, "a", "d")
    [['a', 'b', 'c', 'd']]
    >>> paths(g, "a", "d", cutoff=2)
    []
    >>> g.add_edge("a", "c")
    >>> paths(g, "a", "d")
    [['a', 'c', 'd'], ['a', 'b', 'c', 'd']]
    """
    u = _undirected(g)
    for n in (a, b):
        if n not in u:
            raise nx.NodeNotFound(f"{n!r} is not in the graph")
    if a == b:
        return [[a]]
    found = nx.shortest_simple_paths(u, a, b)
    try:
        return list(islice((p for p in _within(found, cutoff)), limit))
    except nx.NetworkXNoPath:
        return []


def _within(found: Iterable[list[Hashable]], cutoff: int) -> Iterable[list[Hashable]]:
    for p in found:  # shortest first, so the first long one ends the search
        if len(p) - 1 > cutoff:
            return
        yield p


def _month(date: str | None) -> str | None:
    return date[:7] if date and re.match(r"\d{4}-\d{2}", date) else None


def dyad_balance(
    data: nx.Graph | Iterable[Triple] | Iterable[tuple[Article, list[Triple]]],
    a: Hashable,
    b: Hashable,
    *,
    by_country: bool = True,
    article_dates: Mapping[str, str] | None = None,
) -> list[tuple[str, float, int]]:
    """Monthly conflict-cooperation balance between two actors, both directions.

    Parameters
    ----------
    data : graph, triples, or (Article, triples) pairs
        A graph from :func:`~geokg.graph.network.to_networkx`, the triples, or the
        pairs a store is loaded from (their articles' dates fill in missing dates).
    a, b : keys of the two actors
    by_country : bool, default True
        Count an actor whose ``country`` is ``a`` (or ``b``) on that side: when
        Putin (country RUS) threatens Turkey, Russia threatens Turkey. This is how
        event datasets read dyads; ``False`` counts only ``a`` and ``b`` themselves.
    article_dates : mapping of article id to ISO date, optional
        Dates for statements that carry none.

    Returns
    -------
    list of (month, balance, events)
        ``month`` is ``"YYYY-MM"``; ``balance`` the sum of the PLOVER scores of the
        statements between the two sides (either way) dated that month; ``events``
        how many there were. Only scored, non-negated statements count (a ROLE or
        TRADE tie has no score). A statement without a date falls back to its
        article's date, else goes under ``"unknown"``, listed last.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("vladimir-putin", country="RUS")
    >>> _ = g.add_edge("TUR", "RUS", score=-9.0, date="2015-11-24")
    >>> _ = g.add_edge("vladimir-putin", "TUR", score=-5.0, date="2015-11-24")
    >>> _ = g.add_edge("RUS", "TUR", score=3.0, date="2016-01-10")
    >>> _ = g.add_edge("RUS", "TUR", score=None, date="2016-01-10")  # structural: no score
    >>> dyad_balance(g, "RUS", "TUR")
    [('2015-11', -14.0, 2), ('2016-01', 3.0, 1)]
    >>> dyad_balance(g, "RUS", "TUR", by_country=False)
    [('2015-11', -9.0, 1), ('2016-01', 3.0, 1)]
    """
    dates: dict[str, str] = dict(article_dates or {})

    def side(key: Hashable, country: str | None) -> Hashable | None:
        if key in (a, b):
            return key
        return country if by_country and country in (a, b) else None

    rows: list[tuple[float | None, str | None, str | None]] = []  # score, date, article
    if isinstance(data, nx.Graph):
        country = dict(data.nodes(data="country"))
        for u, v, d in data.edges(data=True):
            if not d.get("negated") and {side(u, country[u]), side(v, country[v])} == {a, b}:
                rows.append((d.get("score"), d.get("date"), d.get("article")))
    else:
        for item in data:
            if isinstance(item, tuple):
                article, triples = item
                if article.date:
                    dates.setdefault(article.id, article.date)
            else:
                triples = [item]
            for t in triples:
                ends = {side(t.subject.key, t.subject.country), side(t.object.key, t.object.country)}
                if not t.negated and ends == {a, b}:
                    rows.append((t.score, t.date, t.article_id))
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for score, date, article in rows:
        if score is None:
            continue
        month = _month(date) or _month(dates.get(article or "")) or UNKNOWN_MONTH
        sums[month] += score
        counts[month] += 1
    months = sorted(sums, key=lambda m: (m == UNKNOWN_MONTH, m))
    return [(m, round(sums[m], 6), counts[m]) for m in months]


def resolve_actor(g: nx.Graph, name: str) -> Hashable:
    """The node key for an actor as a user types it.

    Tried in order, the first rule with exactly one match wins: the key itself
    ("RUS"); the key ignoring case, accents and punctuation ("rus", "vladimir
    putin"); the name or an alias the same way ("Russia", "francois hollande"); a
    person's surname ("Putin"); a unique prefix of a name of three letters or more
    ("Turk").

    Raises
    ------
    geokg.settings.UserError
        When nothing matches (with "did you mean ..." suggestions from difflib) or
        when a rule matches several actors (listing them).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("RUS", name="Russia", type="Country")
    >>> g.add_node("vladimir-putin", name="Vladimir Putin", type="Person")
    >>> [resolve_actor(g, s) for s in ("RUS", "rus", "Russia", "Putin", "vladimir putin")]
    ['RUS', 'RUS', 'RUS', 'vladimir-putin', 'vladimir-putin']
    >>> resolve_actor(g, "Rusia")
    Traceback (most recent call last):
    ...
    geokg.settings.UserError: No actor 'Rusia' in the graph; did you mean 'Russia' (RUS)?
    """
    if name in g:
        return name
    q = slug(name)
    nodes = sorted(g.nodes(data=True), key=lambda nd: _order(nd[0]))

    def names(d: Mapping[str, Any]) -> list[str]:
        return [x for x in (d.get("name"), *(d.get("aliases") or ())) if x]

    rules = [
        lambda n, d: slug(str(n)) == q,
        lambda n, d: any(slug(x) == q for x in names(d)),
        lambda n, d: d.get("type") == "Person" and any(slug(x.split()[-1]) == q for x in names(d)),
        lambda n, d: len(q) >= 3 and any(slug(x).startswith(q) for x in names(d)),
    ]
    for rule in rules:
        hits = [n for n, d in nodes if rule(n, d)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            listed = ", ".join(f"{_name(g, n)!r} ({n})" for n in hits[:6])
            raise UserError(f"Actor {name!r} is ambiguous: it could be {listed}. Use the key in brackets.")
    raise UserError(_unknown_message(g, name))


def _unknown_message(g: nx.Graph, name: str) -> str:
    labels: dict[str, Hashable] = {}  # every way of writing an actor -> its key
    for n, d in sorted(g.nodes(data=True), key=lambda nd: _order(nd[0])):
        full = [str(n), *(x for x in (d.get("name"), *(d.get("aliases") or ())) if x)]
        for label in (*full, *(w for x in full[1:] for w in x.split() if len(w) >= 3)):
            labels.setdefault(label.casefold(), n)
    query = name.casefold()
    ratios = {lab: difflib.SequenceMatcher(None, query, lab).ratio() for lab in labels}
    best = max(ratios.values(), default=0.0)
    # keep only the near-best: short keys ("usa") otherwise crowd out the real match
    close = sorted((lab for lab, r in ratios.items() if r >= max(0.6, best - 0.1)), key=lambda x: -ratios[x])
    keys = list(dict.fromkeys(labels[c] for c in close))[:3]
    if keys:
        listed = " or ".join(f"{_name(g, n)!r} ({n})" for n in keys)
        return f"No actor {name!r} in the graph; did you mean {listed}?"
    return (f"No actor {name!r} in the graph ({g.number_of_nodes()} actors). "
            "List them with: geokg analyze central --top 50")
