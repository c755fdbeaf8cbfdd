"""Extraction over local worker processes: the same (article, triples) stream as one process.

Extraction is a pure function of one article, so batches of articles go to a pool of
processes, each of which loads the spaCy pipeline once (the pool's initializer) and
keeps it for every batch it is given. Results come back in input order, and at most
``workers * ahead`` batches are in flight, so neither the corpus nor the triples are ever
held whole.

>>> with ParallelExtractor(workers=2) as ex:                            # doctest: +SKIP
...     for article, triples in ex.extract_stream(read_articles(paths)):
...         store.write_article(article, triples)

Why not ``nlp.pipe(n_process=N)`` alone: it parallelises the parse but sends every Doc
back to the parent, which then runs coreference, resolution and the clause patterns on
one core, and it starts its processes anew on each call. Here the whole of
``Extractor.extract_stream`` runs in the workers and only ``Triple`` records (small,
picklable frozen dataclasses) cross the process boundary.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from geokg.ingest.models import Article, Triple
from geokg.ingest.pipeline import Extractor
from geokg.settings import Settings

__all__ = ["ParallelExtractor", "default_workers", "extract_batch", "extractor_for", "get_extractor", "iter_batches"]

#: One Extractor per model per process: the pool initializer and the Dask tasks fill it.
_EXTRACTORS: dict[str, Extractor] = {}


def get_extractor(model: str | None = None) -> Extractor:
    """The process's Extractor for ``model`` (default: the GEOKG_MODEL setting), loaded on first use."""
    name = model or Settings.from_env().model
    extractor = _EXTRACTORS.get(name)
    if extractor is None:
        extractor = _EXTRACTORS[name] = Extractor(name)
    return extractor


def extract_batch(articles: list[Article], model: str | None = None) -> list[list[Triple]]:
    """The triples of each article of one batch, in order (runs in a worker process)."""
    extractor = get_extractor(model)
    return [triples for _, triples in extractor.extract_stream(articles, batch_size=max(1, len(articles)))]


def _init_worker(model: str | None, parent: int) -> None:
    """A worker's start: die with the parent, even a parent killed by SIGKILL, then load the model."""
    die_with_parent(parent)
    get_extractor(model)


def die_with_parent(parent: int, interval: float = 0.5) -> None:
    """End this process when ``parent`` ends: the kernel's parent-death signal (Linux), and a watchdog
    thread that notices being re-parented (every system; also when the signal was not delivered)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="geokg-parent-watchdog", daemon=True).start()


def iter_batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of at most ``size`` items."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ParallelExtractor:
    """``Extractor.extract_stream`` over ``workers`` processes, same output, same order.

    ``workers=1`` runs in this process (no pool). The pool starts on first use and is
    reused until :meth:`close`; with the ``fork`` start method (Linux's default) a model the
    parent already loaded is inherited, otherwise each worker loads it once.
    """

    def __init__(self, model: str | None = None, workers: int | None = None, *, batch_size: int = 8,
                 ahead: int = 2, start_method: str | None = None) -> None:
        if batch_size < 1 or ahead < 1:
            raise ValueError("batch_size and ahead must be at least 1")
        self.model = model or Settings.from_env().model
        self.workers = max(1, workers if workers is not None else default_workers())
        self.batch_size = batch_size
        self.ahead = ahead
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_init_worker, initargs=(self.model, os.getpid()))
        return self._pool

    def extract(self, article: Article) -> list[Triple]:
        return get_extractor(self.model).extract(article)

    def extract_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Triple]]]:
        """Yield (article, triples) in input order; at most ``workers * ahead`` batches in flight."""
        if self.workers == 1:
            yield from get_extractor(self.model).extract_stream(articles, batch_size=self.batch_size)
            return
        pool = self._executor()
        pending: deque[tuple[list[Article], Future[list[list[Triple]]]]] = deque()
        limit = self.workers * self.ahead
        try:
            for batch in iter_batches(articles, self.batch_size):
                pending.append((batch, pool.submit(extract_batch, batch, self.model)))
                if len(pending) >= limit:
                    yield from _drain_one(pending)
            while pending:
                yield from _drain_one(pending)
        finally:
            for _, future in pending:  # the consumer stopped early: drop the work not yet started
                future.cancel()


def _drain_one(
    pending: deque[tuple[list[Article], Future[list[list[Triple]]]]],
) -> Iterator[tuple[Article, list[Triple]]]:
    batch, future = pending.popleft()
    yield from zip(batch, future.result(), strict=True)


def extractor_for(model: str | None, workers: int | None, inputs: int | None) -> ParallelExtractor:
    """The extractor a command runs: ``workers`` processes (None: every core), but one when
    the inputs are known to be a single file (a pool would only add its start-up time)."""
    n = default_workers() if workers is None else workers
    if inputs is not None and inputs <= 1:
        n = 1
    return ParallelExtractor(model, workers=max(1, n))

