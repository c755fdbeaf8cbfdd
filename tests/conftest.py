from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_graph import FIXTURE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def fixture_graph():
    """[(Article, [Triple, ...]), ...]: the hand-built graph of tests/fixture_graph.py."""
    return FIXTURE


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
