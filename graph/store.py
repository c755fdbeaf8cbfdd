"""The embedded, on-disk RDF store: one Oxigraph (RocksDB) directory, one named graph per article.

The hot paths (writes, counts, queries) talk to pyoxigraph directly; users who want
rdflib get an rdflib ``Dataset`` over the same store through oxrdflib
(:meth:`EmbeddedStore.rdflib_graph`).

Writes are transactional per article: :meth:`EmbeddedStore.write_article` replaces
the article's graph, and the actors, events and summaries it changes, in one Oxigraph
transaction (``Store.extend`` when nothing is deleted, else one SPARQL update request),
so a build killed mid-way leaves every article either fully as it was or fully written;
:meth:`EmbeddedStore.write_many` does the same for a chunk of articles at a time (the write
path is graph/writes.py).

>>> import tempfile
>>> with EmbeddedStore(tempfile.mkdtemp() + "/kg") as store:   # doctest: +SKIP
...     store.stats()["articles"]
0
"""
from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from geokg.graph.derived import EVENTS, SUMMARIES, ArticleInfo, G
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
    ox_term,
    python_value,
    triples_from_quads,
)
from geokg.graph.writes import StoreWrites, _writing
from geokg.ingest.models import Article, Triple
from geokg.settings import UserError

log = logging.getLogger(__name__)

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


