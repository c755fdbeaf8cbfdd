"""Read the inputs of a run: files, directories, JSON Lines, HTML pages, RSS/Atom feeds, stdin.

>>> for record in read_inputs(["examples/"]):          # doctest: +SKIP
...     print(record.ref if isinstance(record, Article) else f"skipped {record.path}: {record.reason}")

Every input becomes ``Article`` records or a ``Skipped`` record saying why it
could not be read; a bad file never stops the run. The parsers of each format
live in ``formats.py``.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, TextIO

from geokg.ingest import formats
from geokg.ingest.models import Article, Skipped
from geokg.ingest.repair import decode_bytes
from geokg.ingest.sanitize import valid_text

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "count_inputs", "read_inputs"]

STDIN = "-"
MB = 2**20
DEFAULT_MAX_BYTES = 20 * MB

JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom")
TEXT_SUFFIXES = (".txt", ".text")
# Inside a directory these are the folder's documentation, not articles (examples/SOURCES.md).
DOC_STEMS = ("readme", "license", "licence", "copying", "notice", "sources", "changelog", "authors")

Record = Article | Skipped
Parser = Callable[[bytes, str], Iterator[Record]]


def read_inputs(
    paths: Sequence[str], *, stdin: TextIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Record]:
    """Yield every article of ``paths`` in order, and a ``Skipped`` for each input that failed.

    ``-`` reads one article from ``stdin`` (default ``sys.stdin``). Directories are
    read recursively in name order, hidden entries and geokg stores left out. Files and
    stdin over ``max_bytes`` are skipped (for JSON Lines the limit applies to each line).
    Every path and reason yielded is valid Unicode (undecodable bytes of a file name are
    written ``\xff``; the file itself is opened under its raw name).
    """
    for item in _expand(paths):
        if isinstance(item, Skipped):
            yield _valid(item)
        elif item == STDIN:
            yield from map(_valid, _guarded(STDIN, lambda: _read_stdin(stdin, max_bytes)))
        else:
            yield from map(_valid, _guarded(valid_text(item), lambda path=item: _read_file(path, max_bytes)))


def _valid(record: Record) -> Record:
    """A Skipped record with a path or reason made of undecodable bytes, made valid text."""
    if isinstance(record, Skipped):
        return Skipped(valid_text(record.path), valid_text(record.reason), record.ignored)
    return record


def count_inputs(paths: Sequence[str]) -> int | None:
    """The number of inputs, for a progress bar; None when stdin is read.

    One per file to read, plus one per path skipped before reading (a missing path, a
    link loop, a documentation file), so a folder of text files counts exactly the
    records ``read_inputs`` yields. A JSON Lines file or a feed counts once and may
    yield many articles.
    """
    if STDIN in paths:
        return None
    return sum(1 for _ in _expand(paths))


def _guarded(path: str, read: Callable[[], Iterator[Record]]) -> Iterator[Record]:
    """Run one input's reader, turning any failure into a ``Skipped`` for that input."""
    try:
        yield from read()
    except ValueError as exc:  # decode_bytes: binary data
        yield Skipped(path, str(exc))
    except OSError as exc:
        yield Skipped(path, _os_reason(exc))
    except Exception as exc:  # a parser's bug on one odd file must not end the run
        yield Skipped(path, f"could not be parsed ({type(exc).__name__}: {exc})")


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# -- finding the files ----------------------------------------------------------------------------


def _expand(paths: Sequence[str]) -> Iterator[str | Skipped]:
    """The files to read (or ``-``), in order, and Skipped records for paths that are not files."""
    visited: dict[str, str] = {}  # real path of each directory walked -> the path it was walked as
    for path in paths:
        if path == STDIN:
            yield path
            continue
        problem = _stat_problem(path)
        if problem:
            yield Skipped(path, problem)
        elif os.path.isdir(path) and is_store_dir(path):
            yield Skipped(path, STORE_REASON, ignored=True)
        elif os.path.isdir(path):
            yield from _walk(path, visited, ancestors=())
        elif not stat.S_ISREG(os.stat(path).st_mode):
            yield Skipped(path, "not a regular file")
        else:
            yield path


