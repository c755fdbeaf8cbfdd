"""`geokg extract`: print the triples of articles (JSON Lines contract, table or CSV)."""
from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from geokg.cli.output import cells, plain
from geokg.settings import Settings

err = Console(stderr=True)


class Format(StrEnum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


CSV_COLUMNS = ["article", "subject", "subject_country", "relation", "predicate", "mode", "object",
               "object_country", "score", "negated", "attributed_to", "confidence", "published", "event_date",
               "event_date_precision", "event_date_text", "attributes", "sentence"]


def _row(t) -> list[object]:
    when = t.event_date
    return [t.evidence[0].article, t.subject.name, t.subject.country or "", t.relation, t.predicate,
            t.mode or "", t.object.name, t.object.country or "", "" if t.score is None else t.score, t.negated,
            t.attributed_to.name if t.attributed_to else "", t.confidence, t.published or "",
            when.value if when else "", when.precision if when else "", (when.text or "") if when else "",
            json.dumps(t.attrs, ensure_ascii=False) if t.attributes else "", t.evidence[0].sentence]


def _when(t) -> str:
    """The event date for the table: its value, and the words it was read from (none: the article's date)."""
    if t.event_date is None:
        return ""
    return t.event_date.value + (f" ({t.event_date.text})" if t.event_date.text else "")


def extract_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, .jsonl, .html, feeds, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl (the triples contract), table or csv.")] = (
        Format.jsonl),
    model: Annotated[str | None, typer.Option(
        "--model", help="spaCy model name (default: GEOKG_MODEL or the pinned model).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Extraction processes (default: the machine's cores); the output is "
        "the same, in the same order, whatever the number.", show_default=False)] = None,
) -> None:
    """Extract typed triples with evidence and print them.

    Examples:

      geokg extract examples/00_russia_turkey_jet.txt --format table

      geokg extract news.jsonl --format jsonl > triples.jsonl

      cat article.txt | geokg extract - --format csv

      geokg extract corpus/ --workers 2 --format jsonl > triples.jsonl
    """
    from geokg.ingest.models import Skipped
    from geokg.ingest.parallel import extractor_for
    from geokg.ingest.readers import count_inputs, read_inputs

    settings = Settings.from_env()
    total = count_inputs(paths)
    extractor = extractor_for(model or settings.model, workers, total)
    skipped: list[Skipped] = []

    def articles():
        for item in read_inputs(paths, stdin=sys.stdin):
            if isinstance(item, Skipped):
                skipped.append(item)
                err.print(f"[yellow]skipped[/] {plain(item.path)}: {plain(item.reason)}", highlight=False)
            else:
                yield item

    show_progress = (total is None or total > 3) and err.is_terminal
    out = sys.stdout
    writer = csv.writer(out) if fmt is Format.csv else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    table = Table("subject", "relation", "object", "mode", "conf", "date", "sentence", show_lines=False) \
        if fmt is Format.table else None
    n_articles = n_triples = 0
    from rich.progress import Progress

    with extractor, Progress(console=err, disable=not show_progress, transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for article, triples in extractor.extract_stream(articles()):
            if getattr(triples, "unread", None) is not None:  # past its time budget: said, as in build
                start, end, seconds = triples.unread
                skipped.append(Skipped(article.ref, f"characters {start:,} to {end:,} not read (> {seconds:g} s)"))
                err.print(f"[yellow]skipped[/] {plain(article.ref)}: {plain(skipped[-1].reason)}", highlight=False)
            n_articles += 1
            n_triples += len(triples)
            progress.update(task, advance=1, description=f"{n_articles} articles, {n_triples} triples")
            for t in triples:
                if fmt is Format.jsonl:
                    out.write(json.dumps(t.to_dict(), ensure_ascii=False) + "\n")
                elif writer:
                    writer.writerow(_row(t))
                elif table is not None:
                    neg = "NOT " if t.negated else ""
                    table.add_row(*cells(f"{t.subject.name} [{t.subject.country or '-'}]", neg + t.relation,
                                         f"{t.object.name} [{t.object.country or '-'}]", t.mode or "",
                                         f"{t.confidence:.2f}", _when(t), t.evidence[0].sentence[:90]))
    if table is not None:
        Console().print(table)
    err.print(f"{n_articles} articles, {n_triples} triples" + (f", {len(skipped)} skipped" if skipped else ""))
    if any(not s.ignored for s in skipped):
        raise typer.Exit(1)
    if n_articles == 0:
        err.print("[red]no article was read[/]: check the paths")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)

