"""Who an event is aimed at, and who does it when the text names no one: the target search of a clause
(objects, prepositional phrases, complements, what a criticism or demand is about) and the groups or
unidentified attackers its context places.

``TargetsMixin`` is one part of the ``ClauseExtractor`` (``extract.py``).
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.groups import PLACE_PREPS
from geokg.ingest.models import Actor, slug
from geokg.ingest.predicates import MESSAGES, lookup_noun, lookup_verb
from geokg.ingest.refs import Ref, Resolution

# Categories whose target is the agent of the event they are about ("condemned the downing by Turkey").
ABOUT_AN_EVENT = {"ACCUSE", "PROTEST", "REJECT", "REQUEST", "THREATEN"}
WHERE = {"in", "near", "outside", "inside", "across", "throughout", "within", "around"}
INSTRUMENTS = {"bomb", "explosion", "blast", "device", "mine", "rocket", "missile", "shell", "grenade", "gunman",
               "attacker", "assailant", "bomber", "sniper", "bombing", "attack", "ambush", "fire", "shelling"}
BOUNDARIES = {"border", "frontier", "borderline", "coast", "coastline", "outskirts"}  # places, whatever the preposition
PERMITTING = {"allow", "let", "permit", "enable"}
UNKNOWN_ATTACKERS = "unidentified attackers"  # the name of attackers placed only by where they struck


def _slot(p: Token, where: list[list[Ref]], candidates: list[list[Ref]]) -> list[list[Ref]]:
    """Where a prepositional object's actors go in the target search: where it happened ("in Hong Kong") after
    everything else; "on the Thai border" nowhere (a border, coast or frontier has two sides and names no one)."""
    if p.lemma_.lower() in BOUNDARIES:
        return []
    return where if p.head.lower_ in WHERE else candidates


def _distinct(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.actor.key not in seen:
            seen.add(r.actor.key)
            out.append(r)
    return out


def actor_pairs(subjects: list[Ref], targets: list[Ref], *, own_country: bool = True) -> list[tuple[Ref, Ref]]:
    """Each distinct (subject, target) of two different actors. ``own_country=False`` also leaves out a state
    acting on its own people or officials (a state's criticism of its own minister is no relation between
    actors; its police against its protesters is)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in subjects:
        for o in targets:
            pair = (s.actor.key, o.actor.key)
            if pair[0] == pair[1] or pair in seen or (not own_country and s.actor.key == o.actor.country):
                continue
            seen.add(pair)
            out.append((s, o))
    return out


def _nominal_agent(noun: Token, res: Resolution) -> list[Ref]:
    by = cl.prep_objects(noun, ("by", "from") if noun.lemma_.lower() in MESSAGES else ("by",), depth=1)
    if by:
        return cl.refs_of(by[0], res, strong_only=True)
    poss = cl.child(noun, "poss")
    if poss is not None:
        return cl.refs_of(poss, res)
    return [r for r in res.of(noun) if r.via in {"assoc", "force", "office"}]


