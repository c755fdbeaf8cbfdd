"""Write triples to Neo4j 5 in the model of docs/schema.md.

The one place that knows Cypher for writing. ``connect()`` makes the driver (the only
network I/O outside ``write``/``ensure_schema``/``counts``/``clear``); every write is an
``UNWIND $rows`` batch of ``MERGE`` statements inside a managed transaction
(``session.execute_write``, retried by the driver on transient faults), so a batch is all
or nothing and reloading anything adds nothing.

Per batch, in one transaction: actors, articles, events (one per ``Triple.statement_id``),
their ``ACTOR``/``RECIPIENT``/``ATTRIBUTED_TO`` links and ``REPORTED_IN`` evidence spans
(keyed by start/end), then the aggregated ``(:Actor)-[:{RELATION}]->(:Actor)``
relationships take in the events this batch created (the events that already existed were
counted when they were created): ``events`` (count of non-negated events),
``first_seen``/``last_seen`` (min/max event date) and ``score`` (mean PLOVER score of the
events; null for ROLE, TRADE, ...). Updating them from the batch, not from every event of
the two actors, keeps a batch's cost flat as the graph grows.

Relationship types and labels cannot be Cypher parameters, so the statements that need
them are generated once, below, from the fixed tuples ``RELATIONS`` and ``ACTOR_TYPES``;
a record whose relation or actor type is not in them is rejected before anything is sent.
Everything else is bound as ``$params``.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
)

from geokg.graph.namespace import RELATIONS
from geokg.graph.neo4j_limits import DEFAULT_TIMEOUT_SECONDS, Timeout, alarm, redact_uri, uri_password
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Triple
from geokg.settings import UserError, seconds_setting

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: How long the driver retries a batch on a lost connection before giving up (seconds).
DEFAULT_RETRY_SECONDS = 15.0
EVENT_ATTRIBUTES = ("role", "commodity", "share", "amount", "modality")

_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")
assert all(_NAME.match(n) for n in (*RELATIONS, *ACTOR_TYPES)), "names pasted into Cypher must be plain"


class Neo4jUnavailable(UserError):
    """The server is down, refused the credentials or dropped the connection (``geokg load`` exits 3)."""

    exit_code = 3


# --------------------------------------------------------------------------- Cypher

CONSTRAINTS = (
    "CREATE CONSTRAINT geokg_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT geokg_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
)

_MERGE_ACTORS = {
    label: f"""
UNWIND $rows AS r
MERGE (a:Actor {{id: r.id}})
SET a:{label}, a.name = r.name, a.type = r.type, a.country = r.country, a.wikidata = r.wikidata
"""
    for label in ACTOR_TYPES
}

_MERGE_ARTICLES = """
UNWIND $rows AS r
MERGE (a:Article {id: r.id})
SET a.title = r.title, a.date = r.date, a.source = r.source, a.url = r.url, a.path = r.path
"""

_MERGE_EVENTS = """
UNWIND $rows AS r
MATCH (s:Actor {id: r.subject}), (o:Actor {id: r.object}), (art:Article {id: r.article})
MERGE (e:Event {id: r.id})
SET e += r.props
MERGE (s)-[:ACTOR]->(e)
MERGE (e)-[:RECIPIENT]->(o)
FOREACH (ev IN r.evidence |
    MERGE (e)-[rep:REPORTED_IN {start: ev.start, end: ev.end}]->(art)
    SET rep.sentence = ev.sentence)
WITH e, r WHERE r.attributed_to IS NOT NULL
MATCH (by:Actor {id: r.attributed_to})
MERGE (e)-[:ATTRIBUTED_TO]->(by)
"""

# Events the database does not hold yet are CREATEd (cheaper than MERGE: nothing to look up);
# the uniqueness constraint on Event.id still guards them.
_CREATE_EVENTS = """
UNWIND $rows AS r
MATCH (s:Actor {id: r.subject}), (o:Actor {id: r.object}), (art:Article {id: r.article})
CREATE (s)-[:ACTOR]->(e:Event {id: r.id})-[:RECIPIENT]->(o)
SET e += r.props
FOREACH (ev IN r.evidence |
    CREATE (e)-[:REPORTED_IN {start: ev.start, end: ev.end, sentence: ev.sentence}]->(art))
WITH e, r WHERE r.attributed_to IS NOT NULL
MATCH (by:Actor {id: r.attributed_to})
CREATE (e)-[:ATTRIBUTED_TO]->(by)
"""

_EXISTING_EVENTS = "UNWIND $ids AS id MATCH (e:Event {id: id}) RETURN e.id AS id"

# Aggregates are kept incrementally: each batch adds the events it creates (an event that
# already exists was counted when it was created, so loading twice adds nothing). One query
# per relation type, so the relationship type is in the pattern: Neo4j then finds it between
# the two actors through their typed degrees, without walking a hub's thousands of events.
_READ_AGGREGATES = {
    rel: f"""
