"""`geokg build / stats / export / validate` end to end: real files, real stores, the real CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from geokg.graph.build import BuildReport, build
from geokg.graph.store import EmbeddedStore
from geokg.ingest.pipeline import Extractor


def geokg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}  # wide enough that rich never folds a path
    return subprocess.run([sys.executable, "-m", "geokg", *args], capture_output=True, text=True, timeout=300,
                          env=env)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "a.txt").write_text("Russia condemned Turkey after the jet was downed.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Putin met Obama in Paris.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, inputs):
    store = tmp_path_factory.mktemp("built") / "kg"
    result = geokg("build", str(inputs), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store, result


def test_build_then_stats_json(built):
    store, build_run = built
    assert "articles" in build_run.stdout and "store now holds" in build_run.stdout
    result = geokg("stats", "--store", str(store), "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["articles"] == 2
    assert set(stats) == {"articles", "actors", "statements", "reports", "events", "triples", "by_category"}
    assert all(isinstance(stats[k], int) for k in ("articles", "actors", "statements", "triples"))
    assert isinstance(stats["by_category"], dict)
    assert sum(stats["by_category"].values()) == stats["statements"]


def test_building_again_changes_no_counts(built, inputs):
    store, _ = built
    before = geokg("stats", "--store", str(store), "--format", "json").stdout
    assert geokg("build", str(inputs), "--store", str(store)).returncode == 0
    assert geokg("stats", "--store", str(store), "--format", "json").stdout == before


def test_built_store_validates(built):
    store, _ = built
    result = geokg("validate", "--store", str(store))
    assert result.returncode == 0, result.stdout + result.stderr


def test_skipped_inputs_exit_1_with_reasons(tmp_path, inputs):
    missing = tmp_path / "missing.txt"
    result = geokg("build", str(inputs / "a.txt"), str(missing), "--store", str(tmp_path / "kg"))
    assert result.returncode == 1
    assert str(missing) in result.stdout and "no such file" in result.stdout
    assert json.loads(geokg("stats", "--store", str(tmp_path / "kg"), "-f", "json").stdout)["articles"] == 1


def test_export_refuses_to_overwrite_without_force(tmp_path, built):
    store, _ = built
    out = tmp_path / "graph.trig"
    out.write_text("keep me")
    refused = geokg("export", "--store", str(store), "--format", "trig", "-o", str(out))
    assert refused.returncode == 2
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert out.read_text() == "keep me"
    forced = geokg("export", "--store", str(store), "--format", "trig", "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text().startswith("@prefix")
    assert not list(tmp_path.glob(".*.partial"))


def test_export_to_stdout(built):
    store, _ = built
    result = geokg("export", "--store", str(store), "--format", "ntriples", "-o", "-")
    assert result.returncode == 0
    assert "<https://w3id.org/geokg/ontology#Article>" in result.stdout


def test_user_errors_exit_2(tmp_path):
    result = geokg("stats", "--store", str(tmp_path / "nothing-here"))
    assert result.returncode == 2
    assert "no geokg store" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["build", "stats", "export", "validate"])
def test_every_command_has_help_with_an_example(command):
    result = geokg(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and "geokg " + command in result.stdout


def test_build_function_reports(tmp_path, inputs):
    seen: list[object] = []

    class Recorder:  # a real second writer, the shape of the Neo4j hook
        def write(self, article, triples) -> None:
            seen.append((article.id, len(triples)))

    with EmbeddedStore(tmp_path / "kg") as kg:
        report = build([inputs, tmp_path / "missing.txt"], kg, Extractor(),
                       on_progress=lambda r, item: seen.append(type(item).__name__), neo4j=Recorder())
        assert isinstance(report, BuildReport)
        assert report.articles == 2 == kg.stats()["articles"]
        assert [s.path for s in report.skipped] == [str(tmp_path / "missing.txt")]
        assert sum(report.by_category.values()) == report.triples
        assert report.to_dict()["skipped"][0]["reason"]
    assert seen.count("Article") == 2 and seen.count("Skipped") == 1
    assert len([s for s in seen if isinstance(s, tuple)]) == 2
