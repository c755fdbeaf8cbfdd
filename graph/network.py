"""Triples -> networkx graphs, and GraphML/GEXF exports for Gephi.

The seam is ``Iterable[Triple]``: the embedded store's ``statements()``, a JSON Lines
file read back with ``Triple.from_dict`` and a hand-built test list all feed the same
function, so the analytics never need to know where the statements came from.

Two shapes of graph come out:

* :func:`to_networkx`: a ``MultiDiGraph`` with one edge per statement (subject ->
  object), keyed by ``Triple.statement_id``, carrying the statement's fields;
* :func:`to_weighted`: the same actors with parallel statements collapsed into one
  edge (``weight`` = number of statements, ``score`` = sum of their PLOVER scores).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import networkx as nx

from geokg.ingest.models import Triple
from geokg.ingest.sanitize import valid_text
from geokg.settings import UserError

FORMATS = ("graphml", "gexf")


def to_networkx(triples: Iterable[Triple], *, include_negated: bool = False) -> nx.MultiDiGraph:
    """Build a multigraph of actors with one edge per statement.

    Parameters
    ----------
    triples : iterable of Triple
        The statements, e.g. ``EmbeddedStore(path).statements()``.
    include_negated : bool, default False
        Keep statements reported as *not* having happened ("Russia did not attack
        Ukraine"); their edges carry ``negated=True``. Off by default because a
        denial is not a tie between two actors.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are ``Actor.key`` with attributes ``name``, ``type``, ``country``,
        ``wikidata`` and ``aliases`` (other names the actor was seen under). Each edge
        goes subject -> object, is keyed by ``Triple.statement_id`` (so a statement
        fed twice is one edge) and carries ``relation``, ``predicate``, ``mode``,
        ``cameo``, ``score``, ``confidence``, ``date``, ``negated``,
        ``attributed_to``, ``article``, ``sentence`` (the first evidence sentence)
        and ``sentences`` (all of them).

    Examples
    --------
    >>> from geokg.ingest.models import Actor, Evidence, Triple
    >>> rus = Actor("RUS", "Russia", "Country", "RUS")
    >>> tur = Actor("TUR", "Turkey", "Country", "TUR")
    >>> ev = Evidence("a.txt", "Turkey shot down a Russian jet.", 0, 31)
    >>> g = to_networkx([Triple(tur, "ASSAULT", rus, (ev,), predicate="shoot_down", score=-9.0)])
    >>> sorted(g.nodes(data="name"))
    [('RUS', 'Russia'), ('TUR', 'Turkey')]
    >>> [(u, v, d["relation"], d["score"]) for u, v, d in g.edges(data=True)]
    [('TUR', 'RUS', 'ASSAULT', -9.0)]
    """
    g = nx.MultiDiGraph()
    for t in triples:
        if t.negated and not include_negated:
            continue
        for actor in (t.subject, t.object):
            _add_actor(g, actor)
        g.add_edge(
            t.subject.key, t.object.key, key=t.statement_id,
            statement_id=t.statement_id,
            relation=t.relation,
            predicate=t.predicate,
            mode=t.mode,
            cameo=t.cameo,
            score=t.score,
            confidence=t.confidence,
            date=t.date,
            negated=t.negated,
            attributed_to=t.attributed_to.key if t.attributed_to else None,
            article=t.article_id or t.evidence[0].article,
            sentence=t.evidence[0].sentence if t.evidence else "",
            sentences=tuple(e.sentence for e in t.evidence),
            sources=int(t.attrs.get("sources", 1)),  # independent sources of a distinct event
        )
    return g


def _add_actor(g: nx.MultiDiGraph, actor: Any) -> None:
    if actor.key not in g:
        g.add_node(actor.key, name=actor.name, type=actor.type, country=actor.country,
                   wikidata=actor.wikidata, aliases=tuple(actor.aliases))
        return
    # The same actor reported under another name in another article: keep the first
    # name, remember the others so `resolve_actor` still finds it by either.
    node = g.nodes[actor.key]
    names = {node["name"], *node["aliases"]}
    extra = tuple(n for n in (actor.name, *actor.aliases) if n not in names)
    if extra:
        node["aliases"] = node["aliases"] + extra
    for attr in ("country", "wikidata"):
        if node.get(attr) is None and getattr(actor, attr) is not None:
            node[attr] = getattr(actor, attr)


def to_weighted(g: nx.Graph, *, directed: bool = True) -> nx.DiGraph | nx.Graph:
    """Collapse parallel statements into one weighted edge per actor pair.

    Parameters
    ----------
    g : networkx graph
        Usually the output of :func:`to_networkx`; any graph works (an edge without
        ``score`` counts as score 0, an edge with a ``weight`` counts that many times).
    directed : bool, default True
        ``True`` keeps subject -> object direction (``DiGraph``); ``False`` merges
        both directions into one ``Graph`` edge.

    Returns
    -------
    networkx.DiGraph or networkx.Graph
        Node attributes are copied. Each edge has ``weight`` (number of statements),
        ``score`` (sum of their scores; structural relations have none and add 0)
        and ``relations`` (sorted distinct relations). Negated statements are left
        out of the weights: they are not ties.

    Examples
    --------
    >>> m = nx.MultiDiGraph()
    >>> _ = m.add_edge("TUR", "RUS", relation="ASSAULT", score=-9.0)
    >>> _ = m.add_edge("TUR", "RUS", relation="TRADE", score=None)
    >>> _ = m.add_edge("RUS", "TUR", relation="THREATEN", score=-5.0)
    >>> w = to_weighted(m)
    >>> w["TUR"]["RUS"]
    {'weight': 2, 'score': -9.0, 'relations': ['ASSAULT', 'TRADE']}
    >>> to_weighted(m, directed=False)["RUS"]["TUR"]["weight"]
    3
    """
    out: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, d in g.edges(data=True):
        if d.get("negated"):
            continue
        if not out.has_edge(u, v):
            out.add_edge(u, v, weight=0, score=0.0, relations=[])
        e = out[u][v]
        e["weight"] += d.get("weight", 1)
        e["score"] += d.get("score") or 0.0
        rel = d.get("relation")
        for r in ([rel] if rel else d.get("relations", [])):
            if r not in e["relations"]:
                e["relations"].append(r)
                e["relations"].sort()
    return out


def export_graph(g: nx.Graph) -> nx.DiGraph:
    """The collapsed graph with the attributes Gephi shows, and no ``None`` values.

    GraphML and GEXF writers reject ``None`` and lists, so every attribute is a str,
    int or float: nodes get ``label``, ``kind`` (actor type), ``country`` and
    ``wikidata`` ("" when unknown); edges get ``label`` and ``categories`` (relations
    joined with ", "), ``weight`` and ``score``.

    Examples
    --------
    >>> m = nx.MultiDiGraph()
    >>> m.add_node("RUS", name="Russia", type="Country", country="RUS", wikidata=None)
    >>> m.add_node("ISIS", name="Islamic State", type="Group", country=None, wikidata=None)
    >>> _ = m.add_edge("RUS", "ISIS", relation="ACCUSE", score=-2.0)
    >>> e = export_graph(m)
    >>> e.nodes["ISIS"]
    {'label': 'Islamic State', 'kind': 'Group', 'country': '', 'wikidata': ''}
    >>> e["RUS"]["ISIS"]
    {'label': 'ACCUSE', 'categories': 'ACCUSE', 'weight': 1, 'score': -2.0}
    """
    w = to_weighted(g)  # also fine on an already collapsed graph: weights add up
    out = nx.DiGraph()
    x = valid_text  # XML 1.0 forbids U+FFFE, U+FFFF, lone surrogates and most controls: a store may hold them
    for n, d in w.nodes(data=True):
        out.add_node(x(str(n)), label=x(str(d.get("name") or n)), kind=x(d.get("type") or ""),
                     country=x(d.get("country") or ""), wikidata=x(d.get("wikidata") or ""))
    for u, v, d in w.edges(data=True):
        cats = x(", ".join(d.get("relations", [])))
        out.add_edge(x(str(u)), x(str(v)), label=cats, categories=cats, weight=int(d.get("weight", 1)),
                     score=float(d.get("score") or 0.0))
    return out


def write_graph(source: Any, fmt: str, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the collapsed actor graph as GraphML or GEXF for Gephi.

    Parameters
    ----------
    source : EmbeddedStore, networkx graph or iterable of Triple
        A store (anything with ``statements()``), a graph from :func:`to_networkx`,
        or the triples themselves.
    fmt : {"graphml", "gexf"}
    out : path or binary file
        Where to write (an existing file is replaced: callers that must not
        overwrite check first).

    Examples
    --------
    >>> import io
    >>> from geokg.ingest.models import Actor, Evidence, Triple
    >>> rus, tur = Actor("RUS", "Russia", "Country", "RUS"), Actor("TUR", "Turkey", "Country", "TUR")
    >>> t = Triple(tur, "ASSAULT", rus, (Evidence("a", "s", 0, 1),), score=-9.0)
    >>> buf = io.BytesIO()
    >>> write_graph([t], "gexf", buf)
    >>> buf.seek(0) == 0 and sorted(nx.read_gexf(buf).nodes(data="label"))
    [('RUS', 'Russia'), ('TUR', 'Turkey')]
    """
    if fmt not in FORMATS:
        raise UserError(f"Unknown graph format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    if isinstance(source, nx.Graph):
        g = source
    elif hasattr(source, "events"):  # a store: its distinct events, not every report of them
        g = to_networkx(source.events())
    elif hasattr(source, "statements"):
        g = to_networkx(source.statements(include_negated=False))
    else:
        g = to_networkx(source)
    eg = export_graph(g)
    target = Path(out) if isinstance(out, str | os.PathLike) else out
    if fmt == "graphml":
        nx.write_graphml(eg, target)
    else:
        nx.write_gexf(eg, target)


def load_store_graph(store: str | os.PathLike[str], *, include_negated: bool = False) -> nx.MultiDiGraph:
    """Read the distinct events of the embedded store at ``store`` into :func:`to_networkx` (with
    ``include_negated``, the negated statements too; they are not events).

    The store is opened read-only, so analytics never lock out a running build.

    Raises
    ------
    geokg.settings.UserError
        When there is no store at that path (the message says how to build one).
    """
    from geokg.graph.store import EmbeddedStore  # here: the store imports this module for its exports

    with EmbeddedStore(Path(store), read_only=True) as db:
        # distinct events (each once however many articles report it); negated statements are reports
        items = db.events() + ([t for t in db.statements() if t.negated] if include_negated else [])
        return to_networkx(items, include_negated=include_negated)
