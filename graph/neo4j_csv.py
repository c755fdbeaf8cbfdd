"""The graph as the CSV files ``neo4j-admin database import full`` reads, in the Neo4j model
of docs/schema.md: the same nodes, relationships and properties ``Neo4jWriter`` writes, with
the same merge of reports into distinct events (``graph.neo4j_model.events_of``).

Nodes: ``actors.csv`` (``:Actor`` plus its type label, with its summary), ``dyads.csv``,
``dyad_years.csv``, ``actor_years.csv`` (the summaries of ``graph.neo4j_summaries``, computed from all
events), ``articles.csv``, ``events*.csv``.
Relationships: ``actor.csv`` (ACTOR), ``recipient.csv`` (RECIPIENT), ``reported_in*.csv``
(one per report, with the report's properties and its spans in lists), ``attributed_to.csv``,
``pairs.csv`` (PAIR, the partner summary) and ``relations*.csv`` (the aggregated typed relationship
per actor pair: ``events``, ``first_seen``, ``last_seen``, ``score``, ``scored``, ``conflict``,
``cooperation`` over the pair's distinct non-negated events: ``neo4j_model.aggregate_of``). Ids live
in id spaces of their own (``Actor``, ``Dyad``, ``DyadYear``, ``ActorYear``, ``Article``, ``Event``);
``id:ID(...)`` also stores each as the
``id`` property the constraints and queries use.

A CSV column has one type, and an event date is a ``date`` at day precision but text at month or
year precision ("2015-11"): rows whose date columns hold text go to a file of their own whose
header types those columns as strings (``events-date-text.csv``, ``relations-first_seen-text.csv``,
...); ``import_command`` lists every file written. Empty fields are "no value" to the importer,
as a null is to the writer. The export holds the reports (not the article texts) until the end,
since an event's reports may come from any article. ``import.sh`` in the output folder is the
command line, with the constraints and indexes to create afterwards.

>>> counts = write_neo4j_csv(EmbeddedStore("geokg-data", read_only=True), Path("neo4j-import"))  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from geokg.graph.neo4j_batch import actor_row
from geokg.graph.neo4j_model import (
    EVENT_PROPS,
    REPORT_PROPS,
    ReportRow,
    aggregate_of,
    events_of,
    neo4j_date,
    report_of,
)
from geokg.graph.neo4j_summaries import ACTOR_SUMMARY, BALANCE, Totals
from geokg.graph.neo4j_writer import CONSTRAINTS as WRITER_SCHEMA
from geokg.ingest.models import Article, Triple

Items = Iterable[tuple[Article, Sequence[Triple]]]

_TYPES = {"score": "double", "confidence": "double", "negated": "boolean", "share": "double", "published": "date?",
          "reports": "long", "articles": "long", "sources": "long", "date": "date?", "digest": "long"}
#: Between the elements of an array column (a sentence may hold any printable character): U+001F,
#: the unit separator, given to the importer as ``--array-delimiter=U+001F``.
ARRAY_DELIMITER = "\x1f"
# (file stem, columns): "name:type" as the importer reads them; "date?" is a date, or text in another file
FILES: dict[str, list[str]] = {
    "actors": ["id:ID(Actor)", "name", "type", "country", "wikidata", "subject_tally:long[]", "object_tally:long[]",
               "as_subject:long", "as_object:long", "statements:long", "sources:long", "scored:long",
               "conflict:double", "cooperation:double", ":LABEL"],
    "dyads": ["id:ID(Dyad)", "a", "b", "events:long", "score:double", "tally:long[]", "sources:long", ":LABEL"],
    "dyad_years": ["id:ID(DyadYear)", "dyad", "a", "b", "year:long", "events:long", "score:double", "tally:long[]",
                   "sources:long", ":LABEL"],
    "actor_years": ["id:ID(ActorYear)", "actor", "year:long", "subject_tally:long[]", "object_tally:long[]",
                    "as_subject:long", "as_object:long", "statements:long", "sources:long", ":LABEL"],
    "articles": ["id:ID(Article)", "title", "date:date?", "source", "url", "path", ":LABEL"],
    "events": ["id:ID(Event)", *(f"{k}:{_TYPES[k]}" if k in _TYPES else k for k in EVENT_PROPS[1:]), ":LABEL"],
    "actor": [":START_ID(Actor)", ":END_ID(Event)", ":TYPE"],
    "recipient": [":START_ID(Event)", ":END_ID(Actor)", ":TYPE"],
    "reported_in": [":START_ID(Event)", ":END_ID(Article)", ":TYPE", "report",
                    *(f"{k}:{_TYPES[k]}" if k in _TYPES else k for k in REPORT_PROPS), "nulls:string[]",
                    "sentences:string[]", "starts:long[]", "ends:long[]"],
    "attributed_to": [":START_ID(Event)", ":END_ID(Actor)", ":TYPE"],
    "relations": [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "events:long", "first_seen:date?",
                  "last_seen:date?", "score:double", "scored:long", "conflict:double", "cooperation:double"],
    "pairs": [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "events:long"],
}
NODES = ("actors", "dyads", "dyad_years", "actor_years", "articles", "events")
#: What to create after the import: the writer's constraints and indexes.
CONSTRAINTS = tuple(f"{c};" for c in WRITER_SCHEMA if c.startswith("CREATE"))


class StatementSource(Protocol):
    """What is read of an ``EmbeddedStore``."""

    def articles(self) -> Iterator[Article]: ...

    def statements(self, include_negated: bool = True) -> Iterator[Triple]: ...


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind.endswith("[]"):
        for x in value:
            if ARRAY_DELIMITER in str(x):
                raise ValueError(f"a sentence holds the character U+001F, which the CSV export uses between "
                                 f"the elements of a list: {str(x)[:80]!r}")
        return ARRAY_DELIMITER.join(str(x) for x in value) if value else None
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind.startswith("date"):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value if kind == "date?" or _iso_date(value) == value else None
    return value


class _CsvWriter:
    """The open CSV files (one per stem and shape of its date columns) and their row counts."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, int] = {}
        for stem in FILES:  # the main file of each stem exists even when empty
            self._writer(stem, ())

    def _writer(self, stem: str, text_cols: tuple[str, ...]) -> tuple[str, Any]:
        name = f"{stem}{''.join('-' + c for c in text_cols)}{'-text' if text_cols else ''}.csv"
        if name not in self.writers:
            header = []
            for col in FILES[stem]:
                prop, _, kind = col.partition(":")
                header.append(prop if kind == "date?" and prop in text_cols else col.replace("date?", "date"))
            fh = self.files[name] = (self.out_dir / name).open("w", encoding="utf-8", newline="")
            self.writers[name] = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            self.writers[name].writerow(header)
            self.rows[name] = 0
        return name, self.writers[name]

    def row(self, stem: str, *values: Any) -> None:
        cols = [c.partition(":") for c in FILES[stem]]
        text = tuple(p for (p, _, k), v in zip(cols, values, strict=True) if k == "date?" and isinstance(v, str))
        name, writer = self._writer(stem, text)
        writer.writerow(["" if v is None else v for v in
                         (_cell(v, k if p else "") for (p, _, k), v in zip(cols, values, strict=True))])
        self.rows[name] += 1

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


