"""`geokg build --workers/--engine dask/--neo4j` and `geokg export --format neo4j-csv`, through the real CLI.

Every way of running a build must leave the same store: the N-Quads of the stores are compared
line by line (the store has no blank nodes, so lines compare as quads).
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from bad_support import run_geokg
from neo4j_support import neo4j, neo4j_settings, neo4j_writer  # noqa: F401  (the fixture, by name)

from geokg.graph.store import EmbeddedStore


def _distinct_events(store_path: Path) -> int:
    """The store's statements as Neo4j's distinct events (graph/events.py: reports of one event merge)."""
    from geokg.graph.neo4j_model import events_of, report_of

    with EmbeddedStore(store_path, read_only=True) as kg:
        by_id = {a.id: a for a in kg.articles()}
        return len(events_of(report_of(by_id[t.article_id], t) for t in kg.statements()))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["00_russia_turkey_jet.txt", "04_saudi_oil_drone_attacks.txt", "06_us_troops_leave_syria.txt",
            "08_soleimani_killed.txt", "10_soleimani_funeral_stampede.txt"]  # 08 and 10 report one killing

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / name, folder / name)
    return folder


def _quads(store: Path) -> set[bytes]:
    out = io.BytesIO()
    with EmbeddedStore(store, read_only=True) as kg:
        kg.export("nquads", out)
    return set(out.getvalue().splitlines())


@pytest.fixture(scope="module")
def one_worker(articles, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("one") / "kg"
    proc = run_geokg("build", str(articles), "--store", str(store), "--workers", "1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return store


def test_two_workers_build_the_same_store(articles, one_worker, tmp_path):
    proc = run_geokg("build", str(articles), "--store", str(tmp_path / "kg"), "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "5 articles" in proc.stderr
    quads = _quads(tmp_path / "kg")
    assert len(quads) > 1000
    assert quads == _quads(one_worker)


def test_dask_engine_builds_the_same_store(articles, one_worker, tmp_path):
    pytest.importorskip("distributed")
    proc = run_geokg("build", str(articles), "--store", str(tmp_path / "kg"), "--engine", "dask",
                     "--workers", "2", "--partition-size", "2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _quads(tmp_path / "kg") == _quads(one_worker)


def test_scheduler_without_dask_engine_is_a_usage_error(articles, tmp_path):
    proc = run_geokg("build", str(articles), "--store", str(tmp_path / "kg"), "--scheduler", "tcp://x:1")
    assert proc.returncode == 2 and "--engine dask" in proc.stderr
    assert not (tmp_path / "kg").exists()


def test_two_reports_of_one_killing_are_one_event(one_worker):
    """08 (published 2020-01-05: "Thursday, ... forces killed Qasem Soleimani") and 10 (2020-01-09: "He was
    killed last week by a United States military airstrike") report one event: its dates are compatible."""
    with EmbeddedStore(one_worker, read_only=True) as kg:
        stats = kg.stats()
        killing = [e for e in kg.events() if (e.subject.key, e.relation, e.object.key)
                   == ("USA", "ASSAULT", "qasem-soleimani")]
    assert stats["events"] < stats["statements"]
    (event,) = killing
    assert {ev.article.rsplit("/", 1)[-1] for ev in event.evidence} == {
        "08_soleimani_killed.txt", "10_soleimani_funeral_stampede.txt"}


def test_export_neo4j_csv(one_worker, tmp_path):
    out = tmp_path / "import"
    proc = run_geokg("export", "--store", str(one_worker), "--format", "neo4j-csv", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "neo4j-admin database import full" in proc.stderr
    with EmbeddedStore(one_worker, read_only=True) as kg:
        stats = kg.stats()
    events = []
    for path in sorted(out.glob("events*.csv")):  # events-date-text.csv: month and year dates
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0][0] == "id:ID(Event)"
        events += rows[1:]
    assert len(events) == _distinct_events(one_worker) <= stats["statements"]
    with open(out / "articles.csv", newline="", encoding="utf-8") as f:
        assert sum(1 for _ in f) - 1 == stats["articles"] == 5
    again = run_geokg("export", "--store", str(one_worker), "--format", "neo4j-csv", "-o", str(out))
    assert again.returncode == 2 and "--force" in again.stderr  # a folder with files is never overwritten
    forced = run_geokg("export", "--store", str(one_worker), "--format", "neo4j-csv", "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr


@neo4j
def test_build_with_neo4j_writes_both_and_twice_changes_nothing(articles, one_worker, tmp_path, neo4j_writer):  # noqa: F811
    uri, user, password = neo4j_settings()
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    store = tmp_path / "kg"
    proc = run_geokg("build", str(articles), "--store", str(store), "--neo4j", "--batch-size", "50", **env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert password not in proc.stdout + proc.stderr
    with EmbeddedStore(store, read_only=True) as kg:
        stats = kg.stats()
    counts = neo4j_writer.counts()
    assert counts.nodes["Event"] == _distinct_events(store) == stats["events"] < stats["statements"]
    assert counts.nodes["Article"] == stats["articles"] == 5
    again = run_geokg("build", str(articles), "--store", str(store), "--neo4j", **env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert neo4j_writer.counts() == counts


def test_build_with_neo4j_down_fails_fast_with_exit_3(articles, tmp_path):
    proc = run_geokg("build", str(articles), "--store", str(tmp_path / "kg"), "--neo4j",
                     NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="not-a-secret-x")
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "cannot reach Neo4j" in proc.stderr and "Traceback" not in proc.stderr
    assert "not-a-secret-x" not in proc.stdout + proc.stderr
    assert not (tmp_path / "kg").exists()  # nothing was extracted before the check

