"""Helpers for the hostile-input, fault and security tests: the bad corpus and a real CLI run.

The committed part of the corpus lives in ``tests/data/bad/``; the large and
file-system-level part is made by ``scripts/make_bad_corpus.py`` into
``tests/data/bad/generated/`` (git-ignored) on first use.
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
BAD_REL = "tests/data/bad"  # the CLI is run from ROOT with this path, so every ref is relative
GENERATED = BAD / "generated"

# "skipped PATH: REASON" (the progress lines of build and extract); a path may hold ": " only
# in the corpus's record suffixes, which never do.
SKIP_LINE = re.compile(r"^skipped (?P<path>.+?): (?P<reason>.+)$")
RECORD_SUFFIX = re.compile(r"(?::\d+|#\d+|\[\d+\])$")  # file.jsonl:3, feed.rss#2, list.json[0]


def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_bad_corpus", ROOT / "scripts" / "make_bad_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_bad_corpus() -> Path:
    """Make ``tests/data/bad/generated/`` when it is missing (idempotent)."""
    return corpus_module().ensure_corpus(GENERATED)


def corpus_entries(root: Path = BAD, rel: str = BAD_REL) -> list[str]:
    """Every input the readers must account for under ``root``, as ``rel``-based paths.

    Regular files, links (to anything, links to folders included, never followed) and
    special files; real folders are walked, hidden entries left out as the readers do.
    """
    entries = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(rel) / Path(dirpath).relative_to(root)
        for name in [*filenames, *(d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))]:
            if not name.startswith("."):
                entries.append((base / name).as_posix())
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
    return sorted(entries)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI run: wide, colourless output so that each line is whole."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GEOKG_"))}
    env.update(COLUMNS="1000", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def geokg_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "geokg", *args]


def run_geokg(*args: str, timeout: float = 300, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess (no stdin), capturing its text output."""
    return subprocess.run(geokg_argv(*args), capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=cli_env(**env), stdin=subprocess.DEVNULL)


@dataclass
class RunOutput:
    """What one build or extract run said: its skip lines and its numbers."""

    returncode: int
    stdout: str
    stderr: str
    skipped: dict[str, str] = field(default_factory=dict)  # path as printed -> reason

    @classmethod
    def parse(cls, proc: subprocess.CompletedProcess[str] | tuple[int, str, str]) -> RunOutput:
        code, out, err = (proc.returncode, proc.stdout, proc.stderr) if not isinstance(proc, tuple) else proc
        skipped: dict[str, str] = {}
        for line in err.splitlines():
            match = SKIP_LINE.match(line.strip())
            if match:
                assert match["path"] not in skipped, f"skipped twice: {line}"
                skipped[match["path"]] = match["reason"]
        return cls(code, out, err, skipped)

    def skipped_files(self) -> set[str]:
        """The files behind the skip lines (a record's ``file.jsonl:3`` counts for ``file.jsonl``)."""
        return {RECORD_SUFFIX.sub("", p) for p in self.skipped}


def table_rows(text: str, title: str) -> list[list[str]]:
    """The body rows of the rich table printed under ``title`` (box-drawn, one line per row)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows = []
    for line in lines[start + 1:]:
        stripped = line.strip()
        if stripped.startswith("└"):
            break
        if stripped.startswith("│"):
            rows.append([cell.strip() for cell in stripped.strip("│").split("│")])
    return rows
