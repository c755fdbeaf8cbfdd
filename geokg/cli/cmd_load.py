"""``geokg load neo4j``: copy the embedded store into Neo4j 5.

Credentials come from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (or a hidden prompt for
the password on a terminal), never from the command line. Exit codes: 0 loaded,
2 a usage mistake, 3 Neo4j down, refusing the credentials or lost mid-load (rerun to
finish: the load is idempotent).
"""
from __future__ import annotations

import logging
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from geokg.cli.output import plain
from geokg.settings import Settings, UserError

if TYPE_CHECKING:
    from geokg.ingest.models import Article, Triple

EXIT_NEO4J = 3
err = Console(stderr=True, soft_wrap=True)  # soft wrap: an error stays one line whatever the width


def _quiet_driver() -> None:
    """The driver logs each failed connection attempt as a warning, which Python's last-resort
    handler prints to stderr; the command says what went wrong in one line of its own instead."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())


def store_items(store_path: Path) -> tuple[list[tuple[Article, list[Triple]]], int]:
    """The store's articles, each with its triples, and the number of triples."""
    try:
        from geokg.graph.store import EmbeddedStore
    except ModuleNotFoundError as exc:
        if exc.name != "geokg.graph.store":
            raise
        raise UserError("this build has no embedded store (geokg.graph.store): nothing to load") from None
    store = EmbeddedStore(store_path)
    articles = list(store.articles())
    by_id = {a.id: a for a in articles}
    by_ref = {a.ref: a.id for a in articles}
    triples: dict[str, list[Triple]] = defaultdict(list)
    total = 0
    for t in store.statements():
        aid = t.article_id if t.article_id in by_id else by_ref.get(t.evidence[0].article)
        if aid is None:
            raise UserError(f"the store at {store_path} has a statement of an unknown article "
                            f"({t.evidence[0].article}): rebuild it with `geokg build`")
        triples[aid].append(t)
        total += 1
    return [(a, triples.get(a.id, [])) for a in articles], total


def load_items(items: Iterable[tuple[Article, Sequence[Triple]]], total: int, *, uri: str | None = None,
               database: str | None = None, password: str | None = None, batch_size: int = 1000,
               on_progress: Callable[[int], None] | None = None, show_progress: bool = True) -> int:
    """Write the items to Neo4j with a progress bar; returns the exit code (0 or 3) after
    printing the outcome. ``on_progress`` sees each committed batch too (tests use it)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from geokg.graph.neo4j_writer import Neo4jUnavailable, connect

    _quiet_driver()
    try:
        with connect(uri=uri, password=password, database=database) as writer:
            columns = (TextColumn("loading into Neo4j"), BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn())
            with Progress(*columns, console=err, disable=not (show_progress and err.is_terminal)) as bar:
                task = bar.add_task("load", total=total)

                def advance(n: int) -> None:
                    bar.advance(task, n)
                    if on_progress is not None:
                        on_progress(n)

                written = writer.write(items, batch_size=batch_size, on_progress=advance)
    except Neo4jUnavailable as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return EXIT_NEO4J
    err.print(f"loaded {written:,} triples into {plain(writer.uri)}", highlight=False)
    return 0


def _password() -> str | None:
    """NEO4J_PASSWORD, else a hidden prompt on a terminal; None lets connect() explain what is missing."""
    if os.environ.get("NEO4J_PASSWORD") is not None:
        return None
    if sys.stdin.isatty():
        user = os.environ.get("NEO4J_USER") or "neo4j"
        return typer.prompt(f"Neo4j password for {user}", hide_input=True)
    return None


def register(app: typer.Typer) -> None:
    load_app = typer.Typer(help="Load the graph into another database.", no_args_is_help=True)
    app.add_typer(load_app, name="load")

    @load_app.command("neo4j")
    def load_neo4j(
        store: Annotated[Path | None, typer.Option(
            "--store", help="The embedded store (default $GEOKG_STORE or ./geokg-data).")] = None,
        uri: Annotated[str | None, typer.Option(
            "--uri", help="Bolt URI (default $NEO4J_URI, else bolt://127.0.0.1:7687).")] = None,
        database: Annotated[str | None, typer.Option(
            "--database", help="Database name (default $NEO4J_DATABASE, else the server's default).")] = None,
        batch_size: Annotated[int, typer.Option(
            "--batch-size", min=1, help="Triples per transaction.")] = 1000,
    ) -> None:
        """Load the embedded store into Neo4j 5; rerunning it adds nothing.

        User and password: NEO4J_USER (default neo4j) and NEO4J_PASSWORD, or a hidden prompt on a terminal.

        Exit code 3 when Neo4j is down, refuses the credentials or drops the connection: rerun to finish.

        Example: NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... geokg load neo4j --store geokg-data
        """
        path = store or Settings.from_env().store
        if not path.is_dir():
            raise UserError(f"no store at {path}: build one with `geokg build PATH... --store {path}`")
        password = _password()
        # Connect before reading the store: a server that is down fails in a second, not after the read.
        from geokg.graph.neo4j_writer import Neo4jUnavailable, connect

        _quiet_driver()
        try:
            connect(uri=uri, password=password, database=database).close()
        except Neo4jUnavailable as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(EXIT_NEO4J) from None
        items, total = store_items(path)
        if not items:
            err.print(f"the store at {plain(path)} is empty: nothing to load", highlight=False)
            return
        code = load_items(items, total, uri=uri, database=database, password=password, batch_size=batch_size)
        if code:
            raise typer.Exit(code)
