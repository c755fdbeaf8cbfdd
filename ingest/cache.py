"""A start-up cache for tables that are slow to build and depend only on the data files and the code.

``cached(name, build)`` returns ``build()``'s value, stored on first use in the user's cache folder
(``$GEOKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/geokg``, else ``~/.cache/geokg``) under a key hashed from
every file in ``ingest/data/``, the source of the modules that build the tables, and the Python, spaCy and
model versions. A later run with the same key reads the file instead of building; any change makes a new
key. The cache is never required: a folder that cannot be written, a missing or corrupt file, all fall
back to building in memory. Files are written atomically (a temporary file, then ``os.replace``), and in
``marshal`` format, which holds only plain data (no code runs on reading it).

``GEOKG_CACHE_DIR=off`` (or ``0``/``none``) turns the cache off.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ENV = "GEOKG_CACHE_DIR"
KEEP = 4  # files per table: the current key's and the three most recent others
FORMAT = 1  # bump when the layout of a cached value changes without a change of the building code
# modules whose code decides what a cached value holds
CODE = ("cache.py", "nlp.py", "lexicon.py")


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    env = os.environ.get(ENV)
    if env is not None and env.strip().lower() in {"", "0", "off", "none", "false"}:
        return None
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geokg"


@cache
def data_key(extra: str = "", package: Path | None = None) -> str:
    """A hash of the data files, the building code, the Python and spaCy versions and ``extra`` (the
    model's name and version). ``package`` is the folder holding ``data/`` and the code (``geokg.ingest``)."""
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "?"
    head = f"format={FORMAT} python={sys.version_info[:3]} spacy={spacy_version} {extra} "
    return hashlib.sha256(head.encode() + _files_hash(package).encode()).hexdigest()[:24]


@cache
def _files_hash(package: Path | None) -> str:
    """The hash of every file in ``data/`` and of the building code's source (read once per process)."""
    h = hashlib.sha256()
    pkg = package if package is not None else files("geokg.ingest")
    for entry in sorted((pkg / "data").iterdir(), key=lambda p: p.name):
        if entry.is_file():
            h.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for name in CODE:
        h.update(name.encode() + b"\0" + (pkg / name).read_bytes() + b"\0")
    return h.hexdigest()


def cache_path(name: str, key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{name}-{key}.marshal" if folder else None


def cached(name: str, build: Callable[[], T], extra: str = "", kind: type = object) -> T:
    """``build()``, read from the cache when a value for the current key is there, else built and stored.

    The value must be plain data that ``marshal`` can store (dicts, lists, tuples, sets, strings, numbers);
    a stored value that is not an instance of ``kind`` counts as corrupt.
    """
    path = cache_path(name, data_key(extra))
    if path is not None:
        try:
            value = marshal.loads(path.read_bytes())
            if isinstance(value, kind):
                return value  # type: ignore[no-any-return]
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not there yet, unreadable or corrupt: build it
    value = build()
    if path is not None:
        store(path, value)
    return value


def store(path: Path, value: object) -> bool:
    """Write ``value`` to ``path`` atomically; False (and nothing written) when the folder is not writable."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(value))
        os.replace(tmp, path)
        _prune(path)
        return True
    except (OSError, ValueError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def _prune(path: Path) -> None:
    """Keep this table's file and its ``KEEP - 1`` most recent files for other keys (several checkouts or
    versions may share the folder); remove older ones, stale after a data or code change."""
    stem = path.name.rsplit("-", 1)[0]
    others = []
    for old in path.parent.glob(f"{stem}-*.marshal"):
        if old != path:
            with contextlib.suppress(OSError):
                others.append((old.stat().st_mtime_ns, old.name, old))
    for _, _, old in sorted(others, reverse=True)[KEEP - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
