"""`geokg explain`: why each triple of a text was made, and why each candidate was not."""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from geokg.settings import Settings, UserError

err = Console(stderr=True)


class Format(StrEnum):
    text = "text"
    json = "json"


def _articles(source: str):
    from geokg.ingest.models import Article, Skipped
    from geokg.ingest.readers import read_inputs

    if source == "-" or Path(source).exists():
        for item in read_inputs([source], stdin=sys.stdin):
            if isinstance(item, Skipped):
                err.print(f"[yellow]skipped[/] {escape(item.path)}: {escape(item.reason)}")
            else:
                yield item
        return
    if not source.strip():
        raise UserError("nothing to explain: give a sentence in quotes, a file, or - for stdin")
    yield Article.make(source, ref="text")


def _show(console: Console, ref: str, sentences) -> None:
    for k, s in enumerate(sentences, 1):
        if not (s.mentions or s.candidates or s.offices):
            continue
        console.rule(f"[bold]{escape(ref)} · sentence {k}")
        console.print(escape(s.text))
        if s.mentions:
            table = Table("mention", "actor", "type", "country", "how", title="actors", title_justify="left")
            for m in s.mentions:
                table.add_row(escape(m.text), escape(m.name), m.type, m.country or "", escape(m.how))
            console.print(table)
        for o in s.offices:
            console.print(f"office: {escape(o.person)} is {escape(o.role)} of {escape(o.of)} "
                          f"[dim](from {escape(o.how)})[/]")
        for c in s.candidates:
            lex = (f"{c.lexicon['category']} ({c.lexicon['predicate']}, CAMEO {c.lexicon['cameo']}, "
                   f"{c.lexicon['source']})") if c.lexicon else "no lexicon entry"
            console.print(f"candidate [bold]{escape(c.word)}[/]: {escape(lex)}")
            for t in c.triples:
                console.print(f"  [green]kept[/]    {escape(t)}")
            for d in c.dropped:
                console.print(f"  [red]dropped[/] {escape(d)}")
        others = [t for t in s.triples if not any(t in c.triples for c in s.candidates)]
        for t in others:
            console.print(f"  [green]triple[/]  {escape(t)}")


def explain_command(
    source: Annotated[str, typer.Argument(help="A sentence or text in quotes, a file (.txt, .jsonl, .html, feed), "
                                                 "or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text (for reading) or json (one object per "
                                                                "sentence, per line).")] = Format.text,
    model: Annotated[str | None, typer.Option(
        "--model", help="spaCy model name (default: GEOKG_MODEL or the pinned model).")] = None,
) -> None:
    """Explain the extraction of a text, sentence by sentence: the actors as resolved (and how), the
    offices read (and where their state came from), each candidate predicate with its lexicon entry, and
    the triple it gave or why it gave none.

    Examples:

      geokg explain "Prime Minister Boris Johnson met Taoiseach Leo Varadkar in Dublin."

      geokg explain examples/00_russia_turkey_jet.txt

      geokg explain article.txt --format json | jq .candidates
    """
    from geokg.ingest.explain import explain_article
    from geokg.ingest.nlp import load_nlp

    nlp = load_nlp(model or Settings.from_env().model)
    console = Console()
    n = 0
    for article in _articles(source):
        n += 1
        sentences = explain_article(article, nlp)
        if fmt is Format.json:
            for s in sentences:
                sys.stdout.write(json.dumps({"article": article.ref, **s.to_dict()}, ensure_ascii=False) + "\n")
        else:
            _show(console, article.ref, sentences)
    if n == 0:
        err.print("[red]no article was read[/]: check the path")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain_command)
