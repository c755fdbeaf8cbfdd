"""`geokg viz`: an interactive HTML graph and a dyad chart (thin layer over geokg.graph.viz)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from geokg.cli.output import plain
from geokg.settings import Settings


def _viz():
    from geokg.graph import viz  # networkx and matplotlib: imported by the commands that draw

    return viz


def _analytics():
    from geokg.graph import analytics  # networkx: imported by the commands that use it

    return analytics


def load_store_graph(store, **options):
    from geokg.graph.network import load_store_graph as load

    return load(store, **options)

out = Console()
viz_app = typer.Typer(
    help="Pictures of the graph: an interactive page that opens offline, and dyad charts.\n\n"
    "Example: geokg viz graph -o graph.html --actor Russia --hops 1",
    no_args_is_help=True,
)

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Store folder (default: $GEOKG_STORE, else ./geokg-data).", show_default=False,
)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]


def _store(store: Path | None) -> Path:
    return store or Settings.from_env().store


@viz_app.command("graph")
def graph(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    actor: Annotated[str | None, typer.Option(
        "--actor", help="Show only this actor's neighbourhood (key, name or surname).")] = None,
    hops: Annotated[int, typer.Option("--hops", min=1, help="Neighbourhood radius with --actor.")] = 2,
    negated: Annotated[bool, typer.Option(
        "--negated", help="Also draw statements reported as not having happened (dashed).")] = False,
    force: ForceOpt = False,
    store: StoreOpt = None,
) -> None:
    """Write an interactive, self-contained HTML page of the actor graph.

    Nodes are coloured by actor kind, edges by conflict (red) or cooperation (green);
    hover an edge for its statements and evidence sentences. The page inlines all
    its JavaScript, so it opens offline.

    Examples:

    geokg viz graph -o graph.html

    geokg viz graph -o russia.html --actor RUS --hops 2 --force
    """
    path = _viz().check_output(output, force)  # fail before the (slower) store read
    g = load_store_graph(_store(store), include_negated=negated)
    title = "geokg actor graph"
    if actor is not None:
        key = _analytics().resolve_actor(g, actor)
        g = _viz().neighbourhood(g, key, hops=hops)
        title = f"{g.nodes[key].get('name', key)}: {hops}-hop neighbourhood"
    _viz().write_graph_html(g, path, title=title, force=force)
    out.print(f"Wrote {plain(path)} ({g.number_of_nodes()} actors, {g.number_of_edges()} statements).")


@viz_app.command("dyad")
def dyad(
    a: Annotated[str, typer.Argument(metavar="A", help="Actor: key, name or surname (RUS, Russia, Putin).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other actor, written the same ways.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="PNG file to write.")] = Path("dyad.png"),
    by_country: Annotated[bool, typer.Option(
        "--by-country/--exact", help="Count officials on their country's side, or only A and B.")] = True,
    force: ForceOpt = False,
    store: StoreOpt = None,
) -> None:
    """Plot the monthly conflict–cooperation balance between A and B as a PNG bar chart.

    Examples:

    geokg viz dyad RUS TUR -o dyad.png

    geokg viz dyad Russia Ukraine -o rus-ukr.png --force
    """
    path = _viz().check_output(output, force)
    g = load_store_graph(_store(store))
    ka, kb = _analytics().resolve_actor(g, a), _analytics().resolve_actor(g, b)
    rows = _analytics().dyad_balance(g, ka, kb, by_country=by_country)
    names = [str(g.nodes[k].get("name", k)) for k in (ka, kb)]
    _viz().write_dyad_png(rows, path, *names, force=force)
    out.print(f"Wrote {plain(path)} ({sum(n for *_, n in rows)} events over {len(rows)} months).")


def register(app: typer.Typer) -> None:
    app.add_typer(viz_app, name="viz")
