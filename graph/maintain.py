"""One article written or removed: every quad that changes, in its graph and in the derived graphs.

:func:`plan_write` returns the quads to delete and to insert so that, after one transaction, the
store holds the article's new graph, the actors it names (described once, in the actors graph),
and events and summaries exactly as :func:`rebuild_quads` would compute them from all the article
graphs. ``tests/test_derived.py`` checks that equality after writes, rewrites and removals.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from geokg.graph.denials import denial_quad, denial_quads
from geokg.graph.derived import (
    ArticleInfo,
    Key,
    StoredReport,
    Totals,
    actor_term,
    decimal_of,
    derive_relation,
    fallback_date,
    relation_quads,
    report_from_props,
    stored_report,
)
from geokg.graph.events import EventDate
from geokg.graph.pairdates import listing_changes, listing_quads, statement_link, statement_links
from geokg.graph.rankings import update_rankings
from geokg.graph.rdf import ACTORS, T, actor_quads, actors_of, merge_statements
from geokg.graph.totals import apply_differences, totals_quads
from geokg.graph.yearly import apply_year_differences
from geokg.ingest.models import Actor, Article, Triple

_REFERENCES = ("subject", "object", "attributedTo")
_STATEMENT = "https://w3id.org/geokg/statement/"


def reports_of(article: Article, triples: Sequence[Triple]) -> list[StoredReport]:
    """The article's non-negated statements as reports (as :func:`stored_report` reads them back)."""
    out = []
    for sid, t in merge_statements(triples).items():
        if t.negated:
            continue
        date = (EventDate(t.event_date.value, t.event_date.precision) if t.event_date
                else fallback_date(article.date))
        out.append(StoredReport(
            id=sid, article=article.id, source=article.source, subject=t.subject.key, relation=t.relation,
            object=t.object.key, predicate=t.predicate, cameo=t.cameo, score=decimal_of(t.score), date=date,
            evidence=len(t.evidence), mode=t.mode))
    return out


def _reports_in(graph: ox.NamedNode, quads: Iterable[ox.Quad], info: ArticleInfo) -> list[StoredReport]:
    props: dict[str, dict[str, list[ox.Term]]] = {}
    for q in quads:
        props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    out = []
    for iri, p in props.items():
        if T["subject"].value in p and iri != graph.value:
            r = report_from_props(iri.rsplit("/", 1)[-1], graph, p, info)
            if r is not None:
                out.append(r)
    return out


