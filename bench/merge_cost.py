"""What merging reports into distinct events costs a build: the 295 Wikinews articles, with and without.

Extraction runs once (``--workers 1``-style, in this process) and its output is cached as JSON Lines
(``--cache``, one article and its triples a line), so the timed part is the store's alone: every
article written into a fresh store, once keeping events and summaries (``derive=True``, the default)
and once without (``derive=False``: article graphs and actors only), alternating, ``--runs`` times
each, in two ways: ``write_article`` per article (one transaction each, what ``geokg build`` does)
and ``write_many`` (``--chunk`` articles per transaction, both variants). Prints reports vs distinct
events, the quads each variant stores, and the ratio of the median build times, wall and CPU (the
process's, all threads: less moved by other work on a shared machine). Issue 10 asks <= 1.15.
``--with-extraction`` also times one extraction pass in this run and prints the ratio of a whole
build (extraction + store) with merging to one without.

    python bench/merge_cost.py [--corpus DIR] [--cache FILE] [--runs 3] [--chunk 64] [--with-extraction]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_CORPUS, load_corpus  # noqa: E402

from geokg.graph.store import EmbeddedStore  # noqa: E402
from geokg.ingest.models import Article, Triple  # noqa: E402

Items = list[tuple[Article, list[Triple]]]


def extract_cached(corpus: Path, cache: Path) -> Items:
    """(article, triples) for the corpus, from the cache when it exists, else extracted and cached."""
    if not cache.exists():
        from geokg.ingest.parallel import get_extractor

        t = time.perf_counter()
        extractor = get_extractor()
        articles = load_corpus(corpus)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for article, triples in extractor.extract_stream(articles):
                meta = {k: getattr(article, k) for k in ("id", "ref", "title", "date", "source", "url")}
                fh.write(json.dumps({"article": meta, "triples": [t.to_dict() for t in triples]}) + "\n")
        tmp.replace(cache)  # a cache that exists is complete
        print(f"extracted and cached in {time.perf_counter() - t:.0f} s: {cache}", flush=True)
    items: Items = []
    with cache.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            article = Article(text="", **row["article"])
            items.append((article, [Triple.from_dict(d, article_id=article.id) for d in row["triples"]]))
    return items


def build_seconds(items: Items, derive: bool, chunk: int) -> tuple[float, float, dict[str, object]]:
    """(wall s, CPU s, stats) of writing ``items`` into a fresh store; ``chunk`` 0: write_article each."""
    with tempfile.TemporaryDirectory(prefix="geokg-bench-merge-") as tmp, \
            EmbeddedStore(Path(tmp) / "kg", derive=derive) as store:
        t, cpu = time.perf_counter(), time.process_time()
        if chunk:
            store.write_many(items, chunk=chunk)
        else:
            for article, triples in items:
                store.write_article(article, triples)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        return seconds, cpu, store.stats()


def extraction_seconds(corpus: Path) -> float:
    from geokg.ingest.parallel import get_extractor

    extractor = get_extractor()
    t = time.perf_counter()
    for _ in extractor.extract_stream(load_corpus(corpus)):
        pass
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "geokg-wikinews-triples.jsonl")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=64, help="articles per write_many transaction")
    parser.add_argument("--with-extraction", action="store_true", help="also time one extraction pass")
    args = parser.parse_args(argv)
    items = extract_cached(args.corpus, args.cache)
    ways = {"write_article (1 transaction per article)": 0, f"write_many (chunks of {args.chunk})": args.chunk}
    times: dict[tuple[str, bool], list[tuple[float, float]]] = {(w, d): [] for w in ways for d in (False, True)}
    stats: dict[bool, dict[str, object]] = {}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for way, chunk in ways.items():
            for derive in (False, True):
                seconds, cpu, stats[derive] = build_seconds(items, derive, chunk)
                times[way, derive].append((seconds, cpu))
        loads.append(os.getloadavg()[0])
    print(f"{len(items)} articles, {sum(len(ts) for _, ts in items):,} triples extracted (cached JSONL); "
          f"load average {min(loads):.1f}-{max(loads):.1f} over the runs (other work shares this machine)")
    s = stats[True]
    print(f"reports {s['reports']:,}, distinct events {s['events']:,} "
          f"({s['reports'] / max(1, s['events']):.3f} reports per event)")  # type: ignore[operator]
    print(f"quads stored: without merging {stats[False]['triples']:,}, with {s['triples']:,} "
          f"({s['triples'] / stats[False]['triples']:.2f}x)")  # type: ignore[operator]
    medians: dict[tuple[str, bool], tuple[float, float]] = {}
    for way in ways:
        for derive in (False, True):
            runs = times[way, derive]
            medians[way, derive] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        (plain, plain_cpu), (merged, merged_cpu) = medians[way, False], medians[way, True]
        print(f"{way}: without merging {plain:.2f} s (CPU {plain_cpu:.2f}), with {merged:.2f} s "
              f"(CPU {merged_cpu:.2f}); ratio wall {merged / plain:.2f}, CPU {merged_cpu / plain_cpu:.2f}  "
              f"(goal <= 1.15)")
    if args.with_extraction:
        extract = extraction_seconds(args.corpus)
        plain, merged = medians[next(iter(ways)), False][0], medians[next(iter(ways)), True][0]
        print(f"whole build, one extraction pass timed in this run ({extract:.1f} s, 1 worker) + write_article: "
              f"{extract + plain:.1f} s without merging, {extract + merged:.1f} s with; "
              f"ratio {(extract + merged) / (extract + plain):.3f}")


if __name__ == "__main__":
    main()