class _Exporter:
    def __init__(self, out: _CsvWriter) -> None:
        self.out = out
        self.actors: dict[str, dict[str, Any]] = {}  # written at the end, with their summaries
        self.articles: set[str] = set()
        self.reports: list[ReportRow] = []

    def actor(self, key: str, row: dict[str, Any]) -> None:
        if key not in self.actors:  # an actor described by many articles: its first description
            self.actors[key] = row

    def article(self, a: Article) -> bool:
        if a.id in self.articles:
            return False
        self.articles.add(a.id)
        date = neo4j_date(a.date)  # a day, or text (a month, a year) as the writer keeps it
        label = "Article" if date is not None else f"Article{ARRAY_DELIMITER}Undated"  # as the writer labels
        self.out.row("articles", a.id, a.title, date, a.source, a.url, a.ref, label)
        return True

    def report(self, article: Article, t: Triple) -> None:
        rep = report_of(article, t)
        for actor in (t.subject, t.object, t.attributed_to):
            if actor is not None:
                self.actor(actor.key, actor_row(actor))
        self.reports.append(rep)

    def finish(self) -> None:
        pairs: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        totals = Totals()
        for ev in events_of(self.reports):
            p, eid = ev["props"], ev["id"]
            self.out.row("events", eid, *(p[k] for k in EVENT_PROPS[1:]), "Event")
            self.out.row("actor", ev["subject"], eid, "ACTOR")
            self.out.row("recipient", eid, ev["object"], "RECIPIENT")
            for speaker in ev["attributed"]:
                self.out.row("attributed_to", eid, speaker, "ATTRIBUTED_TO")
            for r in ev["reports"]:  # one REPORTED_IN each, its spans in lists
                stored = r.stored(p if r.id == p["anchor"] else None)
                self.out.row("reported_in", eid, r.article, "REPORTED_IN", r.id,
                             *(stored.get(k) for k in REPORT_PROPS), stored.get("nulls"), *r.span_lists())
            if not p["negated"]:
                pairs[(ev["subject"], p["relation"], ev["object"])].append(p)
                totals.event(ev["subject"], ev["object"], p)
        for (s, rel, o), evs in sorted(pairs.items()):
            agg = aggregate_of(evs)
            assert agg is not None  # only the pairs with a non-negated event are here
            self.out.row("relations", s, o, rel, agg["events"], agg["first_seen"], agg["last_seen"], agg["score"],
                         agg["scored"], agg["conflict"], agg["cooperation"])
        for key, row in self.actors.items():
            summary = totals.actor(key)
            labels = f"Actor{ARRAY_DELIMITER}{row['type']}"  # a list
            self.out.row("actors", key, row["name"], row["type"], row["country"], row["wikidata"],
                         *(summary[k] for k in (*ACTOR_SUMMARY, *BALANCE)), labels)
        for d in totals.dyads():
            self.out.row("dyads", d["id"], d["a"], d["b"], d["events"], d["score"], d["tally"], d["sources"], "Dyad")
        for d in totals.dyads(years=True):
            self.out.row("dyad_years", d["id"], d["dyad"], d["a"], d["b"], d["year"], d["events"], d["score"],
                         d["tally"], d["sources"], "DyadYear")
        for x in totals.actor_years():
            self.out.row("actor_years", x["id"], x["actor"], x["year"], *(x[k] for k in ACTOR_SUMMARY), "ActorYear")
        for p in totals.partners():
            self.out.row("pairs", p["a"], p["b"], "PAIR", p["events"])


