from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import FIXTURE  # noqa: E402
from handbuilt import NLP, build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def fixture_graph():
    """[(Article, [Triple, ...]), ...]: the hand-built graph of tests/fixture_graph.py."""
    return FIXTURE


@pytest.fixture(scope="session")
def gazetteer():
    """The project's real actor gazetteer over a blank English pipeline (for hand-built Docs)."""
    from geokg.ingest.nlp import ActorGazetteer

    return ActorGazetteer(NLP)


@pytest.fixture(scope="session")
def make(gazetteer):
    """make(words, heads, deps, pos, lemmas=None, tags=None, ents=()) -> an annotated hand-built Doc
    (``tests/handbuilt.py``)."""
    return lambda *args, **kw: build(gazetteer, *args, **kw)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - pytest's hook signature
    """Say how the tests that need the real servers went, so a CI log shows they ran (not skipped)."""
    import os

    for marker, what in (("neo4j", f"Neo4j 5 at {os.environ.get('NEO4J_URI') or 'NO SERVER'}"),
                         ("browser", "headless Chromium")):
        counts = {}
        for outcome in ("passed", "failed", "skipped", "error"):
            reports = terminalreporter.stats.get(outcome, [])
            counts[outcome] = sum(1 for r in reports if getattr(r, "when", "call") in ("call", "setup")
                                  and marker in getattr(r, "keywords", {}) and
                                  (outcome != "passed" or r.when == "call"))
        if any(counts.values()):
            terminalreporter.write_line(
                f"{marker} tests ({what}): {counts['passed']} passed, {counts['failed']} failed, "
                f"{counts['skipped']} skipped, {counts['error']} errors")
