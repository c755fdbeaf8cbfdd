"""``rebuild_derived`` in bounded memory: the events and summaries graphs recomputed from the article
graphs, written a batch of relations at a time.

The reports are read one article graph at a time (light :class:`~geokg.graph.derived.StoredReport`
values, no RDF terms kept), grouped by relation, and each batch of relations is derived
(:func:`~geokg.graph.derived.derive_relation`) and bulk-loaded at once; only each relation's totals
stay in memory for the pair and actor summaries and the rankings, written last. The quads are those
of :func:`geokg.graph.maintain.rebuild_quads` (``tests/test_rankings.py`` checks it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox

from geokg.graph.denials import denial_quad
from geokg.graph.derived import ArticleInfo, Key, RelationState, StoredReport, derive_relation, report_from_props
from geokg.graph.namespace import GKART, GKS
from geokg.graph.pairdates import listing_quads, statement_link
from geokg.graph.rdf import T
from geokg.graph.totals import totals_quads

BATCH = 20_000  # relations derived, serialised and loaded together
_ARTICLE, _STATEMENT = str(GKART), str(GKS)


def article_reports(store: ox.Store) -> Iterator[StoredReport]:
    """Every statement of every article graph, one graph at a time (negated ones marked ``negated``)."""
    info = ArticleInfo(store)
    subject = T["subject"].value
    for graph in store.named_graphs():
        if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(_ARTICLE):
            continue
        props: dict[str, dict[str, list[ox.Term]]] = {}
        for q in store.quads_for_pattern(None, None, None, graph):
            props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
        for iri, p in props.items():
            if subject in p and iri.startswith(_STATEMENT):
                report = report_from_props(iri[len(_STATEMENT):], graph, p, info, denials=True)
                if report is not None:
                    yield report
        info.forget(graph)


def stream_rebuild(store: ox.Store, load: Callable[[list[ox.Quad]], None], batch: int = BATCH) -> int:
    """Derive every event and summary from the article graphs of ``store``, handing the quads to
    ``load`` a batch at a time; returns how many quads it handed over."""
    by_key: dict[Key, list[StoredReport]] = {}
    denials: list[ox.Quad] = []
    heads: dict[ox.Quad, None] = {}  # the statements' months (graph/pairdates.py), loaded with the denials
    for r in article_reports(store):
        link = statement_link(r.key, ox.NamedNode(_STATEMENT + r.id), r.negated, r.shown)
        denials.append(link)
        heads.setdefault(listing_quads([link])[0], None)
        if r.negated:
            denials.append(denial_quad(r.key, ox.NamedNode(_STATEMENT + r.id)))
        else:
            by_key.setdefault(r.key, []).append(r)
    denials += heads
    total = len(denials)
    for start in range(0, len(denials), 10 * batch):
        load(denials[start:start + 10 * batch])
    states: list[RelationState] = []
    pending: list[ox.Quad] = []
    for n, key in enumerate(sorted(by_key), 1):
        state = derive_relation(key, by_key.pop(key))
        pending += state.quads
        states.append(RelationState(key, [], state.totals, state.years))  # the totals only: the quads are loaded
        if n % batch == 0:
            total += len(pending)
            load(pending)
            pending = []
    summaries = totals_quads(states)
    total += len(pending) + len(summaries)
    load(pending + summaries)
    return total
