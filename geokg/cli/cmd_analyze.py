"""`geokg analyze`: network analytics over the store (thin layer over geokg.graph.analytics)."""
from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from geokg.cli.output import cells, plain
from geokg.settings import Settings

if TYPE_CHECKING:
    import networkx as nx

out = Console()
analyze_app = typer.Typer(
    help="Network analytics on the actor graph: central actors, blocs, paths, dyads.\n\n"
    "Example: geokg analyze central --by betweenness --top 5",
    no_args_is_help=True,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Centrality(StrEnum):
    pagerank = "pagerank"
    degree = "degree"
    betweenness = "betweenness"


StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store folder (default: $GEOKG_STORE, else ./geokg-data).", show_default=False,
)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Print a table or JSON.")]
ActorA = Annotated[str, typer.Argument(metavar="A", help="Actor: key, name or surname (RUS, Russia, Putin).")]
ActorB = Annotated[str, typer.Argument(metavar="B", help="The other actor, written the same ways.")]


def _analytics():
    from geokg.graph import analytics

    return analytics


def _graph(store: Path | None) -> nx.MultiDiGraph:
    from geokg.graph.network import load_store_graph  # networkx is imported by the commands that use it

    return load_store_graph(store or Settings.from_env().store)


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _label(g: nx.Graph, key: Any) -> str:
    name = g.nodes[key].get("name") or key
    return str(name) if name == key else f"{name} ({key})"


@analyze_app.command("central")
def central(
    by: Annotated[Centrality, typer.Option("--by", help="Centrality measure.")] = Centrality.pagerank,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many actors to list.")] = 10,
    store: StoreOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the most central actors.

    pagerank: actors many others act upon; degree: actors in the most statements;
    betweenness: brokers between otherwise distant actors.

    Examples:

    geokg analyze central --top 5

    geokg analyze central --by betweenness --format json
    """
    g = _graph(store)
    rows = _analytics().central_actors(g, top=top, by=by.value)
    if fmt is Format.json:
        _json([{"rank": i, "key": k, "name": n, by.value: v} for i, (k, n, v) in enumerate(rows, 1)])
        return
    table = Table(title=f"Central actors by {by.value}")
    for col, just in (("#", "right"), ("actor", "left"), ("key", "left"), (by.value, "right")):
        table.add_column(col, justify=just)
    for i, (k, n, v) in enumerate(rows, 1):
        table.add_row(*cells(i, n, k, f"{v:.4f}" if isinstance(v, float) else v))
    out.print(table if rows else "[yellow]The store holds no statements yet.[/]")


@analyze_app.command("blocs")
def blocs(
    seed: Annotated[int, typer.Option("--seed", help="Community detection seed (same seed, same blocs).",
                                      )] = 42,
    store: StoreOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Group actors into blocs: clusters that interact more with each other than with the rest.

    Louvain communities on the graph weighted by number of statements; conflict ties
    count as much as cooperation, so adversaries can share a bloc.

    Examples:

    geokg analyze blocs

    geokg analyze blocs --seed 7 --format json
    """
    g = _graph(store)
    groups = _analytics().blocs(g, seed=seed)
    if fmt is Format.json:
        _json([{"bloc": i, "size": len(c), "keys": c, "names": [g.nodes[k].get("name", k) for k in c]}
               for i, c in enumerate(groups, 1)])
        return
    table = Table(title=f"Blocs (seed {seed})")
    table.add_column("#", justify="right")
    table.add_column("size", justify="right")
    table.add_column("actors")
    for i, c in enumerate(groups, 1):
        table.add_row(*cells(i, len(c), ", ".join(str(g.nodes[k].get("name", k)) for k in c)))
    out.print(table if groups else "[yellow]The store holds no statements yet.[/]")


@analyze_app.command("path")
def path(
    a: ActorA,
    b: ActorB,
    cutoff: Annotated[int, typer.Option("--cutoff", min=1, help="Longest path to show, in hops.")] = 4,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most paths to show.")] = 5,
    store: StoreOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show the shortest chains of actors linking A and B (direction ignored).

    Examples:

    geokg analyze path "Islamic State" France

    geokg analyze path RUS NATO --cutoff 2 --format json
    """
    g = _graph(store)
    ka, kb = _analytics().resolve_actor(g, a), _analytics().resolve_actor(g, b)
    found = _analytics().paths(g, ka, kb, cutoff=cutoff, limit=limit)
    if fmt is Format.json:
        _json({"from": ka, "to": kb, "paths": found})
        return
    if not found:
        out.print(f"No path of at most {cutoff} hops between {plain(_label(g, ka))} and {plain(_label(g, kb))}.")
        return
    table = Table(title=Text(f"Paths from {_label(g, ka)} to {_label(g, kb)}"))
    table.add_column("hops", justify="right")
    table.add_column("path")
    for p in found:
        table.add_row(*cells(len(p) - 1, " → ".join(str(g.nodes[k].get("name", k)) for k in p)))
    out.print(table)


@analyze_app.command("dyad")
def dyad(
    a: ActorA,
    b: ActorB,
    by_country: Annotated[bool, typer.Option(
        "--by-country/--exact",
        help="Count officials on their country's side (Putin's threats are Russia's), or only A and B.",
    )] = True,
    store: StoreOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Monthly conflict–cooperation balance between A and B, both directions.

    Balance is the sum of PLOVER scores (−10 conflict … +10 cooperation) of the
    statements between the two, per month.

    Examples:

    geokg analyze dyad RUS TUR

    geokg analyze dyad Putin Turkey --exact --format json
    """
    g = _graph(store)
    ka, kb = _analytics().resolve_actor(g, a), _analytics().resolve_actor(g, b)
    rows = _analytics().dyad_balance(g, ka, kb, by_country=by_country)
    total = round(sum(r[1] for r in rows), 6)
    events = sum(r[2] for r in rows)
    if fmt is Format.json:
        _json({"a": ka, "b": kb, "balance": total, "events": events,
               "months": [{"month": m, "balance": s, "events": n} for m, s, n in rows]})
        return
    if not rows:
        out.print(f"No scored statements between {plain(_label(g, ka))} and {plain(_label(g, kb))}.")
        return
    table = Table(title=Text(f"{_label(g, ka)} ↔ {_label(g, kb)}"))
    table.add_column("month")
    table.add_column("balance", justify="right")
    table.add_column("events", justify="right")
    for m, s, n in rows:
        table.add_row(*cells(m, _signed(s), n))
    table.add_section()
    table.add_row("total", _signed(total), str(events), style="bold")
    out.print(table)


def _signed(x: float) -> str:
    colour = "red" if x < 0 else "green" if x > 0 else "white"
    return f"[{colour}]{x:+.1f}[/]"


def register(app: typer.Typer) -> None:
    app.add_typer(analyze_app, name="analyze")