def _referenced_elsewhere(store: ox.Store, node: ox.NamedNode, graphs: set[str]) -> bool:
    """Whether an article graph outside ``graphs`` (graph IRIs) names the actor ``node``."""
    article_prefix = "https://w3id.org/geokg/article/"
    for name in _REFERENCES:
        for q in store.quads_for_pattern(None, T[name], node, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value not in graphs and g.value.startswith(article_prefix):
                return True
    return False


def _actor_names(quads: Iterable[ox.Quad]) -> set[str]:
    return {q.object.value for q in quads if q.predicate in (T["subject"], T["object"], T["attributedTo"])}


def _by_key(reports: Iterable[StoredReport]) -> dict[Key, set[StoredReport]]:
    out: dict[Key, set[StoredReport]] = {}
    for r in reports:
        out.setdefault(r.key, set()).add(r)
    return out


def _diff(old: Sequence[ox.Quad], new: Sequence[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    old_set, new_set = set(old), set(new)
    return [q for q in old if q not in new_set], [q for q in new if q not in old_set]


@dataclass(frozen=True)
class Write:
    """One article graph to replace: its new quads (``[]`` removes it), reports and actors, and the
    quads the store holds in it now."""

    graph: ox.NamedNode
    new_quads: Sequence[ox.Quad]
    new_reports: Sequence[StoredReport]
    actors: dict[str, Actor]
    old_quads: Sequence[ox.Quad]


class Unplannable(Exception):
    """A chunk of writes whose union plan could differ from writing them one by one (see
    :func:`plan_writes`): the caller writes them one at a time."""


def plan_write(store: ox.Store, graph: ox.NamedNode, new_quads: Sequence[ox.Quad],
               new_reports: Sequence[StoredReport], actors: dict[str, Actor], *,
               old_quads: Sequence[ox.Quad] | None = None, info: ArticleInfo | None = None,
               ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(deletes, inserts) replacing the article graph ``graph`` by ``new_quads`` (``[]`` removes it).

    ``old_quads`` is what the store holds in ``graph`` (read here when not given); ``info`` the
    store's cache of article sources and dates (it must not hold ``graph`` from before a rewrite).
    """
    old = list(store.quads_for_pattern(None, None, None, graph)) if old_quads is None else old_quads
    return plan_writes(store, [Write(graph, new_quads, new_reports, actors, old)], info or ArticleInfo(store))


def plan_writes(store: ox.Store, writes: Sequence[Write], info: ArticleInfo) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(deletes, inserts) that apply ``writes`` (distinct article graphs) in one transaction, with the
    same result as applying them one after the other in their order.

    Only the relations whose reports change are recomputed (the others' derived quads depend on their
    reports alone), each once for all the writes, from its reports outside the writes plus the writes'
    new reports; the pair and actor totals move by the summed differences. Raises :class:`Unplannable`
    when an actor one write stops naming is named anew by another (written one by one, its description
    could be replaced by the later article's).
    """
    graphs = {w.graph.value for w in writes}
    article_ids = {g.rsplit("/", 1)[-1] for g in graphs}
    old_by_key: dict[Key, set[StoredReport]] = {}
    new_by_key: dict[Key, set[StoredReport]] = {}
    keys: set[Key] = set()
    mine: set[str] = set()
    deletes: list[ox.Quad] = []
    inserts: list[ox.Quad] = []
    old_names: set[str] = set()
    new_names: set[str] = set()
    stopped: set[str] = set()
    for w in writes:
        old_reports = _reports_in(w.graph, w.old_quads, info)
        olds, news = _by_key(old_reports), _by_key(w.new_reports)
        keys |= {k for k in olds.keys() | news.keys() if olds.get(k, set()) != news.get(k, set())}
        for mine_by, theirs in ((old_by_key, olds), (new_by_key, news)):
            for k, rs in theirs.items():
                mine_by.setdefault(k, set()).update(rs)
        mine |= {r.id for r in old_reports}
        gone, born = _diff([*w.old_quads, *denial_quads(w.old_quads), *statement_links(w.old_quads)],
                           [*w.new_quads, *denial_quads(w.new_quads), *statement_links(w.new_quads)])
        deletes += gone
        inserts += born
        names_before, names_after = _actor_names(w.old_quads), _actor_names(w.new_quads)
        old_names |= names_before
        new_names |= names_after
        stopped |= names_before - names_after
    if stopped & new_names and len(writes) > 1:
        raise Unplannable("an actor leaves one article and enters another")
    gone, born = listing_changes(store, deletes, inserts)  # the statements' months (graph/pairdates.py)
    deletes += gone
    inserts += born
    changes: dict[Key, tuple[Totals, Totals]] = {}
    years: dict[Key, tuple[dict[int, Totals], dict[int, Totals]]] = {}
    for key in sorted(keys):
        old_derived, report_ids = relation_quads(store, key)
        others = [r for sid in report_ids if sid not in mine
                  if (r := stored_report(store, sid, info)) is not None and r.article not in article_ids]
        # old_state is what the store holds for the relation (it was derived the same way)
        state = derive_relation(key, [*others, *new_by_key.get(key, ())])
        old_state = derive_relation(key, [*others, *old_by_key.get(key, ())])
        gone, born = _diff(old_derived, state.quads)
        deletes += gone
        inserts += born
        changes[key] = (old_state.totals, state.totals)
        years[key] = (old_state.years, state.years)
    moved = apply_differences(store, changes)
    by_year = apply_year_differences(store, years)
    ranks_dead, ranks_born = update_rankings(store, moved.pairs, moved.actors, info.ranks, by_year)
    gone, born = _diff(moved.dead + by_year.dead + ranks_dead, moved.born + by_year.born + ranks_born)
    deletes += gone
    inserts += born
    # actors: described once when first named (the first write naming it, in order); the description
    # goes with the last report naming it
    described: set[str] = set()
    for w in writes:
        for actor in w.actors.values():
            node = actor_term(actor.key)
            if node.value in described or node.value in old_names:
                continue
            described.add(node.value)
            if next(iter(store.quads_for_pattern(node, T["key"], None, ACTORS)), None) is None:
                inserts += actor_quads(actor)
    for iri in old_names - new_names:
        node = ox.NamedNode(iri)
        if not _referenced_elsewhere(store, node, graphs):
            deletes += store.quads_for_pattern(node, None, None, ACTORS)
    return list(dict.fromkeys(deletes)), list(dict.fromkeys(inserts))


def rebuild_quads(reports: Iterable[StoredReport]) -> list[ox.Quad]:
    """The events and summaries graphs computed from scratch from every report (and denial:
    ``all_reports`` marks the negated statements)."""
    by_key: dict[Key, list[StoredReport]] = {}
    denials: list[ox.Quad] = []
    links: list[ox.Quad] = []
    for r in reports:
        links.append(statement_link(r.key, ox.NamedNode(_STATEMENT + r.id), r.negated, r.shown))
        if r.negated:
            denials.append(denial_quad(r.key, ox.NamedNode(_STATEMENT + r.id)))
            continue
        by_key.setdefault(r.key, []).append(r)
    states = [derive_relation(key, rs) for key, rs in sorted(by_key.items())]
    out = [q for s in states for q in s.quads]
    return out + totals_quads(states) + denials + links + listing_quads(links)


def actors_for(triples: Sequence[Triple]) -> dict[str, Actor]:
    return actors_of(merge_statements(triples).values())


def _anchor_order(t: Triple) -> tuple:
    from geokg.graph.events import PRECISION_RANK

    if t.event_date is not None:
        return (0, PRECISION_RANK.get(t.event_date.precision, 9), t.event_date.value, t.statement_id)
    fallback = fallback_date(t.published)
    return (0, 0, fallback.value, t.statement_id) if fallback else (1, 9, "", t.statement_id)


def event_triples(store: ox.Store, reports: Iterable[Triple]) -> list[Triple]:
    """One ``Triple`` per distinct event: its anchor report's fields, its anchor date as ``event_date``,
    the evidence of all its reports, the highest confidence, and ``("sources", N)`` among its attributes.

    ``reports`` are the store's statements (``EmbeddedStore.statements``); ``article_id`` is the
    anchor report's article, so ``statement_id`` is one per event.
    """
    from dataclasses import replace

    from geokg.graph.derived import EVENTS, SUMMARIES, G
    from geokg.graph.namespace import GKS
    from geokg.graph.rdf import DATE, precision_of
    from geokg.ingest.models import EventDate as TripleDate

    by_id = {t.statement_id: t for t in reports if not t.negated}
    out: list[Triple] = []
    for link in store.quads_for_pattern(None, G["event"], None, SUMMARIES):
        members: list[str] = []
        date: TripleDate | None = None
        n_sources = 1
        for q in store.quads_for_pattern(link.object, None, None, EVENTS):
            if q.predicate == G["report"]:
                members.append(q.object.value.removeprefix(str(GKS)))
            elif q.predicate == DATE:
                date = TripleDate(q.object.value, precision_of(q.object))
            elif q.predicate == G["sources"]:
                n_sources = int(q.object.value)
        found = [by_id[m] for m in members if m in by_id]
        if not found:
            continue
        anchor = min(found, key=_anchor_order)  # as graph/events.cluster orders reports
        spans = tuple(e for t in found for e in t.evidence)
        out.append(replace(anchor, evidence=spans, event_date=date, published=None,
                           confidence=max(t.confidence for t in found),
                           attributes=tuple(sorted({**anchor.attrs, "sources": n_sources}.items()))))
    return out
