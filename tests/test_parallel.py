"""Extraction over worker processes gives what one process gives, in the same order."""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg.ingest.models import Article
from geokg.ingest.parallel import ParallelExtractor, get_extractor, iter_batches
from geokg.ingest.readers import read_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    found = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)]
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def one_worker(articles: list[Article]) -> list[tuple[str, list[dict]]]:
    return [(a.id, [t.to_dict() for t in ts]) for a, ts in get_extractor().extract_stream(articles)]


def test_batches_keep_order_and_size() -> None:
    assert list(iter_batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_two_worker_processes_equal_one(articles: list[Article], one_worker: list) -> None:
    # batch_size=3 and ahead=1: several batches in flight at once, finishing out of order
    with ParallelExtractor(workers=2, batch_size=3, ahead=1) as ex:
        two = [(a.id, [t.to_dict() for t in ts]) for a, ts in ex.extract_stream(iter(articles))]
    assert [aid for aid, _ in two] == [a.id for a in articles]
    assert two == one_worker
    assert sum(len(ts) for _, ts in two) > 50  # the examples do yield triples


def test_spacy_n_process_equals_one(articles: list[Article], one_worker: list) -> None:
    """``Extractor.extract_stream(workers=2)`` (spaCy's ``n_process``): Docs, gazetteer spans and
    their ``span._.kind`` survive the trip between processes."""
    two = [(a.id, [t.to_dict() for t in ts])
           for a, ts in get_extractor().extract_stream(articles, batch_size=4, workers=2)]
    assert two == one_worker


def test_pool_starts_once_and_stops_early(articles: list[Article]) -> None:
    with ParallelExtractor(workers=2, batch_size=2) as ex:
        first = next(iter(ex.extract_stream(articles)))
        assert first[0] == articles[0]
        pool = ex._pool
        list(ex.extract_stream(articles[:3]))
        assert ex._pool is pool  # reused, not restarted per call
    assert ex._pool is None
