"""Shared helpers of the Neo4j tests (and bench/neo4j_load.py): the server settings from the
environment, a writer on a cleared database, a private second server, generated triples.

Test modules import the fixtures by name (``from neo4j_support import neo4j_writer``).
Run as a script it is the loader subprocess of the fault tests::

    python tests/neo4j_support.py load N_TRIPLES BATCH_SIZE   # prints "batch N" per committed batch
"""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEO4J_SH = ROOT / "scripts" / "neo4j.sh"
SUPPORT = Path(__file__).resolve()

neo4j = pytest.mark.neo4j


def neo4j_settings() -> tuple[str, str, str]:
    """(uri, user, password) of the test server; skips when there is none, fails under CI."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        reason = os.environ.get("GEOKG_NEO4J_SKIP_REASON") or (
            "NEO4J_URI is not set: run `make test`, or `scripts/neo4j.sh start` and "
            "`eval \"$(scripts/neo4j.sh env)\"`")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the Neo4j test server: {reason}")
        pytest.skip(f"NO NEO4J SERVER: {reason}")
    return uri, os.environ.get("NEO4J_USER") or "neo4j", os.environ.get("NEO4J_PASSWORD") or ""


@pytest.fixture
def neo4j_writer() -> Iterator:
    """A Neo4jWriter on the test server, its database cleared before the test."""
    from geokg.graph.neo4j_writer import connect

    uri, user, password = neo4j_settings()
    writer = connect(uri, user, password)
    writer.clear()
    try:
        yield writer
    finally:
        writer.close()


# --------------------------------------------------------------------------- generated data


def synthetic_items(n_triples: int, *, n_actors: int = 200, per_article: int = 10, seed: int = 0,
                    prefix: str = "synthetic") -> list:
    """``n_triples`` distinct triples between ``n_actors`` countries, ``per_article`` per article,
    with every relation, a few negations and attributions, one or two evidence spans each."""
    from geokg.graph.namespace import PLOVER_CATEGORIES, STRUCTURAL_RELATIONS
    from geokg.ingest.models import Actor, Article, Evidence, Triple

    rng = random.Random(seed)
    actors = [Actor(f"C{i:03d}", f"Country {i}", "Country", f"C{i:03d}", f"Q{1000 + i}")
              for i in range(n_actors)]
    relations = PLOVER_CATEGORIES + STRUCTURAL_RELATIONS[1:]  # ROLE needs a person: left out
    items = []
    made = 0
    day0 = dt.date(2015, 1, 1)
    while made < n_triples:
        k = len(items)
        date = (day0 + dt.timedelta(days=rng.randrange(2000))).isoformat()
        sentences = [f"Sentence {j} of {prefix} article {k}." for j in range(per_article + 1)]
        text = " ".join(sentences)
        article = Article.make(text, ref=f"{prefix}/{k}.txt", title=f"{prefix} {k}", date=date,
                               source="Bench Wire")
        triples, keys = [], set()
        while len(triples) < min(per_article, n_triples - made):
            s, o = rng.sample(actors, 2)
            rel = rng.choice(relations)
            negated = rng.random() < 0.05
            if (s.key, rel, o.key, negated) in keys:
                continue
            keys.add((s.key, rel, o.key, negated))
            j = len(triples)
            spans = [sentences[j], sentences[j + 1]] if rng.random() < 0.3 else [sentences[j]]  # 30%: twice
            evidence = tuple(Evidence(article.ref, x, text.index(x), text.index(x) + len(x)) for x in spans)
            triples.append(Triple(
                subject=s, relation=rel, object=o, evidence=evidence, predicate=rel.lower(), cameo="10",
                score=round(rng.uniform(-10, 10), 1), negated=negated, confidence=round(rng.random(), 2),
                attributed_to=s if rng.random() < 0.1 else None, published=date, article_id=article.id,
            ))
        items.append((article, triples))
        made += len(triples)
    return items


# --------------------------------------------------------------------------- a private server


class PrivateServer:
    """A second test server of its own (state dir, data dir, port), started by scripts/neo4j.sh."""

    def __init__(self, state_dir: Path, data_dir: Path) -> None:
        self.state_dir = state_dir
        self.data_dir = data_dir
        self.uri = ""
        self.pid = 0

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "GEOKG_NEO4J_PORT"}
        env.update(GEOKG_NEO4J_STATE_DIR=str(self.state_dir), GEOKG_NEO4J_DATA=str(self.data_dir))
        return env

    def start(self) -> str:
        subprocess.run(["bash", str(NEO4J_SH), "start"], env=self._env(), check=True, timeout=300,
                       stdout=subprocess.DEVNULL)
        state = dict(line.split("=", 1) for line in (self.state_dir / "state").read_text().splitlines())
        self.uri, self.pid = state["BOLT_URI"], int(state["PID"])
        return self.uri

    def kill(self) -> None:
        """SIGKILL: the connection drops as on a crash (the data dir recovers at the next start)."""
        os.kill(self.pid, signal.SIGKILL)

    def stop(self) -> None:
        subprocess.run(["bash", str(NEO4J_SH), "stop"], env=self._env(), check=False, timeout=120)


LIB = ROOT / "tests" / "neo4j-server" / "target" / "lib"


def admin_import(csv_dir: Path, home: Path, files: list[str], timeout: float = 900) -> subprocess.CompletedProcess:
    """``neo4j-admin database import full`` of ``files`` (in ``csv_dir``) into the Neo4j home ``home``
    (a ``PrivateServer`` data dir), run from the test server's own jars: neo4j-admin's main class
    ``org.neo4j.cli.AdminTool`` (artifacts neo4j-command-line and neo4j-import-tool)."""
    import shlex

    from geokg.graph.neo4j_csv import import_command

    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    args = shlex.split(import_command(str(csv_dir), files=files))
    assert args[0] == "bin/neo4j-admin", args
    cmd = ["java", "-Xmx512m", "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool", *args[1:]]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    return subprocess.run(cmd, env=env, cwd=home, capture_output=True, text=True, timeout=timeout, check=False)


def loader(uri: str, n_triples: int, batch_size: int, **env: str) -> subprocess.Popen:
    """Start ``python tests/neo4j_support.py load`` against ``uri``."""
    full_env = {**os.environ, "NEO4J_URI": uri, "PYTHONUNBUFFERED": "1", **env}
    return subprocess.Popen([sys.executable, str(SUPPORT), "load", str(n_triples), str(batch_size)],
                            env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _main(argv: list[str]) -> int:
    from geokg.cli.cmd_load import load_items

    if len(argv) != 3 or argv[0] != "load":
        print(__doc__, file=sys.stderr)
        return 2
    n, batch = int(argv[1]), int(argv[2])
    items = synthetic_items(n)

    def progress(k: int) -> None:
        print(f"batch {k}", flush=True)

    return load_items(items, n, batch_size=batch, on_progress=progress, show_progress=False)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(_main(sys.argv[1:]))
