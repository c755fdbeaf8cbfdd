"""Neo4j load speed: the batched ``Neo4jWriter`` vs a naive one-query-per-triple loop.

The same generated triples (``synthetic_items`` of tests/neo4j_support.py: 200 countries,
every relation, 5 % negated, 10 % attributed, 1-2 evidence spans each) are loaded

1. through ``Neo4jWriter.write`` (graph/neo4j_writer.py, graph/neo4j_batch.py: per batch one
   managed transaction of at most eight ``UNWIND`` statements: actors, articles, one read of the
   touched pairs' events, events with their links and evidence, the aggregated actor-to-actor
   relationships computed by the client; the next batch prepared in a thread meanwhile), all of
   them, once per ``--batch-size``;
2. naively, on the first ``--sample`` triples: one auto-commit query per triple that
   MERGEs both actors, the article, the event, its ACTOR/RECIPIENT/ATTRIBUTED_TO links and
   evidence spans, recomputes that triple's aggregated relationship from its events, and moves
   the actors', dyads' and years' summaries by that one event (``neo4j_summaries.SUMMARIES``,
   appended to the same query) — the same MERGE work, the same graph: checked against the writer
   on the same sample;
3. for reference, the writer with ``batch_size=1`` on the same sample (one managed
   transaction of 5-6 statements per triple);
4. with ``--bulk``, the initial-load path end to end: ``write_neo4j_csv`` of all the triples
   (what ``geokg export --format neo4j-csv`` runs), ``neo4j-admin database import full`` from
   the test server's own jars (``org.neo4j.cli.AdminTool``) into a new private server's home,
   and the constraints and indexes created once it is started (its start-up is timed apart);
   the graph must have the writer's node and relationship counts.

A warm-up on other triples runs every statement first (server JIT, query plans); the
database is emptied before each phase (relationships first, see ``reset``; the constraints
stay). Rates are triples per second of wall time; the client's CPU share shows how much of
it is Python (rows, driver, packing) rather than the server, and a server started by
scripts/neo4j.sh on this machine its own (from /proc): their sum is the cores kept busy.
``bench/neo4j_ceiling.py`` asks the server alone for the simplest graphs of one event per triple.
Needs a Neo4j of its own (the tests clear theirs):

    export GEOKG_NEO4J_STATE_DIR=/tmp/bench-neo4j; bash scripts/neo4j.sh start
    eval "$(bash scripts/neo4j.sh env)"
    python bench/neo4j_load.py [--quick] [--triples 200000] [--sample 2000]
                               [--batch-size 1000 [5000 ...]] [--profile] [--bulk] [--ceiling]

``--ceiling`` also times the writer's events alone (``ceiling_load``): the same triples' nodes,
relationships and properties created with nothing else, an upper bound on any writer of this graph.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))

import corpus  # noqa: E402,F401  (puts the repository on sys.path when run as a script)
from neo4j_support import PrivateServer, admin_import, synthetic_items  # noqa: E402

from geokg.graph.neo4j_batch import actor_row  # noqa: E402
from geokg.graph.neo4j_model import events_of, neo4j_date, report_of  # noqa: E402
from geokg.graph.neo4j_summaries import SUMMARIES, Deltas  # noqa: E402
from geokg.graph.neo4j_writer import Neo4jWriter, connect  # noqa: E402
from geokg.ingest.models import Actor, Article, Triple  # noqa: E402

Items = list[tuple[Article, Sequence[Triple]]]

# --------------------------------------------------------------------------- the naive loop


def _actor_set(var: str, label: str, param: str) -> str:
    return (f"MERGE ({var}:Actor {{id: ${param}.id}})\n"
            f"SET {var}:{label}, {var}.name = ${param}.name, {var}.type = ${param}.type, "
            f"{var}.country = ${param}.country, {var}.wikidata = ${param}.wikidata\n")


_QUERIES: dict[tuple[str, str, str | None, str], str] = {}


def naive_query(subject: str, obj: str, by: str | None, relation: str) -> str:
    """One statement doing all the MERGE work of one triple (labels and type pasted from the
    writer's whitelists, as the writer does; everything else bound)."""
    key = (subject, obj, by, relation)
    if key not in _QUERIES:
        # replan=skip: a cached plan stays while the graph grows (the statistics' divergence otherwise
        # replans these long texts, tens of ms each, at random points of the timed loop: the naive rate
        # varied 21-290 triples/s between runs); the baseline is its steady state, not the planner's
        q = "CYPHER replan=skip\n" + _actor_set("s", subject, "s") + _actor_set("o", obj, "o")
        q += ("MERGE (art:Article {id: $art.id})\n"
              "SET art.title = $art.title, art.date = $art.date, art.source = $art.source, "
              "art.url = $art.url, art.path = $art.path\n"
              "MERGE (e:Event {id: $ev.id})\n"
              "SET e += $ev.props\n"
              "MERGE (s)-[:ACTOR]->(e)\n"
              "MERGE (e)-[:RECIPIENT]->(o)\n"
              "MERGE (e)-[rep:REPORTED_IN {report: $ev.report.report}]->(art)\n"
              "SET rep += $ev.report\n")
        if by is not None:
            q += "WITH s, o, e\n" + _actor_set("b", by, "by") + "MERGE (e)-[:ATTRIBUTED_TO]->(b)\n"
        q += ("WITH DISTINCT s, o\n"
              "OPTIONAL MATCH (x:Event {pair: $pair}) WHERE NOT x.negated\n"
              "WITH s, o, count(x) AS n, min(toString(x.date)) AS first, max(toString(x.date)) AS last,\n"
              "     avg(toFloat(x.score)) AS score, count(x.score) AS scored,\n"
              "     sum(CASE WHEN x.score < 0 THEN toFloat(x.score) ELSE 0.0 END) AS conflict,\n"
              "     sum(CASE WHEN x.score > 0 THEN toFloat(x.score) ELSE 0.0 END) AS cooperation\n"
              "FOREACH (_ IN CASE WHEN n > 0 THEN [1] ELSE [] END |\n"
              f"    MERGE (s)-[r:{relation}]->(o)\n"
              "    SET r.events = n, r.first_seen = CASE WHEN size(first) = 10 THEN date(first) ELSE first END,\n"
              "        r.last_seen = CASE WHEN size(last) = 10 THEN date(last) ELSE last END, r.score = score,\n"
              "        r.scored = scored, r.conflict = conflict, r.cooperation = cooperation)\n"
              "WITH s, o, n WHERE n = 0\n"
              f"OPTIONAL MATCH (s)-[r:{relation}]->(o)\n"
              "DELETE r\n"
              # one row again (an aggregate without keys), then the summaries moved by this event
              "WITH count(*) AS done\n" + SUMMARIES)
        _QUERIES[key] = q
    return _QUERIES[key]


def naive_load(writer: Neo4jWriter, items: Items) -> int:
    """One auto-commit query (one transaction, one round trip) per triple."""
    writer.ensure_schema()
    n = 0
    with writer.driver.session(database=writer.database) as session:
        for article, triples in items:
            art = {"id": article.id, "title": article.title, "date": neo4j_date(article.date),
                   "source": article.source, "url": article.url, "path": article.ref}
            for t in triples:
                by: Actor | None = t.attributed_to
                rep = report_of(article, t)
                ev = events_of([rep])[0]  # the event of this report alone: no merge across triples
                params: dict[str, Any] = {
                    "s": actor_row(t.subject), "o": actor_row(t.object), "art": art, "pair": ev["pair"],
                    "ev": {"id": ev["id"], "props": ev["props"],
                           "report": {"report": rep.id, **rep.stored(ev["props"]),
                                      **dict(zip(("sentences", "starts", "ends"), rep.span_lists(), strict=True))}},
                    "by": actor_row(by) if by else None}
                deltas = Deltas()  # the summaries' changes: this triple's event is new, nothing leaves
                deltas.pair(rep.subject, rep.object, (), (ev["props"],))
                params["rows"] = deltas.rows()
                q = naive_query(t.subject.type, t.object.type, by.type if by else None, t.relation)
                session.run(q, params).consume()
                n += 1
    return n


# --------------------------------------------------------------------------- the server's ceiling


def ceiling_load(writer: Neo4jWriter, items: Items, batch_size: int) -> int:
    """The records alone: per batch, in one transaction, the writer's own ``MERGE`` of actors and
    articles and its ``CREATE`` of events (``CREATE_EVENTS``, the rows ``plan`` gives a batch whose
    pairs the graph does not hold), and nothing else: no read of the touched pairs, no aggregates,
    no summaries. What the server takes for the writer's nodes, relationships, properties and index
    entries of these triples is an upper bound on any writer of this graph (docs/schema.md)."""
    from geokg.graph.neo4j_batch import CREATE_EVENTS, MERGE_ACTORS, MERGE_ARTICLES, chunks, make_batch, plan

    def write(tx: Any, batch: Any, rows: list[dict[str, Any]]) -> None:
        tx.run(MERGE_ACTORS, {"rows": list(batch.actors.values())}).consume()
        tx.run(MERGE_ARTICLES, {"rows": list(batch.articles.values())}).consume()
        tx.run(CREATE_EVENTS, {"rows": rows}).consume()

    writer.ensure_schema()
    n = 0
    with writer.driver.session(database=writer.database) as session:
        created: set[str] = set()
        for chunk in chunks(items, batch_size):
            batch = make_batch(chunk)
            # an event a bucket split across batches made already is not created twice (its id is unique)
            rows = [r for r in plan(batch, []).create if r["props"]["id"] not in created]
            created.update(r["props"]["id"] for r in rows)
            session.execute_write(write, batch, rows)
            n += batch.size
    return n


# --------------------------------------------------------------------------- helpers

FINGERPRINT = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, count(*) AS n, sum(coalesce(r.events, 0)) AS events,
       round(sum(coalesce(r.score, 0.0)), 3) AS score, count(DISTINCT a) AS starts
ORDER BY type
"""


def fingerprint(writer: Neo4jWriter) -> tuple:
    """Node counts by label and, per relationship type, count, summed events and scores."""
    counts = writer.counts()
    with writer.driver.session(database=writer.database) as session:
        rels = tuple(tuple(r.values()) for r in session.run(FINGERPRINT))
    return tuple(sorted(counts.nodes.items())), rels


def reset(writer: Neo4jWriter) -> None:
    """Empty the database, relationships first. ``Neo4jWriter.clear()`` runs ``DETACH DELETE`` in
    transactions of 10,000 nodes: on a loaded graph the first one holds the ~200 actors and with
    them every relationship of the graph, which overflows the server's transaction memory pool
    (``MemoryPoolOutOfMemoryError`` at 200,000 triples with the test server's 1 GB heap)."""
    with writer.driver.session(database=writer.database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def prefix(items: Items, n: int) -> Items:
    out: Items = []
    total = 0
    for article, triples in items:
        if total >= n:
            break
        take = list(triples[: n - total])
        out.append((article, take))
        total += len(take)
    return out


def _server_pid() -> int | None:
    """The pid of the server scripts/neo4j.sh started for ``GEOKG_NEO4J_STATE_DIR``, when it runs here."""
    state = Path(os.environ.get("GEOKG_NEO4J_STATE_DIR") or BENCH.parent / ".neo4j-test") / "state"
    try:
        pid = int(dict(line.split("=", 1) for line in state.read_text().split()).get("PID", ""))
    except (OSError, ValueError):
        return None
    return pid if Path(f"/proc/{pid}/stat").exists() else None


SERVER_PID = _server_pid()


def server_cpu() -> float:
    """CPU seconds the local server has used (user + system, from /proc), 0 when it is not local."""
    if SERVER_PID is None:
        return 0.0
    fields = Path(f"/proc/{SERVER_PID}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Any) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process); the server's CPU seconds of the last
    call in ``LAST_SERVER_CPU``."""
    global LAST_SERVER_CPU
    w, c, srv = time.perf_counter(), time.process_time(), server_cpu()
    out = fn()
    LAST_SERVER_CPU = server_cpu() - srv
    return out, time.perf_counter() - w, time.process_time() - c


LAST_SERVER_CPU = 0.0


def row(name: str, n: int, wall: float, cpu: float, note: str = "") -> str:
    """One line of the table: the client's and (a local server's) CPU as shares of the wall time; their
    sum is the cores the load kept busy (2 at most here)."""
    server = f", server {100 * LAST_SERVER_CPU / wall:4.0f} %" if SERVER_PID is not None else ""
    return (f"{name:32s} {n:>9,} {wall:9.2f} s {n / wall:>11,.0f}/s  CPU: client {100 * cpu / wall:4.0f} %{server}"
            + (f"  {note}" if note else ""))


def profile_write(writer: Neo4jWriter, items: Items, batch_size: int, top: int = 15) -> None:
    """Where the client's time goes in one batched load (pyinstrument, wall clock)."""
    from pyinstrument import Profiler

    items = prefix(items, 20_000)
    reset(writer)
    profiler = Profiler(interval=0.002)
    profiler.start()
    writer.write(items, batch_size=batch_size)
    profiler.stop()
    session = profiler.last_session
    totals: dict[str, float] = {}

    def walk(frame: Any) -> None:
        if frame.is_synthetic:  # '[self]' leaves: their time is the parent's total_self_time
            return
        key = f"{Path(frame.file_path or '?').name}:{frame.function}"
        totals[key] = totals.get(key, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child)

    walk(session.root_frame())
    whole = session.duration or 1.0
    print(f"\nprofile of writer.write (first {sum(len(t) for _, t in items):,} triples, batch {batch_size:,}): "
          f"{whole:.1f} s, top {top} by self time "
          "(socket waits = the server working)")
    for key, secs in sorted(totals.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * secs / whole:5.1f} %  {key}")


class _Ran:
    """A consumed result standing in for ``neo4j.Result`` (iteration, ``single``, ``consume``)."""

    def __init__(self, records: list, summary: Any) -> None:
        self.records, self.summary = records, summary

    def __iter__(self) -> Any:
        return iter(self.records)

    def single(self) -> Any:
        return self.records[0] if self.records else None

    def consume(self) -> Any:
        return self.summary


def statement_times(writer: Neo4jWriter, batch_size: int) -> None:
    """Time every statement the writer sends for one more batch of new triples on the loaded
    graph: wall time per statement kind (relation names folded into REL) and the server's own
    time (``result_available_after + result_consumed_after``). Works for any version of the
    writer: it wraps ``ManagedTransaction.run`` and reads nothing of the writer's internals."""
    import re

    import neo4j

    from geokg.graph.namespace import RELATIONS

    rel_names = re.compile(r"\b(" + "|".join(RELATIONS) + r")\b")
    stats: dict[str, list[float]] = {}
    original = neo4j.ManagedTransaction.run

    def timed_run(self: Any, query: str, parameters: Any = None, **kwargs: Any) -> _Ran:
        t = time.perf_counter()
        result = original(self, query, parameters, **kwargs)
        records = list(result)
        summary = result.consume()
        wall = time.perf_counter() - t
        lines = [x.strip() for x in str(query).strip().splitlines() if x.strip()]
        body = [x for x in lines if not x.startswith("UNWIND")] or lines
        key = rel_names.sub("REL", body[0])[:58]
        server = ((summary.result_available_after or 0) + (summary.result_consumed_after or 0)) / 1000
        entry = stats.setdefault(key, [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += wall
        entry[2] += server
        return _Ran(records, summary)

    extra = synthetic_items(batch_size, seed=2, prefix="extra")
    neo4j.ManagedTransaction.run = timed_run  # type: ignore[method-assign]
    try:
        t = time.perf_counter()
        writer.write(extra, batch_size=batch_size)
        whole = time.perf_counter() - t
    finally:
        neo4j.ManagedTransaction.run = original  # type: ignore[method-assign]
    print(f"\nstatements of one more batch of {batch_size:,} new triples on the loaded graph: {whole:.2f} s "
          f"(wall, server)")
    for key, (calls, wall, server) in sorted(stats.items(), key=lambda kv: -kv[1][1]):
        print(f"  {key:58s} x{calls:<3d} {wall:7.3f} s {server:7.3f} s  {100 * wall / whole:4.0f} %")


def bulk_load(items: Items, work: Path) -> dict[str, Any]:
    """Export, neo4j-admin import, server start, constraints and indexes: seconds of each, and the counts."""
    from geokg.graph.neo4j_csv import write_neo4j_csv

    out: dict[str, Any] = {}
    t = time.perf_counter()
    rows = write_neo4j_csv(items, work / "csv")
    out["export"] = time.perf_counter() - t
    t = time.perf_counter()
    done = admin_import(work / "csv", work / "home", list(rows))
    out["import"] = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    server = PrivateServer(work / "state", work / "home")
    t = time.perf_counter()
    uri = server.start()
    out["start"] = time.perf_counter() - t
    try:
        with connect(uri) as imported:
            t = time.perf_counter()
            imported.ensure_schema()
            with imported.driver.session(database=imported.database) as session:
                session.run("CALL db.awaitIndexes(600)").consume()
            out["schema"] = time.perf_counter() - t
            out["counts"] = imported.counts()
    finally:
        server.stop()
    return out


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000, help="triples of the batched load")
    parser.add_argument("--sample", type=int, default=2_000, help="triples of the naive loop")
    parser.add_argument("--batch-size", type=int, nargs="+", default=[1000],
                        help="writer batch sizes to run, each on all triples (e.g. 1000 5000 10000)")
    parser.add_argument("--quick", action="store_true", help="20,000 triples, a sample of 500")
    parser.add_argument("--profile", action="store_true",
                        help="also time the statements of one batch on the loaded graph and profile the "
                             "client (pyinstrument) on a load of the first 20,000 triples")
    parser.add_argument("--bulk", action="store_true",
                        help="also time the initial-load path: CSV export + neo4j-admin import + indexes")
    parser.add_argument("--ceiling", action="store_true",
                        help="also time the writer's events alone (its CREATE of the same triples' records, no "
                             "read, aggregates or summaries): the server's ceiling for this graph")
    args = parser.parse_args(argv)
    n_triples, n_sample = (20_000, 500) if args.quick else (args.triples, args.sample)
    if not os.environ.get("NEO4J_URI"):
        raise SystemExit("set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (eval \"$(bash scripts/neo4j.sh env)\") "
                         "to a Neo4j of its own: this benchmark clears the database")

    t = time.perf_counter()
    items = synthetic_items(n_triples)
    sample = prefix(items, n_sample)
    gen_s = time.perf_counter() - t
    writer = connect()
    print(f"{n_triples:,} triples in {len(items):,} articles generated in {gen_s:.1f} s; naive sample "
          f"{n_sample:,}; Neo4j at {writer.uri}; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")
    writer.ensure_schema()

    # warm-up on other triples (JIT of the server, query plans of every statement), then cleared
    t = time.perf_counter()
    warm = synthetic_items(max(400, min(4_000, n_sample)), seed=1, prefix="warm-up")
    reset(writer)
    naive_load(writer, warm)  # every query text and parameter shape of the sample planned before it is timed
    reset(writer)
    writer.write(prefix(warm, 50), batch_size=1)
    for bs in args.batch_size:
        reset(writer)
        writer.write(warm, batch_size=bs)
    print(f"warm-up: {time.perf_counter() - t:.1f} s", flush=True)

    # naive loop and the writer on the same sample: the same graph?
    print(f"\n{'load':32s} {'triples':>9s} {'wall':>11s} {'rate':>13s}", flush=True)
    reset(writer)
    naive_n, naive_s, naive_cpu = timed(lambda: naive_load(writer, sample))
    naive_fp = fingerprint(writer)
    reset(writer)
    one_n, one_s, one_cpu = timed(lambda: writer.write(sample, batch_size=1))
    reset(writer)
    writer.write(sample, batch_size=max(args.batch_size))
    same = fingerprint(writer) == naive_fp
    if not same:
        print(f"WARNING: the naive loop built another graph than the writer:\n  naive  {naive_fp}\n"
              f"  writer {fingerprint(writer)}")
    print(row("naive, 1 auto-commit/triple", naive_n, naive_s, naive_cpu,
              f"(sample; same graph as the writer: {'yes' if same else 'NO'})"))
    print(row("writer, batch_size=1", one_n, one_s, one_cpu, "(sample)"), flush=True)

    results = []
    for bs in args.batch_size:
        reset(writer)
        n, wall, cpu = timed(lambda bs=bs: writer.write(items, batch_size=bs))
        assert n == n_triples, (n, n_triples)
        results.append((bs, n, wall, cpu))
        print(row(f"writer, batch_size={bs:,}", n, wall, cpu, f"(load average {os.getloadavg()[0]:.1f})"),
              flush=True)
    events = writer.counts().nodes.get("Event", 0)
    print(f"(graph after the last load: {events:,} Event nodes)")
    if args.ceiling:
        bs = max(results, key=lambda r: r[1] / r[2])[0]
        writer_counts = writer.counts()
        reset(writer)
        ceiling_load(writer, prefix(warm, bs), bs)  # its statements planned
        reset(writer)
        n, wall, cpu = timed(lambda: ceiling_load(writer, items, bs))
        print(row(f"ceiling: events alone, batch {bs:,}", n, wall, cpu,
                  f"(load average {os.getloadavg()[0]:.1f}; {writer.counts().nodes.get('Event', 0):,} Event nodes)"),
              flush=True)
        reset(writer)  # the writer's graph again, for --bulk and --profile
        writer.write(items, batch_size=bs)
        assert writer.counts() == writer_counts

    naive_rate = naive_n / naive_s
    best = max(results, key=lambda r: r[1] / r[2])
    for bs, n, wall, _ in results:
        rate = n / wall
        print(f"ratio batched({bs:,}) / naive: {rate / naive_rate:7.1f}x  goal >= 30x  "
              f"{'MET' if rate / naive_rate >= 30 else 'MISSED'};  {rate:,.0f} triples/s  goal >= 20,000  "
              f"{'MET' if rate >= 20_000 else 'MISSED'}")
    print(f"naive for all {n_triples:,} triples would take ~{n_triples / naive_rate:,.0f} s "
          f"(batched {best[0]:,}: {best[2]:.1f} s); load average {os.getloadavg()[0]:.1f}")
    if args.bulk:
        import tempfile

        writer_counts = writer.counts()
        with tempfile.TemporaryDirectory(prefix="geokg-bulk-") as tmp:
            b = bulk_load(items, Path(tmp))
        total = b["export"] + b["import"] + b["schema"]
        same = b["counts"] == writer_counts
        print(f"\nbulk: export {b['export']:.1f} s + neo4j-admin import {b['import']:.1f} s + constraints and "
              f"indexes {b['schema']:.1f} s = {total:.1f} s: {n_triples / total:,.0f} triples/s = "
              f"{n_triples / total / (best[1] / best[2]):.1f}x the writer (batch {best[0]:,}), "
              f"{n_triples / total / naive_rate:.0f}x naive; server start-up {b['start']:.1f} s apart; "
              f"same counts as the writer: {'yes' if same else 'NO'}; load average {os.getloadavg()[0]:.1f}")
        if not same:
            print(f"  bulk   {b['counts']}\n  writer {writer_counts}")
    if args.profile:
        statement_times(writer, best[0])
        profile_write(writer, items, best[0])
    reset(writer)
    writer.close()


if __name__ == "__main__":
    main()
