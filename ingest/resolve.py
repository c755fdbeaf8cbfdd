"""Who each noun phrase stands for: actor mentions, roles and in-article coreference.

The resolver walks an annotated Doc once and maps the head token of every noun
phrase that denotes an actor to one or more ``Ref``s:

* names, aliases, demonyms and metonyms from the gazetteer ("Russia", "NATO",
  "Russians", "the Kremlin");
* nouns modified by a country ("a Turkish F-16", "Russian forces",
  "Hungarian and Romanian officials", "Russia's military") act for that country;
* people (NER PERSON spans) with the office and country of their noun phrase
  ("Russian President Vladimir Putin", "his French counterpart François Hollande");
* pronouns, definite descriptions and surnames refer back ("he", "the minister",
  "their president", "the two countries", "Obama" after "Barack Obama").

The ``Resolver`` is assembled from one part per family: people and their offices (``people.py``, titles
read by ``offices.py``), organisations the gazetteer does not know (``organisations.py``) and
coreference (``coref.py``); this module maps the gazetteer's spans and runs the parts in order. The
records (``Ref``, ``Role``, ``Resolution``) live in ``refs.py``.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from geokg.ingest.coref import CoreferenceMixin
from geokg.ingest.holders import year_of
from geokg.ingest.models import Actor, slug
from geokg.ingest.nlp import SPAN_KEY, sentence_index, span_actor, span_kind
from geokg.ingest.offices import TitleReader, agent_offices
from geokg.ingest.organisations import OrganisationsMixin
from geokg.ingest.people import PeopleMixin
from geokg.ingest.refs import Ref, Resolution, Role, _PendingRole, _Person, agent_kind
from geokg.ingest.words import (
    INSTITUTIONS,
    LOCATIVE,
    ORG_HEADS,
    PLACES,
)

__all__ = ["Ref", "Resolution", "Resolver", "Role", "resolve"]


def _span_head(span: Span) -> Token:
    """The head of a name the parser split ("National Union [for the Total Independence of Angola]" with
    "for" attached outside): the first noun whose head lies outside the span, else ``span.root``."""
    outside = [t for t in span if t.head is t or not span.start <= t.head.i < span.end]
    if len(outside) > 1:
        return next((t for t in outside if t.pos_ in {"PROPN", "NOUN"}), span.root)
    return span.root


def _np_head(tok: Token) -> Token:
    """Climb compound/flat chains and possessive/adjectival attachments to the noun they modify."""
    while tok.dep_ in {"compound", "amod", "poss", "nmod", "nummod"} and tok.head is not tok:
        tok = tok.head
    return tok


class Resolver(PeopleMixin, OrganisationsMixin, CoreferenceMixin):
    def __init__(self, doc: Doc, year: int | None = None) -> None:
        self.doc = doc
        self.year = year  # the article's year: which office holders were in office
        self.res = Resolution()
        self.office = agent_offices()
        self.people: dict[str, _Person] = {}  # by surname (lower)
        self.person_tokens: dict[int, str] = {}  # token -> surname key
        self.history: list[tuple[int, Ref, bool]] = []  # (token, ref, is_subject) in text order
        self._pending_roles: list[_PendingRole] = []
        self._titles: TitleReader | None = None
        self._person_spans_cache: list[Span] = []
        self._main_country: str | None = None
        self._org_tokens: dict[int, Actor] | None = None
        self._titles_by_end: dict[int, tuple] = {}  # person span end -> (role, country, title)
        self._spans = list(doc.spans.get(SPAN_KEY, []))  # sorted by start, disjoint
        self._span_starts = [s.start for s in self._spans]
        self._places: dict[int, tuple[list[str], set[str]]] = {}
        # Token.sent walks the sentence on every call: index the sentences once (linear in the text).
        starts, self.sent_of = sentence_index(doc)  # sent_of: token -> sentence number
        ends = [*starts[1:], len(doc)] if starts else []
        self.sents: list[Span] = [doc[a:b] for a, b in zip(starts, ends, strict=True)]

    # ---- public -------------------------------------------------------------------------
    def run(self) -> Resolution:
        spans = list(self.doc.spans.get(SPAN_KEY, []))
        person_spans = self._person_spans(spans)
        self._person_spans_cache = person_spans
        for span in person_spans:
            self._collect_person(span)
        self._given_names()
        for span in person_spans:
            self._map_person(span)
        self._repeat_people(person_spans)
        for span in spans:
            if span_kind(span) != "person":
                self._map_gazetteer(span)
        self._map_unknown_organisations(spans, person_spans)
        self._coreference()
        self.res.main_country = self._article_country()
        return self.res

    # ---- people -------------------------------------------------------------------------
    def _gazetteer_kind(self, tok: Token) -> str | None:
        k = bisect_right(self._span_starts, tok.i) - 1
        if k >= 0 and self._spans[k].start <= tok.i < self._spans[k].end:
            return span_kind(self._spans[k])
        return None

    def _gazetteer_ref(self, tok: Token) -> Actor | None:
        k = bisect_right(self._span_starts, tok.i) - 1  # gazetteer spans are sorted and disjoint
        if k >= 0:
            span = self._spans[k]
            if span.start <= tok.i < span.end and span_kind(span) not in {"person", "place"}:
                return span_actor(span)
        return None

    # ---- gazetteer actors ---------------------------------------------------------------
    def _map_gazetteer(self, span: Span) -> None:
        actor = span_actor(span)
        root = _span_head(span)
        kind = span_kind(span)
        led = root.dep_ == "npadvmod" and root.head.lower_ == "led" and root.head.dep_ == "amod"
        is_modifier = kind == "adjective" or led or (
            root.dep_ in {"amod", "compound", "poss", "nmod"} and root.head.i >= span.end)
        if kind == "demonym" and not is_modifier:  # "ethnic Albanians", "the Albanians of southern Serbia"
            host = self._host_country(root, actor.key)
            if host is not None:
                self._add(root, Ref(self._ethnic_group(span, host, root), "group"))
                return
        if not is_modifier:
            if kind == "metonym" and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
                # "a rally in Moscow": the city, not the Kremlin
                actor = Actor(key=f"{actor.key}-{slug(span.text)}", name=span.text, type="Location",
                              country=actor.country or actor.key)
            self._add(root, Ref(actor, "name"))
            return
        first = root
        while first.dep_ == "conj" and first.head.i < first.i:  # "Hungarian and Romanian officials"
            first = first.head
        noun = _np_head(first.head if led else first)  # "Vietnamese-led forces": the forces act for Vietnam
        if noun.i in self.person_tokens or noun is root:
            return  # the country of a person's office: handled by the role
        if any(r.via == "person" for r in self.res.of(noun)):
            return
        if actor.type in {"Organization", "Group"} and noun.lemma_.lower() in ORG_HEADS:
            self._add(noun, Ref(actor, "name"))  # "the Palestinian Islamic Jihad movement" is the group itself
            return
        via = self._modified_kind(noun)
        ethnic = any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in noun.children)
        host = self._host_country(noun, actor.key) if kind == "adjective" and ethnic else None
        if host is not None and via in {"group", "assoc"}:  # "ethnic Albanian guerrillas in Macedonia"
            self._add(noun, Ref(self._ethnic_group(span, host, noun), "group"))
        elif via == "group":
            group = Actor(key=f"{actor.key}-{slug(noun.lemma_)}", name=f"{span.text} {noun.text}",
                          type="Group", country=actor.country or (actor.key if actor.type == "Country" else None))
            self._add(noun, Ref(group, "group"))
        else:
            self._add(noun, Ref(actor, via))

    def _host_country(self, noun: Token, own: str) -> str | None:
        """The country an ethnic group lives in, as event coders code it ("ethnic Albanians in Serbia" are of
        Serbia): a place phrase on the noun, or for an explicitly "ethnic" group the place phrase of its
        sentence, else the one other country the sentence names. None for a plain demonym."""
        ethnic = any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in noun.children)
        own_place = [p for c in noun.children if c.dep_ == "prep" and c.lower_ in LOCATIVE | {"of"}
                     for p in c.children if p.dep_ == "pobj"]
        countries = [c for p in own_place for c in self._span_countries(p.i, p.i + 1) if c != own]
        if countries or not ethnic:
            return countries[0] if countries else None
        placed, named = self._sentence_places(self.sent_of[noun.i])
        placed = [c for c in placed if c != own]
        if placed:
            return placed[0]
        others = named - {own}
        return next(iter(others)) if len(others) == 1 else own

    def _sentence_places(self, k: int) -> tuple[list[str], set[str]]:
        """(countries of the sentence's locative phrases, all countries it names), computed once per sentence."""
        if k not in self._places:
            sent = self.sents[k]
            placed = [c for t in sent if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE | {"near"}
                      for c in self._span_countries(t.i, t.i + 1)]
            self._places[k] = (placed, set(self._span_countries(sent.start, sent.end)))
        return self._places[k]

    def _span_countries(self, start: int, end: int) -> list[str]:
        """Countries of the gazetteer names and places whose head token lies in [start, end)."""
        out = []
        for span in self._spans[bisect_left(self._span_starts, start - 8): bisect_left(self._span_starts, end)]:
            if start <= span.root.i < end and span_kind(span) in {"name", "place", "metonym"}:
                actor = span_actor(span)
                country = actor.key if actor.type == "Country" else actor.country
                if country:
                    out.append(country)
        return out

    def _ethnic_group(self, span: Span, host: str, noun: Token) -> Actor:
        name = f"{'ethnic ' if any(c.lower_ == 'ethnic' for c in noun.children) else ''}{span.text}"
        if noun.i >= span.end:
            name = f"{name} {noun.text}"
        return Actor(key=f"{host}-{slug(name)}", name=name, type="Group", country=host)

    def _modified_kind(self, noun: Token) -> str:
        kind = agent_kind(noun)
        lemma = noun.lemma_.lower()
        if lemma == "fighter" and noun.tag_ == "NN":
            return "force"  # "a Turkish F-16 fighter" is a jet; "Kurdish fighters" are a group
        if kind == "force":
            return "force"
        if kind == "office" or lemma in INSTITUTIONS:
            return "office"
        if kind == "group":
            return "group"
        if lemma in PLACES:
            return "place"
        return "assoc"

    def _add(self, tok: Token, ref: Ref) -> None:
        refs = self.res.refs.setdefault(tok.i, [])
        if ref not in refs:
            refs.append(ref)

    # ---- coreference --------------------------------------------------------------------
def resolve(doc: Doc, date: str | None = None) -> Resolution:
    """The actors ``doc`` mentions; ``date`` (the article's, ISO 8601) dates the offices people held."""
    return Resolver(doc, year_of(date)).run()
