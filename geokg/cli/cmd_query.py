"""`geokg query list|show|run`: the canned-query catalogue on the command line."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from geokg.cli.output import cells, plain
from geokg.queries.catalogue import load_catalogue, load_query
from geokg.queries.runner import BACKENDS, run_query
from geokg.settings import UserError

FORMATS = ("table", "json", "csv")

query_app = typer.Typer(
    help="Run the canned queries (Cypher and SPARQL forms of the same question).\n\n"
    "Example: geokg query run dyad-history --param a=Russia --param b=Turkey",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
out = Console(highlight=False, soft_wrap=True)


def _fail(exc: UserError) -> None:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {plain(exc)}", highlight=False)
    raise typer.Exit(exc.exit_code)  # 2, or 3 when Neo4j is down, frozen or refuses the credentials


def parse_params(items: list[str]) -> dict[str, str]:
    """``["actor=Russia", "k=2"]`` -> ``{"actor": "Russia", "k": "2"}``; a clear error otherwise."""
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--param expects key=value, got {item!r} (e.g. --param actor=Russia)")
        if key.strip() in params:
            raise UserError(f"--param {key.strip()} given twice")
        params[key.strip()] = value
    return params


def render(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as text: ``json`` (a list of objects), ``csv`` (with a header) or ``table``."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return buf.getvalue().rstrip("\n")
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*cells(*row))
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n") + f"\n{len(rows)} row{'s' if len(rows) != 1 else ''}"


@query_app.command("list")
def list_queries() -> None:
    """List the catalogue: name, description and parameters (name:type=default).

    Example: geokg query list
    """
    table = Table("name", "description", "parameters", show_lines=False)
    for q in load_catalogue():
        table.add_row(q.name, q.description, ", ".join(p.describe() for p in q.params) or "-")
    out.print(table)


@query_app.command("show")
def show(name: str = typer.Argument(..., help="Query name, e.g. dyad-history.")) -> None:
    """Print both forms of a query, Cypher then SPARQL.

    Example: geokg query show neighbours
    """
    try:
        q = load_query(name)
    except UserError as exc:
        _fail(exc)
    out.print(f"[bold]{q.name}[/]: {q.description}")
    out.print(f"parameters: {', '.join(p.describe() for p in q.params) or 'none'}")
    out.print(f"columns: {', '.join(q.columns)}")
    out.print("\n[bold]-- Cypher (Neo4j)[/]")
    out.print(q.cypher.rstrip(), markup=False)
    for v in q.cypher_variants:  # the Cypher texts chosen by the parameters given
        out.print(f"\n[bold]-- Cypher variant {v.label}[/]")
        out.print(v.text.rstrip(), markup=False)
    out.print("\n[bold]-- SPARQL (embedded store)[/]")
    out.print(q.sparql.rstrip(), markup=False)
    for v in q.variants:  # the SPARQL texts chosen by the parameters given (catalogue.Variant)
        out.print(f"\n[bold]-- SPARQL variant {v.label}[/]")
        out.print(v.sparql.rstrip(), markup=False)


@query_app.command("run")
def run(
    name: str = typer.Argument(..., help="Query name (see `geokg query list`)."),
    param: list[str] = typer.Option(  # noqa: B008 - Typer declares options this way
        [], "--param", "-p", help="A parameter as key=value; repeat for more. Actors by name or key."
    ),
    backend: str = typer.Option("embedded", "--backend", "-b", help="embedded (the RDF store) or neo4j."),
    store: Path = typer.Option(  # noqa: B008
        None, "--store", help="Embedded store directory [default: $GEOKG_STORE or ./geokg-data]."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
) -> None:
    """Run a canned query and print its rows.

    Parameters are bound, never pasted into the query. Neo4j credentials come from
    NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD.

    Examples:

      geokg query run actor-profile --param actor=Russia

      geokg query run who-did --param category=ASSAULT --param since=2015-01-01 --format csv

      geokg query run neighbours --param actor="vladimir putin" --param k=2 --backend neo4j
    """
    try:
        if fmt not in FORMATS:
            raise UserError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        if backend not in BACKENDS:
            raise UserError(f"--backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        # a table is for people: actors by name; JSON and CSV keep the keys for scripts
        columns, rows = run_query(name, parse_params(param), backend=backend, store_path=store,
                                  label_actors=fmt == "table")
    except UserError as exc:
        _fail(exc)
    typer.echo(render(columns, rows, fmt))


def register(app: typer.Typer) -> None:
    app.add_typer(query_app, name="query")
