"""Write triples to Neo4j 5 in the model of docs/schema.md.

The one place that knows how to reach Neo4j for writing. ``connect()`` makes the driver (the
only network I/O outside ``write``/``remove_articles``/``ensure_schema``/``counts``/``clear``);
every write is a batch of whole articles in one managed transaction (``session.execute_write``,
retried by the driver on transient faults), so a batch is all or nothing.

Each article written replaces what the graph held for it. Triples are *reports*; the reports of
every article that say the same thing (graph/events.py) are one ``:Event`` ``REPORTED_IN`` each
of those articles, recomputed from all the bucket's reports whenever one of them changes, so the
graph depends only on the set of articles written: not on their order, the batch size or
repeats. The statements of a batch (at most ``graph.neo4j_batch.STATEMENTS``, whatever its
size) are in graph/neo4j_batch.py; relationship types and labels are never taken from input
(the aggregate statement names the fixed ``RELATIONS``), everything else is bound as ``$params``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from neo4j import Driver, GraphDatabase, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
)

from geokg.graph import neo4j_summaries as summaries
from geokg.graph.namespace import RELATIONS
from geokg.graph.neo4j_batch import Batch, chunks, make_batch, removal, write_batch
from geokg.graph.neo4j_limits import DEFAULT_TIMEOUT_SECONDS, Timeout, alarm, redact_uri, uri_password
from geokg.ingest.models import ACTOR_TYPES, Article, Triple
from geokg.settings import UserError, seconds_setting

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: How long the driver retries a batch on a lost connection before giving up (seconds).
DEFAULT_RETRY_SECONDS = 15.0

_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")
assert all(_NAME.match(n) for n in (*RELATIONS, *ACTOR_TYPES)), "names pasted into Cypher must be plain"


class Neo4jUnavailable(UserError):
    """The server is down, refused the credentials or dropped the connection (``geokg load`` exits 3)."""

    exit_code = 3


CONSTRAINTS = (
    "CREATE CONSTRAINT geokg_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX geokg_event_pair IF NOT EXISTS FOR (n:Event) ON (n.pair)",
    # who-did, trade-dependencies: the events of one relation
    "CREATE INDEX geokg_event_relation IF NOT EXISTS FOR (n:Event) ON (n.relation)",
    # earlier versions indexed Event.bucket: nothing reads by it, and it cost every commit an update
    "DROP INDEX geokg_event_bucket IF EXISTS",
    # the summaries (graph/neo4j_summaries.py): hostile-/cooperative-dyads and top-actors read the first
    # LIMIT in the order of these indexes; the *-dyads of several sources seek the events by Event.sources
    "CREATE CONSTRAINT geokg_dyad_id IF NOT EXISTS FOR (n:Dyad) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX geokg_dyad_score IF NOT EXISTS FOR (n:Dyad) ON (n.score)",
    "CREATE INDEX geokg_actor_statements IF NOT EXISTS FOR (n:Actor) ON (n.statements)",
    "CREATE INDEX geokg_event_sources IF NOT EXISTS FOR (n:Event) ON (n.sources)",
    # the dated hostile-/cooperative-dyads and top-actors: each year's first in score order, then the
    # years of the candidates (queries/neo4j_years.py)
    "CREATE CONSTRAINT geokg_dyad_year_id IF NOT EXISTS FOR (n:DyadYear) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX geokg_dyad_year_score IF NOT EXISTS FOR (n:DyadYear) ON (n.year, n.score)",
    "CREATE INDEX geokg_dyad_year_dyad IF NOT EXISTS FOR (n:DyadYear) ON (n.dyad)",
    "CREATE CONSTRAINT geokg_actor_year_id IF NOT EXISTS FOR (n:ActorYear) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX geokg_actor_year_statements IF NOT EXISTS FOR (n:ActorYear) ON (n.year, n.statements)",
    "CREATE INDEX geokg_actor_year_actor IF NOT EXISTS FOR (n:ActorYear) ON (n.actor)",
    # new-relations reads events in date order from SINCE; who-did with dates, one relation's events by date
    "CREATE INDEX geokg_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
    "CREATE INDEX geokg_event_relation_date IF NOT EXISTS FOR (n:Event) ON (n.relation, n.date)",
    # attributed-to: the reports of a speaker that are not their event's anchor (sparse: most have none)
    "CREATE INDEX geokg_reported_in_speaker IF NOT EXISTS FOR ()-[r:REPORTED_IN]-() ON (r.attributed_to)",
    # articles-mentioning of an actor in many articles walks the articles newest first
    # (queries/neo4j_recent.py), the undated ones by their label :Undated
    "CREATE INDEX geokg_article_date IF NOT EXISTS FOR (n:Article) ON (n.date)",
)
#: A graph written before the label: its undated articles get it (the writer and the CSV export give it)
LABEL_UNDATED = "MATCH (a:Article) WHERE a.date IS NULL AND NOT a:Undated SET a:Undated"


# --------------------------------------------------------------------------- writer


@dataclass(frozen=True)
class GraphCounts:
    """Node counts by label and relationship counts by type."""

    nodes: dict[str, int]
    relationships: dict[str, int]


class Neo4jWriter:
    """Writes ``(Article, [Triple, ...])`` items to one Neo4j database. Make it with :func:`connect`.

    The constructor does no I/O; ``close()`` (or ``with``) releases the driver.
    """

    def __init__(self, driver: Driver, *, database: str | None = None, uri: str = "", user: str = "",
                 secret: str | None = None) -> None:
        self.driver = driver
        self.database = database
        self.uri = redact_uri(uri)  # what messages show; the driver has the real one
        self.user = user
        self._secret = secret  # only to scrub it from error messages
        self._secrets = [s for s in (secret, uri_password(uri)) if s]
        self.timeout = DEFAULT_TIMEOUT_SECONDS
        self._write_batch = unit_of_work(timeout=self.timeout)(write_batch)  # the server ends it too
        self._schema_ready = False
        self._written = 0
        #: When a list, the text of every statement a batch sends is appended to it (tests, benchmarks).
        self.statements: list[str] | None = None

    def __enter__(self) -> Neo4jWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jWriter(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    def close(self) -> None:
        self.driver.close()

    def ensure_schema(self) -> None:
        """Create the constraints and indexes of ``CONSTRAINTS``, label the undated articles ``:Undated``
        where a graph written before the label has them, and compute the summaries of a graph written
        before them (once)."""
        if self._schema_ready:
            return
        with self._errors(), self.deadline(), self.driver.session(database=self.database) as session:
            for statement in CONSTRAINTS:
                session.run(statement).consume()
            session.run(LABEL_UNDATED).consume()
            missing = session.run(summaries.MISSING).single()
        self._schema_ready = True
        if missing is not None and missing["missing"]:
            self.refresh_summaries()

    def refresh_summaries(self, chunk: int = 5000) -> None:
        """Compute every actor's and dyad's summary from the events again (graph/neo4j_summaries.py) and
        write them over the old ones: what ``ensure_schema`` does to a graph written before the
        summaries. Each read and each chunk of ``chunk`` writes is a transaction of its own, and each
        page of the events read, each deletion and each chunk has a deadline of its own."""
        totals = summaries.Totals()
        with self._errors(), self.driver.session(database=self.database) as session:
            with self.deadline():
                records = iter(session.run(summaries.ALL_EVENTS))
            while True:  # the deadline is per page of records: a big graph's read may take longer in all
                with self.deadline():
                    page = list(islice(records, 20_000))
                for rec in page:
                    totals.event(rec["s"], rec["o"], {"score": rec["score"], "sources": rec["sources"],
                                                      "date": rec["date"]})
                if not page:
                    break
            with self.deadline():
                keys = [rec["id"] for rec in session.run(summaries.ACTOR_KEYS)]
            for text in (summaries.DELETE_DYADS, summaries.DELETE_PAIRS):
                with self.deadline():
                    session.run(text).consume()
            actors = [{"id": k, **totals.actor(k)} for k in keys]
            for text, rows in ((summaries.SET_ACTORS, actors), (summaries.CREATE_DYADS, totals.dyads()),
                               (summaries.CREATE_DYAD_YEARS, totals.dyads(years=True)),
                               (summaries.CREATE_ACTOR_YEARS, totals.actor_years()),
                               (summaries.CREATE_PAIRS, totals.partners())):
                for i in range(0, len(rows), chunk):
                    with self.deadline():
                        session.execute_write(lambda tx, text=text, part=rows[i:i + chunk]:
                                              tx.run(text, {"rows": part}).consume())

    def write(self, items: Iterable[tuple[Article, Sequence[Triple]]], batch_size: int = 1000,
              on_progress: Callable[[int], None] | None = None) -> int:
        """Write every item (each article replacing what the graph held for it) in batches of whole
        articles, about ``batch_size`` triples each; returns the triples written.

        ``on_progress(n)`` is called after each committed batch with its number of triples.
        Raises :class:`Neo4jUnavailable` when the server cannot be reached, refuses the
        credentials or drops the connection for longer than the driver's retry time; the
        batches committed before stay, and rerunning the same load completes it.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        return self._run(_prepared_ahead(chunks(items, batch_size)), on_progress)

    def remove_articles(self, article_ids: Iterable[str], batch_size: int = 1000) -> None:
        """Remove articles with their reports: the events they reported are recomputed from the
        reports left (an event no article reports any more is deleted, and so is an actor left
        without any relationship). An id the graph does not hold is ignored."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._run(removal(article_ids, batch_size), None)

    def _run(self, work: Iterable[Batch], on_progress: Callable[[int], None] | None) -> int:
        self.ensure_schema()
        self._written = 0
        with self._errors():
            for batch in work:
                # a session per batch, inside the deadline: its clean-up is bounded too
                with self.deadline(), self.driver.session(database=self.database) as session:
                    session.execute_write(self._write_batch, batch, self.statements)
                self._written += batch.size
                if on_progress is not None:
                    on_progress(batch.size)
        return self._written

    def counts(self) -> GraphCounts:
        """Node counts by label and relationship counts by type (a full scan: for tests and checks)."""
        with self._errors(), self.deadline(), self.driver.session(database=self.database) as session:
            nodes = session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
            node_counts = {r["label"]: r["n"] for r in nodes}
            rels = session.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
            rel_counts = {r["type"]: r["n"] for r in rels}
        return GraphCounts(node_counts, rel_counts)

    def clear(self) -> None:
        """Delete every node and relationship (keeps the constraints). For tests."""
        with self._errors(), self.deadline(), self.driver.session(database=self.database) as session:
            # relationships first: a DETACH DELETE of 10,000 hub nodes would hold nearly every
            # relationship in one transaction and exhaust the server's transaction memory
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()

    def set_timeout(self, seconds: float) -> None:
        self.timeout = seconds
        self._write_batch = unit_of_work(timeout=seconds)(write_batch)

    @contextmanager
    def deadline(self) -> Iterator[None]:
        """One call to the server, which must answer within ``self.timeout`` seconds (else exit 3)."""
        try:
            with alarm(self.timeout):
                yield
        except Timeout:
            raise Neo4jUnavailable(self._scrub(
                f"Neo4j at {self.uri} did not answer within {self.timeout:g} s: is the server frozen or "
                "overloaded? Set GEOKG_NEO4J_TIMEOUT for a longer wait; rerunning adds no duplicates")) from None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver faults -> one line the user can act on (never the password)."""
        try:
            yield
        except AuthError as exc:
            raise Neo4jUnavailable(self._scrub(
                f"Neo4j at {self.uri} refused the credentials of user {self.user!r}: "
                "check NEO4J_USER and NEO4J_PASSWORD")) from exc
        except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as exc:
            if self._written:
                msg = (f"lost the connection to Neo4j at {self.uri} after {self._written:,} triples were "
                       f"written ({_reason(exc)}); rerun the same command to finish the load: "
                       "it adds no duplicates")
            else:
                msg = (f"cannot reach Neo4j at {self.uri} ({_reason(exc)}): is the server running? "
                       "Set NEO4J_URI, or start the test server with `make neo4j`")
            raise Neo4jUnavailable(self._scrub(msg)) from exc
        except ClientError as exc:
            if "DatabaseNotFound" in (exc.code or ""):
                raise UserError(f"Neo4j at {self.uri} has no database {self.database!r}") from exc
            raise

    def _scrub(self, text: str) -> str:
        text = " ".join(text.split())
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class Neo4jSink:
    """The ``neo4j=`` writer of :func:`geokg.graph.build.build`: takes one article at a time and
    writes them to Neo4j in batches of about ``batch_size`` triples (call :meth:`flush` at the end)."""

    def __init__(self, writer: Neo4jWriter, batch_size: int = 1000) -> None:
        self.writer = writer
        self.batch_size = batch_size
        self.written = 0
        self._items: list[tuple[Article, Sequence[Triple]]] = []
        self._size = 0

    def write(self, article: Article, triples: Sequence[Triple]) -> None:
        self._items.append((article, list(triples)))
        self._size += max(1, len(triples))
        if self._size >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self._items:
            items, self._items, self._size = self._items, [], 0
            self.written += self.writer.write(items, batch_size=self.batch_size)


