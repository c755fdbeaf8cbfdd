"""``geokg build`` on a Dask cluster: extraction as tasks, N-Quads files, one bulk load.

The driver (this process) reads the inputs and cuts the articles into partitions of
``partition_size``; each partition is one task. A task extracts its articles with the
worker process's cached ``Extractor`` (loaded once per worker, see
:func:`geokg.ingest.parallel.get_extractor`), turns them into quads with
:func:`geokg.graph.rdf.dataset_quads` and writes them as ``part-NNNNN.nq`` into ``out_dir``.
The driver then bulk-loads the files into the embedded store in input order, or leaves
them as the dump when ``store_path`` is None; after the last file the store derives its
events and summaries from all the article graphs at once (``EmbeddedStore.rebuild_derived``). At most
a few partitions per worker are in flight, so the driver never holds the corpus or its triples.

The result equals :func:`geokg.graph.build.build` on the same inputs: every article's
named graph holds exactly the quads ``write_article`` would give it, an article read twice
keeps its last reading, and an article already in the store is replaced, not doubled.

On a remote cluster (``scheduler="tcp://host:8786"``) the workers need geokg and the model
installed, and ``out_dir`` must be a path the workers and the driver share (NFS, a
mounted bucket).
"""
from __future__ import annotations

import shutil
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geokg.graph.build import BuildReport
from geokg.ingest.models import Article, Skipped
from geokg.settings import Settings, UserError

#: Partitions in flight per worker: enough to keep every worker busy while one is loaded.
AHEAD_PER_WORKER = 2


@dataclass
class DaskBuildReport(BuildReport):
    """A :class:`BuildReport` plus where the work ran and the N-Quads it left."""

    partitions: int = 0
    scheduler: str = ""
    workers: int = 0
    nquads: list[Path] = field(default_factory=list)  # kept files (empty when a temporary dir was used)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "partitions": self.partitions, "scheduler": self.scheduler,
                "workers": self.workers, "nquads": [str(p) for p in self.nquads]}


@dataclass(frozen=True)
class PartitionResult:
    """What one task sends back: small numbers, never triples."""

    index: int
    path: str
    article_ids: tuple[str, ...]
    triples: int
    quads: int
    by_category: dict[str, int]


ProgressCallback = Callable[[DaskBuildReport, Article | Skipped], None]


def extract_partition(index: int, articles: list[Article], out_dir: str, model: str) -> PartitionResult:
    """The task: extract one partition and write its quads as N-Quads (runs on a worker)."""
    import pyoxigraph as ox

    from geokg.graph.rdf import dataset_quads
    from geokg.ingest.parallel import extract_batch

    graphs: dict[str, list[ox.Quad]] = {}
    triples = 0
    by_category: Counter[str] = Counter()
    for article, found in zip(articles, extract_batch(articles, model), strict=True):
        graphs.pop(article.id, None)  # read twice in one partition: the last reading wins, as in build()
        graphs[article.id] = dataset_quads(article, found)  # its graph and its actors' descriptions
        triples += len(found)
        by_category.update(t.relation for t in found)
    path = Path(out_dir) / f"part-{index:05d}.nq"
    tmp = path.with_suffix(".nq.tmp")
    with tmp.open("wb") as fh:
        ox.serialize((q for quads in graphs.values() for q in quads), fh, ox.RdfFormat.N_QUADS)
    tmp.replace(path)  # a file that exists is complete
    in_articles = sum(1 for quads in graphs.values() for q in quads if q.graph_name.value.startswith(
        "https://w3id.org/geokg/article/"))
    return PartitionResult(index, str(path), tuple(graphs), triples, in_articles, dict(by_category))


def build_with_dask(
    paths: Sequence[str | Path],
    store_path: str | Path | None,
    *,
    scheduler: str | None = None,
    partition_size: int = 32,
    model: str | None = None,
    out_dir: Path | None = None,
    on_progress: ProgressCallback | None = None,
    n_workers: int = 2,
) -> DaskBuildReport:
    """Build the graph of ``paths`` with extraction on Dask; see the module docstring.

    ``scheduler`` is a scheduler address; without one a ``LocalCluster`` of ``n_workers``
    single-threaded worker processes runs for the build. ``out_dir`` keeps the N-Quads
    files (required when ``store_path`` is None); otherwise they go to a temporary folder
    removed after the load. ``on_progress(report, item)`` is called for each skipped input
    and each article once its partition is loaded.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UserError("the Dask engine needs: pip install 'geokg[dask]'") from exc
    if partition_size < 1:
        raise UserError("partition_size must be at least 1")
    if store_path is None and out_dir is None:
        raise UserError("without a store the N-Quads files are the result: pass out_dir")
    model = model or Settings.from_env().model
    keep = out_dir is not None
    work_dir = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="geokg-dask-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    report = DaskBuildReport(scheduler=scheduler or "LocalCluster")

    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=40)
            client = Client(cluster)
            report.scheduler = f"LocalCluster({cluster.scheduler_address})"
        with client:
            report.workers = len(client.scheduler_info()["workers"]) or n_workers
            store = _open_store(store_path)
            try:
                for result, batch in _run(client, _partitions(paths, partition_size, report, on_progress),
                                          str(work_dir.resolve()), model, report.workers):
                    _load(store, result)
                    report.partitions += 1
                    report.triples += result.triples
                    report.quads += result.quads
                    report.by_category.update(result.by_category)
                    for article in batch:
                        report.articles += 1
                        if on_progress:
                            on_progress(report, article)
                    if keep:
                        report.nquads.append(Path(result.path))
                    elif store is not None:
                        Path(result.path).unlink(missing_ok=True)
                if store is not None:  # events and summaries, from every article graph at once
                    store.rebuild_derived()
            finally:
                if store is not None:
                    store.close()
    finally:
        if cluster is not None:
            cluster.close()
        if not keep:
            shutil.rmtree(work_dir, ignore_errors=True)
    return report


def _open_store(store_path: str | Path | None) -> Any:
    if store_path is None:
        return None
    from geokg.graph.store import EmbeddedStore

    return EmbeddedStore(store_path)


def _partitions(paths: Sequence[str | Path], size: int, report: DaskBuildReport,
                on_progress: ProgressCallback | None) -> Iterator[list[Article]]:
    """Lists of at most ``size`` articles; skipped inputs go to the report as they are met."""
    from geokg.ingest.readers import read_inputs

    batch: list[Article] = []
    for item in read_inputs([str(p) for p in paths]):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            if on_progress:
                on_progress(report, item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(client: Any, partitions: Iterable[list[Article]], out_dir: str, model: str,
         workers: int) -> Iterator[tuple[PartitionResult, list[Article]]]:
    """Submit partitions with bounded look-ahead; yield results in partition order."""
    pending: deque[tuple[Any, list[Article]]] = deque()
    limit = max(1, workers) * AHEAD_PER_WORKER
    try:
        for index, batch in enumerate(partitions):
            # pure=False: a partition is work with a side effect (its file), never deduplicated
            pending.append((client.submit(extract_partition, index, batch, out_dir, model, pure=False),
                            batch))
            if len(pending) >= limit:
                future, done = pending.popleft()
                yield future.result(), done
        while pending:
            future, done = pending.popleft()
            yield future.result(), done
    finally:
        for future, _ in pending:
            future.cancel()


def _load(store: Any, result: PartitionResult) -> None:
    """Bulk-load one partition's file; articles the store already holds are replaced, not added to."""
    if store is None:
        return
    for aid in result.article_ids:
        store.remove_article(aid)  # no-op for a new article
    store.bulk_load_nquads(result.path)
