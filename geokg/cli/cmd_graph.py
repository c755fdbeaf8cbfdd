"""`geokg stats`, `geokg export`, `geokg validate`: the embedded graph store."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from geokg.cli.output import plain
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
    neo4j_csv = "neo4j-csv"


def _store_path(store: Path | None) -> Path:
    return store if store is not None else Settings.from_env().store


def _stats_table(stats: dict[str, object], title: str) -> Table:
    table = Table("", "count", title=Text(title), title_justify="left")
    for key in ("articles", "actors", "statements", "events", "triples"):
        if key in stats:  # statements are the reports; events the distinct events they merge into
            table.add_row(key, str(stats[key]))
    by_category = stats.get("by_category") or {}
    for name, n in by_category.items():  # type: ignore[attr-defined]
        table.add_row(f"  {name}", str(n))
    return table


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
                               "per article), graphml or gexf (Gephi), neo4j-csv (a folder of CSV files for "
                               "neo4j-admin database import).")],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for stdout "
                                        "(a folder for neo4j-csv).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    store: StoreOption = None,
) -> None:
    """Dump the store as RDF (with provenance graphs) or as an actor network for Gephi.

    Examples:

      geokg export --format trig -o graph.trig

      geokg export --format graphml -o actors.graphml --force

      geokg export --format ntriples -o - | gzip > graph.nt.gz

      geokg export --format neo4j-csv -o neo4j-import/
    """
    from geokg.graph.store import EmbeddedStore

    if fmt is ExportFormat.neo4j_csv:
        _export_neo4j_csv(Path(output), force, _store_path(store))
        return

    target = None if output == "-" else Path(output)
    if target is not None:
        if target.exists() and not force:
            raise UserError(f"{target} already exists; pass --force to overwrite it, or choose another "
                            f"-o FILE")
        if target.is_dir():
            raise UserError(f"{target} is a directory; -o needs a file name")
        if not target.parent.is_dir():
            raise UserError(f"the folder {target.parent} does not exist; create it, or choose another -o FILE")
    with EmbeddedStore(_store_path(store), read_only=True) as kg:
        if target is None:
            kg.export(fmt.value, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        # write next to the target, then rename: a failed export never leaves half a file behind; the
        # partial file has a name of its own, so a file of the user's is never overwritten
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        except OSError as exc:
            raise UserError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
        os.close(fd)
        partial = Path(name)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # the permissions of a file written in place, not mkstemp's 0600
        try:
            kg.export(fmt.value, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    err.print(f"wrote {plain(target)} ({target.stat().st_size:,} bytes, {fmt.value})", highlight=False)


def _export_neo4j_csv(target: Path, force: bool, store_path: Path) -> None:
    from geokg.graph.neo4j_csv import import_command, write_neo4j_csv
    from geokg.graph.store import EmbeddedStore

    if str(target) == "-":
        raise UserError("neo4j-csv writes several files: give a folder with -o DIR")
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; neo4j-csv needs a folder with -o DIR")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UserError(f"{target} is not empty; pass --force to overwrite its files, or choose another -o DIR")
    with EmbeddedStore(store_path, read_only=True) as kg:
        rows = write_neo4j_csv(kg, target)
    table = Table("file", "rows", title=Text(f"wrote {target}"), title_justify="left")
    for name, n in rows.items():
        table.add_row(name, f"{n:,}")
    Console(stderr=True).print(table)
    err.print(f"seed a stopped Neo4j 5 from $NEO4J_HOME with:\n  {plain(import_command(str(target)))}\n"
              f"(or run {plain(target / 'import.sh')})", highlight=False, soft_wrap=True)


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
        err.print(f"[green]valid[/]: {plain(what)} ({report.checked_triples} triples) conforms to the shapes",
                  highlight=False)
        return
    for violation in report.violations:
        sys.stdout.write(f"{violation}\n")
    err.print(f"[red]invalid[/]: {plain(what)} has {len(report.violations)} violation(s)")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_command)
    app.command("export")(export_command)
    app.command("validate")(validate_command)
