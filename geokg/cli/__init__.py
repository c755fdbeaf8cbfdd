"""The geokg command line: a thin Typer layer over the library.

Each group of commands lives in its own ``cmd_*.py`` module with a ``register(app)``
function, so every command is a few lines that call a library function.
"""
from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from geokg import __version__
from geokg.cli.output import plain
from geokg.settings import UserError

app = typer.Typer(
    name="geokg",
    help="Build geopolitical knowledge graphs from news articles.\n\n"
    "Example: geokg build examples/ && geokg query run actor-profile --param actor=Russia",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,  # locals may hold credentials
)
err = Console(stderr=True)

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = ["extract", "explain", "build", "graph", "analyze", "query", "load", "viz"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"geokg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Build geopolitical knowledge graphs from news articles."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"geokg.cli.cmd_{_name}")
    except ModuleNotFoundError as exc:  # a command group not written yet
        if exc.name != f"geokg.cli.cmd_{_name}":
            raise
        continue
    _module.register(app)


# Exit codes (README, SECURITY.md): each outcome its own, so a script can tell them apart.
EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_NEO4J, EXIT_CRASH = 0, 1, 2, 3, 4


def main() -> None:
    try:
        app()
    except UserError as exc:
        err.print(f"[bold red]error:[/] {plain(exc)}", highlight=False)
        sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]")
        sys.exit(130)
    except Exception as exc:  # a bug: one line (locals and arguments may hold credentials), its own code
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
        err.print(f"[bold red]internal error[/] (a bug in geokg; please report it): "
                  f"{plain(type(exc).__name__)}: {plain(exc)}{plain(place)}", highlight=False)
        sys.exit(EXIT_CRASH)
