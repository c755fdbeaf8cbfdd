"""An actor's events of two sources or more as subject and as object (``gk:subjectTally``,
``gk:objectTally`` on its summary, kept by graph/totals.py): what ``top-actors`` with ``min_sources``
above one and no dates reads (queries/yearly.py, plan ``tallies``), one summary per actor instead of
every event of several sources. A store from before them gets them at its first writable opening
(:func:`backfill_quads`, from its events of several sources: no new derivation).
"""
from __future__ import annotations

from urllib.parse import unquote

import pyoxigraph as ox

from geokg.graph.derived import EVENTS, SUMMARIES, G, _tally_add
from geokg.graph.namespace import GKA
from geokg.graph.totals import actor_node, tally_text


def has_tallies(store: ox.Store) -> bool:
    """True when some actor summary has a side tally, or no event has two sources (two look-ups)."""
    if next(iter(store.quads_for_pattern(None, G["sources"], None, EVENTS)), None) is None:
        return True
    return any(next(iter(store.quads_for_pattern(None, G[name], None, SUMMARIES)), None) is not None
               for name in ("subjectTally", "objectTally"))


_MULTI = """
PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX gkg: <https://w3id.org/geokg/graph/>
SELECT ?s ?o ?n WHERE {
  GRAPH gkg:events { ?e gk:sources ?n }
  GRAPH gkg:summaries { ?r gk:event ?e ; gk:subject ?s ; gk:object ?o }
}"""


def backfill_quads(store: ox.Store) -> list[ox.Quad]:
    """The side tallies of every actor summary, from the events of two sources or more."""
    sides: dict[str, tuple[dict[int, int], dict[int, int]]] = {}
    prefix = len(str(GKA))
    for row in store.query(_MULTI):  # type: ignore[union-attr]
        n = int(row["n"].value)  # type: ignore[index]
        for term, side in ((row["s"], 0), (row["o"], 1)):  # type: ignore[index]
            _tally_add(sides.setdefault(unquote(term.value[prefix:]), ({}, {}))[side], {n: 1}, 1)
    out = []
    for key, (subject, object_) in sides.items():
        for name, tally in (("subjectTally", subject), ("objectTally", object_)):
            if tally:
                out.append(ox.Quad(actor_node(key), G[name], ox.Literal(tally_text(tally)), SUMMARIES))
    return out
