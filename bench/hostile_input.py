"""Cost of hostile input shapes against normal articles of the same size in bytes (issue 12).

Two hostile inputs, each with its baseline of the same bytes, built in the same run:

* ``paragraphs``: ``'Talks.\\n\\n' * 200,000`` (1.6 MB, one .txt file) vs a JSON Lines file of normal
  news articles (the Wikinews corpus, recombined) of the same size;
* ``long article``: one 5 MB article of real news text (the corpus concatenated, paragraphs kept) vs
  the same corpus as normal articles in a JSON Lines file of the same size.

Each build is ``geokg build FILE --workers 1 --store TMP`` in its own process; its wall time and peak
RSS (``wait4``'s rusage of that process alone) are printed, and the ratio hostile / baseline. Goal:
time ratio <= 3x and peak RSS <= 1.5 GB.

    python bench/hostile_input.py [--scale 1.0] [--long-mb 5] [--only paragraphs|long] [--corpus DIR]

``--scale 0.2`` builds a fifth of each size (a quick check; the goal is stated for 1.0).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_arg, iter_scaled, load_corpus  # noqa: E402

from geokg.ingest.models import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO, GOAL_RSS = 3.0, 1.5 * 2**30


def run_build(path: Path, work: Path) -> dict[str, float]:
    """Build ``path`` in a fresh process: seconds and peak RSS (bytes) of that process."""
    store = work / f"store-{path.stem}"
    # no time budget: the whole article is parsed, and its whole cost measured
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "GEOKG_ARTICLE_SECONDS": "100000"}
    log = work / f"{path.stem}.log"
    started = time.perf_counter()
    with log.open("wb") as errors:
        proc = subprocess.Popen([sys.executable, "-m", "geokg", "build", str(path), "--workers", "1", "--store",
                                 str(store)], stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this process alone
    seconds = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"build of {path} failed ({code}):\n{log.read_text(errors='replace')[-2000:]}")
    return {"seconds": seconds, "peak_rss": usage.ru_maxrss * 1024.0}


@cache
def normal_articles(corpus: Path) -> list[Article]:
    """The Wikinews corpus, else (when it is not on this machine) the bundled examples/ articles."""
    if any(corpus.glob("*.csv")):
        return load_corpus(corpus)
    from geokg.ingest.readers import read_inputs

    print(f"(no corpus at {corpus}: normal articles are the bundled examples/, recombined)")
    return [a for a in read_inputs([str(ROOT / "examples")]) if isinstance(a, Article)]


def normal_jsonl(path: Path, corpus: Path, size: int) -> int:
    """Normal articles (one per line) up to ``size`` bytes; returns the bytes written."""
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for a in iter_scaled(normal_articles(corpus), 10**9):
            line = json.dumps({"id": a.ref, "text": a.text, "title": a.title, "date": a.date}) + "\n"
            if written + len(line.encode()) > size:
                break
            fh.write(line)
            written += len(line.encode())
    return written


def long_article(path: Path, corpus: Path, size: int) -> int:
    """One article of ``size`` bytes: corpus texts one after another, paragraphs kept."""
    parts, written = [], 0
    for a in iter_scaled(normal_articles(corpus), 10**9):
        chunk = a.text.strip() + "\n\n"
        parts.append(chunk)
        written += len(chunk.encode())
        if written >= size:
            break
    path.write_text("".join(parts), encoding="utf-8")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the sizes to build (default 1)")
    parser.add_argument("--long-mb", type=float, default=5.0, help="size of the long article in MB (default 5)")
    parser.add_argument("--only", choices=("paragraphs", "long"), help="run one of the two cases")
    corpus_arg(parser)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    print("(other work may be running on this machine: compare the ratios, not the seconds)")
    with tempfile.TemporaryDirectory(prefix="geokg-hostile-") as tmp:
        work = Path(tmp)
        cases = []
        hostile = work / "paragraphs.txt"
        hostile.write_text("Talks.\n\n" * int(200_000 * args.scale))
        base = work / "paragraphs-baseline.jsonl"
        normal_jsonl(base, corpus, hostile.stat().st_size)
        cases.append(("200k paragraphs", hostile, base))
        longer = work / "long-article.txt"
        long_article(longer, corpus, int(args.long_mb * 2**20 * args.scale))
        base2 = work / "long-baseline.jsonl"
        normal_jsonl(base2, corpus, longer.stat().st_size)
        cases.append((f"{args.long_mb * args.scale:g} MB article", longer, base2))
        ok = True
        if args.only:
            cases = [cases[0 if args.only == "paragraphs" else 1]]
        for name, bad, good in cases:
            b, g = run_build(bad, work), run_build(good, work)
            ratio, rss_ratio = b["seconds"] / g["seconds"], b["peak_rss"] / g["peak_rss"]
            met = ratio <= GOAL_RATIO and b["peak_rss"] <= GOAL_RSS
            ok &= met
            mb_bad, mb_good = bad.stat().st_size / 2**20, good.stat().st_size / 2**20
            print(f"{name}: {mb_bad:.2f} MB vs normal articles {mb_good:.2f} MB")
            print(f"  hostile  {b['seconds']:8.1f} s  peak RSS {b['peak_rss'] / 2**20:7.0f} MB")
            print(f"  baseline {g['seconds']:8.1f} s  peak RSS {g['peak_rss'] / 2**20:7.0f} MB")
            print(f"  ratio    {ratio:8.2f}x time, {rss_ratio:.2f}x memory  (goal <= {GOAL_RATIO:g}x, <= 1.5 GB): "
                  f"{'met' if met else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
