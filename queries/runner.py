"""Run a catalogue query on the embedded RDF store or on Neo4j, with the same rows from both.

>>> columns, rows = run_query("hostile-dyads", {"limit": "3"}, store_path="geokg-data")  # doctest: +SKIP
>>> columns
['actor_a', 'actor_b', 'events', 'score', 'sources']

Parameters are converted by their declared types, actor names are resolved to keys
against the actors the backend holds, and everything is passed as bound parameters:
``$name`` driver parameters in Cypher, pyoxigraph substitutions in SPARQL. The IRIs derived from
them (``sparql_iris``) go where a SPARQL text says ``# values here: ?name``, as a VALUES block of
terms written by pyoxigraph (``inline_values``), like list parameters: data, never text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from geokg.ingest.models import slug
from geokg.queries.actors import resolve_actor
from geokg.queries.catalogue import Query, load_query
from geokg.queries.sparql_values import (
    CHUNKED,
    VALUES_HERE,
    inline_values,
    period_stems,
    sparql_iris,
    values_block,
)
from geokg.settings import Settings, UserError

__all__ = ["CHUNKED", "inline_values", "period_stems", "run_query", "sparql_iris", "values_block"]

BACKENDS = ("embedded", "neo4j")
ACTORS_QUERY = "actors"
LOOKUP_QUERY = "actor-lookup"  # the key or name as typed: no need to list every actor
NAMES_QUERY = "actor-names"  # the names of the keys a table shows, in one query with a list parameter
#: Applied by the runner to the rows, not bound: SPARQL's LIMIT takes no variable. Cypher
#: binds it too ($limit), so Neo4j stops early.
LIMIT_PARAM = "limit"
#: A variant's line naming the plan that answers it on the embedded store (``queries/yearly.py: PLANS``).
PLAN_LINE = re.compile(r"(?m)^# plan: (?P<kind>[\w-]+)$")
#: The same in a Cypher variant: the plan that answers it on Neo4j (``queries/neo4j_years.py: PLANS``).
CYPHER_PLAN_LINE = re.compile(r"(?m)^// plan: (?P<kind>[\w-]+)$")

Rows = list[list[Any]]
Execute = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


class SparqlStore(Protocol):
    """What the runner needs of the embedded store (``geokg.graph.store.EmbeddedStore``)."""

    def query(self, sparql: str, bindings: dict[str, Any]) -> list[dict[str, Any]]: ...


def normalise(value: Any) -> Any:
    """One value as plain Python, the same whichever backend produced it.

    Numbers that are whole become ``int`` (a SPARQL ``SUM`` of doubles and a Cypher
    ``count`` must compare equal, and 60.0 prints as 60), others are rounded to 6
    places; dates become ISO strings; empty strings become ``None`` (one store omits
    an empty literal, the other keeps ``""``).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        f = float(value)
        if math.isfinite(f) and f == int(f):
            return int(f)
        return round(f, 6)
    if isinstance(value, str):
        return value or None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime
        return value.iso_format()
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return str(value)


def _open_embedded(store_path: str | Path | None) -> SparqlStore:
    path = Path(store_path) if store_path is not None else Settings.from_env().store
    if not path.exists():
        raise UserError(f"no graph store at {path}. Build one first (geokg build examples/ --store {path}) "
                        "or point --store at an existing one.")
    try:
        from geokg.graph.store import EmbeddedStore
    except ImportError as exc:  # pragma: no cover - only while the store module is missing
        raise UserError(f"the embedded store is not available: {exc}") from exc
    return EmbeddedStore(path, read_only=True)  # a query only reads: it runs beside a build, creates nothing


