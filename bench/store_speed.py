"""Quads per statement and load speed of the embedded store, before (main's layout) and after (issue 11).

Generates the skewed corpus of bench/query_latency.py (hub actors and a long tail, 20 statements an
article, every relation, negation, attribution) and loads the same statements

1. *before*: main's article graphs (bench/legacy_layout.py: actors described in every article graph,
   a truthy triple per statement), bulk-loaded;
2. *after*: the article graphs and the actors graph bulk-loaded, then the events and summaries
   derived from them (``EmbeddedStore.rebuild_derived``) -- the bulk path;
3. *after*, on a sample: ``EmbeddedStore.write_article``, one transaction per article keeping
   events and summaries up to date -- the build path;
4. ``--append N``: N more articles (another seed) written one by one into the full store of step 2 and,
   as the baseline, into a fresh store: what a ``geokg build`` costs per article on a large store
   (rankings, summaries and indexes of hubs kept at write time) against an empty one;

and prints quads per statement and statements/s for each, with the ratios after/before measured
in the same run. Not a test: ``python bench/store_speed.py [--statements 200000] [--sample 4000] [--append 200]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from legacy_layout import legacy_article_quads  # noqa: E402
from query_latency import generate  # noqa: E402

from geokg.graph.rdf import dataset_quads  # noqa: E402
from geokg.graph.store import EmbeddedStore  # noqa: E402


def _items(statements: int) -> list:
    items, n = [], 0
    for article, triples in generate():
        items.append((article, triples))
        n += len(triples)
        if n >= statements:
            return items
    return items


def _bulk(root: Path, name: str, quads: list[ox.Quad]) -> tuple[EmbeddedStore, float]:
    store = EmbeddedStore(root / name)
    t = time.perf_counter()
    store.bulk_load_nquads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return store, time.perf_counter() - t


def _appended(path: Path, items: list) -> float:
    """Seconds to write ``items`` one article a transaction into the store at ``path`` (opened first:
    the write cache starts empty, as in a new ``geokg build``)."""
    with EmbeddedStore(path) as store:
        t = time.perf_counter()
        for article, triples in items:
            store.write_article(article, triples)
        return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200_000, help="statements to generate")
    parser.add_argument("--sample", type=int, default=4_000, help="statements for the write_article path")
    parser.add_argument("--append", type=int, default=0, metavar="N",
                        help="also time N single-article writes into the full store and into a fresh one")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the stores (default: a temp dir)")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="geokg-bench-", dir=args.dir))
    try:
        items = _items(args.statements)
        n = sum(len(ts) for _, ts in items)
        print(f"{n:,} statements in {len(items):,} generated articles; load average {os.getloadavg()[0]:.1f} "
              f"(other work shares this machine)")

        legacy = [q for a, ts in items for q in legacy_article_quads(a, ts)]
        store, before_s = _bulk(root, "before", legacy)
        before_quads = len(legacy)
        store.close()
        del legacy

        quads = [q for a, ts in items for q in dataset_quads(a, ts)]
        store, load_s = _bulk(root, "after", quads)
        t = time.perf_counter()
        derived = store.rebuild_derived()
        derive_s = time.perf_counter() - t
        stats = store.stats()
        after_quads = stats["triples"]
        assert after_quads == len(set(quads)) + derived, (after_quads, len(quads), derived)
        store.close()
        del quads

        sample = list(islice(iter(items), max(1, args.sample // 20)))
        n_sample = sum(len(ts) for _, ts in sample)
        with EmbeddedStore(root / "tx") as tx:
            t = time.perf_counter()
            tx.write_many(sample)
            tx_s = time.perf_counter() - t

        after_s = load_s + derive_s
        print(f"{'':34s} {'quads':>11s} {'quads/stmt':>10s} {'seconds':>8s} {'statements/s':>13s}")
        print(f"{'before: bulk load (main layout)':34s} {before_quads:11,} {before_quads / n:10.1f} "
              f"{before_s:8.1f} {n / before_s:13,.0f}")
        print(f"{'after: bulk load + rebuild_derived':34s} {after_quads:11,} {after_quads / n:10.1f} "
              f"{after_s:8.1f} {n / after_s:13,.0f}   (load {load_s:.1f} s, derive {derive_s:.1f} s)")
        print(f"{'after: write_article (sample)':34s} {'':11s} {'':10s} {tx_s:8.1f} {n_sample / tx_s:13,.0f}"
              f"   ({n_sample:,} statements, one transaction per article)")
        if args.append:
            more = list(islice(generate(seed=99), args.append))
            full_s, fresh_s = (_appended(root / name, more) for name in ("after", "fresh"))
            print(f"{'append: write_article, full store':34s} {'':11s} {'':10s} {full_s:8.1f} "
                  f"{len(more) / full_s:13,.1f}   (articles/s; {args.append} articles into {n:,} statements)")
            print(f"{'append: write_article, fresh store':34s} {'':11s} {'':10s} {fresh_s:8.1f} "
                  f"{len(more) / fresh_s:13,.1f}   (articles/s; the same articles)")
            print(f"ratio seconds per article full/fresh : {full_s / fresh_s:.2f}")
        print(f"events: {stats['events']:,} distinct of {stats['reports']:,} reports")
        print(f"ratio quads per statement after/before: {after_quads / before_quads:.2f}")
        print(f"ratio bulk statements/s after/before  : {before_s / after_s:.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
