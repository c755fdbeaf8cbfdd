"""What merging reports into distinct events costs a build: the 295 Wikinews articles, with and without.

Extraction runs once (``--workers 1``-style, in this process) and its output is cached as JSON Lines
(``--cache``, one article and its triples a line), so the timed part is the store's alone: every
article written with ``EmbeddedStore.write_article`` into a fresh store, once keeping events and
summaries (``derive=True``, the default) and once without (``derive=False``: article graphs and
actors only), alternating, ``--runs`` times each. Prints reports vs distinct events and the ratio of
the median build times (issue 10 asks <= 1.15).

    python bench/merge_cost.py [--corpus DIR] [--cache FILE] [--runs 3]
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


def build_seconds(items: Items, derive: bool) -> tuple[float, dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="geokg-bench-merge-") as tmp, \
            EmbeddedStore(Path(tmp) / "kg", derive=derive) as store:
        t = time.perf_counter()
        for article, triples in items:
            store.write_article(article, triples)
        seconds = time.perf_counter() - t
        return seconds, store.stats()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "geokg-wikinews-triples.jsonl")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    items = extract_cached(args.corpus, args.cache)
    times: dict[bool, list[float]] = {False: [], True: []}
    stats: dict[str, object] = {}
    for _ in range(args.runs):
        for derive in (False, True):
            seconds, s = build_seconds(items, derive)
            times[derive].append(seconds)
            if derive:
                stats = s
    plain, merged = statistics.median(times[False]), statistics.median(times[True])
    print(f"{len(items)} articles, {sum(len(ts) for _, ts in items):,} triples extracted (cached JSONL); "
          f"load average {os.getloadavg()[0]:.1f} (other work shares this machine)")
    print(f"reports {stats['reports']:,}, distinct events {stats['events']:,} "
          f"({stats['reports'] / max(1, stats['events']):.3f} reports per event)")  # type: ignore[operator]
    print(f"build without merging: median {plain:.2f} s of {times[False]}")
    print(f"build with merging   : median {merged:.2f} s of {times[True]}")
    print(f"ratio with/without: {merged / plain:.2f}  (goal <= 1.15)")


if __name__ == "__main__":
    main()