@dataclass(frozen=True)
class Engine:
    """One way to run catalogue queries: which of the two texts, and how."""

    language: str  # "sparql" | "cypher"
    execute: Execute

    def run(self, query: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.language == "cypher":
            text = query.cypher_for(params)  # a Cypher variant when one applies
            plan = CYPHER_PLAN_LINE.search(text)
            if plan is not None:  # a plan of the Neo4j summaries; None: the text answers
                from geokg.queries.neo4j_recent import PLANS as RECENT
                from geokg.queries.neo4j_years import PLANS as YEARS

                rows = {**YEARS, **RECENT}[(query.name, plan["kind"])](self.execute, params)
                if rows is not None:
                    return rows
            return collected(self.execute, text, query.columns, params)
        text = query.sparql_for(params)  # a variant when one applies (catalogue.Variant)
        plan = PLAN_LINE.search(text)
        if plan is not None:  # a plan of the summaries (queries/yearly.py); None: the text answers
            from geokg.queries.yearly import PLANS  # imported here: rdflib is not needed by extract

            rows = PLANS[(query.name, plan["kind"])](self.execute, params)
            if rows is not None:
                return rows
        # list parameters the text places with '# values here:' are data there, not a trailing block
        lists: dict[str, Any] = {k: v for k, v in params.items() if isinstance(v, list)}
        # so is the limit, where a text asks for it (an int the catalogue checked): LIMIT takes no variable
        if isinstance(params.get(LIMIT_PARAM), int):
            lists[LIMIT_PARAM] = params[LIMIT_PARAM]
        asked = {n.lstrip("?") for m in VALUES_HERE.finditer(text) for n in m["names"].split()}
        # and so is a parameter the text names there (a value given: a literal written by pyoxigraph)
        lists.update({k: v for k, v in params.items() if k in asked and v is not None})
        # derived lists are data where the text asks for them, nothing anywhere else (a list would
        # become a trailing VALUES block joined with every row)
        iris = {k: v for k, v in sparql_iris(query, params, text).items() if k in asked or not isinstance(v, list)}
        limit = params.get(LIMIT_PARAM)

        def read(terms: dict[str, Any]) -> list[dict[str, Any]]:
            window, left = inline_values(text, {**terms, **lists})
            rest = {k: v for k, v in params.items() if not isinstance(v, list) or k in left}
            return self.execute(window, {**rest, **{k: v for k, v in left.items() if k not in lists}})

        chunked = next((n for n in CHUNKED if n in asked and isinstance(iris.get(n), list)), None)
        groups: list[list[Any]] | None = None
        if chunked == "pair_months":  # the months of a pair, from its listings (graph/pairdates.py)
            from geokg.graph.pairdates import month_groups

            groups = month_groups(self.execute, iris[chunked], params.get("since"), params.get("until"))
            if not isinstance(limit, int):
                return read({**iris, chunked: [b for g in groups for b in g]}) if groups else []
        elif chunked == "mention_buckets":  # an actor's newest months that hold LIMIT articles (graph/mentions.py)
            from geokg.graph.mentions import mention_groups, mention_months

            if isinstance(limit, int):
                months = mention_months(self.execute, iris[chunked][0], limit)
            else:
                months = mention_groups(self.execute, iris[chunked][0])
            return read({**iris, chunked: months}) if months else []
        elif chunked is None or not isinstance(limit, int):
            return read(iris)
        else:
            # the first item holds what may sort anywhere (dates not in ISO form, in practice none): when
            # it has rows, every item in one query, ordered by the text
            first, items = iris[chunked][:1], iris[chunked][1:]
            if read({**iris, chunked: first}):
                return read(iris)
            groups = [[item] for item in items]
        # then 4, 16, 64... items until LIMIT rows: the text orders by date, and every row of a period
        # sorts before every row of the next, so the rows so far are the first ones
        rows: list[dict[str, Any]] = []
        start, size = 0, 4
        while start < len(groups) and len(rows) < limit:
            rows += read({**iris, chunked: [t for g in groups[start:start + size] for t in g]})
            start, size = start + size, size * 4
            if chunked == "pair_months" and rows:
                # as many months as its rows so far say it needs
                size = max(1, math.ceil((limit - len(rows)) * 1.25 * start / len(rows)))
        return rows


def collected(execute: Execute, text: str, columns: tuple[str, ...], params: dict[str, Any]) -> list[dict[str, Any]]:
    """A catalogue Cypher text's rows, fetched as one list: the Python driver reads each record with two
    socket reads (~30 us a row: 2,270 rows of ``actors`` took 125 ms, one list of them 23 ms). The
    text runs unchanged inside ``CALL () { ... }``; ``collect`` keeps the order its rows come in."""
    wrapped = f"CALL () {{\n{text}\n}}\nRETURN collect([{', '.join(f'`{c}`' for c in columns)}]) AS rows"
    out = execute(wrapped, params)
    return [dict(zip(columns, row, strict=True)) for row in (out[0]["rows"] if out else [])]


def sparql_engine(store: SparqlStore) -> Engine:
    def execute(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        # an unbound variable is how SPARQL spells "no value": optional parameters left
        # out are simply not substituted
        bound = {k: v for k, v in params.items() if v is not None and k != LIMIT_PARAM
                 and not isinstance(v, list)}
        # a term can be substituted, a list cannot: list parameters become a trailing VALUES clause
        lists = [values_block(k, v) for k, v in params.items() if isinstance(v, list)]
        return list(store.query("\n".join([text, *lists]), bound))

    return Engine("sparql", execute)


def cypher_engine(conn: Any) -> Engine:
    import neo4j
    from neo4j.exceptions import AuthError, ServiceUnavailable

    def execute(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            # a read session: the server refuses writes, whatever a query's text says
            # notifications off: the catalogue names every relation type, and a graph without
            # one would print a "type does not exist" warning per query
            # a deadline on the call and a timeout on the transaction: a frozen server ends the query (exit 3)
            timeout = getattr(conn, "timeout", None)
            with conn.deadline() if hasattr(conn, "deadline") else nullcontext(), \
                    conn.driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS,
                                        notifications_min_severity="OFF") as session:
                read = neo4j.unit_of_work(timeout=timeout)(lambda tx: [rec.data() for rec in tx.run(text, params)])
                return session.execute_read(read)
        except (ServiceUnavailable, AuthError) as exc:
            from geokg.graph.neo4j_writer import Neo4jUnavailable

            raise Neo4jUnavailable(f"cannot query Neo4j: {exc}; check NEO4J_URI and NEO4J_PASSWORD") from exc

    return Engine("cypher", execute)


def known_actors(engine: Engine) -> dict[str, list[str]]:
    """key -> names of every actor the backend holds (the ``actors`` catalogue query)."""
    rows = engine.run(load_query(ACTORS_QUERY), {})
    out: dict[str, list[str]] = {}
    for row in rows:
        key = row.get("actor")
        if key is None:
            continue
        names = out.setdefault(str(key), [])
        if row.get("name") and row["name"] not in names:
            names.append(str(row["name"]))
    return out


def _resolve_actors(query: Query, values: dict[str, Any], engine: Engine) -> dict[str, Any]:
    actor_params = [p.name for p in query.params if p.type == "actor" and values.get(p.name) is not None]
    if not actor_params:
        return values
    resolved: dict[str, Any] = {}
    known: dict[str, list[str]] | None = None
    for name in actor_params:
        exact = {str(r["actor"]) for r in engine.run(load_query(LOOKUP_QUERY), {"wanted": str(values[name])})
                 if r.get("actor") is not None}
        if len(exact) == 1:  # a key or a full name, as most users type them: one small query
            resolved[name] = exact.pop()
            continue
        if known is None:  # a surname, a near miss or an ambiguous name: resolve against every actor
            known = known_actors(engine)
        resolved[name] = resolve_actor(values[name], known)
    return {**values, **resolved}


def actor_names(engine: Engine, keys: Iterable[str]) -> dict[str, list[str]]:
    """key -> [name] for those of ``keys`` that are actors, in one bound query (``actor-names``)."""
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return {}
    rows = engine.run(load_query(NAMES_QUERY), {"keys": wanted})
    return {str(r["actor"]): [str(r["name"])] if r.get("name") else [] for r in rows if r.get("actor")}


def _actor_labels(known: Mapping[str, Any]) -> dict[str, str]:
    """Actor key -> "Name (KEY)" for codes such as RUS, the plain name for slugs such as barack-obama."""
    labels = {}
    for key, names in known.items():
        names = list(names or ())
        if names and names[0] != key:
            labels[key] = names[0] if slug(names[0]) == key else f"{names[0]} ({key})"
    return labels


def run_query(
    name: str,
    params: Mapping[str, Any] | None = None,
    backend: str = "embedded",
    store_path: str | Path | None = None,
    neo4j_conn: Any = None,
    *,
    store: SparqlStore | None = None,
    label_actors: bool = False,
    query: Query | None = None,
) -> tuple[list[str], Rows]:
    """Run catalogue query ``name`` and return ``(columns, rows)`` of plain Python values.

    ``params`` maps parameter names to values (strings as typed on the command line,
    or typed values). ``backend="embedded"`` reads ``store`` (anything with
    ``.query(sparql, bindings)``) or opens the store at ``store_path`` (default: the
    ``GEOKG_STORE`` setting); ``backend="neo4j"`` uses ``neo4j_conn`` (a writer from
    ``geokg.graph.neo4j_writer.connect``) or connects with the ``NEO4J_*`` environment.
    ``label_actors`` shows actor keys in the rows as people read them ("Russia (RUS)",
    "Barack Obama"); scripts want the keys (the default). ``query`` runs that ``Query`` (e.g. an older
    text of the catalogue, for a benchmark's baseline) instead of the catalogue's ``name``.
    """
    if backend not in BACKENDS:
        raise UserError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    query = query or load_query(name)
    values = query.convert(dict(params or {}))
    opened: Any = None
    try:
        if backend == "embedded":
            if store is None:
                store = opened = _open_embedded(store_path)
            engine = sparql_engine(store)
        else:
            if neo4j_conn is None:
                from geokg.graph.neo4j_writer import connect

                neo4j_conn = opened = connect()
            engine = cypher_engine(neo4j_conn)
        values = _resolve_actors(query, values, engine)
        records = engine.run(query, values)
        # keys are codes and slugs: strings without spaces (sentences and titles need no look-up)
        shown = ({v for rec in records for v in rec.values() if isinstance(v, str) and " " not in v
                  and len(v) <= 200} if label_actors else set())
        labels = _actor_labels(actor_names(engine, shown)) if shown else {}
    finally:
        if opened is not None and hasattr(opened, "close"):
            opened.close()
    rows = [[normalise(rec.get(col)) for col in query.columns] for rec in records]
    if labels:
        rows = [[labels.get(v, v) if isinstance(v, str) else v for v in row] for row in rows]
    limit = values.get(LIMIT_PARAM)
    if isinstance(limit, int):  # SPARQL cannot bind LIMIT: both backends are cut here alike
        rows = rows[: max(limit, 0)]
    return list(query.columns), rows
