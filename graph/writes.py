"""The embedded store's write path: article graphs, actors, events and summaries in one transaction.

:class:`StoreWrites` is the half of :class:`geokg.graph.store.EmbeddedStore` that writes: every
write is planned by graph/maintain.py (the quads to delete and to insert) and applied in one
Oxigraph transaction, ``Store.extend`` when nothing is deleted, else one SPARQL update request
(pyoxigraph 0.5 has no other transaction that both deletes and inserts: ``Store.remove`` is one quad
per transaction and ``bulk_extend`` is not transactional).
"""
from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from geokg.graph.derived import EVENTS, SUMMARIES, ArticleInfo
from geokg.graph.maintain import Unplannable, Write, actors_for, plan_write, plan_writes, reports_of
from geokg.graph.namespace import article_iri
from geokg.graph.rdf import actor_quads, article_quads
from geokg.ingest.models import Article, Triple
from geokg.settings import UserError

#: Quads a store writes between two flushes of its write buffers (about 200 generated articles).
FLUSH_QUADS = 200_000


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A failed write (full disk, read-only file system) -> a UserError that says what to do."""
    try:
        yield
    except OSError as exc:
        text = " ".join(str(exc).split())
        if "No space left" in text or getattr(exc, "errno", None) == errno.ENOSPC:
            raise UserError(f"the disk holding the store {path} is full ({text}); free some space or pass "
                            f"--store with a directory on another disk. The store keeps every article "
                            f"written before this one") from None
        if isinstance(exc, PermissionError) or "Read-only file system" in text or "Permission denied" in text:
            raise UserError(f"cannot write to the store {path} ({text}); pass --store with a writable "
                            f"directory or set GEOKG_STORE") from None
        raise UserError(f"writing to the store {path} failed: {text}") from None


def _graph_blocks(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q.triple)  # type: ignore[arg-type]
    # N-Triples (serialised by Oxigraph itself) is valid SPARQL data syntax; the store has no blank nodes
    return "\n".join(f"GRAPH {g} {{\n{ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode()}\n}}"
                     for g, ts in by_graph.items())


def _sparql_block(quads: Iterable[ox.Quad]) -> str:
    # str() of pyoxigraph terms is their N-Triples form, which is valid SPARQL data syntax
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


class StoreWrites:
    """Writes of an :class:`~geokg.graph.store.EmbeddedStore` (which provides the attributes below)."""

    path: Path
    derive: bool
    _info_cache: ArticleInfo | None
    #: quads written since the store's write buffers were last flushed (:meth:`_wrote`)
    _unflushed: int = 0

    if TYPE_CHECKING:
        @property
        def oxigraph(self) -> ox.Store: ...

        def _writable(self) -> ox.Store: ...

    @property
    def _info(self) -> ArticleInfo:
        """Sources and dates of the stored articles, for the write path (forgotten as articles change)."""
        if self._info_cache is None:
            self._info_cache = ArticleInfo(self.oxigraph)
        return self._info_cache

    def _wrote(self, quads: int) -> None:
        """Count quads written; every :data:`FLUSH_QUADS` flush the store's write buffers to disk. RocksDB
        keeps up to two 64 MiB buffers per index before it flushes on its own: without this, a build's
        memory grew with the store to about 2 GB (3,000 generated articles: 1,959 MiB; flushing every
        200 articles: 451 MiB) whatever the batch size."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_QUADS:
            self._unflushed = 0
            self._flush()

    def _flush(self) -> None:
        with _writing(self.path):
            self.oxigraph.flush()

    def _replace_graph(self, graph: ox.NamedNode, quads: Sequence[ox.Quad]) -> None:
        """Make ``graph`` hold exactly ``quads``, in one transaction."""
        store = self._writable()
        if not store.contains_named_graph(graph):
            with _writing(self.path):
                store.extend(quads)  # transactional: all or nothing
            self._wrote(len(quads))
            return
        old = set(store.quads_for_pattern(None, None, None, graph))
        new = set(quads)
        if old == new:
            return
        parts = []
        if old - new:
            parts.append(f"DELETE DATA {{ GRAPH {graph} {{\n{_sparql_block(old - new)}\n}} }}")
        if new - old:
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{_sparql_block(new - old)}\n}} }}")
        with _writing(self.path):
            store.update(" ;\n".join(parts))  # one update request = one transaction
        self._wrote(len(old ^ new))

    def write_article(self, article: Article, triples: Sequence[Triple]) -> int:
        """Replace the article's named graph with what ``triples`` say, and bring the actors, events
        and summaries graphs in line, all in one transaction.

        Returns the number of quads the article's graph holds. Writing the same article
        again changes nothing.
        """
        return self.write_many([(article, triples)], chunk=1)

    def write_many(self, items: Iterable[tuple[Article, Sequence[Triple]]], chunk: int = 64) -> int:
        """:meth:`write_article` for each item, ``chunk`` articles per transaction (a failure or a
        kill leaves each chunk, and so each article, fully as it was or fully written); the same store
        as writing them one by one in this order. Returns the total number of quads of their graphs."""
        store = self._writable()
        if not self.derive:
            return self._write_underived(items, chunk)
        total = 0
        pending: list[Write] = []
        for article, triples in items:
            quads = article_quads(article, triples)
            total += len(quads)
            graph = ox.NamedNode(str(article_iri(article.id)))
            if any(w.graph == graph for w in pending):  # the same article twice: in order
                self._write_chunk(pending)
                pending = []
            old = list(store.quads_for_pattern(None, None, None, graph))
            if old and set(old) == set(quads):
                continue
            pending.append(Write(graph, quads, reports_of(article, triples), actors_for(triples), old))
            if len(pending) >= chunk:
                self._write_chunk(pending)
                pending = []
        if pending:
            self._write_chunk(pending)
        return total

    def _write_underived(self, items: Iterable[tuple[Article, Sequence[Triple]]], chunk: int) -> int:
        """``derive=False`` (bench/ only): article graphs and actors, new articles ``chunk`` per
        ``Store.extend``, as the derived path batches them."""
        total = 0
        pending: list[ox.Quad] = []
        graphs: set[str] = set()

        def flush() -> None:
            if pending:
                self._apply([], pending)
            pending.clear()
            graphs.clear()

        for article, triples in items:
            quads = article_quads(article, triples)
            total += len(quads)
            graph = ox.NamedNode(str(article_iri(article.id)))
            actors = [q for a in actors_for(triples).values() for q in actor_quads(a)]
            if graph.value in graphs or self.oxigraph.contains_named_graph(graph):
                flush()
                self._replace_graph(graph, quads)
                self._apply([], actors)
                continue
            pending += quads + actors
            graphs.add(graph.value)
            if len(graphs) >= chunk:
                flush()
        flush()
        return total

    def _write_chunk(self, writes: Sequence[Write]) -> None:
        try:
            deletes, inserts = plan_writes(self.oxigraph, writes, self._info)
        except Unplannable:  # rare: one article at a time
            for w in writes:
                self._write_chunk([w])
            return
        for w in writes:
            self._info.forget(w.graph)
        try:
            self._apply(deletes, inserts)
        except BaseException:
            self._info.forget()  # the rankings were moved on for a write that did not land
            raise

    def _apply(self, deletes: Sequence[ox.Quad], inserts: Sequence[ox.Quad],
               drop: ox.NamedNode | None = None) -> None:
        """Delete, insert (and drop a graph) in one transaction: ``Store.extend`` when nothing is
        deleted, else one SPARQL update request (pyoxigraph has no other multi-operation transaction)."""
        store = self._writable()
        if not deletes and drop is None:
            with _writing(self.path):
                store.extend(inserts)  # transactional: all or nothing
            self._wrote(len(inserts))
            return
        parts = [f"DELETE DATA {{ {_graph_blocks(deletes)} }}"] if deletes else []
        if inserts:
            parts.append(f"INSERT DATA {{ {_graph_blocks(inserts)} }}")
        if drop is not None:
            parts.append(f"DROP SILENT GRAPH {drop}")
        with _writing(self.path):
            store.update(" ;\n".join(parts))
        self._wrote(len(deletes) + len(inserts))

    def rebuild_derived(self) -> int:
        """Recompute the events and summaries graphs from every article graph (after a bulk load of
        :func:`geokg.graph.rdf.dataset_quads`), a batch of relations at a time (graph/rebuild.py: the
        memory it takes is the reports' and the totals', not the derived quads'); returns the number
        of derived quads. Not transactional, like the bulk load it follows."""
        from geokg.graph.rebuild import stream_rebuild

        store = self._writable()

        def load(quads: list[ox.Quad]) -> None:
            if quads:
                store.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)

        self._info.forget()  # the rankings are rebuilt too
        with _writing(self.path):
            for g in (EVENTS, SUMMARIES):
                store.remove_graph(g)
            return stream_rebuild(store, load)

    def bulk_load_nquads(self, source: str | Path | bytes) -> None:
        """Load an N-Quads file (``str``/``Path``: its path) or N-Quads ``bytes`` through the
        Oxigraph bulk loader: fast, but not transactional (use it on a store nobody reads)."""
        store = self._writable()
        self._info.forget()  # the load may replace any article's graph
        with _writing(self.path):
            if isinstance(source, bytes):
                store.bulk_load(source, ox.RdfFormat.N_QUADS)
            else:
                store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)

    def remove_article(self, article_id: str) -> bool:
        """Remove the article's graph, its reports from the events (an event reported by it alone goes
        with it) and its share of the summaries, in one transaction; False when the store did not hold it."""
        graph = ox.NamedNode(str(article_iri(article_id)))
        store = self._writable()
        if not store.contains_named_graph(graph):
            return False
        deletes, inserts = plan_write(store, graph, [], [], {}, info=self._info) if self.derive else ([], [])
        self._info.forget(graph)
        try:
            self._apply(deletes, inserts, drop=graph)
        except BaseException:
            self._info.forget()
            raise
        return True