class TargetsMixin:
    """Target search and context-placed actors of a clause."""

    def _context_subject(self, verb: Token) -> list[Ref]:
        """ "Islamic fundamentalists continued their hunger strike against the Algerian President": an
        unnamed group's country from its context (``groups.Context``)."""
        subj = cl.agent_token(verb) if cl.is_passive(verb) else cl.child(verb, "nsubj")
        inherited = cl.subject_tokens(verb) if subj is None and not cl.is_passive(verb) else []
        if inherited and inherited[0].lower_ in {"they", "we"}:
            subj = inherited[0]  # "they attempted to assassinate": the subject the complement inherits
        frame = cl.reporting_frame(verb)
        if subj is not None and subj.lower_ in {"they", "we"} and frame is not None:
            # "Militants loyal to Iraq's Al-Qaeda frontman said they attempted ...": the speakers themselves
            subj, verb = cl.child(frame, "nsubj"), frame
        if subj is None:
            return []
        ref = self.context.group(subj, verb)
        return [ref] if ref is not None else []

    def _context_targets(self, verb: Token, subjects: list[Ref]) -> list[Ref]:
        """ "Egyptian police opened fire to disperse demonstrators": an unnamed group as the target. An army's
        own country is no evidence for whom it strikes ("US troops killed civilians")."""
        same = {r.actor.key for r in subjects}
        military = any(lexicon.agents().get(t.lemma_.lower(), ("", ""))[0].startswith("MIL")
                       for t in cl.subject_tokens(verb))
        exclude = frozenset(c for r in subjects if (c := r.actor.country or r.actor.key)) if military else frozenset()
        objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        objs += [p for o in objs for p in cl.prep_objects(o, ("from", "by", "of"), depth=1)]  # "demands from rebels"
        objs += cl.prep_objects(verb, cl.TARGET_PREPS, depth=1)
        objs += [c for o in objs for c in o.conjuncts]
        for comp in (c for c in verb.children if c.dep_ in {"xcomp", "advcl"} and c.pos_ == "VERB"):
            objs += [c for c in comp.children if c.dep_ == "dobj"]
        for obj in objs:
            ref = self.context.group(obj, verb, exclude)
            if ref is not None and ref.actor.key not in same:
                return [ref]
        return []

    def _unknown_attackers(self, verb: Token, category: str) -> list[Ref]:
        """ "A roadside bombing near Samarra killed a U.S. soldier": attackers nobody names, placed where
        they struck (event-data practice; the actor says it is unidentified)."""
        if category != "ASSAULT":
            return []
        doer = cl.agent_token(verb) if cl.is_passive(verb) else cl.child(verb, "nsubj")
        if cl.is_passive(verb) and doer is None:
            doer = verb  # "killed in a car bomb explosion in Beirut"
        elif doer is None or self.res.of(doer) or not (
                doer.lemma_.lower() in INSTRUMENTS or lookup_noun(doer, derived=False) is not None):
            return []
        places = [*doer.subtree, *(t for c in verb.children if c.dep_ == "prep" for t in c.subtree)]
        for p in (t for t in places if t.dep_ == "pobj" and t.head.text.lower() in PLACE_PREPS | {"near", "of"}):
            for r in self.res.of(p):
                country = r.actor.key if r.actor.type == "Country" else r.actor.country
                if country and r.actor.type in {"Country", "Location"}:
                    name = f"{UNKNOWN_ATTACKERS} in {r.actor.name}"
                    return [Ref(Actor(key=f"{country}-{slug(name)}", name=name, type="Group", country=country),
                                "group")]
        return []

    def _about(self, noun: Token, category: str) -> list[Ref]:
        """What a criticism, protest or demand is about: the doer of the event or the owner of the thing
        ("condemned the downing ... by Turkish forces", "denounced Serbia's suppression of ...")."""
        res = self.res
        if category not in ABOUT_AN_EVENT | {"CONCEDE"}:  # CONCEDE: "accepted demands from Shona rebels"
            return []
        if category == "REQUEST":  # "insisted on its demands that Burundi's government grant ...": who is to act
            for content in (c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}):
                subj = cl.child(content, "nsubj", "nsubjpass")
                found = cl.refs_of(subj, res) if subj is not None and subj.lower_ not in cl.RELATIVE else []
                if found:
                    return found
        if lookup_noun(noun) is not None:
            agent = _nominal_agent(noun, res)
            if agent:
                return agent
        by = cl.prep_objects(noun, ("by",), depth=1)  # "in protest against the violations by Algerian forces"
        if by:
            return cl.refs_of(by[0], res, strong_only=True)
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            agent = cl.agent_token(acl)  # "a bill signed by the Labour Minister", "crimes committed by X"
            if agent is not None and (found := cl.refs_of(agent, res, strong_only=True)):
                return found
        poss = cl.child(noun, "poss")
        if poss is not None:  # "Serbia's suppression": the resolver may have put the owner on the noun itself
            return cl.refs_of(poss, res, strong_only=True) or [r for r in res.of(noun) if r.via == "assoc"]
        # "denounced as an ugly crime Serbia's suppression of ...": the deed in apposition to its name
        for app in (c for c in noun.children if c.dep_ == "appos" and c.pos_ == "NOUN"):
            found = self._about(app, category)
            if found:
                return found
        return []

    def _targets(self, verb: Token, category: str, subjects: list[Ref]) -> list[Ref]:
        res = self.res
        candidates: list[list[Ref]] = []
        withs = cl.prep_objects(verb, ("with",), depth=1)
        if category == "CONSULT" and len(withs) > 1:
            # "met with the IMF, then with President Trump": each "with" names a partner
            same = {r.actor.key for r in subjects}
            found = _distinct([r for p in withs for r in cl.refs_of(p, res) if r.actor.key not in same])
            if found:
                return found
        if cl.is_passive(verb):
            patient = cl.child(verb, "nsubjpass")
            if patient is not None:
                candidates.append(cl.refs_of(patient, res))
                candidates += [cl.refs_of(p, res) for p in cl.prep_objects(patient, ("for", "of"), depth=1)]
        where: list[list[Ref]] = []
        for obj in (o for c in verb.children if c.dep_ in {"dobj", "dative", "attr"} for o in cl.with_conjuncts(c)):
            candidates.append(self._about(obj, category))
            candidates.append(cl.refs_of(obj, res))
            poss = cl.child(obj, "poss")  # "welcomed President Reagan's statement": whose statement
            if poss is not None:
                candidates.append(cl.refs_of(poss, res, strong_only=True))
            for p in cl.prep_objects(obj):
                _slot(p, where, candidates).extend(
                    [self._about(p, category), cl.refs_of(p, res, strong_only=False)])
        for named in cl.prep_objects(verb, ("as",), depth=1):  # "denounced as a crime Serbia's suppression"
            candidates.append(self._about(named, category))
        # Where it happened ("blocked streets in Hong Kong in defiance of Chinese authorities") comes last,
        # after an unnamed group placed by its context; the addressee ("complained to the UN over Israeli
        # raids") after what it is about.
        objs = cl.prep_objects(verb)
        for p in sorted(objs, key=lambda p: p.head.lower_ == "to" and category in ABOUT_AN_EVENT):
            if p.head.text.lower() != "by":
                _slot(p, where, candidates).extend(
                    [self._about(p, category), cl.refs_of(p, res)])
        for comp in (c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} or (
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.text.lower() == "for" for m in c.children))):
            subj = cl.child(comp, "nsubj", "nsubjpass")
            if subj is not None:
                # "demanded that its European Community partners refuse ...": whoever is to act is the target
                # of a demand, even when a country only modifies them
                candidates.append(cl.refs_of(subj, res, strong_only=category != "REQUEST"))
            if comp.dep_ == "ccomp":
                continue  # "hopes [the incident will not hamper talks over Syria]": only who is asked
            if comp.lemma_.lower() in PERMITTING:  # "refused to allow United Nations planes to land"
                for inner in (c for c in comp.children if c.dep_ in {"ccomp", "xcomp"}):
                    subj = cl.child(inner, "nsubj")
                    if subj is not None:
                        candidates.append(cl.refs_of(subj, res, strong_only=True))
            for obj in (c for c in comp.children if c.dep_ in {"dobj", "dative"}):
                candidates.append(cl.refs_of(obj, res))
                for p in cl.prep_objects(obj, depth=1):
                    candidates.append(cl.refs_of(p, res))
            for p in cl.prep_objects(comp):
                candidates.append(cl.refs_of(p, res))
        # "threatened to stop talks if the United States goes ahead": the condition names who is threatened
        if category == "THREATEN":
            for cond in (c for c in verb.subtree if c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)):
                subj = cl.child(cond, "nsubj", "nsubjpass")
                if subj is not None:
                    candidates.append(cl.refs_of(subj, res, strong_only=True))
        # "began a hunger strike to protest X's decision": the purpose clause names the target
        for purpose in (c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and c.pos_ == "VERB"
                        and any(a.dep_ == "aux" and a.text.lower() == "to" for a in c.children)):
            for obj in (c for c in purpose.children if c.dep_ in {"dobj", "dative"}):
                candidates.append(self._about(obj, "PROTEST"))
                candidates.append(cl.refs_of(obj, res))
                # "the resignation of X", "their disapproval for the United States' policies"
                for p in cl.prep_objects(obj, ("of", "from", "against", "by", "for", "over", "with"), depth=1):
                    candidates.append(cl.refs_of(p, res))
            for p in cl.prep_objects(purpose):
                candidates.append(self._about(p, "PROTEST"))
                candidates.append(cl.refs_of(p, res))
        # "donated and delivered goods to X": coordinated verbs share their objects
        for sib in [*(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"),
                    *([verb.head] if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else [])]:
            for obj in (c for c in sib.children if c.dep_ in {"dobj", "dative"}):
                candidates.append(cl.refs_of(obj, res))
            for p in cl.prep_objects(sib):
                candidates.append(cl.refs_of(p, res))
        same = {r.actor.key for r in subjects}
        for refs in candidates:
            kept = [r for r in _distinct(refs) if r.actor.key not in same]
            if kept:
                return kept
        placed = self._context_targets(verb, subjects)
        if placed:
            return placed
        for refs in where:
            kept = [r for r in _distinct(refs) if r.actor.key not in same]
            if kept:
                return kept
        # "summoned Niger's ambassador [to complain of inaction]": a purpose clause is aimed at the main object
        if (verb.dep_ == "advcl" or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cl.SUBJECT_CONTROL)) and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in verb.children):
            # ... or where the main act sends it ("dispatched inspectors to Esfahan's plant [to monitor ...]")
            main = [c for c in verb.head.children if c.dep_ in {"dobj", "dative"}]
            for obj in [*main, *(p for t in (verb.head, *main) for p in cl.prep_objects(t, ("to", "into"), depth=1))]:
                kept = [r for r in cl.refs_of(obj, res, strong_only=obj.dep_ != "pobj") if r.actor.key not in same]
                if kept:
                    return kept
        # Fall back on any actor named inside the clause ("warns of consequences for relations
        # between the countries"), never on the subject's own side nor inside another event.
        if category not in ABOUT_AN_EVENT:
            return []
        own = same | {r.actor.country for r in subjects if r.actor.country}
        found: list[Ref] = []
        for tok in self._clause_tokens(verb):
            for r in res.of(tok):
                if r.via in cl.STRONG and r.actor.key not in own and r not in found:
                    found.append(r)
        return _distinct(found)[:2]

    def _clause_tokens(self, verb: Token) -> Iterator[Token]:
        stack = [c for c in verb.children if c.dep_ not in {"nsubj", "nsubjpass", "csubj"}]
        while stack:
            tok = stack.pop()
            if (tok.pos_ == "VERB" and lookup_verb(tok)) or (tok.pos_ == "NOUN" and lookup_noun(tok, derived=False)):
                continue
            yield tok
            stack.extend(tok.children)
