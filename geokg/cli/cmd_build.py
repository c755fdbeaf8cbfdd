"""`geokg build`: the main job, articles -> triples -> the embedded store (and Neo4j on request).

Extraction runs on local worker processes (``--workers``) or on a Dask cluster
(``--engine dask``); either way every article is written in one store transaction, so a
build that is stopped keeps every article it finished. Exit codes: 0 every input was
ingested, 1 some inputs were skipped (listed with their reasons), 2 a usage mistake,
3 Neo4j was down, refused the credentials or dropped the connection.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from geokg.cli.cmd_graph import StoreOption, _stats_table, _store_path
from geokg.cli.output import cells, plain
from geokg.settings import Settings, UserError

if TYPE_CHECKING:
    from geokg.graph.build import BuildReport

err = Console(stderr=True)
EXIT_NEO4J = 3


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def _progress(total: int | None) -> tuple[Progress, Callable[[BuildReport, Any], None]]:
    """A progress bar on stderr and the callback that moves it and prints each skipped input."""
    from geokg.ingest.models import Skipped

    progress = Progress(
        TextColumn("[bold]building[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=err, transient=False,
    )
    task = progress.add_task("", total=total)
    state = {"total": total}

    def on_progress(report: BuildReport, item: Any) -> None:
        if isinstance(item, Skipped):
            progress.console.print(f"[yellow]skipped[/] {escape(item.path)}: {escape(item.reason)}",
                                   highlight=False)
        done = report.articles + len(report.skipped)
        if state["total"] is not None and done > state["total"]:  # a JSON Lines file or a feed: many articles
            state["total"] = None
            progress.update(task, total=None)
        progress.update(task, completed=done, description=f"{report.articles} articles, {report.triples} "
                                                          f"triples, {len(report.skipped)} skipped")

    return progress, on_progress


def _summary(report: BuildReport, store_path: Path, stats: dict[str, object]) -> None:
    out = Console()
    # the store path on a line of its own: as a table title it would wrap to the table's width
    out.print(f"built {plain(store_path)}", soft_wrap=True, highlight=False)
    summary = Table("", "this build")
    summary.add_row("articles", str(report.articles))
    summary.add_row("triples", str(report.triples))
    for name, n in report.by_category.most_common():
        summary.add_row(f"  {name}", str(n))
    summary.add_row("skipped inputs", str(sum(not s.ignored for s in report.skipped)))
    if any(s.ignored for s in report.skipped):
        summary.add_row("ignored (not articles)", str(sum(s.ignored for s in report.skipped)))
    out.print(summary)
    out.print(_stats_table(stats, "store now holds"))
    if report.skipped:
        skipped = Table(title="not ingested", title_justify="left")
        skipped.add_column("skipped file", overflow="fold")
        skipped.add_column("reason", overflow="fold")
        for s in report.skipped:
            skipped.add_row(*cells(s.path, s.reason))
        out.print(skipped)


def _connect_neo4j() -> Any:
    """A verified Neo4j connection from NEO4J_* (or a hidden prompt), before any work is done."""
    from geokg.cli.cmd_load import _password, _quiet_driver
    from geokg.graph.neo4j_writer import Neo4jUnavailable, connect

    _quiet_driver()
    try:
        return connect(password=_password())
    except Neo4jUnavailable as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_NEO4J) from None


def build_command(
    paths: Annotated[list[str], typer.Argument(
        help="Files, directories, .jsonl, .html, feeds, or - for stdin.")],
    store: StoreOption = None,
    model: Annotated[str | None, typer.Option(
        help="spaCy model (default: GEOKG_MODEL or the pinned one).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, show_default=False,
        help="Extraction processes, or Dask workers of the local cluster (default: the machine's cores).")] = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="local (worker processes) or dask (a Dask cluster; pip install 'geokg\\[dask]').")] = (
        Engine.local),
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="With --engine dask: a scheduler address such as tcp://10.0.0.5:8786 "
                            "(default: a LocalCluster for this build).")] = None,
    partition_size: Annotated[int, typer.Option(
        "--partition-size", min=1, help="With --engine dask: articles per task.")] = 32,
    neo4j: Annotated[bool, typer.Option(
        "--neo4j", help="Also write every article to Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).")] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="With --neo4j: triples per Neo4j transaction.")] = 1000,
) -> None:
    """Extract triples from articles and write them to the embedded store (one graph per article).

    Re-building an article replaces its graph, so running a build twice changes nothing.
    Exit code 0 when every input was ingested, 1 when some were skipped, 2 on a user error,
    3 when Neo4j (with --neo4j) could not be reached or dropped the connection.

    Examples:

      geokg build examples/

      geokg build news.jsonl feeds/world.xml --store kg/ --workers 2

      geokg build corpus/ --engine dask --scheduler tcp://10.0.0.5:8786

      NEO4J_PASSWORD=... geokg build examples/ --neo4j
    """
    from geokg.graph.store import EmbeddedStore
    from geokg.ingest.readers import count_inputs

    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    settings = Settings.from_env()
    model = model or settings.model
    path = _store_path(store)
    missing = [p for p in paths if p != "-" and not os.path.lexists(p)]
    if missing and len(missing) == len(paths):  # a mistyped path must not leave an empty store behind
        raise UserError(f"no such file or directory: {', '.join(missing)}")
    total = count_inputs(paths)
    writer = _connect_neo4j() if neo4j else None
    progress, on_progress = _progress(total)
    try:
        if engine is Engine.dask:
            report = _build_dask(paths, path, model, workers, scheduler, partition_size, progress, on_progress)
        else:
            report = _build_local(paths, path, model, workers, total, writer, batch_size, progress, on_progress)
        if writer is not None and engine is Engine.dask:
            _load_built(path, report, writer, batch_size)
    finally:
        if writer is not None:
            writer.close()
    with EmbeddedStore(path, read_only=True) as kg:
        stats = kg.stats()
    _summary(report, path, stats)
    if writer is not None:
        err.print(f"wrote {report.triples:,} triples of {report.articles} articles to Neo4j at {plain(writer.uri)}",
                  highlight=False)
    if not report.ok:
        raise typer.Exit(1)
    if report.articles == 0:
        err.print("[yellow]no article was read[/]: check the paths")


def _build_local(paths: list[str], path: Path, model: str, workers: int | None, total: int | None, writer: Any,
                 batch_size: int, progress: Progress, on_progress: Callable) -> BuildReport:
    from geokg.graph.build import build
    from geokg.graph.neo4j_writer import Neo4jSink, Neo4jUnavailable
    from geokg.graph.store import EmbeddedStore
    from geokg.ingest.parallel import extractor_for

    sink = Neo4jSink(writer, batch_size) if writer is not None else None
    try:
        with extractor_for(model, workers, total) as extractor, EmbeddedStore(path) as kg, progress:
            report = build(paths, kg, extractor, on_progress=on_progress, neo4j=sink)
            if sink is not None:
                sink.flush()
    except Neo4jUnavailable as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        err.print(f"the embedded store at {plain(path)} holds every article read so far; rerun the build, or "
                  f"`geokg load neo4j --store {plain(path)}`, to finish Neo4j (it adds no duplicates)", highlight=False)
        raise typer.Exit(EXIT_NEO4J) from None
    return report


def _build_dask(paths: list[str], path: Path, model: str, workers: int | None, scheduler: str | None,
                partition_size: int, progress: Progress, on_progress: Callable) -> BuildReport:
    from geokg.graph.dask_engine import build_with_dask
    from geokg.ingest.parallel import default_workers

    with progress:
        return build_with_dask(paths, path, scheduler=scheduler, partition_size=partition_size, model=model,
                               on_progress=on_progress, n_workers=workers or default_workers())


def _load_built(path: Path, report: BuildReport, writer: Any, batch_size: int) -> None:
    """After a Dask build: copy the store into Neo4j (idempotent, so articles already there change nothing)."""
    from geokg.cli.cmd_load import store_items
    from geokg.graph.neo4j_writer import Neo4jUnavailable

    items, _total = store_items(path)
    try:
        writer.write(items, batch_size=batch_size)
    except Neo4jUnavailable as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_NEO4J) from None


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
