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
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from geokg.ingest import lexicon
from geokg.ingest.models import Actor, slug
from geokg.ingest.nlp import SPAN_KEY, sentence_index, span_actor, span_key, span_kind
from geokg.ingest.offices import Title, TitleReader, default_country, has_office, unknown_org
from geokg.ingest.words import (
    ACTOR_ORG_HEADS,
    INSTITUTIONS,
    LOCATIVE,
    MEDIA,
    MEDIA_HEADS,
    ORG_HEADS,
    PAIR_WORDS,
    PLACES,
    TITLES,
)


@dataclass(frozen=True)
class Ref:
    """One actor a token stands for, and how we know (``via``) — weaker kinds carry less confidence."""

    actor: Actor
    via: str  # name | person | force | office | group | place | pronoun | description


@dataclass(frozen=True)
class Role:
    person: Actor
    role: str
    of: Actor
    sentence: Span
    how: str = "phrase"  # where the office's holder came from (``geokg explain``)


@dataclass
class _Person:
    name: str
    country: str | None = None
    role: str | None = None
    key: str | None = None
    wikidata: str | None = None

    def actor(self) -> Actor:
        return Actor(key=self.key or slug(self.name), name=self.name, type="Person", country=self.country,
                     wikidata=self.wikidata)


@dataclass(frozen=True)
class _PendingRole:
    surname: str
    role: str
    country: str | None
    title: Title | None
    span: Span


@dataclass
class Resolution:
    refs: dict[int, list[Ref]] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    main_country: str | None = None  # the country the article is about, when one stands out

    def of(self, tok: Token | None) -> list[Ref]:
        return self.refs.get(tok.i, []) if tok is not None else []


@cache
def _person_index() -> dict[str, str]:
    """Lower-case full names, and surnames that name exactly one known person, -> person key."""
    full: dict[str, str] = {}
    by_surname: dict[str, set[str]] = {}
    for key, entry in lexicon.actors().items():
        if entry.type != "Person":
            continue
        name = entry.name.lower()
        full.setdefault(name, key)
        by_surname.setdefault(name.split()[-1], set()).add(key)
    for surname, keys in by_surname.items():
        if len(keys) == 1 and surname not in full:
            full[surname] = next(iter(keys))
    return full


# Definite nouns for a state's own bodies, read as the state ("the government", "the police").
STATE_BODIES = {"government", "regime", "administration", "authorities", "police", "military", "army",
                "junta", "presidency", "cabinet"}
FORCE_BODIES = {"police", "military", "army"}
GENERIC_MODIFIERS = {"central", "federal", "national", "interim", "new", "current", "local", "riot"}
# Definite nouns for an organisation named before ("the network", "the commission").
ORG_DESCRIPTIONS = {"network", "broadcaster", "company", "firm", "commission", "committee", "council", "party",
                    "movement", "agency", "militia", "organisation", "organization", "group", "coalition",
                    "foundation", "union", "channel", "station", "house", "senate", "congress", "assembly",
                    "court", "ministry", "department", "tribunal", "forum"}
COMPANY_DESCRIPTIONS = {"network", "broadcaster", "company", "firm", "channel", "station"}
COMPANY_WORDS = {"corporation", "company", "inc", "inc.", "ltd", "ltd.", "limited", "holdings", "network", "group"}


def _actor_like_org(toks: list[Token]) -> bool:
    """An unknown organisation counts as an actor when its name ends in an institution's word or is an acronym
    ("ABS-CBN", "NTC")."""
    if any(t.lower_ in ACTOR_ORG_HEADS or t.lemma_.lower() in ACTOR_ORG_HEADS for t in toks):
        return True  # "the Western Mindanao Command", "the Association of African Jurists"
    bare = "".join(t.text for t in toks).replace("-", "")
    return len(bare) >= 2 and bare.isupper() and bare.isalpha() and " " not in toks[0].doc[
        toks[0].i: toks[-1].i + 1].text


def _given_match(said: str, known: str) -> bool:
    """ "Mohammad" is "Mohammed": equal, or sharing their first five letters."""
    return said == known or (len(said) >= 5 and said[:5] == known[:5])


