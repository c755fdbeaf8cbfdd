"""A store on a full disk or a read-only file system: one clear line, exit 2, nothing lost.

The faults are real: a tiny tmpfs that fills up, and a tmpfs remounted read-only. Mounting
needs root (CI runs as root); elsewhere the tests are skipped with the reason, never under CI.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bad_support import run_geokg

from geokg.graph.store import EmbeddedStore

SEED = "examples/00_russia_turkey_jet.txt"
OTHER = "examples/01_germany_bans_mahan_air.txt"


def _mount(point: Path, options: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs ({done.stderr.strip() or 'not root'}): the store fault tests need root"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    mounted: list[Path] = []

    def make(name: str, options: str) -> Path:
        point = tmp_path / name
        _mount(point, options)
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)


def _clean_failure(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, f"exit {proc.returncode}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    return " ".join(proc.stderr.split())


def test_full_disk_is_a_clear_error(tmpfs):
    disk = tmpfs("full", "size=1m")  # the examples' graph needs several MB
    proc = run_geokg("build", "examples/", "--store", str(disk / "kg"), "--workers", "1")
    message = _clean_failure(proc)
    assert "is full" in message and "No space left on device" in message, message
    assert "--store" in message  # says what to do next


def test_read_only_store_is_a_clear_error_and_keeps_its_data(tmpfs):
    disk = tmpfs("ro", "size=64m")
    store = disk / "kg"
    first = run_geokg("build", SEED, "--store", str(store), "--workers", "1")
    assert first.returncode == 0, first.stderr[-2000:]
    with EmbeddedStore(store, read_only=True) as kg:
        before = kg.stats()
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

    message = _clean_failure(run_geokg("build", OTHER, "--store", str(store), "--workers", "1"))
    assert "cannot write to the store" in message, message
    message = _clean_failure(run_geokg("build", OTHER, "--store", str(disk / "new"), "--workers", "1"))
    assert "Read-only file system" in message and "writable directory" in message, message

    stats = run_geokg("stats", "--store", str(store), "--format", "json")  # reading still works
    assert stats.returncode == 0, stats.stderr
    with EmbeddedStore(store, read_only=True) as kg:
        assert kg.stats() == before
        assert before["statements"] > 5