UNWIND $rows AS r
MATCH (:Actor {{id: r.s}})-[x:{rel}]->(:Actor {{id: r.o}})
RETURN r.s AS s, r.o AS o, x.events AS events, x.first_seen AS first_seen, x.last_seen AS last_seen,
       x.score AS score
"""
    for rel in RELATIONS
}
_NEW_AGGREGATES = {
    rel: f"""
UNWIND $rows AS r
MATCH (s:Actor {{id: r.s}}), (o:Actor {{id: r.o}})
CREATE (s)-[x:{rel}]->(o)
SET x.events = r.events, x.first_seen = r.first_seen, x.last_seen = r.last_seen, x.score = r.score
"""
    for rel in RELATIONS
}
_SET_AGGREGATES = {
    rel: f"""
UNWIND $rows AS r
MATCH (:Actor {{id: r.s}})-[x:{rel}]->(:Actor {{id: r.o}})
SET x.events = r.events, x.first_seen = r.first_seen, x.last_seen = r.last_seen, x.score = r.score
"""
    for rel in RELATIONS
}


# --------------------------------------------------------------------------- rows


def _date(value: str | None) -> dt.date | str | None:
    """A Neo4j date when the value is an ISO date, else the string as given (kept, never dropped)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return value


def _scalar(value: Any) -> Any:
    """Neo4j properties hold scalars: anything else is stored as its text."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _actor_row(actor: Actor) -> dict[str, Any]:
    if actor.type not in ACTOR_TYPES:
        raise ValueError(f"actor {actor.key!r} has unknown type {actor.type!r} (expected one of "
                         f"{', '.join(ACTOR_TYPES)})")
    return {"id": actor.key, "name": actor.name, "type": actor.type, "country": actor.country,
            "wikidata": actor.wikidata}


def _article_row(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "date": _date(article.date), "source": article.source,
            "url": article.url, "path": article.ref}


def _event_row(article_id: str, t: Triple) -> dict[str, Any]:
    if t.relation not in RELATIONS:
        raise ValueError(f"unknown relation {t.relation!r} (expected one of {', '.join(RELATIONS)})")
    attrs = t.attrs
    attributed = t.attributed_to.key if t.attributed_to else None
    props = {
        "relation": t.relation, "predicate": t.predicate, "mode": t.mode, "cameo": t.cameo, "score": t.score,
        "confidence": t.confidence, "negated": t.negated, "attributed_to": attributed, "date": _date(t.date),
        **{k: _scalar(attrs.get(k)) for k in EVENT_ATTRIBUTES},
    }
    return {
        "id": t.statement_id, "subject": t.subject.key, "object": t.object.key, "article": article_id,
        "attributed_to": attributed, "props": props,
        # one REPORTED_IN per span (the MERGE key): a span given twice is one
        "evidence": list({(e.start, e.end): {"sentence": e.sentence, "start": e.start, "end": e.end}
                          for e in t.evidence}.values()),
    }


@dataclass
class _Batch:
    """The rows of one transaction."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0  # triples

    def add(self, article: Article, t: Triple) -> None:
        for actor in (t.subject, t.object, t.attributed_to):
            if actor is not None:
                self.actors.setdefault(actor.key, _actor_row(actor))
        self.events.append(_event_row(article.id, t))
        self.size += 1


def _batches(items: Iterable[tuple[Article, Sequence[Triple]]], batch_size: int) -> Iterator[_Batch]:
    batch = _Batch()
    for article, triples in items:
        batch.articles[article.id] = _article_row(article)
        for t in triples:
            if batch.size >= batch_size:
                yield batch
                batch = _Batch(articles={article.id: _article_row(article)})
            batch.add(article, t)
    if batch.articles or batch.events:
        yield batch