class EmbeddedStore(StoreWrites):
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
        self._ensure_month_indexes()
        self._ensure_derived_layout()
        self._ensure_hub_indexes()
        self._ensure_pair_months()
        self._ensure_year_summaries()
        self._ensure_from_rankings()
        self._ensure_side_tallies()

    # ------------------------------------------------------------------ plumbing

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for code that needs the native API)."""
        if self._store is None:
            raise RuntimeError(f"the store {self.path} is closed")
        return self._store

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise UserError(f"the store {self.path} was opened read-only")
        return self.oxigraph

    def _ensure_ontology(self) -> None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY)
                 for t in ox.parse(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE)]
        self._replace_graph(_ONTOLOGY, quads)

    def _ensure_month_indexes(self) -> None:
        """A store written before the month indexes (graph/mentions.py) gets them once, at its first
        writable opening: two index look-ups when it has them or holds no statement."""
        from geokg.graph.mentions import BUCKET, backfill

        store = self.oxigraph
        if next(iter(store.quads_for_pattern(None, BUCKET, None, None)), None) is not None:
            return
        if next(iter(store.quads_for_pattern(None, T["subject"], None, None)), None) is None:
            return
        log.info("indexing the months of %s's articles (once, for a store from an earlier version)", self.path)
        with _writing(self.path):
            backfill(store)

    def _ensure_derived_layout(self) -> None:
        """A store whose derived graphs predate the rankings, periods and denials (docs/schema.md) has its
        events and summaries derived again, once, at its first writable opening: the queries that read
        them would otherwise answer nothing. The marker: an event but no ranked summary (the actors
        ranking holds every actor with an event)."""
        if not self.derive:
            return
        store = self.oxigraph
        if next(iter(store.quads_for_pattern(None, G["report"], None, EVENTS)), None) is None:
            return
        if next(iter(store.quads_for_pattern(None, G["ranked"], None, SUMMARIES)), None) is not None:
            self._ensure_rank_pages()
            self._ensure_multi_source()
            return
        log.warning("deriving the events and summaries of %s again (once, for a store from an earlier "
                    "version): this takes about a minute per 20,000 statements", self.path)
        self.rebuild_derived()

    def _ensure_rank_pages(self) -> None:
        """Rankings of one node per rank (before pages, graph/rankings.py) are paged once, from the
        summaries: a query per ranking, not a new derivation."""
        from geokg.graph.rankings import repaged

        plan = repaged(self.oxigraph)
        if plan is not None:
            log.info("paging the rankings of %s (once, for a store from an earlier version)", self.path)
            self._apply(*plan)

    def _ensure_multi_source(self) -> None:
        """Events of several sources without their category's ``gk:multiSource`` link (a store from before
        graph/multisource.py) get them once, from the events graph: no new derivation."""
        from geokg.graph import multisource

        if multisource.missing(self.oxigraph, EVENTS, SUMMARIES):
            log.info("indexing the events of several sources of %s (once, for a store from an earlier version)",
                     self.path)
            self._apply([], multisource.backfill_quads(self.oxigraph, EVENTS, SUMMARIES))

    def _ensure_hub_indexes(self) -> None:
        """A store whose summaries predate the hub indexes (graph/hubindex.py) gets them once, at its first
        writable opening, from the summaries graph alone (two look-ups when it has them)."""
        from geokg.graph import hubindex

        if self.derive and hubindex.needs_backfill(self.oxigraph):
            log.warning("indexing the relation and pair summaries of %s by actor (once, for a store from an "
                        "earlier version): about 40 s per 200,000 statements", self.path)
            with _writing(self.path):
                hubindex.backfill(self.oxigraph)

    def _ensure_pair_months(self) -> None:
        """A store written before the month buckets of the relations (graph/pairdates.py) gets them once, at
        its first writable opening, from its events and statements (not a rebuild); marked done by their
        listings, written last."""
        from geokg.graph.pairdates import backfill, needs_backfill

        if not self.derive or not needs_backfill(self.oxigraph):
            return
        log.warning("indexing the months of the events and statements of %s (once, for a store from an "
                    "earlier version): about a minute per 500,000 statements", self.path)
        with _writing(self.path):
            backfill(self.oxigraph)

    def _ensure_year_summaries(self) -> None:
        """A store with events but no year summaries (graph/yearly.py) gets them once, at its first writable
        opening, from its events graph (not a rebuild): bulk-loaded (a set: loading them again after a kill
        adds nothing), the ``gk:yearOf`` quads last in one transaction, since the dated queries read the
        year summaries when the store has one (queries/yearly.py) and count every event otherwise."""
        from geokg.graph import yearly
        from geokg.graph.yearnodes import YEAR_OF

        store = self.oxigraph
        if not self.derive or not yearly.needs_backfill(store):
            return
        log.warning("summarising the events of %s by year (once, for a store from an earlier version): "
                    "about a minute per 1,000,000 statements", self.path)
        self._info.forget()  # the rankings' pools gain the year rankings
        quads = yearly.backfill_quads(store)
        last = [q for q in quads if q.predicate == YEAR_OF]
        rest = [q for q in quads if q.predicate != YEAR_OF]
        with _writing(self.path):
            for start in range(0, len(rest), 200_000):
                chunk = rest[start:start + 200_000]
                store.bulk_load(ox.serialize(chunk, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        self._apply([], last)

    def _ensure_from_rankings(self) -> None:
        """Year summaries without the from-year rankings (before graph/fromrank.py) get them once, from the
        stored year scores (one scan): no new derivation."""
        from geokg.graph import fromrank

        if self.derive and fromrank.needs_backfill(self.oxigraph):
            log.info("ranking the pairs of %s from each year on (once, for a store from an earlier version)",
                     self.path)
            self._info.forget()  # the rankings' pools gain the from-year rankings
            self._apply([], fromrank.backfill_quads(self.oxigraph))

    def _ensure_side_tallies(self) -> None:
        """Actor summaries without their events of several sources as subject and object (before
        graph/sidetally.py) get them once, from the events of two sources or more: no new derivation."""
        from geokg.graph import sidetally

        if self.derive and not sidetally.has_tallies(self.oxigraph):
            log.info("tallying the events of several sources of %s by actor (once, for a store from an earlier "
                     "version)", self.path)
            self._apply([], sidetally.backfill_quads(self.oxigraph))

    def _article_graphs(self) -> Iterator[ox.NamedNode]:
        prefix = str(GKART)
        for g in self.oxigraph.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
                yield g

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
        # a row iterates over its values in the order of the names
        return [dict(zip(names, map(python_value, row), strict=True)) for row in result]

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

