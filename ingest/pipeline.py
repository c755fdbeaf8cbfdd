"""The extraction pipeline: Article -> spaCy Doc -> list[Triple].

``Extractor`` loads the spaCy model once (per process) and turns articles into
triples; ``extract_stream`` runs batches through ``nlp.pipe`` (with
``n_process`` workers when asked) and yields results in input order.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from geokg.ingest import lexicon
from geokg.ingest.accusations import Accusations
from geokg.ingest.dates import EventDater
from geokg.ingest.deeds import DeedCritics
from geokg.ingest.extract import ClauseExtractor, Event
from geokg.ingest.models import Article, Evidence, Triple
from geokg.ingest.nlp import load_nlp, sentence_of
from geokg.ingest.protests import NominalProtests
from geokg.ingest.resolve import Resolution, resolve
from geokg.ingest.responses import Responses
from geokg.ingest.structural import affiliation_events, trade_events
from geokg.settings import Settings

# relations that hold over time rather than happen: dated by the article, not by the sentence
STRUCTURAL = frozenset({"ROLE", "TRADE", "MEMBER_OF", "ALLY_OF"})
# An article longer than this is parsed in chunks cut at paragraph (else line, sentence, word) ends, and
# the triples of its chunks merged: nothing is cut off, and the parser's memory stays that of one chunk.
CHUNK_CHARS = 20_000
BATCH_CHARS = 40_000  # at most this many characters (two chunks; ten normal articles) parsed at once


def sentence_evidence(doc: Doc, token: int, ref: str, text: str | None = None, offset: int = 0) -> Evidence:
    """The sentence holding ``token``, as offsets into the cleaned text, trimmed of white space.

    ``text`` is ``doc.text`` when the caller has it: building it joins every token again.
    ``offset`` is where the Doc's text starts in the article (a chunk of a long article).
    """
    sent = sentence_of(doc, token)
    start, end = sent.start_char, sent.end_char
    text = doc.text if text is None else text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(article=ref, sentence=text[start:end], start=start + offset, end=end + offset)


def doc_triples(doc: Doc, article: Article, trace: dict[int, list[str]] | None = None, *,
                offset: int = 0, res: Resolution | None = None) -> list[Triple]:
    """All triples of one annotated article (or of its chunk at ``offset``), the same statement merged
    across its reports.

    ``trace`` (token -> reasons), when given, collects why candidates made no triple (``geokg explain``);
    ``res``, the Doc's resolution when the caller has it already.
    """
    res = res if res is not None else resolve(doc, article.date)
    text = doc.text
    cats = lexicon.categories()
    clauses = ClauseExtractor(doc, res, trace)
    events: list[Event] = [*clauses.events(), *clauses.demands(), *Accusations(clauses).events(),
                           *NominalProtests(clauses).events()]
    answers = Responses(clauses, events)
    events += [*answers.events(), *answers.inquiries()]
    events += DeedCritics(clauses, events).events()
    events += trade_events(doc, res)
    events += affiliation_events(doc, res)
    merged: dict[tuple, Triple] = {}
    dater = EventDater(doc, article.date)
    for role in res.roles:
        ev = sentence_evidence(doc, role.sentence.start, article.ref, text, offset)
        _merge(merged, Triple(subject=role.person, relation="ROLE", object=role.of, evidence=(ev,),
                              predicate="holds_office", attributes=(("role", role.role),), confidence=0.9,
                              published=article.date, event_date=dater.default, article_id=article.id))
    for e in events:
        if e.subject.type == "Location":
            _why(trace, e, f"{e.subject.name} is a place, not an actor")
            continue  # a place is where an event happens, not who acts ("a visit to Istanbul" targets it)
        if e.relation == "CONSULT" and e.object.type == "Location" and e.subject.type == "Person" \
                and not e.subject.country:
            _why(trace, e, f"{e.subject.name} holds no office: a journey, not a visit")
            continue  # "Cengiz travelled to New York": a private person's journey
        if _own_side(e):
            _why(trace, e, f"{e.subject.name} and {e.object.name} are one side")
            continue
        cat = cats.get(e.relation)
        if trace is not None:
            neg = "NOT " if e.negated else ""
            trace.setdefault(e.token, []).append(f"=> {e.subject.name} {neg}{e.relation} ({e.predicate}) "
                                                 f"{e.object.name}")
        ev = sentence_evidence(doc, e.token, article.ref, text, offset)
        _merge(merged, Triple(
            subject=e.subject, relation=e.relation, object=e.object, evidence=(ev,), predicate=e.predicate,
            mode=e.mode, cameo=e.cameo or (cat.cameo_root if cat else None), score=cat.score if cat else None,
            attributes=e.attributes, negated=e.negated, attributed_to=e.attributed_to, confidence=e.confidence,
            published=article.date, article_id=article.id,
            event_date=dater.default if e.relation in STRUCTURAL else dater.date_of(e.token)))
    return list(merged.values())


def _why(trace: dict[int, list[str]] | None, e: Event, reason: str) -> None:
    if trace is not None:
        trace.setdefault(e.token, []).append(f"{e.relation} {e.subject.name} -> {e.object.name}: {reason}")


# Acts an official does towards their own state are its internal business, not relations between actors.
INWARD = {"COOPERATE", "MOBILIZE", "AID", "CONSULT", "SUPPORT"}


def _own_side(e: Event) -> bool:
    """True for events between an actor and itself under another name: an official's cooperative act on
    their own state ("the minister ordered the army ..."), an organisation and its acronym ("the National
    Telecommunications Commission (NTC)")."""
    s, o = e.subject, e.object
    if s.type == "Person" and o.type == "Country" and s.country == o.key and e.relation in INWARD:
        return True
    return _acronym_of(s.name, o.name) or _acronym_of(o.name, s.name)


def _acronym_of(full: str, short: str) -> bool:
    """ "NTC" for "National Telecommunications Commission"."""
    initials = "".join(w[0] for w in full.split() if w[:1].isupper()).upper()
    return len(initials) > 1 and initials == short.upper()


def _merge(merged: dict[tuple, Triple], t: Triple) -> None:
    old = merged.get(t.statement_key)
    if old is None:
        merged[t.statement_key] = t
        return
    evidence = old.evidence + tuple(e for e in t.evidence if e not in old.evidence)
    attrs = dict(t.attributes) | dict(old.attributes)
    merged[t.statement_key] = Triple(
        subject=old.subject, relation=old.relation, object=old.object, evidence=evidence,
        predicate=old.predicate, mode=old.mode or t.mode, cameo=old.cameo, score=old.score,
        attributes=tuple(sorted(attrs.items())), negated=old.negated, attributed_to=old.attributed_to,
        confidence=max(old.confidence, t.confidence), published=old.published,
        event_date=old.event_date if old.event_date and old.event_date.text else t.event_date or old.event_date,
        article_id=old.article_id)


class Extractor:
    """Loads the spaCy model once and extracts triples from articles.

    >>> ex = Extractor()                       # doctest: +SKIP
    >>> triples = ex.extract(article)          # doctest: +SKIP
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model or Settings.from_env().model
        self.nlp = load_nlp(self.model)

    def extract(self, article: Article) -> list[Triple]:
        return next(self.extract_stream([article], batch_size=1))[1]

    def extract_stream(
        self, articles: Iterable[Article], batch_size: int = 16, workers: int = 1
    ) -> Iterator[tuple[Article, list[Triple]]]:
        """Yield (article, triples) in input order, holding at most one batch in memory.

        An article whose chunks have taken longer than the time budget (``GEOKG_ARTICLE_SECONDS``) is
        not parsed further: its triples so far come back as :class:`Triples` whose ``unread`` says
        which characters were left, for the build to report.
        """
        budget = Settings.from_env().article_seconds
        it = iter(articles)
        while batch := list(islice(it, batch_size)):
            parts = [(k, offset, chunk) for k, a in enumerate(batch) for offset, chunk in text_chunks(a.text)]
            cut: dict[int, int] = {}  # article -> where reading stopped
            # the parser's memory follows the characters of a batch, not its count: chunks of a long article
            # go through fewer at a time, so a batch holds about what a batch of normal articles holds
            per_pipe = max(1, min(batch_size, BATCH_CHARS // max(1, *(len(c) for _, _, c in parts))))
            docs = self.nlp.pipe(_budgeted(parts, budget, cut), batch_size=per_pipe, n_process=max(1, workers))
            found: list[list[list[Triple]]] = [[] for _ in batch]
            for (k, offset, _), doc in zip(parts, docs, strict=True):
                found[k].append(doc_triples(doc, batch[k], offset=offset))
            for k, (article, chunk_triples) in enumerate(zip(batch, found, strict=True)):
                triples = _merge_chunks(chunk_triples)
                if k in cut:
                    triples = Triples(triples, unread=(cut[k], len(article.text), budget))
                yield article, triples


def _budgeted(parts: list[tuple[int, int, str]], budget: float, cut: dict[int, int]) -> Iterator[str]:
    """The chunks to parse, "" for those of an article past its time budget (noted in ``cut``)."""
    started: dict[int, float] = {}
    for k, offset, chunk in parts:
        now = time.monotonic()
        if k in cut or (offset and now - started.setdefault(k, now) > budget):
            cut.setdefault(k, offset)
            yield ""
        else:
            started.setdefault(k, now)
            yield chunk


class Triples(list):
    """The triples of an article that was not read to its end: ``unread`` is (from, to, budget seconds)."""

    def __init__(self, triples: Iterable[Triple], unread: tuple[int, int, float]) -> None:
        super().__init__(triples)
        self.unread = unread

    def __reduce__(self) -> tuple:  # across the worker pool, with its note
        return (Triples, (list(self), self.unread))


def text_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of ``text`` of at most ``size`` characters, cut at the last paragraph break
    of a piece (else line break, sentence end, space; else mid-word), in one linear pass.

    >>> [c for _, c in text_chunks("One.\\n\\nTwo.\\n\\nThree.", size=12)]
    ['One.\\n\\nTwo.\\n\\n', 'Three.']
    """
    out, start = [], 0
    while len(text) - start > size:
        end, floor = start + size, start + size // 2
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, floor, end - len(sep) + 1)
            if at >= 0:
                cut = at + len(sep)
                break
        cut = cut if cut > start else end
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _merge_chunks(chunk_triples: list[list[Triple]]) -> list[Triple]:
    if len(chunk_triples) == 1:
        return chunk_triples[0]
    merged: dict[tuple, Triple] = {}
    for triples in chunk_triples:
        for t in triples:
            _merge(merged, t)
    return list(merged.values())
