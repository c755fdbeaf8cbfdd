"""Answers to what someone said: "the embassy declined the request", "Iran denied the accusation",
"did not accede to the protesters' demands", "which the President accepted".

A response verb (decline, reject, refuse, deny, dismiss, ignore; accept, grant, heed, accede) whose object
is a message noun (request, demand, accusation, offer ...) answers that message's author: the noun's owner
("the protesters' demands"), its "from"/"by" phrase, or else the author of the latest event of that kind
earlier in the article that was aimed at the responder (or at the responder's state). Refusing answers are
REJECT, accepting ones AGREE; a negated acceptance ("did not accede to") is a refusal.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.groups import located_group
from geokg.ingest.resolve import Ref
from geokg.ingest.targets import actor_pairs

if TYPE_CHECKING:
    from geokg.ingest.extract import ClauseExtractor, Event

REFUSING = {"decline", "reject", "refuse", "deny", "dismiss", "ignore", "rebuff", "spurn", "snub"}
ACCEPTING = {"accept", "grant", "heed", "accede", "approve", "welcome", "meet", "satisfy", "honour", "honor"}
INQUIRIES = {"investigation", "inquiry", "enquiry", "probe", "inquest"}
ASKING = {"call", "demand", "urge", "seek", "want", "request", "press", "push", "ask"}
# What kind of earlier event a message noun answers.
MESSAGE_KIND = {
    "request": "REQUEST", "demand": "REQUEST", "call": "REQUEST", "appeal": "REQUEST", "plea": "REQUEST",
    "ultimatum": "THREATEN", "accusation": "ACCUSE", "allegation": "ACCUSE", "charge": "ACCUSE",
    "claim": "ACCUSE", "criticism": "ACCUSE", "offer": "AGREE", "proposal": "AGREE", "invitation": "AGREE",
    "apology": "CONCEDE",
}

PROPOSED = {"REQUEST", "AGREE"}  # kinds of message whose answer concerns what they propose


class Responses:
    def __init__(self, clauses: ClauseExtractor, earlier: Sequence[Event]) -> None:
        self.x = clauses
        self.res = clauses.res
        self.earlier = sorted(earlier, key=lambda e: e.token)
        verbs = lexicon.verbs()
        self.reject = verbs.lookup("reject")
        self.agree = verbs.lookup("accept") or verbs.lookup("agree")

    def events(self) -> Iterator[Event]:
        for verb in self.x.doc:
            if verb.pos_ != "VERB":
                continue
            lemma = verb.lemma_.lower()
            if lemma not in REFUSING | ACCEPTING:
                continue
            message = self._message(verb)
            if message is None:
                continue
            refusing = (lemma in REFUSING) != cl.negated(verb)
            entry = self.reject if refusing else self.agree
            if entry is None:
                continue
            subjects = cl.subject_refs(verb, self.res) or located_group(verb, self.res)
            authors = self._authors(message, verb, subjects)
            predicate = f"{'refuse' if refusing else 'accept'}_{message.lemma_.lower()}"
            for s, o in actor_pairs(subjects, authors, own_country=False):
                yield self.x._event(s, o, entry, verb, False, cl.modality(verb), None, predicate=predicate)

    def inquiries(self) -> Iterator[Event]:
        """ "Amnesty International has called for an investigation into the shooting": a demand of whoever
        did the deed, the author of the latest such event earlier in the article."""
        demand = lexicon.verbs().lookup("demand")
        if demand is None:
            return
        for noun in self.x.doc:
            if noun.lemma_.lower() not in INQUIRIES or noun.pos_ != "NOUN":
                continue
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in ASKING:
                continue
            deeds = [p for p in cl.prep_objects(noun, ("into", "of", "over"), depth=1)
                     if not cl.refs_of(p, self.res, strong_only=True)]
            doers: list[Ref] = []
            for deed in deeds:
                stem = deed.lemma_.lower().removesuffix("ing")
                for e in reversed(self.earlier):
                    if e.token >= noun.i or not e.predicate.startswith((stem, deed.lemma_.lower())):
                        continue
                    if e.subject.type in {"Location"} or (e.subject.type == "Person" and not e.subject.country):
                        continue  # a doer the article does not place is no one to ask
                    doers = [Ref(e.subject, "description")]
                    break
            subjects = cl.subject_refs(verb, self.res)
            for s, o in actor_pairs(subjects, doers):
                yield self.x._event(s, o, demand, verb, cl.negated(verb), cl.modality(verb), None,
                                    predicate="demand_investigation")

    def _message(self, verb: Token) -> Token | None:
        objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        objs += cl.prep_objects(verb, ("to",), depth=1)  # "accede to the demands"
        for obj in objs:
            if obj.lemma_.lower() in MESSAGE_KIND:
                return obj
        # "which the President accepted": the relative clause's antecedent
        if verb.dep_ == "relcl" and verb.head.lemma_.lower() in MESSAGE_KIND:
            return verb.head
        return None

    def _authors(self, message: Token, verb: Token, responders: list[Ref]) -> list[Ref]:
        poss = cl.child(message, "poss")
        if poss is not None:  # "the protesters' demands": their author, or a group its context places
            refs = cl.refs_of(poss, self.res) or cl.refs_of(message, self.res)  # the owner may sit on the noun
            group = self.x.context.group(poss, verb) if not refs else None
            return refs or ([group] if group is not None else [])
        for p in cl.prep_objects(message, ("from", "by", "of"), depth=1):
            refs = cl.refs_of(p, self.res)
            if refs:
                return refs
        own = cl.refs_of(message, self.res)  # "a U.S. request", "an Indian offer"
        if own:
            return own
        kind = MESSAGE_KIND[message.lemma_.lower()]
        if _anaphoric(message):
            mine = {r.actor.key for r in responders} | {r.actor.country for r in responders if r.actor.country}
            for e in reversed(self.earlier):
                if e.token >= verb.i or e.relation != kind:
                    continue
                if e.object.key in mine or (e.object.country and e.object.country in mine):
                    return [Ref(e.subject, "description")]
        if kind not in PROPOSED:
            return []  # "denied all claims that ...": which claims, by whom, the text does not say
        # "rejected a call for its forces to be deployed in East Timor", "an invitation to a meeting of
        # Palestinian factions": an unsigned proposal answers whom it concerns
        mine = {r.actor.key for r in responders}
        about = [r for t in message.subtree if t is not message for r in self.res.of(t)
                 if r.via in cl.STRONG and r.actor.key not in mine and r.actor.type != "Location"]
        return about[:1]


def _anaphoric(message: Token) -> bool:
    """ "the request", "this accusation": a message named before, not one described here."""
    dets = {c.lower_ for c in message.children if c.dep_ == "det"}
    described = any(c.dep_ in {"acl", "ccomp", "relcl"} for c in message.children)
    return bool(dets & {"the", "this", "that", "these", "those", "such"}) and not described
