"""Bounded cost (issue 12): long articles are parsed in chunks with nothing cut off, and the paragraph
boundaries of a Doc are set in one linear pass."""
from __future__ import annotations

import time

import pytest

from geokg.ingest.models import Article
from geokg.ingest.nlp import paragraphs
from geokg.ingest.parallel import get_extractor
from geokg.ingest.pipeline import CHUNK_CHARS, text_chunks

STORY = "Russia condemned Turkey on Monday."


@pytest.fixture(scope="module")
def extractor():
    return get_extractor()


def test_chunks_cover_the_text_exactly_at_paragraph_ends():
    text = "".join(f"Paragraph {k} says little.\n\n" for k in range(5000))
    chunks = text_chunks(text)
    assert len(chunks) > 1 and "".join(c for _, c in chunks) == text
    for offset, chunk in chunks:
        assert text[offset: offset + len(chunk)] == chunk and len(chunk) <= CHUNK_CHARS
        assert chunk.endswith("\n\n")
    one_word = "x" * (3 * CHUNK_CHARS + 5)  # no break anywhere: cut mid-word, still whole
    assert "".join(c for _, c in text_chunks(one_word)) == one_word


def test_a_statement_in_a_later_chunk_is_found_with_exact_evidence(extractor):
    filler = "Officials met in the capital and talked at length about the weather.\n\n"
    text = filler * (3 * CHUNK_CHARS // len(filler)) + STORY + "\n\n" + filler
    article = Article.make(text, ref="long.txt")
    triples = extractor.extract(article)
    found = [t for t in triples if t.subject.key == "RUS" and t.object.key == "TUR"]
    assert found, [(t.subject.key, t.relation, t.object.key) for t in triples]
    ev = found[0].evidence[0]
    assert ev.start > 2 * CHUNK_CHARS and text[ev.start: ev.end] == ev.sentence == STORY
    # the same through the batched stream (what build runs), merged into one article
    (streamed_article, streamed), = list(extractor.extract_stream([article]))
    assert streamed_article is article and sorted(map(repr, streamed)) == sorted(map(repr, triples))


def test_paragraph_boundaries_are_linear_in_the_paragraphs(extractor):
    doc = extractor.nlp.make_doc("Talks.\n\n" * 100_000)
    started = time.perf_counter()
    paragraphs(doc)
    elapsed = time.perf_counter() - started
    assert sum(1 for t in doc if t.is_sent_start) == 100_000
    assert elapsed < 20, f"{elapsed:.1f} s for 100,000 paragraphs: quadratic again"  # it was > 400 s


def test_an_article_past_its_time_budget_is_stored_in_part_and_reported(extractor, tmp_path, monkeypatch):
    from geokg.graph.build import build
    from geokg.graph.store import EmbeddedStore

    filler = "Officials met in the capital and talked at length about the weather.\n\n"
    text = STORY + "\n\n" + filler * (3 * CHUNK_CHARS // len(filler)) + "Iran threatened Israel.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text)
    monkeypatch.setenv("GEOKG_ARTICLE_SECONDS", "0.000001")  # every chunk after the first is over budget
    with EmbeddedStore(tmp_path / "kg") as kg:
        report = build([str(tmp_path / "in")], kg, extractor)
        pairs = {(t.subject.key, t.object.key) for t in kg.statements()}
    assert report.articles == 1 and ("RUS", "TUR") in pairs and ("IRN", "ISR") not in pairs
    (note,) = report.skipped
    assert note.path.endswith("long.txt") and not note.ignored and not report.ok
    assert "not read: the article took longer than 1e-06 s (GEOKG_ARTICLE_SECONDS)" in note.reason
    monkeypatch.setenv("GEOKG_ARTICLE_SECONDS", "600")
    assert ("IRN", "ISR") in {(t.subject.key, t.object.key) for t in extractor.extract(Article.make(text))}
