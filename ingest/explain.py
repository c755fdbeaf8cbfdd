"""Why the extractor made (or did not make) each triple of a text: the record behind ``geokg explain``.

For every sentence: the actor mentions as resolved (name, type, country, and how: the gazetteer, a person's
title, the office table, coreference, context), the offices read (and where their state came from), each
candidate predicate with its lexicon entry, and for each candidate the triples it gave or the reasons it
gave none (framed, negated reporting verb, no actor as subject or target, a place, one side ...).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.tokens import Doc

from geokg.ingest.models import Article, Triple
from geokg.ingest.nlp import sentence_index
from geokg.ingest.predicates import lookup_noun, lookup_verb
from geokg.ingest.resolve import resolve

# How a mention was resolved, in words an analyst reads (``Ref.via``).
HOW = {
    "name": "gazetteer (name, alias or capital)",
    "person": "person (recogniser; actor dictionary when known)",
    "force": "forces of a country named with them",
    "office": "institution or official of a country",
    "group": "group placed by context or nationality",
    "place": "place",
    "assoc": "noun a country modifies",
    "pronoun": "coreference (pronoun)",
    "description": "coreference (definite description)",
}


@dataclass
class Mention:
    text: str
    name: str
    type: str
    country: str | None
    how: str


@dataclass
class Office:
    person: str
    role: str
    of: str
    how: str


@dataclass
class Candidate:
    word: str
    lexicon: dict[str, Any]
    triples: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    triples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _triple_text(t: Triple) -> str:
    neg = "NOT " if t.negated else ""
    extra = f" {t.attrs}" if t.attributes else ""
    return f"{t.subject.name} {neg}{t.relation} ({t.predicate}) {t.object.name}{extra}"


def explain_doc(doc: Doc, article: Article) -> list[Sentence]:
    """The explanation of every sentence of an annotated article (``Language(text)``)."""
    from geokg.ingest.pipeline import doc_triples

    trace: dict[int, list[str]] = {}
    res = resolve(doc, article.date)
    triples = doc_triples(doc, article, trace, res=res)
    starts, sent_of = sentence_index(doc)
    ends = [*starts[1:], len(doc)]
    out = [Sentence(doc[a:b].text.strip()) for a, b in zip(starts, ends, strict=True)]
    for i, refs in sorted(res.refs.items()):
        for r in refs:
            out[sent_of[i]].mentions.append(Mention(doc[i].text, r.actor.name, r.actor.type, r.actor.country,
                                                    HOW.get(r.via, r.via)))
    for role in res.roles:
        out[sent_of[role.sentence.start]].offices.append(
            Office(role.person.name, role.role, role.of.name, role.how))
    by_sentence: dict[str, list[Triple]] = {}
    for t in triples:
        for ev in t.evidence:
            by_sentence.setdefault(ev.sentence, []).append(t)
    for s in out:
        s.triples = [_triple_text(t) for t in by_sentence.get(s.text, [])]
    for tok in doc:
        entry = lookup_verb(tok) if tok.pos_ == "VERB" else lookup_noun(tok) if tok.pos_ == "NOUN" else None
        reasons = trace.get(tok.i, [])
        if (entry is None or not entry.category) and not reasons:
            continue
        lex = {"category": entry.category, "predicate": entry.predicate, "cameo": entry.cameo,
               "source": entry.source} if entry is not None and entry.category else {}
        kept = [r[3:] for r in reasons if r.startswith("=> ")]
        dropped = [r for r in reasons if not r.startswith("=> ")]
        cand = Candidate(tok.text, lex, list(dict.fromkeys(kept)), list(dict.fromkeys(dropped)))
        if lex and not cand.triples and not cand.dropped:
            cand.dropped.append("no actor on one side (or another reading of the clause took it)")
        out[sent_of[tok.i]].candidates.append(cand)
    return out


MAX_EXPLAIN_CHARS = 200_000  # an explanation is read by a person: a few articles' worth at most


def explain_article(article: Article, nlp) -> list[Sentence]:
    if len(article.text) > MAX_EXPLAIN_CHARS:
        from geokg.settings import UserError

        raise UserError(f"{article.ref}: {len(article.text):,} characters; geokg explain reads at most "
                        f"{MAX_EXPLAIN_CHARS:,} (explain a part of it, or use geokg extract for the whole)")
    return explain_doc(nlp(article.text), article)
