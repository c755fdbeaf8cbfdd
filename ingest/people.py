"""People and their offices: names the recogniser finds, the dictionary's identity for them, the title
next to each name (``offices.py``) and the state or organisation whose office it is.

``PeopleMixin`` is one part of the ``Resolver`` (``resolve.py``): it reads and writes the resolver's state.
"""
from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.tokens import Span, Token

from geokg.ingest import lexicon
from geokg.ingest.holders import holder_country
from geokg.ingest.nlp import span_key, span_kind
from geokg.ingest.offices import Title, TitleReader, default_country, has_office
from geokg.ingest.refs import Ref, Role, _PendingRole, _Person
from geokg.ingest.words import INSTITUTIONS, MEDIA, PLATFORMS, TITLES


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


class PeopleMixin:
    """Persons, their offices and the countries of those offices."""

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
            if len(toks) == 1 and toks[0].lower_ in PLATFORMS | MEDIA:
                continue  # "wrote Trump on Twitter": a platform the recogniser took for a person
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
        role, country, title = self._role_and_country(span)  # read once: the title decides the entry too
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
            if entry is not None and country and entry.country and country != entry.country:
                entry = None  # "King Hassan of Morocco" is not the Hassan the index knows elsewhere
        if known is None:
            known = _Person(name=name)
            if entry is not None:
                known.name, known.country, known.key, known.wikidata = (
                    entry.name, entry.country, entry.key, entry.wikidata)
            self.people[surname] = known
        elif len(name.split()) > len(known.name.split()) and entry is None and known.key is None:
            known.name = name  # "Obama" first, "Barack Obama" later: keep the full name
        listed = self._listed_title(span) if role is None else None
        if listed is not None:
            role, country, title = listed[0][:-1], listed[1], listed[2]
            self._titles_by_end[span.end] = listed  # the list goes on: "..., Adam Schiff, and Elijah Cummings"
        elif role is not None and title is not None:
            self._titles_by_end[span.end] = (role, country, title)
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

    def _listed_title(self, span: Span) -> tuple[str, str | None, Title] | None:
        """ "Representatives Eliot Engel, Adam Schiff, and Elijah Cummings": names listed after a plural title
        share it."""
        k = span.start - 1
        while k > 0 and self.doc[k].lower_ in {",", "and"}:
            k -= 1
        if k == span.start - 1:
            return None
        before = self._titles_by_end.get(k + 1)
        if before is None or not before[0].endswith("s") or before[2].plural is False:
            return None
        return before

    def _repeat_people(self, spans: list[Span]) -> None:
        """ "Katigbak apologized to Duterte": a surname the recogniser missed here but the article named in
        full before is that person."""
        taken = {i for s in [*spans, *self._spans] for i in range(s.start, s.end)}
        for tok in self.doc:
            if tok.i in taken or tok.pos_ != "PROPN" or not tok.is_title or tok.i in self.res.refs:
                continue
            person = self.people.get(tok.lower_)
            lone_ent = tok.ent_iob_ == "B" and (tok.i + 1 == len(self.doc) or self.doc[tok.i + 1].ent_iob_ != "I")
            if person is None or len(person.name.split()) < 2 or (
                    tok.ent_type_ not in {"", "PERSON"} and not (lone_ent and tok.ent_type_ in {"ORG", "GPE", "NORP"})):
                continue  # a one-word "organisation" that is a surname named in full before is that person
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN":
                continue  # part of another name ("Lam Cheng" is not "Lam")
            self._add(tok, Ref(person.actor(), "person"))

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
            ("the office-holder table (who held that office that year)",
             lambda: holder_country(self.people[p.surname].name, p.role, self.year)),
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