def write_neo4j_csv(store_or_items: StatementSource | Items, out_dir: Path) -> dict[str, int]:
    """Write the import CSVs (and ``import.sh``) into ``out_dir``; rows written per file.

    ``store_or_items`` is an ``EmbeddedStore`` (anything with ``articles()`` and
    ``statements()``) or an iterable of ``(Article, [Triple, ...])``. An article given twice
    is written once (its first reading).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = _CsvWriter(out_dir)
    exporter = _Exporter(out)
    try:
        if hasattr(store_or_items, "statements") and hasattr(store_or_items, "articles"):
            by_id: dict[str, Article] = {}
            for article in store_or_items.articles():
                exporter.article(article)
                by_id[article.id] = article
            by_ref = {a.ref: a for a in by_id.values()}
            for t in store_or_items.statements():
                art = by_id.get(t.article_id or "") or by_ref.get(t.evidence[0].article)
                if art is None:
                    raise ValueError(f"a statement of an unknown article ({t.evidence[0].article})")
                exporter.report(art, t)
        else:
            for article, triples in store_or_items:  # type: ignore[union-attr]
                if exporter.article(article):
                    for t in triples:
                        exporter.report(article, t)
        exporter.finish()
    finally:
        out.close()
    (out_dir / "import.sh").write_text(import_script(list(out.rows)), encoding="utf-8")
    return dict(out.rows)


def import_command(directory: str = "import", database: str = "neo4j", files: Sequence[str] | None = None) -> str:
    """The ``neo4j-admin`` command line for the files of :func:`write_neo4j_csv` in ``directory``
    (``files``: the names it wrote; by default the main file of each kind)."""
    names = list(files) if files is not None else [f"{stem}.csv" for stem in FILES]
    nodes = " ".join(f"--nodes={directory}/{n}" for n in names if n.split("-")[0].removesuffix(".csv") in NODES)
    rels = " ".join(f"--relationships={directory}/{n}" for n in names
                    if n.split("-")[0].removesuffix(".csv") not in NODES)
    # Neo4j >= 5.19 wants the database name before the options; sentences may hold line breaks
    return (f"bin/neo4j-admin database import full {database} --overwrite-destination=true "
            f"--multiline-fields=true --array-delimiter=U+001F {nodes} {rels}")


def import_script(files: Sequence[str] | None = None) -> str:
    return "\n".join([
        "#!/usr/bin/env bash",
        "# Load these CSV files into a stopped Neo4j 5 (run from $NEO4J_HOME, files in ./import;",
        "# the database is replaced), then create geokg's constraints and indexes.",
        "set -euo pipefail",
        'DIR=${1:-import}',
        'DB=${2:-neo4j}',
        import_command('"$DIR"', '"$DB"', files),
        "# with the server started again:",
        *(f'# bin/cypher-shell -d "$DB" "{c}"' for c in CONSTRAINTS),
        "",
    ])
