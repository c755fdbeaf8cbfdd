"""The extraction pipeline: Article -> spaCy Doc -> list[Triple].

STUB: the interface is fixed, the body is being written.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from geokg.ingest.models import Article, Triple


class Extractor:
    """Loads the spaCy model once and extracts triples from articles.

    >>> ex = Extractor()                       # doctest: +SKIP
    >>> triples = ex.extract(article)          # doctest: +SKIP
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def extract(self, article: Article) -> list[Triple]:
        return []

    def extract_stream(
        self, articles: Iterable[Article], batch_size: int = 16, workers: int = 1
    ) -> Iterator[tuple[Article, list[Triple]]]:
        """Yield (article, triples) in input order, holding at most one batch in memory."""
        for article in articles:
            yield article, self.extract(article)
