"""The graph as the CSV files ``neo4j-admin database import full`` reads, in the Neo4j model
of docs/schema.md (the same nodes, relationships and properties ``Neo4jWriter`` writes).

Nodes: ``actors.csv`` (``:Actor`` plus its type label), ``articles.csv``, ``events.csv``.
Relationships: ``actor.csv`` (ACTOR), ``recipient.csv`` (RECIPIENT), ``reported_in.csv``
(one per evidence span), ``attributed_to.csv`` and ``relations.csv`` (the aggregated
typed relationship per actor pair: ``events``, ``first_seen``, ``last_seen``, ``score``
over the pair's non-negated events). Ids live in three id spaces, ``Actor``, ``Article``
and ``Event``; ``id:ID(...)`` also stores each as the ``id`` property the constraints and queries use.

``write_neo4j_csv`` streams: it holds the actors seen, the article ids seen and the
per-pair aggregates, never the events. Empty fields are "no value" to the importer, as a
null property is to ``SET n += $props``. Dates are typed ``date`` when ISO (``2019-01-04``);
others are left out, as the importer would reject them. ``import.sh`` in the output
folder is the command line, with the uniqueness constraints to create afterwards.

>>> counts = write_neo4j_csv(EmbeddedStore("geokg-data", read_only=True), Path("neo4j-import"))  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from geokg.graph.namespace import RELATIONS
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Triple

Items = Iterable[tuple[Article, Sequence[Triple]]]

NODE_FILES: dict[str, list[str]] = {
    "actors.csv": ["id:ID(Actor)", "name", "type", "country", "wikidata", ":LABEL"],
    "articles.csv": ["id:ID(Article)", "title", "date:date", "source", "url", "path", ":LABEL"],
    "events.csv": ["id:ID(Event)", "relation", "predicate", "mode", "cameo", "score:double",
                   "confidence:double", "negated:boolean", "attributed_to", "date:date", "role", "commodity",
                   "share:double", "amount", "modality", ":LABEL"],
}
RELATIONSHIP_FILES: dict[str, list[str]] = {
    "actor.csv": [":START_ID(Actor)", ":END_ID(Event)", ":TYPE"],
    "recipient.csv": [":START_ID(Event)", ":END_ID(Actor)", ":TYPE"],
    "reported_in.csv": [":START_ID(Event)", ":END_ID(Article)", ":TYPE", "sentence", "start:long", "end:long"],
    "attributed_to.csv": [":START_ID(Event)", ":END_ID(Actor)", ":TYPE"],
    "relations.csv": [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "events:long", "first_seen:date",
                      "last_seen:date", "score:double"],
}
CONSTRAINTS = (
    "CREATE CONSTRAINT geokg_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;",
    "CREATE CONSTRAINT geokg_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;",
    "CREATE CONSTRAINT geokg_event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;",
)


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


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass
class _Aggregate:
    events: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    score_sum: float = 0.0
    scored: int = 0

    def add(self, t: Triple) -> None:
        self.events += 1
        date = _iso_date(t.date)
        if date:
            self.first_seen = min(filter(None, (self.first_seen, date)))
            self.last_seen = max(filter(None, (self.last_seen, date)))
        if t.score is not None:  # Cypher's avg() skips nulls
            self.score_sum += t.score
            self.scored += 1

    @property
    def score(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None


class _CsvWriter:
    """The open CSV files, one writer each, and their row counts."""

    def __init__(self, out_dir: Path) -> None:
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, int] = {}
        for name, header in (NODE_FILES | RELATIONSHIP_FILES).items():
            fh = self.files[name] = (out_dir / name).open("w", encoding="utf-8", newline="")
            self.writers[name] = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            self.writers[name].writerow(header)
            self.rows[name] = 0

    def row(self, name: str, *values: object) -> None:
        self.writers[name].writerow(["" if v is None else v for v in values])
        self.rows[name] += 1

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


class _Exporter:
    def __init__(self, out: _CsvWriter) -> None:
        self.out = out
        self.actors: set[str] = set()
        self.articles: set[str] = set()
        self.aggregates: dict[tuple[str, str, str], _Aggregate] = {}

    def actor(self, a: Actor) -> str:
        if a.type not in ACTOR_TYPES:
            raise ValueError(f"actor {a.key!r} has unknown type {a.type!r} (expected one of "
                             f"{', '.join(ACTOR_TYPES)})")
        if a.key not in self.actors:  # an actor described by many articles: its first description
            self.actors.add(a.key)
            self.out.row("actors.csv", a.key, a.name, a.type, a.country, a.wikidata, f"Actor;{a.type}")
        return a.key

    def article(self, a: Article) -> bool:
        if a.id in self.articles:
            return False
        self.articles.add(a.id)
        self.out.row("articles.csv", a.id, a.title, _iso_date(a.date), a.source, a.url, a.ref, "Article")
        return True

    def event(self, article_id: str, t: Triple) -> None:
        if t.relation not in RELATIONS:
            raise ValueError(f"unknown relation {t.relation!r} (expected one of {', '.join(RELATIONS)})")
        eid = t.statement_id
        s, o = self.actor(t.subject), self.actor(t.object)
        attributed = self.actor(t.attributed_to) if t.attributed_to is not None else None
        attrs = t.attrs
        amount = attrs.get("amount")
        self.out.row("events.csv", eid, t.relation, t.predicate or None, t.mode, t.cameo, t.score,
                     t.confidence, _bool(t.negated), attributed, _iso_date(t.date), attrs.get("role"),
                     attrs.get("commodity"), _number(attrs.get("share")),
                     None if amount is None else str(amount), attrs.get("modality"), "Event")
        self.out.row("actor.csv", s, eid, "ACTOR")
        self.out.row("recipient.csv", eid, o, "RECIPIENT")
        if attributed is not None:
            self.out.row("attributed_to.csv", eid, attributed, "ATTRIBUTED_TO")
        spans: set[tuple[int, int]] = set()
        for ev in t.evidence:  # the writer MERGEs REPORTED_IN on (start, end)
            if (ev.start, ev.end) not in spans:
                spans.add((ev.start, ev.end))
                self.out.row("reported_in.csv", eid, article_id, "REPORTED_IN", ev.sentence, ev.start, ev.end)
        if not t.negated:
            self.aggregates.setdefault((s, t.relation, o), _Aggregate()).add(t)

    def finish(self) -> None:
        for (s, rel, o), agg in sorted(self.aggregates.items()):
            self.out.row("relations.csv", s, o, rel, agg.events, agg.first_seen, agg.last_seen, agg.score)


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
            for article in store_or_items.articles():
                exporter.article(article)
            for t in store_or_items.statements():
                exporter.event(t.article_id or t.evidence[0].article, t)
        else:
            for article, triples in store_or_items:  # type: ignore[union-attr]
                if exporter.article(article):
                    for t in triples:
                        exporter.event(article.id, t)
        exporter.finish()
    finally:
        out.close()
    (out_dir / "import.sh").write_text(import_script(), encoding="utf-8")
    return dict(out.rows)


def import_command(directory: str = "import", database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command line for the files of :func:`write_neo4j_csv` in ``directory``."""
    nodes = " ".join(f"--nodes={directory}/{name}" for name in NODE_FILES)
    rels = " ".join(f"--relationships={directory}/{name}" for name in RELATIONSHIP_FILES)
    # Neo4j >= 5.19 wants the database name before the options; sentences may hold line breaks
    return (f"bin/neo4j-admin database import full {database} --overwrite-destination=true "
            f"--multiline-fields=true {nodes} {rels}")


def import_script() -> str:
    return "\n".join([
        "#!/usr/bin/env bash",
        "# Load these CSV files into a stopped Neo4j 5 (run from $NEO4J_HOME, files in ./import;",
        "# the database is replaced), then create geokg's uniqueness constraints.",
        "set -euo pipefail",
        'DIR=${1:-import}',
        'DB=${2:-neo4j}',
        import_command('"$DIR"', '"$DB"'),
        "# with the server started again:",
        *(f'# bin/cypher-shell -d "$DB" "{c}"' for c in CONSTRAINTS),
        "",
    ])
