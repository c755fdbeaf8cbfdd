"""Canned-query latency on a generated graph of 1M statements (or quads): embedded store vs Neo4j.

The graph is generated (seeded; no NLP): actors with a skewed popularity (a few hubs such as
Russia and the United States, a long tail), articles of 20 statements each over 2015-2020,
every relation kind, negation, attribution, evidence spans. It goes into a fresh embedded
store by N-Quads bulk load (article graphs and actors, then ``rebuild_derived`` for the events and
summaries) until the store holds ``--statements`` statements or ``--triples`` quads (the article
graphs' quads; the derived graphs come on top), and, when a Neo4j
server is configured (``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``, e.g.
``eval "$(bash scripts/neo4j.sh env)"``), the same articles go to Neo4j through
``Neo4jWriter``. Every catalogue query then runs ``--runs`` times on each backend through
``geokg.queries.runner.run_query`` (actor names resolved, parameters bound: what
``geokg query run`` does); the table shows median and p95 milliseconds.

    python bench/query_latency.py [--quick] [--statements 1000000 | --triples 1000000] [--runs 7] [--no-neo4j]
                                  [--queries NAME ...] [--skip-embedded NAME ...] [--sources 3]
                                  [--baseline GIT-REF [--skip-baseline NAME ...]] [--store DIR]
                                  [--no-embedded] [--neo4j-loaded | --neo4j-bulk DIR] [--budget SECONDS]

``--baseline REF`` also runs the catalogue texts of that git commit (``git show REF:queries/catalogue/...``)
on the same embedded store, in the same run, and prints before/after and their ratio per query (the
store is the same for both, so is the runner). ``--store DIR`` keeps the generated store in DIR and
reuses it when DIR already holds one. Articles name one of ``--sources`` outlets in turn, so events
reported by several articles have several sources (``min_sources`` has something to find).
``--no-embedded`` times Neo4j alone; ``--neo4j-loaded`` reuses a server that already holds the same
generated articles (same size and ``--sources``; checked by its article count) instead of clearing and
loading it; ``--neo4j-bulk DIR`` loads a server of its own on DIR by the bulk path (the CSV export and
``neo4j-admin database import``, as an analyst's first load would) and reuses it later. The last lines
give the issue's goals: each median < 100 ms and each p95 < 250 ms.

Use a Neo4j instance of its own: the load clears nothing, but other tests may clear it.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402,F401  (puts the repository on sys.path when run as a script)

from geokg.ingest.models import Actor, Article, Evidence, Triple  # noqa: E402

SCORES = {"AGREE": 5.0, "CONSULT": 3.0, "SUPPORT": 4.0, "CONCEDE": 6.0, "COOPERATE": 7.0, "AID": 10.0,
          "RETREAT": 6.0, "REQUEST": -1.0, "ACCUSE": -2.0, "REJECT": -4.0, "THREATEN": -5.0, "PROTEST": -3.0,
          "SANCTION": -6.0, "MOBILIZE": -7.0, "COERCE": -7.0, "ASSAULT": -9.0}
REAL = [("RUS", "Russia", "Q159"), ("TUR", "Turkey", "Q43"), ("USA", "United States", "Q30"),
        ("FRA", "France", "Q142"), ("CHN", "China", "Q148"), ("IRN", "Iran", "Q794"), ("SYR", "Syria", "Q858"),
        ("UKR", "Ukraine", "Q212"), ("DEU", "Germany", "Q183"), ("GBR", "United Kingdom", "Q145")]
PARAMS: dict[str, dict[str, Any]] = {
    "accusers": {"actor": "Russia"}, "actor-profile": {"actor": "Russia"}, "actors": {},
    "articles-mentioning": {"actor": "Turkey"}, "attributed-to": {"speaker": "Russia"},
    "cooperative-dyads": {"since": "2018-01-01"}, "dyad-history": {"a": "Russia", "b": "Turkey"},
    "evidence": {"a": "Russia", "b": "Turkey", "category": "ASSAULT"}, "hostile-dyads": {},
    "neighbours": {"actor": "Turkey", "k": 2}, "new-relations": {"since": "2020-01-01"},
    "officials": {"country": "Russia"}, "top-actors": {"since": "2019-01-01"},
    "trade-dependencies": {"actor": "Turkey"}, "who-did": {"category": "SANCTION", "since": "2019-06-01"},
    "events": {"a": "Russia", "b": "Turkey", "min_sources": 1}, "actor-names": {"keys": "RUS,TUR,USA,person-7"},
    "actor-lookup": {"wanted": "Russia"},
}
#: The date-bounded queries again without dates: the summaries' path rather than the events'.
EXTRA: list[tuple[str, dict[str, Any]]] = [
    ("top-actors", {}), ("cooperative-dyads", {}), ("hostile-dyads", {"since": "2018-01-01"}),
    ("neighbours", {"actor": "Turkey"}), ("evidence", {"a": "Russia", "b": "Turkey"}),
]
#: Issue 10's corroboration: the same questions counting only events of two sources or more.
SOURCED: list[tuple[str, dict[str, Any]]] = [
    ("hostile-dyads", {"min_sources": 2}), ("top-actors", {"min_sources": 2}),
    ("who-did", {"category": "ASSAULT", "min_sources": 2}),
    ("dyad-history", {"a": "Russia", "b": "Turkey", "min_sources": 2}),
]


def baseline_queries(ref: str) -> dict[str, Any]:
    """name -> Query of the catalogue as it was at git commit ``ref`` (with its SPARQL variants)."""
    import subprocess

    from geokg.queries.catalogue import parse_query

    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout

    files = git("ls-tree", "--name-only", f"{ref}:queries/catalogue").split()
    out = {}
    for name in sorted({f.split(".", 1)[0] for f in files if f.endswith((".rq", ".cypher"))}):
        text = {f: git("show", f"{ref}:queries/catalogue/{f}") for f in files if f.split(".", 1)[0] == name}
        variants = {f[len(name) + 1:-3]: t for f, t in text.items() if f.endswith(".rq") and f != f"{name}.rq"}
        in_cypher = {f[len(name) + 1:-7]: t for f, t in text.items()
                     if f.endswith(".cypher") and f != f"{name}.cypher"}
        out[name] = parse_query(name, text[f"{name}.cypher"], text[f"{name}.rq"], variants, in_cypher)
    return out


def make_actors(rng: random.Random) -> tuple[list[Actor], list[float]]:
    countries = [Actor(k, n, "Country", k, q) for k, n, q in REAL]
    countries += [Actor(f"X{i:02d}", f"Land {i}", "Country", f"X{i:02d}") for i in range(180)]
    people = [Actor(f"person-{i}", f"Person {i}", "Person", rng.choice(countries).key) for i in range(2000)]
    orgs = [Actor(f"ORG{i}", f"Organisation {i}", "Organization") for i in range(50)]
    groups = [Actor(f"GRP{i}", f"Group {i}", "Group") for i in range(30)]
    actors = countries + orgs + groups + people
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(actors))]  # Zipf-like: hubs and a long tail
    return actors, weights


def generate(seed: int = 7, sources: int = 3) -> Iterator[tuple[Article, list[Triple]]]:
    """Endless (article, triples) items, the same for the same seed; article n names outlet n mod
    ``sources`` (1: every article "Generator", as before 2026-12-02)."""
    rng = random.Random(seed)
    actors, weights = make_actors(rng)
    relations = [*SCORES, "ROLE", "TRADE", "MEMBER_OF", "ALLY_OF"]
    n = 0
    while True:
        day = 1 + n % 2190
        date = f"{2015 + day // 365}-{1 + day % 365 // 31 % 12:02d}-{1 + day % 28:02d}"
        text = f"Generated article {n}. " + "A sentence about events between actors. " * 60
        source = "Generator" if sources <= 1 else f"Wire {n % sources}"
        art = Article.make(text, ref=f"gen/{n}.txt", title=f"Article {n}", date=date, source=source,
                           url=f"https://example.org/{n}")
        triples = []
        for i in range(20):
            s, o = rng.choices(actors, weights, k=2)
            if s.key == o.key:
                continue
            rel = rng.choice(relations)
            attrs: tuple[tuple[str, Any], ...] = ()
            if rel == "ROLE":
                s = rng.choice([a for a in actors[-50:]])
                o = next(a for a in actors if a.key == s.country)
                attrs = (("role", rng.choice(["president", "foreign minister", "prime minister"])),)
            elif rel == "TRADE":
                attrs = (("commodity", rng.choice(["gas", "oil", "wheat"])), ("share", float(rng.randint(5, 90))))
            start = 24 + 41 * i
            spans = [Evidence(art.ref, text[start:start + 40], start, start + 40)]
            if rng.random() < 0.2:
                spans.append(Evidence(art.ref, text[start + 41:start + 81], start + 41, start + 81))
            triples.append(Triple(
                subject=s, relation=rel, object=o, evidence=tuple(spans), predicate=rel.lower(),
                mode="aerial" if rel == "ASSAULT" and rng.random() < 0.3 else None,
                cameo="19" if rel == "ASSAULT" else None, score=SCORES.get(rel), attributes=attrs,
                negated=rng.random() < 0.05, attributed_to=rng.choice(actors[:40]) if rng.random() < 0.1 else None,
                confidence=round(rng.uniform(0.4, 0.95), 2), published=date, article_id=art.id))
        yield art, triples
        n += 1


def build_embedded(path: Path, target: int, unit: str = "statements", sources: int = 3) -> tuple[Any, int, float]:
    """A store of about ``target`` statements (or article-graph quads); (store, articles, seconds)."""
    import pyoxigraph as ox

    from geokg.graph.rdf import dataset_quads
    from geokg.graph.store import EmbeddedStore

    start = time.perf_counter()
    store = EmbeddedStore(path)
    total = articles = 0
    items = generate(sources=sources)
    while total < target:
        chunk = []
        for _ in range(200):
            art, triples = next(items)
            quads = dataset_quads(art, triples)
            chunk += quads
            total += len(triples) if unit == "statements" else sum(1 for q in quads if q.graph_name.value.startswith(
                "https://w3id.org/geokg/article/"))
            articles += 1
        store.bulk_load_nquads(ox.serialize(chunk, format=ox.RdfFormat.N_QUADS))
    loaded = time.perf_counter() - start
    store.rebuild_derived()
    print(f"bulk load {loaded:.1f} s, events and summaries derived in {time.perf_counter() - start - loaded:.1f} s",
          flush=True)
    return store, articles, time.perf_counter() - start


#: Seconds a warm-up may take before a case is timed once only (``--budget``): a query far over the goal
#: need not run ``--runs`` more times to say so.
BUDGET = [float("inf")]


def measure(run: Any, runs: int) -> list[float]:
    t = time.perf_counter()
    run()  # warm-up (caches, actor list)
    warm = time.perf_counter() - t
    if warm > BUDGET[0]:
        print(f"  (warm-up {warm:.1f} s > --budget {BUDGET[0]:g} s: timed once)", flush=True)
        return [1000 * warm]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        run()
        out.append(1000 * (time.perf_counter() - t))
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def open_store(args: argparse.Namespace, tmp: str, target: int, unit: str) -> tuple[Any, Path, int, float]:
    """The embedded store: generated into a temporary folder, or kept in (and reused from) ``--store``."""
    import json

    from geokg.graph.store import EmbeddedStore

    path = Path(args.store) if args.store else Path(tmp) / "kg"
    info = path.parent / f"{path.name}.bench.json"
    if args.store and info.exists():
        meta = json.loads(info.read_text())
        print(f"reusing the store in {path} ({meta})", flush=True)
        return EmbeddedStore(path), path, int(meta["articles"]), 0.0
    store, articles, secs = build_embedded(path, target, unit, args.sources)
    if args.store:
        info.write_text(json.dumps({"articles": articles, "target": target, "unit": unit, "sources": args.sources}))
    return store, path, articles, secs


def line_of(label: str, rows: int | None, times: list[float]) -> str:
    if not times:
        return f"{label:44s} {'-':>5s} {'skipped':>13s} {'':8s}"
    return f"{label:44s} {rows if rows is not None else '-':>5} {statistics.median(times):10.1f} ms {p95(times):8.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--statements", type=int, default=None, help="statements to generate (default 1M)")
    size.add_argument("--triples", type=int, default=None, help="article-graph quads to generate instead")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="10k statements, 3 runs")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--no-embedded", action="store_true",
                        help="time Neo4j only (the article count comes from the generator, no store is built)")
    parser.add_argument("--neo4j-loaded", action="store_true",
                        help="the Neo4j server already holds these generated articles (same size, --sources): "
                             "do not clear and load it; its :Article count is checked")
    parser.add_argument("--neo4j-bulk", metavar="DIR",
                        help="time a Neo4j server of its own on DIR, loaded by the bulk path (write_neo4j_csv + "
                             "neo4j-admin database import, then the writer's constraints and indexes); reused "
                             "when DIR already holds one")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these catalogue queries")
    parser.add_argument("--skip-embedded", nargs="+", default=[], metavar="NAME",
                        help="run these on Neo4j only (shown as 'skipped' for the embedded store): for "
                             "queries that cannot finish there at this size")
    parser.add_argument("--sources", type=int, default=3, help="outlets the generated articles name in turn")
    parser.add_argument("--baseline", metavar="GIT-REF", help="also run the catalogue of this commit, same store")
    parser.add_argument("--skip-baseline", nargs="+", default=[], metavar="NAME",
                        help="baseline queries not to run (too slow to finish at this size)")
    parser.add_argument("--store", metavar="DIR", help="keep the generated store here; reuse it if present")
    parser.add_argument("--budget", type=float, default=float("inf"), metavar="SECONDS",
                        help="a case whose warm-up takes longer is timed once, not --runs times")
    args = parser.parse_args(argv)
    BUDGET[0] = args.budget
    unit = "triples" if args.triples else "statements"
    target = args.triples or args.statements or 1_000_000
    target, runs = (10_000, 3) if args.quick else (target, args.runs)
    from geokg.queries.catalogue import query_names

    cases = [(n, PARAMS[n]) for n in query_names() if n in PARAMS and (not args.queries or n in args.queries)]
    cases += [(n, p) for n, p in EXTRA + SOURCED if not args.queries or n in args.queries]
    before = baseline_queries(args.baseline) if args.baseline else {}
    with tempfile.TemporaryDirectory(prefix="geokg-bench-q-") as tmp:
        store: Any = None
        if args.no_embedded:
            articles = articles_for(target, unit, args.sources)
            print(f"embedded store: skipped (--no-embedded); {articles:,} generated articles hold {target:,} {unit}")
        else:
            store, articles = report_store(args, tmp, target, unit)
        neo = server = None
        if args.neo4j_bulk:
            neo, server = open_bulk(args, articles)
        elif not args.no_neo4j and os.environ.get("NEO4J_URI"):
            neo = open_neo4j(args, articles)
        else:
            print("neo4j: skipped (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to include it)")
        if store is None and neo is None:
            raise SystemExit("nothing to time: --no-embedded and no Neo4j server configured")
        time_queries(args, cases, before, runs, store, neo)
        if store is not None:
            store.close()
        if neo:
            neo.close()
        if server is not None:
            server.stop()


def articles_for(target: int, unit: str, sources: int) -> int:
    """How many generated articles the embedded build would load for ``target`` (without building it)."""
    from geokg.graph.rdf import dataset_quads

    total = articles = 0
    items = generate(sources=sources)
    while total < target:
        for _ in range(200):  # build_embedded loads chunks of 200 articles
            art, triples = next(items)
            total += len(triples) if unit == "statements" else sum(
                1 for q in dataset_quads(art, triples) if q.graph_name.value.startswith(
                    "https://w3id.org/geokg/article/"))
            articles += 1
    return articles


def open_neo4j(args: argparse.Namespace, articles: int) -> Any:
    """The configured Neo4j, loaded with the first ``articles`` generated articles (or checked, if loaded)."""
    from itertools import islice

    from geokg.graph.neo4j_writer import connect

    neo = connect()
    if args.neo4j_loaded:
        with neo.driver.session(database=neo.database) as session:
            held = session.run("MATCH (a:Article) RETURN count(a) AS n").single()["n"]
        if held != articles:
            raise SystemExit(f"--neo4j-loaded: the server holds {held:,} articles, this size needs {articles:,}")
        print(f"neo4j: reusing the loaded server ({held:,} articles)")
        return neo
    neo.clear()
    t = time.perf_counter()
    written = neo.write(islice(generate(sources=args.sources), articles), batch_size=2000)
    secs = time.perf_counter() - t
    print(f"neo4j: {written:,} events written by Neo4jWriter in {secs:.1f} s ({written / secs:,.0f}/s)")
    return neo


def open_bulk(args: argparse.Namespace, articles: int) -> tuple[Any, Any]:
    """A server of its own on ``--neo4j-bulk DIR`` holding the first ``articles`` generated articles, put
    in by the bulk path the first time (the seconds of each step printed and kept in DIR/bench.json)."""
    import json
    from itertools import islice

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from neo4j_support import PrivateServer, admin_import

    from geokg.graph.neo4j_csv import write_neo4j_csv
    from geokg.graph.neo4j_writer import connect

    work = Path(args.neo4j_bulk)
    info = work / "bench.json"
    if info.exists():
        meta = json.loads(info.read_text())
        if meta["articles"] != articles or meta["sources"] != args.sources:
            raise SystemExit(f"--neo4j-bulk {work} holds {meta}, this size needs {articles:,} articles")
        print(f"neo4j: reusing the bulk-loaded database in {work} ({meta})", flush=True)
    else:
        t = time.perf_counter()
        rows = write_neo4j_csv(islice(generate(sources=args.sources), articles), work / "csv")
        export = time.perf_counter() - t
        t = time.perf_counter()
        done = admin_import(work / "csv", work / "home", list(rows), timeout=7200)
        imported = time.perf_counter() - t
        if done.returncode != 0:
            raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        meta = {"articles": articles, "sources": args.sources, "export_s": round(export, 1),
                "import_s": round(imported, 1), "rows": rows}
        info.write_text(json.dumps(meta))
        print(f"neo4j: bulk path: export {export:.1f} s, neo4j-admin import {imported:.1f} s", flush=True)
    server = PrivateServer(work / "state", work / "home")
    # the password scripts/neo4j.sh gives the servers it starts
    uri = server.start()
    try:
        neo = connect(uri, "neo4j", os.environ.get("GEOKG_NEO4J_TEST_PASSWORD") or "geokg-test")
    except BaseException:
        server.stop()
        raise
    t = time.perf_counter()
    neo.ensure_schema()  # the constraints and indexes import.sh lists
    with neo.driver.session(database=neo.database) as session:
        session.run("CALL db.awaitIndexes(3600)").consume()
        held = session.run("MATCH (a:Article) RETURN count(a) AS n").single()["n"]
    if "schema_s" not in meta:
        meta["schema_s"] = round(time.perf_counter() - t, 1)
        info.write_text(json.dumps(meta))
        print(f"neo4j: constraints and indexes {meta['schema_s']:.1f} s", flush=True)
    if held != articles:
        server.stop()
        raise SystemExit(f"--neo4j-bulk: the database holds {held:,} articles, this size needs {articles:,}")
    return neo, server


def report_store(args: argparse.Namespace, tmp: str, target: int, unit: str) -> tuple[Any, int]:
    store, path, articles, secs = open_store(args, tmp, target, unit)
    stats = store.stats()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    print(f"embedded store: {articles:,} articles, {stats['statements']:,} statements, "
          f"{stats['events']:,} distinct events, {stats['triples']:,} quads "
          f"({stats['triples'] / stats['statements']:.1f} per statement), {size / 2**20:.0f} MiB on disk"
          + (f", loaded and derived in {secs:.1f} s ({stats['statements'] / secs:,.0f} statements/s)"
             if secs else "")
          + f"; load average {os.getloadavg()[0]:.1f} (other work shares this machine)")
    return store, articles


def time_queries(args: argparse.Namespace, cases: list[tuple[str, dict[str, Any]]], before: dict[str, Any],
                 runs: int, store: Any, neo: Any) -> None:
    """Run every case ``runs`` times on each backend given; print a row per case and the goals."""
    from geokg.queries.runner import run_query

    print(f"\n{'query':44s} {'rows':>5s} {'embedded median':>13s} {'p95':>8s}"
          + (f" {'before (' + args.baseline[:10] + ')':>26s} {'p95':>8s} {'after/before':>12s}" if before else "")
          + (f" {'neo4j median':>13s} {'p95':>8s} {'emb/neo':>8s}" if neo else ""))
    all_emb: list[float] = []
    all_neo: list[float] = []
    cases_emb: list[list[float]] = []  # per case (a case over --budget has one time)
    cases_neo: list[list[float]] = []
    for name, params in cases:
        rows: int | None = None
        label = name + (" (" + ",".join(f"{k}={v}" for k, v in params.items()) + ")" if params else " (defaults)")
        emb: list[float] = []
        if store is not None and name not in args.skip_embedded:
            rows = len(run_query(name, params, backend="embedded", store=store)[1])
            emb = measure(lambda name=name, params=params: run_query(name, params, backend="embedded",
                                                                     store=store), runs)
            all_emb += emb
            cases_emb.append(emb)
        line = line_of(label, rows, emb)
        if before and store is not None:
            old = before.get(name)
            if old is None or name in args.skip_baseline or any(k not in {p.name for p in old.params}
                                                                  for k in params):
                line += f" {'not run':>23s} {'':8s} {'':>12s}"
            else:
                was = measure(lambda name=name, params=params, old=old: run_query(
                    name, params, backend="embedded", store=store, query=old), runs)
                ratio = f"{statistics.median(emb) / statistics.median(was):12.3f}" if emb else f"{'-':>12s}"
                line += f" {statistics.median(was):20.1f} ms {p95(was):8.1f} {ratio}"
        if neo:
            nrows = run_query(name, params, backend="neo4j", neo4j_conn=neo)[1]
            ne = measure(lambda name=name, params=params: run_query(name, params, backend="neo4j",
                                                                    neo4j_conn=neo), runs)
            all_neo += ne
            cases_neo.append(ne)
            line += (f" {statistics.median(ne):10.1f} ms {p95(ne):8.1f} "
                     + (f"{statistics.median(emb) / statistics.median(ne):8.2f}" if emb else f"{'-':>8s}")
                     + ("" if rows is None or len(nrows) == rows else f"  (neo4j rows {len(nrows)})")
                     + (f"  (neo4j rows {len(nrows)})" if rows is None else ""))
        print(line + f"  [load {os.getloadavg()[0]:.1f}]", flush=True)
    if all_emb:
        print(f"{'all queries run':44s} {'':5s} {statistics.median(all_emb):10.1f} ms {p95(all_emb):8.1f}"
              + (f" {statistics.median(all_neo):10.1f} ms {p95(all_neo):8.1f}" if neo else ""))
        goals("embedded", cases_emb)
    if all_neo:
        goals("neo4j", cases_neo)


def goals(backend: str, cases: list[list[float]]) -> None:
    """The issue's goals over every case timed on one backend: each median < 100 ms, each p95 < 250 ms."""
    medians = [statistics.median(c) for c in cases]
    tails = [p95(c) for c in cases]
    print(f"{backend}: worst median {max(medians):.1f} ms  goal < 100 ms each  "
          f"{'MET' if max(medians) < 100 else 'MISSED'} ({sum(m >= 100 for m in medians)} of {len(cases)} over); "
          f"worst p95 {max(tails):.1f} ms  goal < 250 ms each  "
          f"{'MET' if max(tails) < 250 else 'MISSED'} ({sum(t >= 250 for t in tails)} over)")


if __name__ == "__main__":
    main()
