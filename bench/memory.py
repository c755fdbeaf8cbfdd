"""Peak memory of a build: does it stream? Peak RSS building N vs 10xN articles.

Each build runs ``geokg.graph.build.build`` (reader -> extractor -> embedded store) on a
JSON Lines file of the scaled Wikinews corpus, in a fresh subprocess that reports its own
peak RSS (``resource.getrusage``). A streaming build holds one batch, not the corpus: the
ratio of the two peaks should stay near 1 (goal <= 1.3x) while the input grows 10x.

    python bench/memory.py [--quick] [--sizes 1000 10000] [--corpus DIR]

The full sizes (1k vs 10k articles) take about an hour of one core here; ``--quick`` runs
300 vs 3,000 (about 15 minutes). The smaller size must cover the whole corpus (295 distinct
articles, repeated beyond that): below it, the small build never meets the corpus's longest
articles, whose parse sets the peak, and the ratio measures the corpus, not the streaming
(150 vs 1,500 gave 2.3x for that reason).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_arg, iter_scaled, load_corpus  # noqa: E402


def child(jsonl: str, store: str) -> None:
    """Run one build and print its figures as JSON (runs in the subprocess)."""
    from geokg.graph.build import build
    from geokg.graph.store import EmbeddedStore
    from geokg.ingest.pipeline import Extractor

    start = time.perf_counter()
    extractor = Extractor()
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with EmbeddedStore(store) as kg:
        report = build([jsonl], kg, extractor)
        stats = kg.stats()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    size = sum(f.stat().st_size for f in Path(store).rglob("*") if f.is_file())
    print(json.dumps({"articles": report.articles, "triples": report.triples, "quads": stats["triples"],
                      "seconds": time.perf_counter() - start, "peak_kib": peak, "after_load_kib": loaded,
                      "store_bytes": size}))


def run_build(articles: int, corpus: Path, work: Path) -> dict[str, float]:
    jsonl = work / f"corpus-{articles}.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for a in iter_scaled(load_corpus(corpus), articles):
            fh.write(json.dumps({"id": a.ref, "text": a.text, "title": a.title, "date": a.date,
                                 "url": a.url, "source": a.source}) + "\n")
    out = subprocess.run([sys.executable, __file__, "--child", str(jsonl), str(work / f"store-{articles}")],
                         check=True, capture_output=True, text=True)
    jsonl.unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arg(parser)
    parser.add_argument("--sizes", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"))
    parser.add_argument("--quick", action="store_true", help="300 vs 3,000 articles")
    parser.add_argument("--child", nargs=2, metavar=("JSONL", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    sizes = args.sizes or ((300, 3000) if args.quick else (1000, 10000))
    print(f"peak RSS of a build, {sizes[0]} vs {sizes[1]} articles (one process, one core); "
          f"load average {os.getloadavg()[0]:.1f}")
    results = []
    with tempfile.TemporaryDirectory(prefix="geokg-bench-mem-") as tmp:
        for n in sizes:
            r = run_build(n, args.corpus, Path(tmp))
            results.append(r)
            print(f"{n:6d} articles: peak RSS {r['peak_kib'] / 1024:7.0f} MiB (model loaded: "
                  f"{r['after_load_kib'] / 1024:.0f} MiB)  {r['seconds']:7.1f} s  "
                  f"{r['articles'] / r['seconds']:.2f} articles/s  {r['triples']} triples  "
                  f"{r['quads']:,} quads  store {r['store_bytes'] / 2**20:.1f} MiB "
                  f"({r['store_bytes'] / max(1, r['quads']):.0f} bytes/quad)")
    ratio = results[1]["peak_kib"] / results[0]["peak_kib"]
    print(f"ratio peak RSS {sizes[1]}/{sizes[0]}: {ratio:.2f}x  goal <= 1.3x  {'MET' if ratio <= 1.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
