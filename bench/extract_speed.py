"""Extraction speed, as ratios measured in the same run on the same texts:

1. geokg's extraction (pipeline + geokg components + triples) vs the bare spaCy parse of the
   same model (``spacy.load(model).pipe``): throughput ratio, goal >= 0.8. Measured in CPU
   seconds of this process (the machine may be shared), wall time shown too.
2. ``ParallelExtractor`` with N worker processes vs 1: wall-time speed-up, goal >= 1.7x with 2.
   spaCy's own ``n_process`` (``Extractor.extract_stream(workers=N)``) is shown for comparison.

    python bench/extract_speed.py [--quick] [-n 295] [--workers 2] [--profile] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_arg, load_corpus, scaled  # noqa: E402

from geokg.ingest.models import Article  # noqa: E402
from geokg.ingest.parallel import ParallelExtractor, get_extractor  # noqa: E402
from geokg.settings import Settings  # noqa: E402


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def consume(stream: object) -> int:
    return sum(len(triples) for _, triples in stream)  # type: ignore[attr-defined]


def bench_vs_bare(articles: list[Article], model: str, rounds: int) -> dict[str, float]:
    import spacy

    bare = spacy.load(model)
    ours = get_extractor(model)
    texts = [a.text for a in articles]
    list(bare.pipe(texts[:3]))  # warm-up
    consume(ours.extract_stream(articles[:3]))
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):  # interleaved, best of rounds: load from other processes hits both alike
        for name, run in (("bare", lambda: list(bare.pipe(texts, batch_size=16))),
                          ("geokg", lambda: consume(ours.extract_stream(articles, batch_size=16)))):
            wall, cpu = timed(run)
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    return {"bare_wall": best["bare"][0], "bare_cpu": best["bare"][1],
            "ours_wall": best["geokg"][0], "ours_cpu": best["geokg"][1]}


def pool_cpu(ex: ParallelExtractor) -> float:
    """CPU seconds used so far by this process and the pool's worker processes (/proc)."""
    total = time.process_time()
    pool = ex._pool
    for pid in (pool._processes or {}) if pool is not None else ():  # type: ignore[attr-defined]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


def bench_workers(articles: list[Article], model: str, workers: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for n in (1, workers):
        with ParallelExtractor(model, workers=n, batch_size=4) as ex:
            consume(ex.extract_stream(articles[: 2 * n]))  # start the pool and load the model first
            cpu0 = pool_cpu(ex)
            out[f"pool_{n}"], _ = timed(lambda ex=ex: consume(ex.extract_stream(articles)))
            out[f"pool_{n}_cpu"] = pool_cpu(ex) - cpu0  # the cores the run got = cpu / wall
    ours = get_extractor(model)
    consume(ours.extract_stream(articles[:4], batch_size=4, workers=workers))
    out["n_process"], _ = timed(lambda: consume(ours.extract_stream(articles, batch_size=16, workers=workers)))
    return out


def profile(articles: list[Article], model: str, top: int = 15) -> None:
    from pyinstrument import Profiler

    ours = get_extractor(model)
    profiler = Profiler(interval=0.002)
    profiler.start()
    consume(ours.extract_stream(articles, batch_size=16))
    profiler.stop()
    session = profiler.last_session
    totals: dict[str, float] = {}

    def walk(frame: object) -> None:  # self time per file:function
        if frame.is_synthetic:  # type: ignore[attr-defined]  # '[self]' leaves: counted by their parent
            return
        key = f"{Path(frame.file_path or '?').name}:{frame.function}"  # type: ignore[attr-defined]
        totals[key] = totals.get(key, 0.0) + frame.total_self_time  # type: ignore[attr-defined]
        for child in frame.children:  # type: ignore[attr-defined]
            walk(child)

    root = session.root_frame()
    walk(root)
    whole = session.duration or 1.0
    print(f"\nprofile: {whole:.1f} s, top {top} by self time")
    for key, secs in sorted(totals.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * secs / whole:5.1f} %  {key}")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)[:6000])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arg(parser)
    parser.add_argument("-n", type=int, default=0, help="articles (default: the whole corpus; --quick: 60)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of the bare-vs-ours pair")
    parser.add_argument("--quick", action="store_true", help="60 articles, 1 round")
    parser.add_argument("--profile", action="store_true", help="also profile the extraction (pyinstrument)")
    args = parser.parse_args(argv)
    model = Settings.from_env().model
    articles = load_corpus(args.corpus)
    n = args.n or (60 if args.quick else len(articles))
    articles = scaled(articles, n)
    rounds = 1 if args.quick else args.rounds
    chars = sum(len(a.text) for a in articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{n} articles, {chars:,} chars, {words:,} words, model {model}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")

    r = bench_vs_bare(articles, model, rounds)
    ratio_cpu, ratio_wall = r["bare_cpu"] / r["ours_cpu"], r["bare_wall"] / r["ours_wall"]
    print(f"bare spaCy parse : {r['bare_cpu']:7.1f} s CPU  {r['bare_wall']:7.1f} s wall  "
          f"({n / r['bare_cpu']:.2f} articles/s/core, {words / r['bare_cpu']:,.0f} words/s/core)")
    print(f"geokg extraction : {r['ours_cpu']:7.1f} s CPU  {r['ours_wall']:7.1f} s wall  "
          f"({n / r['ours_cpu']:.2f} articles/s/core, {words / r['ours_cpu']:,.0f} words/s/core)")
    print(f"ratio geokg/bare throughput: {ratio_cpu:.2f} (CPU), {ratio_wall:.2f} (wall)  goal >= 0.8  "
          f"{'MET' if ratio_cpu >= 0.8 else 'MISSED'}")

    w = bench_workers(articles, model, args.workers)
    speedup = w["pool_1"] / w[f"pool_{args.workers}"]
    pw, pc = w[f"pool_{args.workers}"], w[f"pool_{args.workers}_cpu"]
    print(f"1 worker         : {w['pool_1']:7.1f} s wall  {w['pool_1_cpu']:7.1f} s CPU  "
          f"(got {w['pool_1_cpu'] / w['pool_1']:.2f} cores)")
    print(f"{args.workers} workers (pool) : {pw:7.1f} s wall  {pc:7.1f} s CPU  (got {pc / pw:.2f} cores)  "
          f"speed-up {speedup:.2f}x  goal >= 1.7x  {'MET' if speedup >= 1.7 else 'MISSED'}  "
          f"(load average {os.getloadavg()[0]:.1f})")
    print(f"  CPU per article, {args.workers} workers / 1: {pc / w['pool_1_cpu']:.2f}; speed-up if every worker "
          f"had a core of its own: ~{args.workers * w['pool_1_cpu'] / pc:.2f}x")
    print(f"spaCy n_process={args.workers}: {w['n_process']:7.1f} s wall  speed-up "
          f"{w['pool_1'] / w['n_process']:.2f}x")
    if args.profile or ratio_cpu < 0.8:
        profile(articles[: min(n, 60)], model)


if __name__ == "__main__":
    main()
