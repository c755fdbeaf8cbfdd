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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geokg.settings import Settings

SENTENCE = "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on Monday.\n"
DATED = "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant on 14 September.\n"


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


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
        times: dict[str, list[float]] = {"bare": [], "warm": [], "dated": [], "cold": []}
        for _ in range(args.runs):
            times["bare"].append(wall(bare, warm_env))
            times["warm"].append(wall(extract, warm_env))
            times["dated"].append(wall(extract_dated, warm_env))
            if not args.no_cold:
                times["cold"].append(wall(extract, cold_env))
    med = {k: statistics.median(v) for k, v in times.items() if v}
    print(f"model {model}, {args.runs} runs each, median wall seconds (other work may share the machine)")
    print(f"  spacy.load alone            {med['bare']:.2f} s")
    print(f"  geokg extract, warm cache   {med['warm']:.2f} s   ratio {med['warm'] / med['bare']:.2f}  (goal <= 1.5)")
    print(f"  ... with an explicit date   {med['dated']:.2f} s   ratio {med['dated'] / med['bare']:.2f}")
    if "cold" in med:
        print(f"  geokg extract, no cache     {med['cold']:.2f} s   ratio {med['cold'] / med['bare']:.2f}")


if __name__ == "__main__":
    main()
