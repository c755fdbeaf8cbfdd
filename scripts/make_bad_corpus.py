"""Generate the large and file-system-level parts of the hostile-input corpus.

The small bad inputs are committed under ``tests/data/bad/``; what git cannot or
should not hold is made here, into ``tests/data/bad/generated/`` (git-ignored):

* ``big_50mb.txt``: 50 MB of text, over the readers' 20 MB limit;
* ``long_sentence.txt``: one 200,000-character sentence with no period, with actors in it;
* ``deeply_nested.json`` / ``deeply_nested.jsonl``: JSON nested 100,000 levels deep;
* ``unreadable/secret.txt``: a file with mode 000 (still readable by root);
* ``loop/``: a link to its own folder, a pair of links pointing at each other, a dangling link;
* ``fifo``: a named pipe, which must be skipped, never opened (reading it would block).

Run: ``python scripts/make_bad_corpus.py [--force] [--out DIR]``. It is idempotent: an
existing corpus is left alone unless ``--force``. The test session fixture in
``tests/bad_support.py`` runs it when the folder is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import stat
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "data" / "bad" / "generated"
STAMP = ".complete"  # written last: a folder without it was interrupted and is made again

BIG_BYTES = 50 * 2**20
LONG_SENTENCE_CHARS = 200_000
NESTING = 100_000

WORDS = ("the", "talks", "between", "officials", "and", "delegates", "over", "a", "new", "border",
         "agreement", "while", "ministers", "said", "that", "further", "meetings", "would", "follow")
ACTORS = ("Russia", "Turkey", "Vladimir Putin", "France", "Iran", "the United States", "NATO", "Germany")
VERBS = ("condemned", "accused", "met", "warned", "sanctioned", "thanked", "attacked", "urged")


def long_sentence(chars: int, seed: int = 7) -> str:
    """One sentence of ``chars`` characters with no period: clauses joined by commas and "and"."""
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        clause = " ".join([rnd.choice(ACTORS), rnd.choice(VERBS), rnd.choice(ACTORS),
                           *rnd.choices(WORDS, k=rnd.randrange(3, 12))])
        parts.append(clause)
        size += len(clause) + 6
    return ", and ".join(parts)[:chars].rstrip()


def write_big_text(path: Path, size: int) -> None:
    line = ("Officials met again on Tuesday to discuss the border agreement and the trade talks, "
            "and said further meetings would follow.\n").encode("ascii")
    block = line * (2**20 // len(line) + 1)
    with path.open("wb") as file:
        written = 0
        while written < size:
            chunk = block[: size - written]
            file.write(chunk)
            written += len(chunk)


def make_links(loop: Path) -> None:
    loop.mkdir()
    (loop / "note.txt").write_text("Chile thanked Peru for its help after the earthquake.\n", encoding="utf-8")
    os.symlink(".", loop / "self")  # a folder that contains itself
    os.symlink("pong", loop / "ping")  # ping -> pong -> ping: ELOOP on open
    os.symlink("ping", loop / "pong")
    os.symlink("nowhere.txt", loop / "dangling.txt")


def make_corpus(out: Path) -> None:
    out.mkdir(parents=True)
    write_big_text(out / "big_50mb.txt", BIG_BYTES)
    sentence = long_sentence(LONG_SENTENCE_CHARS)
    (out / "long_sentence.txt").write_text(sentence, encoding="utf-8")
    (out / "deeply_nested.json").write_bytes(b"[" * NESTING + b"]" * NESTING)
    nested = b'{"id": "bad-nested", "text": ' + b"[" * NESTING + b"]" * NESTING + b"}"
    good = json.dumps({"id": "bad-after-nested", "text": "Ghana welcomed aid from Japan."}).encode()
    (out / "deeply_nested.jsonl").write_bytes(nested + b"\n" + good + b"\n")
    unreadable = out / "unreadable"
    unreadable.mkdir()
    secret = unreadable / "secret.txt"
    secret.write_text("Sweden summoned the Chinese ambassador over the arrest.\n", encoding="utf-8")
    secret.chmod(0)
    make_links(out / "loop")
    if hasattr(os, "mkfifo"):
        os.mkfifo(out / "fifo")
    (out / STAMP).write_text("complete\n", encoding="utf-8")


def remove(out: Path) -> None:
    """Remove a previous corpus, restoring modes so that a non-root user can delete it."""
    for dirpath, _dirnames, filenames in os.walk(out):
        for name in filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(out)


def ensure_corpus(out: Path = DEFAULT_OUT, force: bool = False) -> Path:
    """Make the corpus at ``out`` unless a complete one is already there; returns ``out``."""
    if (out / STAMP).exists() and not force:
        return out
    if out.exists() or out.is_symlink():
        remove(out)
    make_corpus(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write (default {DEFAULT_OUT})")
    parser.add_argument("--force", action="store_true", help="make the corpus again even if it is there")
    args = parser.parse_args(argv)
    out = ensure_corpus(args.out, force=args.force)
    print(f"bad-input corpus ready in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
