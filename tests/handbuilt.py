"""Hand-built spaCy Docs for extraction tests: words, heads, dependency labels, POS, lemmas and NER spans
given by the test, annotated by the project's real gazetteer as the pipeline's ``geokg_actors`` component
does. The ``make`` and ``gazetteer`` fixtures (``conftest.py``) wrap this module."""
from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.tokens import Doc, Span

from geokg.ingest.models import Article
from geokg.ingest.nlp import ActorGazetteer
from geokg.ingest.pipeline import doc_triples

NLP = spacy.blank("en")


def build(gazetteer: ActorGazetteer, words: Sequence[str], heads: Sequence[int], deps: Sequence[str],
          pos: Sequence[str], lemmas: Sequence[str] | None = None, tags: Sequence[str] | None = None,
          ents: Sequence[tuple[int, int, str]] = ()) -> Doc:
    """``heads`` are absolute token indices; ``ents`` are (start, end, label) NER spans."""
    doc = Doc(NLP.vocab, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos),
              lemmas=list(lemmas or [w.lower() for w in words]), tags=list(tags or [""] * len(words)))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return gazetteer(doc)


def events(doc: Doc) -> set[tuple[str, str, str, str]]:
    """(subject key, relation, object key, predicate) of every triple but ROLE."""
    return {(t.subject.key, t.relation, t.object.key, t.predicate)
            for t in doc_triples(doc, Article.make(doc.text, ref="t")) if t.relation != "ROLE"}
