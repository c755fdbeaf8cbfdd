"""Protests, demands and riot control named by nouns, and the crowds behind them.

* "weeks of protests against a proposed change to Hong Kong's extradition law", "anti-government protests
  continue in Baghdad", "a rally against the government's measures": protesters PROTEST the one the protest
  is against (an actor, the doer of the deed it is against, "anti-government": the state where it happens),
  else the state where it happens. Who protests is who the noun says (its owner, "by", a modifier), else the
  protesters of that state.
* "protesters' demands include ...", "their demands have included ...": the protesters REQUEST the state.
* "issued a subpoena for documents from X", "a deposition request for X": a request of X.
* "police used water cannon and tear gas against protesters": COERCE of the protesters (a weapon that
  does not wound); "fired live rounds at protesters": ASSAULT.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.groups import located_group
from geokg.ingest.models import Actor, slug
from geokg.ingest.resolve import Ref
from geokg.ingest.targets import actor_pairs

if TYPE_CHECKING:
    from geokg.ingest.extract import ClauseExtractor, Event

PROTEST_NOUNS = {"protest", "demonstration", "rally", "march", "sit-in", "boycott", "riot", "uprising"}
DEMAND_NOUNS = {"demand"}
REQUEST_NOUNS = {"request", "subpoena", "summons", "appeal", "petition"}
ISSUE_VERBS = {"issue", "send", "file", "submit", "serve", "make", "deliver", "lodge"}
CROWD_CONTROL = {"cannon", "canon", "gas", "pepper", "baton", "bullet", "rubber", "spray", "truncheon"}
FIREARMS = {"round", "ammunition", "shot", "pistol", "gun", "rifle"}
CROWDS = {"protester", "protestor", "demonstrator", "student", "activist", "rioter", "crowd"}
STRIKE_KINDS = {"general", "hunger", "labour", "labor", "nationwide", "national", "indefinite", "wildcat", "token",
                "sympathy", "rolling", "workers", "worker", "teachers", "union", "transport", "rail", "doctors",
                "ended", "day", "hour", "week"}  # "open-ended", "four-day" are split at the hyphen
WORKERS = {"worker", "employee", "teacher", "doctor", "nurse", "miner", "driver", "union", "staff"}
CALLING = {"call", "demand", "seek", "urge"}
OUSTING = {"removal", "resignation", "ouster", "overthrow", "departure", "downfall", "impeachment", "dismissal",
           "sacking", "release"}
STAGING = {"hold", "stage", "organise", "organize", "lead", "join", "call", "begin", "start", "continue"}
STATE_WORDS = {"government", "state", "regime", "authorities", "administration"}


def labour_strike(noun: Token) -> bool:
    """ "an open-ended strike", "a general strike", "a strike by teachers": a stoppage of work, not an air strike."""
    if noun.lemma_.lower() != "strike":
        return False
    mods = [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod", "nummod"}]
    if any(m.lemma_.lower() in STRIKE_KINDS or m.lower_ in STRIKE_KINDS or m.lower_.endswith(("-day", "-ended"))
           for m in mods):
        return True
    return any(p.lemma_.lower() in CROWDS | WORKERS for p in cl.prep_objects(noun, ("by", "of"), depth=1))


def issues_a_request(verb: Token) -> bool:
    """ "issued a subpoena for ...": the noun carries the event, not the verb."""
    obj = cl.child(verb, "dobj")
    return verb.lemma_.lower() in ISSUE_VERBS and obj is not None and obj.lemma_.lower() in REQUEST_NOUNS


class NominalProtests:
    def __init__(self, clauses: ClauseExtractor) -> None:
        self.x = clauses
        self.res = clauses.res
        verbs = lexicon.verbs()
        self.protest = verbs.lookup("protest") or verbs.lookup("demonstrate")
        self.demand = verbs.lookup("demand")
        self.coerce = verbs.lookup("disperse")
        self.assault = verbs.lookup("shoot") or verbs.lookup("attack")

    def events(self) -> Iterator[Event]:
        for tok in self.x.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and (lemma in PROTEST_NOUNS or labour_strike(tok)) and self.protest is not None:
                yield from self._protest(tok)
            elif tok.pos_ == "NOUN" and lemma in DEMAND_NOUNS and self.demand is not None:
                yield from self._demands(tok)
            elif tok.pos_ == "NOUN" and lemma in REQUEST_NOUNS and self.demand is not None:
                yield from self._request(tok)
            elif tok.pos_ == "VERB" and lemma in {"use", "fire", "shoot"}:
                yield from self._force(tok)

    # ---- protests -----------------------------------------------------------------------------
    def _protest(self, noun: Token) -> Iterator[Event]:
        head = noun.head.lemma_.lower()
        if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and lexicon.verbs().lookup(head) is not None \
                and head not in STAGING:
            return  # "dispersed the protest": the verb's event
        place = self._place(noun)
        subjects = self._protesters(noun, place)
        targets = self._against(noun, place)
        yield from self._emit(subjects, targets, noun, self.protest, "protest")

    def _place(self, noun: Token) -> str | None:
        """The state where the protest happens: "in X" on the noun or on its clause, else the article's."""
        heads = [noun, noun.head] + ([noun.head.head] if noun.head.head is not noun.head else [])
        for h in heads:
            for p in cl.prep_objects(h, ("in", "at", "across", "throughout", "outside", "near"), depth=2):
                for r in self.res.of(p):
                    country = r.actor.key if r.actor.type == "Country" else r.actor.country
                    if country and r.actor.type in {"Country", "Location"}:
                        return country
        return self.res.main_country

    def _protesters(self, noun: Token, place: str | None) -> list[Ref]:
        owner = cl.child(noun, "poss")
        if owner is not None and cl.refs_of(owner, self.res):
            return cl.refs_of(owner, self.res)
        for p in cl.prep_objects(noun, ("by", "of"), depth=1):
            refs = [r for r in cl.refs_of(p, self.res) if r.actor.type in {"Group", "Organization", "Person"}]
            if refs:
                return refs
        for mod in (c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"}):
            refs = [r for r in self.res.of(mod) if r.actor.type in {"Group", "Organization"}]
            if refs:
                return refs
        if noun.dep_ in {"pobj", "dobj"} and noun.head.lower_ in {"during", "in", "at", "for", "following", "after"} \
                and noun.head.head.pos_ == "VERB":  # ("following" is sometimes parsed as a preposition with a dobj)
            # "Palestinian youths threw stones during demonstrations against ...": the group of the clause
            refs = [r for r in cl.subject_refs(noun.head.head, self.res) if r.actor.type == "Group"]
            if refs:
                return refs
        if place is None or place not in lexicon.actors():
            return []
        country = lexicon.actors()[place]
        name = f"{country.name} protesters"
        return [Ref(Actor(key=f"{place}-{slug(name)}", name=name, type="Group", country=place,
                          aliases=("protesters",)), "group")]

    def _against(self, noun: Token, place: str | None) -> list[Ref]:
        preps = cl.prep_objects(noun, ("against", "over", "at", "outside"), depth=1)
        if noun.dep_ in {"nsubj", "nsubjpass"}:  # "the protest started out against ..."
            preps += cl.prep_objects(noun.head, ("against",), depth=1)
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in CALLING):
            # "a demonstration calling for the immediate removal of President Hosni Mubarak": whom it is against
            for want in cl.prep_objects(acl, ("for",), depth=1) + [c for c in acl.children if c.dep_ == "dobj"]:
                if want.lemma_.lower() in OUSTING:
                    preps += cl.prep_objects(want, ("of",), depth=1)
        for p in preps:
            refs = cl.refs_of(p, self.res, strong_only=p.head.lower_ != "against")
            if refs:
                return refs
            owner = self._owner(p)
            if owner:
                return owner
            if p.head.lower_ == "against" and place in lexicon.actors():
                return [Ref(lexicon.to_actor(place), "office")]  # "against the bill": its state's
        if any(c.lower_ in STATE_WORDS or c.lower_.endswith("government") for c in noun.children
               if c.dep_ in {"amod", "compound"}) and place in lexicon.actors():
            return [Ref(lexicon.to_actor(place), "office")]  # "anti-government protests"
        return []

    def _owner(self, deed: Token) -> list[Ref]:
        """Whose deed a protest is against: "Hong Kong's extradition law", "the government's measures"."""
        for t in deed.subtree:
            if t.dep_ == "poss" or (t.dep_ == "pobj" and t.head.lower_ == "by"):  # "violations by the military"
                refs = cl.refs_of(t, self.res, strong_only=t.dep_ == "pobj")
                if refs:
                    return refs
        return []

    # ---- demands and requests -----------------------------------------------------------------
    def _demands(self, noun: Token) -> Iterator[Event]:
        owner = cl.child(noun, "poss")
        if owner is None or noun.tag_ not in {"NNS", "NNPS"}:
            return
        subjects = cl.refs_of(owner, self.res) or ([g] if (g := self.x.context.group(owner, noun.head)) else [])
        place = self.res.main_country
        targets = [r for p in cl.prep_objects(noun, ("of", "on", "from", "to"), depth=1)
                   for r in cl.refs_of(p, self.res, strong_only=True)]
        if not targets and place in lexicon.actors():
            targets = [Ref(lexicon.to_actor(place), "office")]
        yield from self._emit(subjects, targets, noun, self.demand, "demand")

    def _request(self, noun: Token) -> Iterator[Event]:
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in ISSUE_VERBS:
            return
        subjects = cl.subject_refs(verb, self.res)
        targets = [r for p in cl.prep_objects(noun, ("for", "to", "from", "on"), depth=2)
                   for r in cl.refs_of(p, self.res, strong_only=True) if r.actor.type != "Location"]
        targets += [r for p in cl.prep_objects(verb, ("to",), depth=1) for r in cl.refs_of(p, self.res, True)]
        yield from self._emit(subjects, targets, verb, self.demand, noun.lemma_.lower())

    # ---- police and crowds ----------------------------------------------------------------------
    def _force(self, verb: Token) -> Iterator[Event]:
        objs = [o for c in verb.children if c.dep_ == "dobj" for o in cl.with_conjuncts(c)]
        words = {t.lemma_.lower() for o in objs for t in o.subtree}
        entry = self.coerce if words & CROWD_CONTROL else self.assault if words & FIREARMS else None
        if entry is None:
            return
        targets = [r for o in objs for p in cl.prep_objects(o, ("against", "at", "on"), depth=1)
                   for r in self._crowd(p, verb)]
        targets += [r for p in cl.prep_objects(verb, ("against", "at", "on"), depth=1) for r in self._crowd(p, verb)]
        yield from self._emit(self._doers(verb), targets, verb, entry,
                              "crowd_control" if entry is self.coerce else "shoot")

    def _doers(self, verb: Token) -> list[Ref]:
        refs = cl.subject_refs(verb, self.res) or located_group(verb, self.res)
        if refs:
            return refs
        subj = cl.child(verb, "nsubj")
        group = self.x.context.group(subj, verb) if subj is not None else None
        return [group] if group is not None else []

    def _crowd(self, tok: Token, verb: Token) -> list[Ref]:
        if tok.lower_ in {"them", "they"}:  # "fired tear gas at them": the crowd named just before
            before = [t for t in tok.doc[max(0, tok.i - 60): tok.i]
                      if t.pos_ == "NOUN" and t.tag_ == "NNS" and t.lemma_.lower() in CROWDS]
            if before:
                tok, verb = before[-1], before[-1].head
        refs = cl.refs_of(tok, self.res)
        if refs:
            return refs
        group = self.x.context.group(tok, verb)
        return [group] if group is not None else []

    def _emit(self, subjects: list[Ref], targets: list[Ref], tok: Token, entry, predicate: str) -> Iterator[Event]:
        if entry is None or not subjects or not targets or cl.negated(tok):
            return
        modal = cl.modality(tok) if tok.pos_ == "VERB" else None
        for s, o in actor_pairs(subjects, targets):  # a state's police against its own protesters counts
            yield self.x._event(s, o, entry, tok, False, modal, None, predicate=predicate)
