"""``geokg build``: read inputs, extract triples, write each article to the store.

The library function behind the command: :func:`build` streams articles through the
extractor and writes them one transaction per article, so an interrupted build keeps
every article it finished and none half-written.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Article, Skipped, Triple


class ArticleWriter(Protocol):
    """Anything that takes an article and its triples (the Neo4j writer, for one)."""

    def write(self, article: Article, triples: Sequence[Triple]) -> object: ...


class TripleExtractor(Protocol):
    def extract_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Triple]]]: ...


@dataclass
class BuildReport:
    """What a build did: articles written, triples extracted, inputs skipped (and why)."""

    articles: int = 0
    triples: int = 0
    quads: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """True when every input was ingested."""
        return not any(not s.ignored for s in self.skipped)

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles, "triples": self.triples, "quads": self.quads,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "by_category": dict(self.by_category.most_common()),
        }


ProgressCallback = Callable[[BuildReport, Article | Skipped], None]


def build(
    paths: Sequence[str | Path],
    store: EmbeddedStore,
    extractor: TripleExtractor,
    *,
    on_progress: ProgressCallback | None = None,
    neo4j: ArticleWriter | None = None,
) -> BuildReport:
    """Ingest ``paths`` (files, directories, JSON Lines, HTML, feeds) into ``store``.

    ``on_progress(report, item)`` is called after each article is written and each input
    is skipped; ``neo4j.write(article, triples)``, when given, receives every article too.
    """
    from geokg.ingest.readers import read_inputs  # written alongside; imported when a build runs

    report = BuildReport()
    seen: dict[str, str] = {}  # article id -> the ref it was first read as

    def skip(item: Skipped) -> None:
        report.skipped.append(item)
        if on_progress:
            on_progress(report, item)

    def articles() -> Iterator[Article]:
        for item in read_inputs([str(p) for p in paths]):
            if isinstance(item, Skipped):
                skip(item)
            elif item.id in seen:  # the store holds one article per text: counted once, listed
                skip(Skipped(item.ref, f"same text as {seen[item.id]} (stored once)", ignored=True))
            else:
                seen[item.id] = item.ref
                yield item

    for article, triples in extractor.extract_stream(articles()):
        unread = getattr(triples, "unread", None)  # the article's time budget ran out (pipeline.Triples)
        if unread is not None:
            start, end, seconds = unread
            skip(Skipped(article.ref, f"characters {start:,} to {end:,} not read: the article took longer than "
                                      f"{seconds:g} s (GEOKG_ARTICLE_SECONDS); the part before is stored"))
        report.quads += store.write_article(article, triples)
        if neo4j is not None:
            neo4j.write(article, triples)
        report.articles += 1
        report.triples += len(triples)
        report.by_category.update(t.relation for t in triples)
        if on_progress:
            on_progress(report, article)
    return report
