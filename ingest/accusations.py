"""Accusations the verb lexicon cannot see: criticism carried by a noun, a name for a deed, a claim.

* "X is a critic of Y", "X, a critic of Y", "X is critical of Y": X ACCUSE Y.
* "X called Y's admission a political maneuver", "characterized the attack as a violation of ...": naming a
  deed with a damning word accuses its doer (the deed's owner, or who did it: "by Z", "the act of Z").
* "X attacked / slammed the proclamation ... by Z": an attack on a deed, not on a body, is criticism of Z.
* "X claimed [violent protesters were sent by the government]", "X alleged [the government is hiding ...]":
  a claim accuses whoever the claimed clause says acted.
* "X said [the Abu Sayyaf Group are the suspected perpetrators]": naming the culprit accuses them.
* "X is opposed to Y's plan": a stance; opposing a proposal or act rejects its author, opposing an actor
  criticises it (active "X opposed the deployment" is made a rejection in ``extract``).
* "X was disappointed by Y's decision": the one disappointed accuses the one who disappointed
  (the lexicon's passive reading would make it the other way round; ``extract`` leaves these to us).

Each yields an ACCUSE event through the clause extractor's own event builder (so confidence, modality and
negation are read as everywhere else). Only actors on both sides, never an actor and itself.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.resolve import Ref, Resolution
from geokg.ingest.targets import actor_pairs

if TYPE_CHECKING:
    from geokg.ingest.extract import ClauseExtractor, Event

CRITIC_NOUNS = {"critic", "opponent", "detractor", "foe"}
CRITICAL_ADJ = {"critical"}
# Words that damn a deed when a speaker names it so.
DAMNING = {"violation", "stunt", "maneuver", "manoeuvre", "crime", "terrorism", "aggression", "provocation", "lie",
           "farce", "insult", "breach", "propaganda", "outrage", "disgrace", "betrayal", "interference", "sham",
           "travesty", "illegal", "unlawful", "null", "void", "invalid", "unacceptable", "hypocrisy", "atrocity",
           "massacre", "genocide", "piracy", "blackmail", "hostile", "aggressive", "criminal", "repression",
           "abuse", "crackdown", "suppression", "persecution", "oppression", "brutality", "torture"}
# Verbs that name another's deed as a reason ("cited the government's repression"): criticism of its doer
# when the deed is damning.
CITING = {"cite", "point", "highlight", "denounce", "decry", "deplore", "lament", "protest"}
NAMING_VERBS = {"call", "characterize", "characterise", "describe", "label", "brand", "term", "dub", "deem"}
DEED_ATTACKS = {"attack", "slam", "blast", "lambaste", "lambast", "assail", "deride", "ridicule", "mock"}
CLAIM_VERBS = {"allege", "claim", "charge", "contend", "assert"}
CULPRIT_WORDS = {"perpetrator", "culprit", "responsible", "mastermind", "behind", "guilty", "doing", "fault",
                 "handiwork"}
OWN_DOING = {"doing", "fault", "handiwork"}  # "Iran's doing": the owner did it
# What one can be asked to accept: opposing it rejects it.
PROPOSALS = {"proposal", "plan", "offer", "mediation", "deployment", "initiative", "bill", "resolution", "motion",
             "idea", "request", "call", "demand", "suggestion", "intervention", "involvement", "participation",
             "membership", "candidacy", "nomination", "deal", "accord", "amendment", "referendum", "invitation"}
PSYCH_VERBS = {"disappoint", "anger", "outrage", "dismay", "upset", "frustrate", "appal", "appall", "infuriate",
               "enrage", "incense"}


def names_something(verb: Token) -> bool:
    """ "called Mohammad's admission a political maneuver": call (describe, label ...) X Y names X, it is no
    phone call."""
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    obj = cl.child(verb, "dobj")
    # "called Thursday on Arabs to unite": a date the parser took for the name is when, not what
    return any(c.dep_ == "oprd" and c.ent_type_ not in {"DATE", "TIME"} for c in verb.children) or (
        obj is not None and any(c.dep_ in {"appos", "oprd"} for c in obj.children))


def psych_passive(verb: Token) -> bool:
    """ "was disappointed by ...": the experiencer is the subject of the accusation, not its target."""
    # passive ("was disappointed by"), or a participle describing the experiencer ("felt angered by");
    # not a perfect tense, whose subject is the cause ("Iran has angered Washington")
    return verb.lemma_.lower() in PSYCH_VERBS and (
        cl.is_passive(verb) or (verb.tag_ == "VBN" and verb.dep_ in {"acomp", "amod", "oprd"}))


def opposed_to(verb: Token) -> bool:
    """ "Israel is opposed to French mediation": a stance, not a passive (nobody opposes Israel)."""
    return (verb.lemma_.lower() == "oppose" and cl.is_passive(verb) and cl.agent_token(verb) is None
            and bool(cl.prep_objects(verb, ("to",), depth=1)))


def opposes_a_thing(verb: Token, res: Resolution) -> bool:
    """ "opposed the deployment of a peacekeeping force": opposing something proposed is a rejection of it (of
    its author, when named); opposing an actor or what it said ("opposed Macron's statement") is criticism."""
    if verb.lemma_.lower() != "oppose":
        return False
    objs = cl.prep_objects(verb, ("to",), depth=1) if opposed_to(verb) else [
        c for c in verb.children if c.dep_ == "dobj"]
    return bool(objs) and all(o.lemma_.lower() in PROPOSALS and not cl.refs_of(o, res, strong_only=True)
                              for o in objs)


class Accusations:
    def __init__(self, clauses: ClauseExtractor) -> None:
        self.x = clauses
        self.res = clauses.res
        self.entry = lexicon.verbs().lookup("criticize") or lexicon.verbs().lookup("accuse")

    def events(self) -> Iterator[Event]:
        if self.entry is None:
            return
        for tok in self.x.doc:
            low = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and low in CRITIC_NOUNS or tok.pos_ == "ADJ" and low in CRITICAL_ADJ:
                yield from self._critic(tok)
            elif tok.pos_ == "VERB":
                if low in NAMING_VERBS:
                    yield from self._naming(tok)
                elif low in DEED_ATTACKS:
                    yield from self._deed_attack(tok)
                elif low in CITING:
                    yield from self._citing(tok)
                elif low in CLAIM_VERBS:
                    yield from self._claim(tok)
                elif psych_passive(tok):
                    yield from self._psych(tok)
                elif opposed_to(tok):
                    yield from self._opposed(tok)
                if low not in CLAIM_VERBS:
                    yield from self._culprit(tok)

    # ---- constructions ----------------------------------------------------------------------
    def _critic(self, tok: Token) -> Iterator[Event]:
        targets = [r for p in cl.prep_objects(tok, ("of",), depth=1) for r in cl.refs_of(p, self.res)]
        holders: list[Ref] = []
        if tok.dep_ == "appos":
            holders = cl.refs_of(tok.head, self.res)
        else:
            head = tok
            while head.dep_ in {"attr", "pobj", "prep", "acomp"} and head.head is not head:
                head = head.head
                if head.pos_ in {"AUX", "VERB"}:
                    break
            if head.pos_ in {"AUX", "VERB"}:
                holders = cl.subject_refs(head, self.res)
        yield from self._emit(holders, targets, tok, "criticize")

    def _naming(self, verb: Token) -> Iterator[Event]:
        obj = cl.child(verb, "dobj")
        if obj is None:
            return
        seconds = [c for c in (*obj.children, *verb.children)
                   if c.dep_ in {"oprd", "appos", "xcomp", "attr", "ccomp", "acomp"} and c is not obj]
        seconds += cl.prep_objects(verb, ("as",), depth=1)
        if not any(t.lemma_.lower() in DAMNING or t.lower_ in DAMNING for c in seconds for t in c.subtree):
            return
        yield from self._emit(self._subjects(verb), self._doers(obj), verb, "denounce")

    def _deed_attack(self, verb: Token) -> Iterator[Event]:
        obj = cl.child(verb, "dobj")
        if obj is None or obj.pos_ != "NOUN" or self.res.of(obj) or cl.is_passive(verb):
            return  # an attack on a body is an assault; only an attack on a deed is criticism
        if lexicon.agents().get(obj.lemma_.lower(), ("", ""))[1] in {"force", "group", "office"}:
            return
        doers = self._doers(obj) or [r for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ == "by"
                                     for r in cl.refs_of(t, self.res, strong_only=True)]
        yield from self._emit(self._subjects(verb), doers, verb, "criticize")

    def _citing(self, verb: Token) -> Iterator[Event]:
        """ "Pompeo cited the Cuban government's ongoing repression of the Cuban people"."""
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        objs += cl.prep_objects(verb, ("to",), depth=1)  # "pointed to the repression"
        for obj in objs:
            if obj.lemma_.lower() in DAMNING and not cl.refs_of(obj, self.res, strong_only=True):
                doers = [r for r in self._doers(obj) if r.via != "place"]
                yield from self._emit(self._subjects(verb), doers, verb, "criticize")

    def _claim(self, verb: Token) -> Iterator[Event]:
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            if cl.negated(comp):
                continue
            agent = cl.agent_token(comp) if cl.is_passive(comp) else cl.child(comp, "nsubj")
            targets = cl.refs_of(agent, self.res) if agent is not None else []
            if not targets and agent is not None and agent.pos_ == "PRON" and verb.dep_ == "advcl":
                # "arrested 33 Russians, claiming them to be mercenaries": whom the main clause acted on
                obj = cl.child(verb.head, "dobj")
                targets = cl.refs_of(obj, self.res) if obj is not None else []
            yield from self._emit(self._subjects(verb), targets, verb, "allege")

    def _culprit(self, verb: Token) -> Iterator[Event]:
        """ "said the Abu Sayyaf Group are the suspected perpetrators"."""
        for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.lemma_.lower() == "be"):
            if cl.negated(comp):
                continue
            pred = [c for c in comp.children if c.dep_ in {"attr", "acomp", "prep"}]
            if not any(t.lemma_.lower() in CULPRIT_WORDS for p in pred for t in (p, *p.children)):
                continue
            subj = cl.child(comp, "nsubj")
            targets = cl.refs_of(subj, self.res) if subj is not None else []
            for p in (p for p in pred if p.lemma_.lower() in OWN_DOING and not targets):
                poss = cl.child(p, "poss")  # "said the crash was likely Iran's doing"
                targets = cl.refs_of(poss, self.res) or cl.refs_of(p, self.res) if poss is not None else []
            yield from self._emit(self._subjects(verb), targets, verb, "blame")

    def _psych(self, verb: Token) -> Iterator[Event]:
        experiencer = cl.child(verb, "nsubjpass", "nsubj")
        subjects = cl.refs_of(experiencer, self.res) if experiencer is not None else []
        causes = [p for p in cl.prep_objects(verb, ("by", "with", "at", "over"), depth=1)]
        agent = cl.agent_token(verb)
        if agent is not None:
            causes.append(agent)
        targets = [r for c in causes for r in (cl.refs_of(c, self.res, strong_only=True) or self._doers(c))]
        yield from self._emit(subjects, targets, verb, "criticize")

    def _opposed(self, verb: Token) -> Iterator[Event]:
        holder = cl.child(verb, "nsubjpass")
        subjects = cl.refs_of(holder, self.res) if holder is not None else []
        objs = cl.prep_objects(verb, ("to",), depth=1)
        if opposes_a_thing(verb, self.res):
            reject = lexicon.verbs().lookup("reject")
            targets = [r for o in objs for r in self._doers(o)]
            if reject is not None:
                yield from self._emit(subjects, targets, verb, "oppose", reject)
            return
        yield from self._emit(subjects, [r for o in objs for r in cl.refs_of(o, self.res)], verb, "oppose")

    # ---- helpers ------------------------------------------------------------------------------
    def _subjects(self, verb: Token) -> list[Ref]:
        """The verb's subjects, or a group its subject names ("members of opposition parties in Serbia")."""
        refs = cl.subject_refs(verb, self.res)
        if refs:
            return refs
        for tok in cl.subject_tokens(verb):
            nouns = [tok, *(p for p in cl.prep_objects(tok, ("of",), depth=1) if tok.lemma_.lower() in cl.PART_NOUNS)]
            for noun in nouns:
                group = self.x.context.group(noun, verb)
                if group is not None:
                    return [group]
        return []

    def _doers(self, deed: Token) -> list[Ref]:
        """Who did a deed the text names by a noun: its owner ("Mohammad's admission"), "by Z", "the act of Z",
        or the deed itself when it is an actor."""
        own = cl.refs_of(deed, self.res)  # "the US attack", "the Parliament's decision": the deed's doer
        if own:
            return own
        poss = cl.child(deed, "poss")
        if poss is not None:
            refs = cl.refs_of(poss, self.res, strong_only=True)
            if refs:
                return refs
        for mod in (c for c in deed.children if c.dep_ in {"compound", "amod", "nmod"}):
            refs = [r for r in cl.refs_of(mod, self.res, strong_only=True) if r.actor.type == "Country"]
            if refs:
                return refs  # "the US attack"
        for p in cl.prep_objects(deed, ("by", "of", "from"), depth=3):
            refs = cl.refs_of(p, self.res, strong_only=True)
            if refs and (p.head.lower_ == "by" or p.head.head is deed):
                return refs
        return []

    def _emit(self, subjects: list[Ref], targets: list[Ref], tok: Token, predicate: str,
              entry: lexicon.VerbEntry | None = None) -> Iterator[Event]:
        entry = entry or self.entry
        if not subjects or not targets or entry is None or self.x._framed(tok):
            return
        neg = cl.negated(tok)
        modal = cl.modality(tok)
        frame = cl.reporting_frame(tok)
        speaker = self.x._speaker(frame)
        attributed = speaker[0].actor if speaker else None
        for s, o in actor_pairs(subjects, targets, own_country=False):
            yield self.x._event(s, o, entry, tok, neg, modal, attributed, predicate=predicate)
