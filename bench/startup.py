"""Start-up cost: ``geokg extract`` on a one-sentence file vs loading the bare spaCy model, same run.

Each is a fresh process (``python -c "import spacy; spacy.load(MODEL)"`` with the model the settings
use, and the installed ``geokg extract FILE --format jsonl``), interleaved, wall time, median of
``--runs``. The extraction runs with a warm start-up cache (one untimed run first fills it), and once
with the cache turned off (``GEOKG_CACHE_DIR=off``) to show what the cache saves. Goal: ratio <= 1.5.
A second sentence names an explicit date ("on 14 September"), which loads ``dateparser`` (a weekday needs
no parser): its first use in a process costs a few tenths of a second more.

    python bench/startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geokg.settings import Settings

SENTENCE = "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on Monday.\n"
DATED = "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on 14 September.\n"


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of ``cmd`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-cold", action="store_true", help="skip the runs without the cache")
    args = ap.parse_args()
    model = Settings.from_env().model
    geokg = str(Path(sys.executable).with_name("geokg"))
    with tempfile.TemporaryDirectory() as tmp:
        text, dated = Path(tmp) / "one.txt", Path(tmp) / "dated.txt"
        text.write_text(SENTENCE, encoding="utf-8")
        dated.write_text(DATED, encoding="utf-8")
        warm_env = {**os.environ, "GEOKG_CACHE_DIR": str(Path(tmp) / "cache")}
        cold_env = {**os.environ, "GEOKG_CACHE_DIR": "off"}
        bare = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
        extract = [geokg, "extract", str(text), "--format", "jsonl", "--workers", "1"]
        extract_dated = [*extract[:2], str(dated), *extract[3:]]
        wall(extract, warm_env)  # fills the cache
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "warm": [], "dated": [], "cold": []}
        for _ in range(args.runs):
            times["bare"].append(wall(bare, warm_env))
            times["warm"].append(wall(extract, warm_env))
            times["dated"].append(wall(extract_dated, warm_env))
            if not args.no_cold:
                times["cold"].append(wall(extract, cold_env))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in times.items() if v}
    bw, bc = med["bare"]
    print(f"model {model}, {args.runs} runs each, medians of wall and CPU (user + system) seconds; other work may "
          f"share the machine (load average {os.getloadavg()[0]:.1f}), which stretches wall time more than CPU")
    print(f"  spacy.load alone            {bw:5.2f} s wall  {bc:5.2f} s CPU")
    rows = [("warm", "geokg extract, warm cache"), ("dated", "... with an explicit date"),
            ("cold", "geokg extract, no cache")]
    for key, label in rows:
        if key in med:
            w, c = med[key]
            goal = "  (goal <= 1.5)" if key == "warm" else ""
            print(f"  {label:27} {w:5.2f} s wall  {c:5.2f} s CPU   ratio {w / bw:.2f} wall, {c / bc:.2f} CPU{goal}")

if __name__ == "__main__":
    main()