def _write_batch(tx: ManagedTransaction, batch: _Batch) -> None:
    """One batch, all or nothing; idempotent, as the driver may run it again after a fault (the
    whole transaction is rolled back first, so "which events are new" is asked again too)."""
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in batch.actors.values():
        by_type[row["type"]].append(row)
    for label, rows in by_type.items():
        tx.run(_MERGE_ACTORS[label], rows=rows).consume()
    tx.run(_MERGE_ARTICLES, rows=list(batch.articles.values())).consume()
    if not batch.events:
        return
    existing = {rec["id"] for rec in tx.run(_EXISTING_EVENTS, ids=[e["id"] for e in batch.events])}
    new: dict[str, dict[str, Any]] = {}
    again: list[dict[str, Any]] = []  # events already stored, or a second row of one in this batch
    for e in batch.events:
        if e["id"] in existing or e["id"] in new:
            again.append(e)
        else:
            new[e["id"]] = e
    if new:
        tx.run(_CREATE_EVENTS, rows=list(new.values())).consume()
    if again:
        tx.run(_MERGE_EVENTS, rows=again).consume()
    _add_to_aggregates(tx, list(new.values()))


@dataclass
class _Aggregate:
    """What the events of one (subject, relation, object) add up to: the relationship's properties."""

    events: int = 0
    scored: int = 0
    score_sum: float = 0.0
    dates: list[Any] = field(default_factory=list)

    def row(self, s: str, o: str, old: dict[str, Any] | None) -> dict[str, Any]:
        events, scored, total = self.events, self.scored, self.score_sum
        dates = list(self.dates)
        if old is not None and old.get("events"):
            events += old["events"]
            if old.get("score") is not None:  # every event of a relation type has a score, or none has
                scored += old["events"]
                total += old["score"] * old["events"]
            dates += [_native(old.get("first_seen")), _native(old.get("last_seen"))]
        return {"s": s, "o": o, "events": events, "score": total / scored if scored else None,
                "first_seen": _extreme(dates, min), "last_seen": _extreme(dates, max)}


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _extreme(values: list[Any], pick: Callable[..., Any]) -> Any:
    """The earliest or latest date (ISO dates first; dates kept as free text only when there are none)."""
    dates = [v for v in values if isinstance(v, dt.date)]
    texts = [v for v in values if isinstance(v, str) and v]
    return pick(dates) if dates else (pick(texts) if texts else None)


def _add_to_aggregates(tx: ManagedTransaction, created: list[dict[str, Any]]) -> None:
    """Add the newly created, non-negated events to the aggregated relationships between their actors."""
    by_relation: dict[str, dict[tuple[str, str], _Aggregate]] = defaultdict(dict)
    for e in created:
        props = e["props"]
        if props["negated"]:
            continue
        agg = by_relation[props["relation"]].setdefault((e["subject"], e["object"]), _Aggregate())
        agg.events += 1
        if props["score"] is not None:
            agg.scored += 1
            agg.score_sum += float(props["score"])
        if props["date"] is not None:
            agg.dates.append(props["date"])
    for rel, aggs in by_relation.items():
        keys = [{"s": s, "o": o} for s, o in aggs]
        old = {(r["s"], r["o"]): r.data() for r in tx.run(_READ_AGGREGATES[rel], rows=keys)}
        fresh = [agg.row(s, o, None) for (s, o), agg in aggs.items() if (s, o) not in old]
        grown = [agg.row(s, o, old[(s, o)]) for (s, o), agg in aggs.items() if (s, o) in old]
        if fresh:
            tx.run(_NEW_AGGREGATES[rel], rows=fresh).consume()
        if grown:
            tx.run(_SET_AGGREGATES[rel], rows=grown).consume()


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
        self._write_batch = unit_of_work(timeout=self.timeout)(_write_batch)  # the server ends it too
        self._schema_ready = False
        self._written = 0

    def __enter__(self) -> Neo4jWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jWriter(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    def close(self) -> None:
        self.driver.close()

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints on Actor.id, Article.id and Event.id (once)."""
        if self._schema_ready:
            return
        with self._errors(), self.deadline(), self.driver.session(database=self.database) as session:
            for statement in CONSTRAINTS:
                session.run(statement).consume()
        self._schema_ready = True

    def write(self, items: Iterable[tuple[Article, Sequence[Triple]]], batch_size: int = 1000,
              on_progress: Callable[[int], None] | None = None) -> int:
        """Write every item in batches of about ``batch_size`` triples; returns the triples written.

        ``on_progress(n)`` is called after each committed batch with its number of triples.
        Raises :class:`Neo4jUnavailable` when the server cannot be reached, refuses the
        credentials or drops the connection for longer than the driver's retry time; the
        batches committed before stay, and rerunning the same load completes it.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.ensure_schema()
        self._written = 0
        with self._errors():
            for batch in _batches(items, batch_size):
                # a session per batch, inside the deadline: its clean-up is bounded too
                with self.deadline(), self.driver.session(database=self.database) as session:
                    session.execute_write(self._write_batch, batch)
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
        self._write_batch = unit_of_work(timeout=seconds)(_write_batch)

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
