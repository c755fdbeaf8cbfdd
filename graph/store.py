"""The embedded, on-disk RDF store: one Oxigraph (RocksDB) directory, one named graph per article.

The hot paths (writes, counts, queries) talk to pyoxigraph directly; users who want
rdflib get an rdflib ``Dataset`` over the same store through oxrdflib
(:meth:`EmbeddedStore.rdflib_graph`).

Writes are transactional per article: :meth:`EmbeddedStore.write_article` replaces
the article's graph, and the actors, events and summaries it changes, in one Oxigraph
transaction (``Store.extend`` when nothing is deleted, else one SPARQL update request),
so a build killed mid-way leaves every article either fully as it was or fully written;
:meth:`EmbeddedStore.write_many` does the same for a chunk of articles at a time.

>>> import tempfile
>>> with EmbeddedStore(tempfile.mkdtemp() + "/kg") as store:   # doctest: +SKIP
...     store.stats()["articles"]
0
"""
from __future__ import annotations

import errno
import importlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from geokg.graph.derived import EVENTS, SUMMARIES, ArticleInfo, all_reports
from geokg.graph.maintain import Unplannable, Write, actors_for, plan_write, plan_writes, rebuild_quads, reports_of
from geokg.graph.namespace import GKART, ONTOLOGY_GRAPH, PREFIXES, article_iri, local_name
from geokg.graph.ontology import ONTOLOGY_TTL
from geokg.graph.rdf import (
    ACTORS,
    DATE,
    SOURCE,
    TITLE,
    A,
    T,
    actor_index,
    actor_quads,
    article_quads,
    ox_term,
    python_value,
    triples_from_quads,
)
from geokg.ingest.models import Article, Triple
from geokg.settings import UserError

if TYPE_CHECKING:
    import rdflib

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
GRAPH_FORMATS = ("graphml", "gexf")  # written by geokg.graph.network
EXPORT_FORMATS = (*RDF_FORMATS, *GRAPH_FORMATS)
_TRIPLE_FORMATS = ("turtle", "ntriples")  # no named graphs: the union of all graphs is written
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))


def _is_store_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file() and (path / "IDENTITY").exists()


def _open_error(path: Path, exc: OSError) -> UserError:
    text = str(exc)
    if "lock" in text.lower() or "Resource temporarily unavailable" in text:
        return UserError(f"the store {path} is in use by another geokg process (or opened twice in this "
                         f"one); wait for it to finish, or pass --store with another directory")
    if isinstance(exc, PermissionError) or "Permission denied" in text or "Read-only file system" in text:
        return UserError(f"cannot write to the store directory {path}: {text}; pass --store with a writable "
                         f"directory or set GEOKG_STORE")
    return UserError(f"cannot open the store {path}: {text}")


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