def _prepared_ahead(work: Iterator[list[tuple[Article, Sequence[Triple]]]]) -> Iterator[Batch]:
    """The batches of ``work``'s chunks, each prepared (``make_batch``: pure Python, no I/O) in a
    thread while the caller writes the one before: the server's time and the client's overlap.
    The items themselves are read in the caller's thread."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-neo4j-prepare") as pool:
        def ahead() -> Future[Batch] | None:
            chunk = next(work, None)
            return None if chunk is None else pool.submit(make_batch, chunk)

        try:
            pending = ahead()
            while pending is not None:
                batch = pending.result()
                pending = ahead()
                yield batch
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _reason(exc: Exception) -> str:
    """The short cause inside a driver message ('Connection refused', 'defunct connection', ...)."""
    text = " ".join(str(exc).split())
    m = re.search(r"\[Errno \d+\] ([^)\]]+)", text) or re.search(r"reason:? ?([^)\]]+)", text)
    reason = m.group(1) if m else (text or type(exc).__name__)
    return reason if len(reason) <= 120 else reason[:117] + "..."


def connect(uri: str | None = None, user: str | None = None, password: str | None = None,
            database: str | None = None, *, retry_seconds: float | None = None) -> Neo4jWriter:
    """Open a verified connection; values not given come from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE (and GEOKG_NEO4J_RETRY_SECONDS for how long a lost connection is retried).

    Raises :class:`Neo4jUnavailable` (server down, wrong credentials) or ``UserError``.
    """
    uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
    shown = redact_uri(uri)  # a password written into NEO4J_URI is never printed back
    user = user or os.environ.get("NEO4J_USER") or DEFAULT_USER
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    if password is None:
        raise UserError(f"no password for Neo4j user {user!r} at {shown}: set NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or None
    scheme = uri.partition("://")[0] if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise UserError(f"invalid Neo4j URI {shown!r}: expected bolt://HOST:PORT or neo4j://HOST:PORT "
                        "(+s or +ssc for TLS)")
    if retry_seconds is None:
        retry_seconds = seconds_setting("GEOKG_NEO4J_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)
    timeout = seconds_setting("GEOKG_NEO4J_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)
    try:
        # notifications off: a fresh database warns of every relationship type not created yet
        driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=min(10.0, timeout),
                                      connection_acquisition_timeout=timeout,
                                      max_transaction_retry_time=retry_seconds,
                                      notifications_min_severity="OFF")
    except (ValueError, ConfigurationError) as exc:
        text = " ".join(str(exc).split())
        for secret in (password, uri_password(uri)):
            text = text.replace(secret, "***") if secret else text
        raise UserError(f"invalid Neo4j URI {shown!r}: {text}") from None
    writer = Neo4jWriter(driver, database=database, uri=uri, user=user, secret=password)
    writer.set_timeout(timeout)
    try:
        with writer._errors(), writer.deadline(), driver.session(database=database) as session:
            session.run("RETURN 1").consume()
    except BaseException:
        driver.close()
        raise
    return writer
