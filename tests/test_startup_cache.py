"""The start-up cache (``ingest/cache.py``): hits, invalidation, corrupt and unwritable folders, and the
same extraction from a cache hit as from a cold build."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from geokg.ingest import cache

ROOT = Path(__file__).resolve().parents[1]
GEOKG = str(Path(sys.executable).with_name("geokg"))


class Builder:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def test_a_second_call_reads_the_file_instead_of_building(cache_home: Path) -> None:
    value = {(1, 2): ("name|RUS",), (1,): 0, "x": [("a", None, True)]}
    build = Builder(value)
    assert cache.cached("t", build, extra="m1") == value
    assert cache.cached("t", build, extra="m1") == value
    assert build.calls == 1
    assert [p.name for p in cache_home.iterdir()] == [f"t-{cache.data_key('m1')}.marshal"]


def test_another_key_builds_again_and_old_keys_files_are_pruned(cache_home: Path) -> None:
    build = Builder([1, 2, 3])
    for k in range(6):
        cache.cached("t", build, extra=f"m{k}")
        path = cache.cache_path("t", cache.data_key(f"m{k}"))
        assert path is not None
        os.utime(path, ns=(k * 10**9, k * 10**9))  # written one second apart
    assert build.calls == 6
    kept = {p.name for p in cache_home.iterdir()}
    assert kept == {f"t-{cache.data_key(f'm{k}')}.marshal" for k in (2, 3, 4, 5)}  # the newest KEEP
    assert cache.cached("t", Builder("unused"), extra="m5") == [1, 2, 3]


def test_a_changed_data_file_or_building_code_changes_the_key(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    shutil.copytree(Path(str(files("geokg.ingest"))) / "data", pkg / "data")
    for name in cache.CODE:
        shutil.copy(Path(str(files("geokg.ingest"))) / name, pkg / name)
    before = cache.data_key("m", pkg)
    assert cache.data_key("m", pkg) == before and cache.data_key("other", pkg) != before
    table = pkg / "data" / "actor_names.tsv"
    table.write_text(table.read_text(encoding="utf-8") + "Ruritania\tRUR\tname\n", encoding="utf-8")
    cache.data_key.cache_clear()
    cache._files_hash.cache_clear()
    after_data = cache.data_key("m", pkg)
    assert after_data != before
    (pkg / "nlp.py").write_text((pkg / "nlp.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    cache.data_key.cache_clear()
    cache._files_hash.cache_clear()
    assert cache.data_key("m", pkg) not in {before, after_data}


def test_a_corrupt_file_is_rebuilt_and_rewritten(cache_home: Path) -> None:
    path = cache.cache_path("t", cache.data_key("m"))
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal data at all")
    build = Builder({"ok": (1,)})
    assert cache.cached("t", build, extra="m") == {"ok": (1,)}
    assert build.calls == 1
    assert cache.cached("t", Builder("unused"), extra="m") == {"ok": (1,)}  # the rewritten file is good


def test_a_readable_value_of_the_wrong_kind_is_rebuilt(cache_home: Path) -> None:
    path = cache.cache_path("t", cache.data_key("m"))
    assert path is not None and cache.store(path, "a string, not a dict")
    assert cache.cached("t", Builder({"a": 1}), extra="m", kind=dict) == {"a": 1}


def test_a_truncated_file_is_rebuilt(cache_home: Path) -> None:
    build = Builder({"k": list(range(1000))})
    cache.cached("t", build, extra="m")
    path = cache.cache_path("t", cache.data_key("m"))
    assert path is not None
    path.write_bytes(path.read_bytes()[:50])
    assert cache.cached("t", build, extra="m") == {"k": list(range(1000))}
    assert build.calls == 2


def test_an_unwritable_folder_falls_back_to_building(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # mkdir fails, even for root
    build = Builder([("x",)])
    assert cache.cached("t", build) == [("x",)]
    assert cache.cached("t", build) == [("x",)]
    assert build.calls == 2
    assert blocker.read_text() == "not a folder"


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache.cache_dir() == Path("/somewhere/geokg")


def _extract(env_cache: str, article: Path) -> list[dict]:
    env = {**os.environ, cache.ENV: env_cache}
    out = subprocess.run([GEOKG, "extract", str(article), "--format", "jsonl", "--workers", "1"], env=env,
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.slow
def test_a_cache_hit_extracts_exactly_what_a_cold_build_does(tmp_path: Path) -> None:
    article = ROOT / "examples" / "08_soleimani_killed.txt"
    folder = tmp_path / "cache"
    cold = _extract("off", article)
    first = _extract(str(folder), article)  # builds and writes
    files_written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert any(n.startswith("gazetteer-") for n in files_written)
    assert any(n.startswith("lexicon-actors-") for n in files_written)
    hit = _extract(str(folder), article)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == files_written  # read, not rewritten
    assert len(cold) > 5
    assert hit == first == cold