class EmbeddedStore:
    """An on-disk geokg graph (see docs/schema.md for what it holds)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, derive: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        # derive=False keeps no events and summaries: only for measuring what they cost (bench/)
        self.derive = derive
        self._store: ox.Store | None = None
        self._info_cache: ArticleInfo | None = None
        if self.path.exists() and not self.path.is_dir():
            raise UserError(f"{self.path} is a file, not a store directory; pass --store with a directory")
        if read_only:
            if not _is_store_dir(self.path):
                raise UserError(f"there is no geokg store at {self.path}; build one first with "
                                f"`geokg build PATH --store {self.path}`")
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise _open_error(self.path, exc) from exc
            return
        if self.path.is_dir() and any(self.path.iterdir()) and not _is_store_dir(self.path):
            raise UserError(f"{self.path} is not a geokg store (it holds other files); pass --store with an "
                            f"empty or new directory")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _open_error(self.path, exc) from exc
        if not os.access(self.path, os.W_OK | os.X_OK):
            raise UserError(f"cannot write to the store directory {self.path}; pass --store with a writable "
                            f"directory or set GEOKG_STORE")
        try:
            self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise _open_error(self.path, exc) from exc
        self._ensure_ontology()

    # ------------------------------------------------------------------ plumbing

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for code that needs the native API)."""
        if self._store is None:
            raise RuntimeError(f"the store {self.path} is closed")
        return self._store

    @property
    def _info(self) -> ArticleInfo:
        """Sources and dates of the stored articles, for the write path (forgotten as articles change)."""
        if self._info_cache is None:
            self._info_cache = ArticleInfo(self.oxigraph)
        return self._info_cache

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise UserError(f"the store {self.path} was opened read-only")
        return self.oxigraph

    def _replace_graph(self, graph: ox.NamedNode, quads: Sequence[ox.Quad]) -> None:
        """Make ``graph`` hold exactly ``quads``, in one transaction."""
        store = self._writable()
        if not store.contains_named_graph(graph):
            with _writing(self.path):
                store.extend(quads)  # transactional: all or nothing
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

    def _ensure_ontology(self) -> None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY)
                 for t in ox.parse(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE)]
        self._replace_graph(_ONTOLOGY, quads)

    def _article_graphs(self) -> Iterator[ox.NamedNode]:
        prefix = str(GKART)
        for g in self.oxigraph.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
                yield g

    # ------------------------------------------------------------------ writes

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
        self._apply(deletes, inserts)

    def _apply(self, deletes: Sequence[ox.Quad], inserts: Sequence[ox.Quad],
               drop: ox.NamedNode | None = None) -> None:
        """Delete, insert (and drop a graph) in one transaction: ``Store.extend`` when nothing is
        deleted, else one SPARQL update request (pyoxigraph has no other multi-operation transaction)."""
        store = self._writable()
        if not deletes and drop is None:
            with _writing(self.path):
                store.extend(inserts)  # transactional: all or nothing
            return
        parts = [f"DELETE DATA {{ {_graph_blocks(deletes)} }}"] if deletes else []
        if inserts:
            parts.append(f"INSERT DATA {{ {_graph_blocks(inserts)} }}")
        if drop is not None:
            parts.append(f"DROP SILENT GRAPH {drop}")
        with _writing(self.path):
            store.update(" ;\n".join(parts))

    def rebuild_derived(self) -> int:
        """Recompute the events and summaries graphs from every article graph (after a bulk load of
        :func:`geokg.graph.rdf.dataset_quads`); returns the number of derived quads."""
        store = self._writable()
        quads = rebuild_quads(all_reports(store))
        with _writing(self.path):
            for g in (EVENTS, SUMMARIES):
                store.remove_graph(g)
            store.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        return len(quads)

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
        self._apply(deletes, inserts, drop=graph)
        return True

    # ------------------------------------------------------------------ reads

    def has_article(self, article_id: str) -> bool:
        node = ox.NamedNode(str(article_iri(article_id)))
        return next(iter(self.oxigraph.quads_for_pattern(node, A, T["Article"], node)), None) is not None

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict[str, object]]:
        """Run a SPARQL query over the union of all graphs; rows as dicts of plain Python values.

        ``bindings`` are bound as variables (SEP-0007 substitutions), never pasted into the
        text: ``{"name": "Russia"}`` binds ``?name`` to the string; pass an IRI as
        ``rdflib.URIRef``. Oxigraph binds only variables a SELECT returns, so project
        them (``SELECT ?a ?b ...``, and ``GROUP BY ?a ?b`` when aggregating). The prefixes of
        docs/schema.md are predeclared. ASK answers
        ``[{"ask": bool}]``, CONSTRUCT/DESCRIBE one row per triple (subject, predicate, object).
        """
        subs = {ox.Variable(k.lstrip("?$")): ox_term(v) for k, v in (bindings or {}).items()}
        try:
            result = self.oxigraph.query(sparql, use_default_graph_as_union=True, substitutions=subs or None,
                                   prefixes=PREFIXES)
        except SyntaxError as exc:
            raise UserError(f"invalid SPARQL: {exc}") from exc
        except RuntimeError as exc:
            if "projection" not in str(exc):
                raise
            raise UserError(f"{exc}: Oxigraph binds only variables the SELECT returns; add the bound "
                            f"variables ({', '.join('?' + v.value for v in subs)}) to the SELECT clause "
                            f"(and to GROUP BY when it aggregates)") from exc
        if isinstance(result, ox.QueryBoolean):
            return [{"ask": bool(result)}]
        if isinstance(result, ox.QueryTriples):
            return [{"subject": python_value(t.subject), "predicate": python_value(t.predicate),
                     "object": python_value(t.object)} for t in result]
        names = [v.value for v in result.variables]
        return [{name: python_value(row[name]) for name in names} for row in result]

    def statements(self, include_negated: bool = True) -> Iterator[Triple]:
        """Every statement as a ``Triple``, one article at a time."""
        actors = actor_index(self.oxigraph.quads_for_pattern(None, None, None, ACTORS))
        for graph in self._article_graphs():
            quads = self.oxigraph.quads_for_pattern(None, None, None, graph)
            yield from triples_from_quads(quads, include_negated=include_negated, actors=actors)

    def events(self) -> list[Triple]:
        """One ``Triple`` per distinct event, with the evidence of every report
        (:func:`geokg.graph.maintain.event_triples`): what analytics count."""
        from geokg.graph.maintain import event_triples

        return event_triples(self.oxigraph, self.statements(include_negated=False))

    def articles(self) -> Iterator[Article]:
        """Every article's metadata (``text`` is "": the store keeps metadata, not bodies)."""
        for graph in self._article_graphs():
            props: dict[str, Any] = {}
            types: set[str] = set()
            for q in self.oxigraph.quads_for_pattern(graph, None, None, graph):
                if q.predicate == A:
                    types.add(q.object.value)
                else:
                    props.setdefault(q.predicate.value, python_value(q.object))
            if T["Article"].value not in types:
                continue
            aid = local_name(graph.value, str(GKART))
            yield Article(
                id=aid, text="", ref=props.get(T["path"].value) or aid, title=props.get(TITLE.value),
                date=props.get(DATE.value), source=props.get(SOURCE.value), url=props.get(T["url"].value),
            )

    def _count(self, sparql: str) -> int:
        rows = self.query(sparql)
        return int(rows[0]["n"] or 0) if rows else 0  # type: ignore[call-overload]

    def stats(self) -> dict[str, object]:
        """Counts: articles, actors, statements (= reports), distinct events, triples (quads outside
        the ontology graph) and statements by category (relation name -> number, largest first)."""
        by_category = {
            local_name(str(r["r"]), PREFIXES["gk"]): int(r["n"])  # type: ignore[call-overload]
            for r in self.query("SELECT ?r (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a gk:Statement ; "
                                "gk:relation ?r } GROUP BY ?r ORDER BY DESC(?n) ?r")
        }
        ontology = sum(1 for _ in self.oxigraph.quads_for_pattern(None, None, None, _ONTOLOGY))
        return {
            "articles": self._count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gk:Article }"),
            "actors": self._count("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x gk:key ?k }"),
            "statements": self._count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a gk:Statement }"),
            # reports: the statements of the articles; events: distinct events (graph/events.py)
            "reports": self._count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a gk:Statement }"),
            "events": self._count("SELECT (COUNT(?e) AS ?n) WHERE { ?r gk:event ?e }"),
            "triples": len(self.oxigraph) - ontology,
            "by_category": by_category,
        }

    # ------------------------------------------------------------------ exports

    def export(self, fmt: str, out: BinaryIO | Path) -> None:
        """Write the store as ``turtle``/``ntriples`` (the union of all graphs), ``nquads``/
        ``trig``/``jsonld`` (the dataset, one graph per article) or ``graphml``/``gexf``
        (the actor network, by ``geokg.graph.network``)."""
        if fmt in GRAPH_FORMATS:
            self._export_network(fmt, out)
            return
        if fmt not in RDF_FORMATS:
            raise UserError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        if isinstance(out, Path):
            with out.open("wb") as fh:
                self._export_rdf(fmt, fh)
        else:
            self._export_rdf(fmt, out)

    def _export_rdf(self, fmt: str, out: BinaryIO) -> None:
        if fmt == "jsonld":
            self._export_jsonld(out)
            return
        if fmt in _TRIPLE_FORMATS:
            # the union of the graphs, each triple once (actor descriptions repeat per article);
            # Turtle sorted by subject so each subject is written as one block
            order = " ORDER BY ?s ?p" if fmt == "turtle" else ""
            triples = self.oxigraph.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }}{order} }}",
                use_default_graph_as_union=True)
            ox.serialize(triples, out, RDF_FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None)
        else:
            self.oxigraph.dump(out, RDF_FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
        out.flush()

    def _export_jsonld(self, out: BinaryIO) -> None:
        """The dataset as compacted JSON-LD: one ``@graph`` per named graph, IRIs shortened by the
        project's ``@context`` (:data:`geokg.graph.namespace.JSONLD_CONTEXT`), which is written
        inline, so reading it back fetches nothing and gives the same quads."""
        import io

        from rdflib import Dataset

        from geokg.graph.namespace import JSONLD_CONTEXT

        buf = io.BytesIO()
        self.oxigraph.dump(buf, ox.RdfFormat.N_QUADS)
        ds = Dataset()
        ds.parse(data=buf.getvalue(), format="nquads")
        out.write(ds.serialize(format="json-ld", context=dict(JSONLD_CONTEXT), indent=1).encode("utf-8"))
        out.flush()

    def _export_network(self, fmt: str, out: BinaryIO | Path) -> None:
        try:
            network = importlib.import_module("geokg.graph.network")
        except ModuleNotFoundError as exc:
            if exc.name != "geokg.graph.network":
                raise
            raise UserError(f"{fmt} export needs geokg.graph.network, which this installation lacks; "
                            f"export an RDF format instead") from exc
        network.write_graph(self, fmt, out)

    def rdflib_graph(self) -> rdflib.Dataset:
        """An rdflib ``Dataset`` over this very store (via oxrdflib), union default graph.

        It shares the open pyoxigraph store: drop it before :meth:`close` so the lock goes too.
        """
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        ds = Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        return ds

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Flush and release the store (and its lock); closing twice is harmless."""
        if self._store is None:
            return
        store, self._store = self._store, None
        self._info_cache = None  # it holds the pyoxigraph store (and with it the lock)
        if not self.read_only:
            with _writing(self.path):
                store.flush()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._store is None else ("read-only" if self.read_only else "open")
        return f"EmbeddedStore({str(self.path)!r}, {state})"


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> EmbeddedStore:
    """The store at ``path``, else at ``GEOKG_STORE``, else ``./geokg-data``."""
    from geokg.settings import Settings

    return EmbeddedStore(path if path is not None else Settings.from_env().store, read_only=read_only)