def _same_given_name(said: str, known: str) -> bool:
    """ "Nick Adderley" is not the "Paul Adderley" the dictionary knows; "Sergey" is "Sergei" (a surname alone,
    or a given name agreeing in its first three letters, agrees)."""
    said_w, known_w = said.lower().split(), known.lower().split()
    if len(said_w) < 2 or len(known_w) < 2 or said_w[-1] != known_w[-1]:
        return True
    return said_w[0][:3] == known_w[0][:3]


def _office_words() -> set[str]:
    return {noun for noun, (_, kind) in lexicon.agents().items() if kind == "office"} | {"counterpart"}


def _agent_kind(tok: Token) -> str | None:
    agents = lexicon.agents()
    for form in (tok.text.lower(), tok.lemma_.lower()):
        if form in agents:
            return agents[form][1]
    return None


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


class Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.res = Resolution()
        self.office = _office_words()
        self.people: dict[str, _Person] = {}  # by surname (lower)
        self.person_tokens: dict[int, str] = {}  # token -> surname key
        self.history: list[tuple[int, Ref, bool]] = []  # (token, ref, is_subject) in text order
        self._pending_roles: list[_PendingRole] = []
        self._titles: TitleReader | None = None
        self._person_spans_cache: list[Span] = []
        self._main_country: str | None = None
        self._org_tokens: dict[int, Actor] | None = None
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
        for span in spans:
            if span_kind(span) != "person":
                self._map_gazetteer(span)
        self._map_unknown_organisations(spans, person_spans)
        self._coreference()
        self.res.main_country = self._article_country()
        return self.res

    # ---- people -------------------------------------------------------------------------
    def _person_spans(self, spans: list[Span]) -> list[Span]:
        taken = {i for s in spans if span_kind(s) != "person" for i in range(s.start, s.end)}
        out = []
        for s in (s for s in spans if span_kind(s) == "person"):
            ent = next((e for e in self.doc.ents if e.label_ == "PERSON" and e.start <= s.start and s.end <= e.end
                        and e.end - e.start > s.end - s.start), None)
            if ent is None:
                out.append(s)
            elif ent[-1].i == s[-1].i:  # "President Vladimir Putin" around "Putin": the longer name, same man
                out.append(Span(self.doc, ent.start, ent.end, label=s.label_))
            # else: "Abdelaziz" inside "Abdelaziz Bouteflika" is someone else's name: NER's span below
        covered = {i for s in out for i in range(s.start, s.end)}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or covered.intersection(range(ent.start, ent.end)):
                continue
            if taken.intersection(range(ent.start, ent.end)):
                continue
            toks = [t for t in ent if t.text.lower().strip(".") not in TITLES and not t.is_punct]
            while len(toks) > 1 and toks[0].is_title and has_office([toks[0].lower_]):
                toks.pop(0)  # "Superintendent Graciano Mijares": the title is not part of the name
            if not toks or not toks[-1].text[:1].isupper() or toks[-1].text.lower() == "'s":
                continue
            out.append(self.doc[toks[0].i: toks[-1].i + 1])
        return sorted((self._untitled(s) for s in out), key=lambda s: s.start)

    def _untitled(self, span: Span) -> Span:
        """ "Crown Prince Mohammad bin Salman" as the recogniser spans it: the name without its title."""
        start, end = span.start, span.end
        while start < end - 1 and self.doc[start].is_title and (
                has_office([self.doc[start].lower_]) or has_office([t.lower_ for t in self.doc[start:start + 2]])
                or self.doc[start].lower_.strip(".") in TITLES):
            start += 1
        if start > span.start:
            # "[Superintendent Graciano] Mijares": the recogniser cut the name where it took the title in
            while (end < len(self.doc) and end - start < 4 and self.doc[end].pos_ == "PROPN"
                   and self.doc[end].is_title and self.doc[end].ent_type_ in {"", "PERSON"}
                   and self.sent_of[end] == self.sent_of[start]):
                end += 1
        return span if (start, end) == (span.start, span.end) else Span(self.doc, start, end, label=span.label_)

    def _np_of_person(self, span: Span) -> tuple[Token, list[Token]]:
        """The head of the person's noun phrase and the modifier tokens left of the name."""
        root = span.root
        head = root
        if root.dep_ in {"appos", "compound"} and root.head.i < span.start and self._is_office(root.head):
            head = root.head
        mods: list[Token] = []
        own = self.sent_of[span.start]
        for tok in self.doc[head.left_edge.i: span.start]:
            if self.sent_of[tok.i] == own:
                mods.append(tok)
        if head is not root and head.i >= span.start:
            mods.append(head)
        # "Sergey Lavrov, Russia's foreign minister": an office apposition right of the name.
        for child in root.children:
            if child.dep_ == "appos" and self._is_office(child):
                mods.extend(t for t in child.subtree if t.i > span.end - 1)
        return head, mods

    def _is_office(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.office or tok.text.lower() in self.office

    def _title(self, span: Span) -> Title | None:
        if self._titles is None:
            names = {i for s in self._person_spans_cache for i in range(s.start, s.end)}
            self._titles = TitleReader(self._gazetteer_ref, names, self._org_at, self._gazetteer_kind)
        return self._titles.read(span, self.sents[self.sent_of[span.start]])

    def _role_and_country(self, span: Span) -> tuple[str | None, str | None, Title | None]:
        title = self._title(span)
        country = title.country if title else None
        if country is None and (title is None or title.holder is None):
            country = self._of_country(span) or self._appositive_country(span)
        return (title.role if title else None), country, title

    def _appositive_country(self, span: Span) -> str | None:
        """ "Salaheddine Sidhoum, Algeria's leading human rights activist": a country in an apposition."""
        for appos in (c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end):
            for tok in appos.children:
                ref = self._gazetteer_ref(tok) if tok.dep_ in {"poss", "amod", "compound", "nmod"} else None
                if ref is not None and ref.type == "Country":
                    return ref.key
        return None

    def _of_country(self, span: Span) -> str | None:
        """ "King Hassan of Morocco", "President Sisi of Egypt": the country an "of" phrase names."""
        for prep in (c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                ref = self._gazetteer_ref(pobj)
                if ref is not None and ref.type == "Country":
                    return ref.key
        return None

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

    def _collect_person(self, span: Span) -> None:
        name = span.text.strip()
        surname = span[-1].text.lower()
        if len(name.split()) == 1 and surname not in self.people:
            # "John" or "Osama" after "John Bolton" / "Osama bin Laden": the one person of that given name
            same = {id(p): p for p in self.people.values() if len(p.name.split()) > 1
                    and p.name.lower().split()[0] == surname}
            if len(same) == 1:
                self.people[surname] = next(iter(same.values()))
        known = self.people.get(surname)
        entry = None
        if span_kind(span) == "person":
            entry = lexicon.actors().get(span_key(span))
            if entry is not None and not _same_given_name(name, entry.name):
                entry = None
        elif known is None:
            idx = _person_index()
            key = idx.get(name.lower())
            if key is None and surname in idx:
                # "Nick Adderley" is not the "Paul Adderley" the index knows: a stated given name must agree
                key = idx[surname] if _same_given_name(name, lexicon.actors()[idx[surname]].name) else None
            entry = lexicon.actors().get(key) if key else None
            stated = self._role_and_country(span)[1]
            if entry is not None and stated and entry.country and stated != entry.country:
                entry = None  # "King Hassan of Morocco" is not the Hassan the index knows elsewhere
        if known is None:
            known = _Person(name=name)
            if entry is not None:
                known.name, known.country, known.key, known.wikidata = (
                    entry.name, entry.country, entry.key, entry.wikidata)
            self.people[surname] = known
        elif len(name.split()) > len(known.name.split()) and entry is None and known.key is None:
            known.name = name  # "Obama" first, "Barack Obama" later: keep the full name
        role, country, title = self._role_and_country(span)
        if role == "counterpart":
            other = self._previous_person_with_role(span.start, exclude=surname)
            role = other.role if other else None
        if role and not known.role:
            known.role = role
        if country and not known.country:
            known.country = country
        self.person_tokens[span.root.i] = surname
        if role:
            self._pending_roles.append(_PendingRole(surname, role, country, title, span))

    def _update_people(self) -> None:
        """Mentions made before a person's office was read carry the country it gave them."""
        now = {p.actor().key: p.actor() for p in self.people.values()}
        for refs in self.res.refs.values():
            for k, ref in enumerate(refs):
                if ref.actor.type == "Person" and ref.actor.key in now and now[ref.actor.key] != ref.actor:
                    refs[k] = Ref(now[ref.actor.key], ref.via)

    def _given_names(self) -> None:
        """ "Mohammad's admission" before or after "Mohammad bin Salman": a lone given name is the one person of
        that given name the article names in full (before or after it)."""
        for key, person in list(self.people.items()):
            if len(person.name.split()) != 1 or person.key is not None:
                continue
            same = {id(p): p for p in self.people.values() if len(p.name.split()) > 1
                    and _given_match(key, p.name.lower().split()[0])}
            if len(same) == 1:
                full = next(iter(same.values()))
                full.role = full.role or person.role
                full.country = full.country or person.country
                self.people[key] = full

    def _previous_person_with_role(self, before: int, exclude: str) -> _Person | None:
        best = None
        for tok_i, surname in sorted(self.person_tokens.items()):
            if tok_i < before and surname != exclude and self.people[surname].role:
                best = self.people[surname]
        return best

    def _map_person(self, span: Span) -> None:
        surname = span[-1].text.lower()
        person = self.people[surname]
        ref = Ref(person.actor(), "person")
        head, _ = self._np_of_person(span)
        for tok in {span.root, head}:
            self._add(tok, ref)
        root = span.root
        if (root.dep_ in {"compound", "poss"} and root.head.lemma_.lower() in INSTITUTIONS
                and person.country and person.country in lexicon.actors()):
            self._add(root.head, Ref(lexicon.to_actor(person.country), "office"))

    def finish_roles(self) -> None:
        """Each titled person's office, its state or organisation found in the phrase, else from what the
        article says of the person elsewhere, the person named as owner ("President Zelensky's aides"), the
        name listed before ("Greek prime minister X and energy minister Y"), the title itself ("taoiseach"),
        and last the country the article is about."""
        by_end = {p.span.end: p for p in self._pending_roles}
        stated = {k: person.country for k, person in self.people.items()}  # before any guess below
        for p in self._pending_roles:
            person = self.people[p.surname]
            holder = p.title.holder if p.title else None
            how = "phrase: an organisation named in the title"
            if holder is not None:
                of = holder
            else:
                how, country = self._office_country(p, stated, by_end)
                if country is None or country not in lexicon.actors():
                    continue
                of = lexicon.to_actor(country)
                if not person.country:
                    person.country = country
            self.res.roles.append(Role(person.actor(), p.role, of, self.sents[self.sent_of[p.span.start]], how))

    def _office_country(self, p: _PendingRole, stated: dict[str, str | None],
                        by_end: dict[int, _PendingRole]) -> tuple[str, str | None]:
        """The office's state, and where it was found (said by ``geokg explain``), first source first."""
        steps = (
            ("phrase", lambda: p.country),
            ("what the article says of the person elsewhere, or the actor dictionary", lambda: stated.get(p.surname)),
            ("the person named as the office's owner", lambda: self._owner_country(p, stated)),
            ("the office table (a title one state uses)", lambda: default_country(p.role)),
            ("the official listed before", lambda: self._listed_country(p, by_end)),
            ("the one country of the sentence", lambda: self._sentence_country(p)),
            ("the country the article is about", self._article_country),
        )
        for label, get in steps:
            country = get()
            if country:
                return label, country
        return "", None

    def _owner_country(self, p: _PendingRole, stated: dict[str, str | None]) -> str | None:
        owner = p.title.owner_person if p.title else None
        return stated.get(owner.lower()) if owner else None

    def _listed_country(self, p: _PendingRole, by_end: dict[int, _PendingRole]) -> str | None:
        """ "Greek prime minister Kyriakos Mitsotakis and energy minister Konstantinos Hatzidakis"."""
        start = p.title.start if p.title and p.title.start >= 0 else p.span.start
        if start < 2 or self.doc[start - 1].lower_ != "and":
            return None
        before = by_end.get(start - 1)
        return before.country if before is not None else None

    def _sentence_country(self, p: _PendingRole) -> str | None:
        """The one country the title's sentence names, or the one its other officials serve."""
        sent = self.sents[self.sent_of[p.span.start]]
        found = {r.actor.key if r.actor.type == "Country" else r.actor.country
                 for t in sent for r in self.res.refs.get(t.i, [])
                 if r.via in {"name", "office", "force", "person"} and t.i not in range(p.span.start, p.span.end)}
        found.discard(None)
        return next(iter(found)) if len(found) == 1 else None

    def _article_country(self) -> str | None:
        """The country an article is about: the one it names most, by a clear margin (or None)."""
        if self._main_country is None:
            counts: Counter[str] = Counter()
            for refs in self.res.refs.values():
                for ref in refs:
                    if ref.actor.type == "Country" and ref.via in {"name", "office", "force", "assoc", "group"}:
                        counts[ref.actor.key] += 1
            top = counts.most_common(2)
            if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] >= 1.5 * top[1][1]):
                self._main_country = top[0][0]
            else:
                self._main_country = ""
        return self._main_country or None

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

    def _map_unknown_organisations(self, spans: list[Span], people: list[Span]) -> None:
        """Organisations the gazetteer does not know ("the Ceasefire Violations Committee")."""
        taken = {i for s in [*spans, *people] for i in range(s.start, s.end)}
        found: dict[tuple[str, ...], Actor] = {}
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or taken.intersection(range(ent.start, ent.end)):
                continue
            toks = [t for t in ent if t.dep_ != "det" and not t.is_punct]
            if not toks or toks[-1].text.lower() in MEDIA | MEDIA_HEADS or toks[0].text.lower() in MEDIA or (
                    len(toks) > 1 and toks[-1].lower_ == "agency" and toks[-2].lower_ in {"news", "press"}):
                continue
            name = self.doc[toks[0].i: toks[-1].i + 1].text
            if name.isupper() and len(name) <= 2:
                continue
            root = ent.root
            if root.dep_ in {"compound", "amod", "nmod", "poss"} and root.head.i >= ent.end:
                head = root.head
                if head.lemma_.lower() in ORG_HEADS and head.i not in self.res.refs and head.i - ent.end < 3:
                    # "the Umma (Nation) party", "the Sandinista Front": the name and its head noun
                    name = self.doc[toks[0].i: head.i + 1].text
                    self._add(head, Ref(Actor(key=slug(name), name=name, type="Organization"), "name"))
                continue  # otherwise an organisation's name modifying another noun: not an actor here
            if root.i in self.res.refs:
                continue  # "Israel's Cabinet", "Ivory Coast's Supreme Court": the country's institution
            if not _actor_like_org(toks):
                continue  # "Twitter", "the Hagia Sophia Museum": an organisation, not a political actor
            actor = Actor(key=slug(name), name=name, type="Organization")
            self._add(root, Ref(actor, "name"))
            found[tuple(t.text for t in toks)] = actor
        self._repeat_names({**self._org_aliases(), **found}, taken)

    def _org_aliases(self) -> dict[tuple[str, ...], Actor]:
        """Organisations' names as the recogniser gives them, and without a company word ("ABS-CBN" for
        "ABS-CBN Corporation"), each the same actor."""
        out: dict[tuple[str, ...], Actor] = {}
        for ent in self.doc.ents:
            toks = [t for t in ent if t.dep_ != "det" and not (t.is_punct and t.text != "-")]
            if ent.label_ != "ORG" or len(toks) < 2 or not _actor_like_org(toks):
                continue
            if toks[-1].lower_ in COMPANY_WORDS:
                name = self.doc[toks[0].i: toks[-1].i + 1].text
                short = tuple(t.text for t in toks[:-1])
                if short[0][:1].isupper():
                    out[short] = Actor(key=slug(name), name=name, type="Organization")
        return out

    def _org_at(self, tok: Token) -> Actor | None:
        """The organisation named at ``tok``, by the recogniser or by an alias of a name it tagged."""
        if self._org_tokens is None:
            self._org_tokens = {}
            for words, actor in self._org_aliases().items():
                for t in self.doc:
                    if t.text == words[0] and tuple(x.text for x in self.doc[t.i:t.i + len(words)]) == words:
                        for k in range(t.i, t.i + len(words)):
                            self._org_tokens[k] = actor
        return self._org_tokens.get(tok.i) or unknown_org(tok)

    def _repeat_names(self, found: dict[tuple[str, ...], Actor], taken: set[int]) -> None:
        """The recogniser tags a name at some of its mentions only: every other mention of the same words in
        the article is the same organisation ("ABS-CBN" in "accused ABS-CBN of ...")."""
        if not found:
            return
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in found:
            by_first.setdefault(words[0], []).append(words)
        doc = self.doc
        for tok in doc:
            for words in by_first.get(tok.text, ()):
                end = tok.i + len(words)
                if end > len(doc) or tuple(t.text for t in doc[tok.i:end]) != words:
                    continue
                if taken.intersection(range(tok.i, end)):
                    continue
                head = doc[tok.i:end].root
                if head.i not in self.res.refs and not (head.dep_ in {"compound", "amod"} and head.head.i >= end):
                    self._add(head, Ref(found[words], "name"))

    def _modified_kind(self, noun: Token) -> str:
        kind = _agent_kind(noun)
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
    def _coreference(self) -> None:
        self.finish_roles()
        self._update_people()
        pairs: Counter[tuple[str, str]] = Counter()
        pair_actor: dict[str, Actor] = {}
        last_sent = None
        for tok in self.doc:
            if self.sent_of[tok.i] != last_sent:
                last_sent = self.sent_of[tok.i]
                countries = self._sentence_countries(self.sents[last_sent])
                for a in countries:
                    pair_actor[a.key] = a
                keys = sorted({a.key for a in countries})
                for i, a in enumerate(keys):
                    for b in keys[i + 1:]:
                        pairs[(a, b)] += 1
            refs = self.res.refs.get(tok.i)
            if refs:
                for ref in refs:
                    self.history.append((tok.i, ref, tok.dep_ in {"nsubj", "nsubjpass"}))
                continue
            resolved = self._resolve_anaphor(tok, pairs, pair_actor)
            if resolved:
                for ref in resolved:
                    self._add(tok, ref)

    def _sentence_countries(self, sent: Span) -> list[Actor]:
        out = []
        for tok in sent:
            for ref in self.res.refs.get(tok.i, []):
                if ref.actor.type == "Country" and ref.actor not in out:
                    out.append(ref.actor)
        return out

    def _resolve_anaphor(self, tok: Token, pairs: Counter, pair_actor: dict[str, Actor]) -> list[Ref]:
        low = tok.text.lower()
        if tok.pos_ == "PRON":
            if low in {"i", "me"}:
                # the quoted speaker: a person named in an earlier sentence, not a co-subject here
                person = self._recent(tok, lambda r: r.actor.type == "Person", subject_first=True,
                                      earlier_only=True)
                return [Ref(person, "pronoun")] if person else []
            if low in {"he", "she", "him", "her"}:
                person = self._recent(tok, lambda r: r.actor.type == "Person", subject_first=True)
                return [Ref(person, "pronoun")] if person else []
            if low in {"it", "its"}:
                # a city named as the place of an event ("a rally in Baghdad") is no antecedent of "it"/"they"
                actor = self._recent(tok, lambda r: r.via in {"name", "force", "office"}
                                     and r.actor.type != "Location", window=1)
                return [Ref(actor, "pronoun")] if actor else []
            if low in {"they", "them", "their"}:
                actor = self._recent(tok, lambda r: r.via in {"name", "group", "force", "office"}
                                     and r.actor.type != "Location", window=0, plural_only=True)
                return [Ref(actor, "pronoun")] if actor else []
            return []
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return []
        lemma = tok.lemma_.lower()
        det = {c.text.lower() for c in tok.children if c.dep_ in {"det", "poss", "nummod", "predet"}}
        definite = bool(det & {"the", "both", "two", "each", "his", "her", "their", "its"})
        if not definite:
            return []
        if lemma in PAIR_WORDS and (tok.tag_ in {"NNS", "NNPS"} or det & {"both", "two", "each"}) and pairs:
            (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
            return [Ref(pair_actor[a], "description"), Ref(pair_actor[b], "description")]
        if lemma in {"country", "nation"} and tok.tag_ not in {"NNS", "NNPS"}:
            actor = self._recent(tok, lambda r: r.actor.type == "Country", window=3)
            return [Ref(actor, "description")] if actor else []
        if lemma in INSTITUTIONS - STATE_BODIES and tok.tag_ not in {"NNS", "NNPS"} and not any(
                c.dep_ in {"amod", "compound", "poss"} for c in tok.children):
            # "the embassy", "the ministry": whose the last one named was
            same = self._same_noun(tok, lemma)
            if same is not None:
                return [Ref(same, "office")]
        if lemma in STATE_BODIES and not any(c.dep_ in {"amod", "compound", "poss"} and c.pos_ in {"PROPN", "ADJ"}
                                             and c.lower_ not in GENERIC_MODIFIERS for c in tok.children):
            # "the government", "the central government", "the police": the state the article is about, or
            # else the one named in this or the sentence before
            country = self._article_country()
            actor = lexicon.to_actor(country) if country in lexicon.actors() else self._recent(
                tok, lambda r: r.actor.type == "Country" and r.via == "name", window=1)
            return [Ref(actor, "force" if lemma in FORCE_BODIES else "office")] if actor else []
        if lemma in ORG_DESCRIPTIONS:
            # "the network", "the commission": the organisation last named whose name says so, or (for a
            # company word) the organisation last named
            actor = self._recent(tok, lambda r: r.actor.type in {"Organization", "Group"} and (
                lemma in r.actor.name.lower() or lemma in COMPANY_DESCRIPTIONS), window=8)
            return [Ref(actor, "description")] if actor else []
        if self._is_office(tok):
            actor = self._recent(tok, lambda r: r.actor.type == "Person" and self._holds(r.actor, lemma),
                                 window=6)
            return [Ref(actor, "description")] if actor else []
        if _agent_kind(tok) == "force" and not any(c.dep_ == "amod" for c in tok.children):
            actor = self._recent(tok, lambda r: r.via == "force", window=3)
            return [Ref(actor, "description")] if actor else []
        return []

    def _holds(self, person: Actor, office: str) -> bool:
        for p in self.people.values():
            if p.actor().key == person.key and p.role:
                return office in p.role
        return False

    def _same_noun(self, tok: Token, lemma: str, window: int = 5) -> Actor | None:
        """The actor of the last mention, within ``window`` sentences, of a noun with this lemma."""
        floor = self.sents[max(0, self.sent_of[tok.i] - window)].start
        lo = bisect_left(self.history, floor, key=lambda h: h[0])
        for i, ref, _ in reversed(self.history[lo:]):
            if i < tok.i and self.doc[i].lemma_.lower() == lemma and ref.actor.type != "Location":
                return ref.actor
        return None

    def _recent(self, tok: Token, ok, *, window: int = 3, subject_first: bool = False,
                plural_only: bool = False, earlier_only: bool = False) -> Actor | None:
        k = self.sent_of[tok.i]
        floor = self.sents[max(0, k - window)].start
        ceiling = self.sents[k].start if earlier_only else tok.i
        # history is in text order: only its tail from ``floor`` on can qualify
        lo = bisect_left(self.history, floor, key=lambda h: h[0])
        cands = [(i, ref, subj) for i, ref, subj in self.history[lo:] if i < ceiling and ok(ref)]
        if plural_only:
            cands = [c for c in cands if self.doc[c[0]].tag_ in {"NNS", "NNPS"} or c[1].via == "name"]
        if not cands:
            return None
        if subject_first:
            subj = [c for c in cands if c[2]]
            same_sent = [c for c in cands if self.sent_of[c[0]] == k]
            same_subj = [c for c in same_sent if c[2]]
            if same_subj:  # "X accepted responsibility for the murder of Y but did not say he ordered it": X
                return same_subj[-1][1].actor
            if same_sent:
                return same_sent[-1][1].actor
            if subj:
                return subj[-1][1].actor
        return cands[-1][1].actor


def resolve(doc: Doc) -> Resolution:
    return Resolver(doc).run()