STORE_REASON = "a geokg store (its own files are not articles)"


def is_store_dir(path: str) -> bool:
    """True for an Oxigraph (RocksDB) store directory, the layout ``graph/store.py`` writes."""
    return os.path.isfile(os.path.join(path, "CURRENT")) and os.path.exists(os.path.join(path, "IDENTITY"))


def _stat_problem(path: str) -> str | None:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        return _os_reason(exc)
    return None


def _walk(directory: str, visited: dict[str, str], ancestors: tuple[str, ...]) -> Iterator[str | Skipped]:
    real = os.path.realpath(directory)
    if real in ancestors:
        yield Skipped(directory, f"symbolic link loop (back to {visited[real]})")
        return
    if real in visited:
        yield Skipped(directory, f"directory already read as {visited[real]}")
        return
    visited[real] = directory
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        yield Skipped(directory, _os_reason(exc))
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        problem = _stat_problem(path)
        if problem:
            yield Skipped(path, problem)
        elif os.path.isdir(path) and is_store_dir(path):
            yield Skipped(path, STORE_REASON, ignored=True)  # `geokg build .` next to its own geokg-data
        elif os.path.isdir(path):
            yield from _walk(path, visited, (*ancestors, real))
        elif not stat.S_ISREG(os.stat(path).st_mode):
            yield Skipped(path, "not a regular file")  # a FIFO or device would block or never end
        elif os.path.splitext(name)[0].lower() in DOC_STEMS:
            yield Skipped(path, "documentation file, not an article", ignored=True)
        else:
            yield path


# -- reading one input ----------------------------------------------------------------------------


def _read_stdin(stdin: TextIO | None, max_bytes: int) -> Iterator[Record]:
    """One article from stdin, read up to ``max_bytes`` (the limit of a file given by path)."""
    stream = stdin if stdin is not None else sys.stdin
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    data = buffer.read(max_bytes + 1) if buffer is not None else stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Skipped(STDIN, f"input too large (> {max_bytes / MB:g} MB); pass a file, or split it")
        return
    raw = decode_bytes(data) if isinstance(data, bytes) else data
    article = formats.text_article(raw, None)  # ref: the article id
    yield article if article else Skipped(STDIN, "empty input")


def _read_file(path: str, max_bytes: int) -> Iterator[Record]:
    suffix = os.path.splitext(path)[1].lower()
    with open(path, "rb") as file:
        if suffix in JSONL_SUFFIXES:
            if b"\x00" in file.read(8192):
                raise ValueError("binary file (contains NUL bytes)")
            file.seek(0)
            yield from formats.parse_jsonl(_lines(file, max_bytes), path, max_bytes)
            return
        size = os.fstat(file.fileno()).st_size
        if size > max_bytes:
            yield Skipped(path, f"file too large ({size / MB:.1f} MB > {max_bytes / MB:g} MB)")
            return
        data = file.read()
    if not data.strip():
        yield Skipped(path, "empty file")
        return
    parser = _parser_for(suffix, data)
    if parser is None:
        yield Skipped(path, "XML file is not an RSS or Atom feed")
        return
    yield from parser(data, path)


def _parser_for(suffix: str, data: bytes) -> Parser | None:
    """The parser for a file: by its suffix, else by sniffing its first bytes."""
    if suffix in HTML_SUFFIXES:
        return formats.parse_html
    if suffix in FEED_SUFFIXES:
        return formats.parse_feed
    if suffix == ".xml":
        return formats.parse_feed if formats.looks_like_feed(data) else None
    if suffix == ".json":
        return formats.parse_json
    if suffix in TEXT_SUFFIXES:
        return formats.parse_text
    if formats.looks_like_feed(data):
        return formats.parse_feed
    if formats.looks_like_html(data):
        return formats.parse_html
    return formats.parse_text


def _lines(file: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, None for a line over ``max_bytes`` (never held whole)."""
    number = 0
    while True:
        line = file.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the long line
                line = file.readline(MB)
            yield number, None
        else:
            yield number, line
