"""`geokg build`, `geokg stats`, `geokg export`, `geokg validate`: the embedded graph store."""
from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from geokg.settings import Settings, UserError

err = Console(stderr=True)

StoreOption = Annotated[
    Path | None, typer.Option("--store", "-s", help="Store directory (default: GEOKG_STORE or ./geokg-data).")
]


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"


def _store_path(store: Path | None) -> Path:
    return store if store is not None else Settings.from_env().store


def _stats_table(stats: dict[str, object], title: str) -> Table:
    table = Table("", "count", title=title, title_justify="left")
    for key in ("articles", "actors", "statements", "triples"):
        table.add_row(key, str(stats[key]))
    by_category = stats.get("by_category") or {}
    for name, n in by_category.items():  # type: ignore[attr-defined]
        table.add_row(f"  {name}", str(n))
    return table


def build_command(
    paths: Annotated[list[str], typer.Argument(
        help="Files, directories, .jsonl, .html, feeds, or - for stdin.")],
    store: StoreOption = None,
    model: Annotated[str | None, typer.Option(
        help="spaCy model (default: GEOKG_MODEL or the pinned one).")] = None,
) -> None:
    """Extract triples from articles and write them to the embedded store (one graph per article).

    Re-building an article replaces its graph, so running a build twice changes nothing.
    Exit code 0 when every input was ingested, 1 when some were skipped, 2 on a user error.

    Examples:

      geokg build examples/

      geokg build news.jsonl feeds/world.xml --store kg/
    """
    from geokg.graph.build import build
    from geokg.graph.store import EmbeddedStore
    from geokg.ingest.models import Skipped
    from geokg.ingest.pipeline import Extractor

    try:
        from geokg.ingest.readers import count_inputs

        total = count_inputs(paths)
    except ImportError:
        total = None
    settings = Settings.from_env()
    extractor = Extractor(model or settings.model)
    progress = Progress(
        TextColumn("[bold]building[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=err, transient=False,
    )
    with EmbeddedStore(_store_path(store)) as kg, progress:
        task = progress.add_task("", total=total)

        def on_progress(report, item) -> None:  # type: ignore[no-untyped-def]
            if isinstance(item, Skipped):
                progress.console.print(f"[yellow]skipped[/] {item.path}: {item.reason}")
            done = report.articles + len(report.skipped)
            if total is not None and done > total:  # a JSON Lines file or a feed holds many articles
                progress.update(task, total=None)
            progress.update(task, completed=done, description=f"{report.articles} articles, "
                                                              f"{report.triples} triples, "
                                                              f"{len(report.skipped)} skipped")

        report = build(paths, kg, extractor, on_progress=on_progress)
        stats = kg.stats()
    out = Console()
    summary = Table("", "this build", title=f"built {kg.path}", title_justify="left")
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
            skipped.add_row(s.path, s.reason)
        out.print(skipped)
    if not report.ok:
        raise typer.Exit(1)
    if report.articles == 0:
        err.print("[yellow]no article was read[/]: check the paths")


def stats_command(
    store: StoreOption = None,
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="table or json.")] = StatsFormat.table,
) -> None:
    """Count the articles, actors, statements (by category) and triples in the store.

    Examples:

      geokg stats

      geokg stats --store kg/ --format json
    """
    from geokg.graph.store import EmbeddedStore

    with EmbeddedStore(_store_path(store), read_only=True) as kg:
        stats = kg.stats()
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
    else:
        Console().print(_stats_table(stats, str(kg.path)))


def export_command(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="turtle, ntriples (the union of all graphs), nquads, trig, jsonld (one graph "
                               "per article), graphml or gexf (Gephi).")],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for stdout.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    store: StoreOption = None,
) -> None:
    """Dump the store as RDF (with provenance graphs) or as an actor network for Gephi.

    Examples:

      geokg export --format trig -o graph.trig

      geokg export --format graphml -o actors.graphml --force

      geokg export --format ntriples -o - | gzip > graph.nt.gz
    """
    from geokg.graph.store import EmbeddedStore

    target = None if output == "-" else Path(output)
    if target is not None:
        if target.exists() and not force:
            raise UserError(f"{target} already exists; pass --force to overwrite it, or choose another "
                            f"-o FILE")
        if target.is_dir():
            raise UserError(f"{target} is a directory; -o needs a file name")
    with EmbeddedStore(_store_path(store), read_only=True) as kg:
        if target is None:
            kg.export(fmt.value, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        # write next to the target, then rename: a failed export never leaves half a file behind
        partial = target.with_name(f".{target.name}.partial")
        try:
            kg.export(fmt.value, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    err.print(f"wrote {target} ({target.stat().st_size:,} bytes, {fmt.value})")


def validate_command(
    store: StoreOption = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Validate an RDF dump (.ttl .nt .nq .trig .jsonld) instead.")] = None,
) -> None:
    """Check the graph against the SHACL shapes (graph/shapes.ttl); exit 1 when it is invalid.

    Examples:

      geokg validate

      geokg validate --file graph.trig
    """
    from geokg.graph.store import EmbeddedStore
    from geokg.graph.validate import validate_file, validate_store

    if store is not None and file is not None:
        raise UserError("pass either --store or --file, not both")
    if file is not None:
        report, what = validate_file(file), str(file)
    else:
        with EmbeddedStore(_store_path(store), read_only=True) as kg:
            report, what = validate_store(kg), str(kg.path)
    if report.conforms:
        err.print(f"[green]valid[/]: {what} ({report.checked_triples} triples) conforms to the shapes")
        return
    for violation in report.violations:
        sys.stdout.write(f"{violation}\n")
    err.print(f"[red]invalid[/]: {what} has {len(report.violations)} violation(s)")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
    app.command("stats")(stats_command)
    app.command("export")(export_command)
    app.command("validate")(validate_command)
