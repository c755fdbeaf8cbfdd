"""Dependency patterns that turn clauses into typed triples (the target search lives in ``targets.py``;
constructions the verb lexicon cannot see in ``accusations.py``, ``protests.py`` and ``responses.py``).

Event relations come from the verb lexicon (``ingest/data/verbs.tsv``): a clause's
verb lemma, particle, object noun and prepositions select a PLOVER category. The
patterns here only find who acts on whom: active and passive voice, coordination,
control ("urged Russia to withdraw"), nominalisations ("the downing of a Russian
jet by Turkish forces"), light verbs ("staged a rally"), reported speech and its
attribution, negation and modality. Structural relations live in ``structural.py``; groups the text
names without a country ("demonstrators", "ethnic Albanians in Serbia") are placed by ``groups.py``.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.accusations import names_something, opposed_to, opposes_a_thing, psych_passive
from geokg.ingest.groups import Context, located_group, passive_by_place
from geokg.ingest.modality import INTENT_HEADS, a_question, a_self_claim, intended, prepared
from geokg.ingest.models import Actor
from geokg.ingest.predicates import LIGHT_VERBS, MESSAGES, lookup_noun, lookup_verb, verb_lemma
from geokg.ingest.protests import issues_a_request
from geokg.ingest.resolve import Ref, Resolution
from geokg.ingest.responses import MESSAGE_KIND, REFUSING
from geokg.ingest.targets import (
    UNKNOWN_ATTACKERS,
    TargetsMixin,
    _distinct,
    _nominal_agent,
)

SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"}
# Verbs that, with "X to do", ask X to do it ("encouraged the CIA to release the files").
URGING = {"encourage", "advise"}
# Heads that make their complement an intention ("ready to send troops", "offered to mediate").
# Heads whose complement really happens ("decided to allow", "continued to send"): the complement is the event.
IMPLICATIVE = {"decide", "begin", "start", "continue", "try", "attempt", "manage", "move", "vote", "resume",
               "proceed", "choose", "opt", "go", "keep"}
# Cooperative acts refused: "will not accept refugees" is a rejection, as CAMEO codes it.
ORDERS = {"order", "force", "compel", "instruct", "direct"}
STOPPING = {"suspend", "stop", "close", "cease", "halt", "shut", "end", "leave", "disband", "dissolve", "quit"}
CANCELLING = {"cancel", "postpone", "scrap", "suspend", "delay", "abandon", "shelve", "defer"}
REFUSABLE = {"AGREE", "CONCEDE", "SUPPORT"}
OBSTRUCT = {"block", "blockade", "barricade", "obstruct"}
BANS = {"ban", "outlaw", "prohibit", "bar"}
MAYBE = {"may", "might", "could"}  # a hostile act that may come is a threat
OBLIGATION = {"must", "should"}
CLAIM_NOUNS = {"warning", "claim", "allegation", "accusation", "report", "rumour", "rumor", "suggestion", "fear",
               "charge", "suspicion", "speculation", "assertion"}
# Categories whose complement clause is wanted, threatened or promised, not reported as fact.
FRAMING = {"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE", "SUPPORT"}
# Verbs whose subject undergoes the event ("died in custody"), and the phrases that may name who caused it.
UNACCUSATIVE = {"die", "perish"}
CIRCUMSTANCE = ("in", "at", "under", "during", "by", "from", "of", "after", "with")
STRENGTH = {"name": 1.0, "person": 1.0, "force": 0.85, "office": 0.85, "group": 0.8, "description": 0.75,
            "pronoun": 0.65, "assoc": 0.55, "place": 0.55}


@dataclass(frozen=True)
class Event:
    """One extracted relation, before it becomes a Triple (the pipeline adds evidence and ids)."""

    subject: Actor
    relation: str
    object: Actor
    predicate: str
    token: int  # the verb or noun that carries it (its sentence is the evidence)
    mode: str | None = None
    cameo: str | None = None
    negated: bool = False
    attributed_to: Actor | None = None
    confidence: float = 0.5
    attributes: tuple[tuple[str, object], ...] = ()


def _nominal_patient(noun: Token, res: Resolution) -> list[Ref]:
    out: list[Ref] = []
    for p in cl.prep_objects(noun, ("of", "on", "against", "to", "for", "with", "toward", "towards", "into"), 1):
        out.extend(cl.refs_of(p, res))
    if not out and noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.lemma_ in {
            "be", "remain", "stay", "come", "fall", "live"}:
        # "Turkey is already under EU sanctions": who is under them
        out.extend(cl.subject_refs(noun.head.head, res))
    return out


class ClauseExtractor(TargetsMixin):
    def __init__(self, doc: Doc, res: Resolution, trace: dict[int, list[str]] | None = None) -> None:
        self.doc = doc
        self.res = res
        self.trace = trace  # token -> why a candidate there made no triple (``geokg explain``)
        self.categories = lexicon.categories()
        self.context = Context(doc, res)

    def events(self) -> Iterator[Event]:
        for tok in self.doc:
            if tok.pos_ == "VERB":
                yield from self._verb_events(tok)
            elif tok.pos_ in {"NOUN", "PROPN"}:
                yield from self._nominal_events(tok)

    def _why(self, tok: Token, reason: str) -> None:
        if self.trace is not None:
            self.trace.setdefault(tok.i, []).append(reason)

    # ---- verbs ------------------------------------------------------------------------------
    def _verb_events(self, verb: Token) -> Iterator[Event]:
        if verb.dep_ == "amod" or verb.text.lower() in {"according", "following", "regarding", "concerning"}:
            return  # "the US-led war", "according to officials": not events
        if psych_passive(verb) or opposed_to(verb) or names_something(verb) or issues_a_request(verb):
            self._why(verb, "read by another construction (a psych verb, naming, or a request noun)")
            return  # "was disappointed by X's decision": an accusation of X (``accusations``)
        if a_question(verb):
            self._why(verb, "a question, not a request")
            return  # "the press asked Trump about it", "declined to comment"
        if a_self_claim(verb):
            self._why(verb, "a claim about the claimer itself")
            return  # "claims to be manufacturing weapons": no accusation of anyone
        entry = lookup_verb(verb)
        if entry is not None and opposes_a_thing(verb, self.res):
            entry = lexicon.verbs().lookup("reject") or entry  # "opposed the deployment of ...": a rejection
        if entry is not None and verb.lemma_.lower() in URGING and any(
                c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
            entry = lexicon.verbs().lookup("urge") or entry  # "encouraged the CIA to release the files"
        if verb.lemma_.lower() in REFUSING and any(
                c.dep_ == "dobj" and c.lemma_.lower() in MESSAGE_KIND for c in verb.children):
            self._why(verb, "an answer to a message: read by ``responses``")
            return  # "denied all claims that Khashoggi was slain": not a rejection of Khashoggi
        if cl.stative_passive(verb):
            # "were engaged in ethnic cleansing": the act is the one the "in" phrase names
            acts = [lookup_noun(p) for p in cl.prep_objects(verb, ("in",), depth=1)]
            entry = next((a for a in acts if a is not None and a.category), None)
        if entry is None or not entry.category:
            return
        if verb.lemma_.lower() in IMPLICATIVE and any(c.dep_ == "xcomp" for c in verb.children):
            self._why(verb, "its complement carries the event")
            return  # "decided to allow ...": the complement carries the event
        if verb.lemma_.lower() in INTENT_HEADS and any(
                c.dep_ == "xcomp" and c.pos_ == "VERB" and lookup_verb(c) for c in verb.children):
            self._why(verb, "its complement carries the event, as an intention")
            return  # "plans to impose restrictions": the complement, as an intention (``_intent``)
        if self._framed(verb):
            self._why(verb, "framed: wanted, threatened, promised or claimed by a verb above it")
            return  # "urged Russia [to withdraw]": the wanted act is not a reported event
        asserted, entry = entry.category, self._intent(verb, entry)
        neg = cl.negated(verb)
        if neg and entry.category in REFUSABLE:
            reject = lexicon.verbs().lookup("reject")
            if reject is not None:
                entry, neg = replace(reject, predicate=f"refuse_{entry.predicate}"), False
        frame = cl.reporting_frame(verb)
        if frame is not None and cl.negated(frame):
            self._why(verb, f"under a negated reporting verb ({frame.text!r})")
            return  # "did not say he had ordered it": nothing is reported
        speaker = self._speaker(frame)
        if verb_lemma(verb) in UNACCUSATIVE and not cl.is_passive(verb):
            yield from self._deaths(verb, entry, neg, cl.modality(verb), speaker[0].actor if speaker else None)
            return
        subjects = (_distinct(cl.subject_refs(verb, self.res)) or located_group(verb, self.res)
                    or self._context_subject(verb) or passive_by_place(verb, entry.category, self.res)
                    or self._unknown_attackers(verb, entry.category))
        if not subjects and speaker and entry.category == "REQUEST" and cl.subject_is_placeholder(verb):
            subjects = speaker  # "Obama says [the way] will require Russia to ..."
        if not subjects:
            self._why(verb, "no actor as its subject")
            return
        if entry.category == "COERCE" and verb_lemma(verb) in OBSTRUCT and self._people(verb, subjects):
            entry = replace(entry, category="PROTEST", mode="obstruct", cameo="144")  # protesters block roads
        # "would prohibit aid to Albanian rebels": whom a threat is against is found as for the act itself
        own = asserted if entry.predicate.startswith("intend_") else entry.category
        targets = self._targets(verb, own, subjects)
        modal = cl.modality(verb)
        if modal in OBLIGATION and frame is not None:
            self._why(verb, "an obligation someone states: read as a demand")
            return  # "the Red Cross said US forces must ensure security": a demand (``demands``), not an act
        attributed = speaker[0].actor if speaker else None
        pairs = self._pairs(subjects, targets, own)
        if not pairs and len(subjects) > 1 and self._joint(verb, own):
            # "French and Egyptian warships launched war games", "Palestinians and Israelis failed to reach
            # agreement": coordinated subjects of a joint act relate to each other
            if own == "MOBILIZE":
                entry = replace(entry, category="COOPERATE", mode=None, cameo="062")
            pairs = self._pairs(subjects, [], "COOPERATE")
        if not pairs:
            self._why(verb, "no actor as its target" if not targets else "its only target is its subject")
        for s, o in pairs:
            yield self._event(s, o, self._domestic(entry, verb, s, o), verb, neg, modal, attributed)
        # "Turkey says Russia violated its airspace": a reported hostile act is an accusation of its doer,
        # whether or not the clause names the victim; a report of attackers nobody names accuses nobody.
        if speaker and entry.category in HOSTILE and not neg:
            accuse = lexicon.verbs().lookup("accuse")
            for sp in speaker:
                for s in (s for s in subjects if not s.actor.name.startswith(UNKNOWN_ATTACKERS)):
                    if accuse and s.actor.key != sp.actor.key and s.actor.key != sp.actor.country:
                        yield self._event(sp, s, accuse, verb, False, None, sp.actor, predicate="allege")

    def _deaths(self, verb: Token, entry: lexicon.VerbEntry, neg: bool, modal: str | None,
                attributed: Actor | None) -> Iterator[Event]:
        """ "A Palestinian prisoner died of torture in Israeli police custody": who dies is the victim; the
        doer is a state's force or agency named in the circumstances (never the place where it happened)."""
        victims = _distinct(cl.subject_refs(verb, self.res))
        doers = _distinct([r for p in cl.prep_objects(verb, CIRCUMSTANCE, depth=2) for r in cl.refs_of(p, self.res)
                           if r.via in {"assoc", "force", "office"} or p.head.lower_ == "by"])
        for s, o in self._pairs(doers, victims, entry.category):
            yield self._event(s, o, entry, verb, neg, modal, attributed)

    def demands(self) -> Iterator[Event]:
        """ "Russia said Sudan must return the helicopter": the speaker REQUESTs the one who must act."""
        request = lexicon.verbs().lookup("demand")
        if request is None:
            return
        for verb in self.doc:
            if verb.pos_ not in {"VERB", "AUX"} or cl.modality(verb) not in OBLIGATION:
                continue
            speaker = self._speaker(cl.reporting_frame(verb) or self._demand_noun(verb))
            if not speaker:
                continue
            for s in speaker:
                for o in _distinct(cl.subject_refs(verb, self.res)):
                    if o.actor.key != s.actor.key:
                        yield self._event(s, o, request, verb, cl.negated(verb) and False, None, s.actor,
                                          predicate="demand")

    def _demand_noun(self, verb: Token) -> Token | None:
        """ "issued a reminder to Iraq that it must ...": the verb whose object holds the clause."""
        head = verb.head
        if verb.dep_ in {"acl", "ccomp"} and head.pos_ == "NOUN" and head.head.pos_ == "VERB":
            return head.head
        return None

    def _intent(self, verb: Token, entry: lexicon.VerbEntry) -> lexicon.VerbEntry:
        """A promised or planned act is AGREE (cooperative) or THREATEN (hostile), as CAMEO codes it."""
        modal = cl.modality(verb)
        intent = intended(verb)
        if modal in MAYBE and entry.category in HOSTILE and not cl.negated(verb):
            intent = True
        if not intent:
            return entry
        if entry.category == "ASSAULT" and prepared(verb):
            # "the army prepared to resume shelling": readying an attack is a force posture (CAMEO 15)
            return replace(entry, category="MOBILIZE", cameo="15", predicate=f"prepare_{entry.predicate}", mode=None)
        if entry.category in COOPERATIVE and entry.category != "AGREE":
            target = "AGREE"
        elif entry.category in HOSTILE:
            target = "THREATEN"
        else:
            return entry
        return replace(entry, category=target, cameo="03" if target == "AGREE" else "13",
                       predicate=f"intend_{entry.predicate}", mode=None)

    def _domestic(self, entry: lexicon.VerbEntry, verb: Token, s: Ref, o: Ref) -> lexicon.VerbEntry:
        """A state banning its own parties or candidates represses them (CAMEO 1722, COERCE); a ban between
        states or on foreign firms is a sanction."""
        if (entry.category == "SANCTION" and verb_lemma(verb) in BANS and o.actor.type in {"Group", "Person"}
                and o.actor.country and o.actor.country == (s.actor.country or s.actor.key)):
            return replace(entry, category="COERCE", mode="ban", cameo="1722")
        if (entry.category == "REQUEST" and verb_lemma(verb) in ORDERS and o.actor.type in {"Organization", "Group"}
                and o.actor.country and o.actor.country == (s.actor.country or s.actor.key)
                and any(c.dep_ in {"xcomp", "ccomp"} and c.lemma_.lower() in STOPPING for c in verb.children)):
            # "the government ordered the opposition newspaper to suspend publication": censorship (CAMEO 1721)
            return replace(entry, category="COERCE", mode="restrict", cameo="1721")
        return entry

    def _joint(self, verb: Token, category: str) -> bool:
        """A manoeuvre, or an act whose complement is done together ("failed to reach agreement")."""
        if category == "MOBILIZE":
            return True
        for comp in (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
            entry = lookup_verb(comp)
            if entry is not None and entry.category in SYMMETRIC:
                return True
        return False

    def _people(self, verb: Token, subjects: list[Ref]) -> bool:
        """Is the subject a group of people ("workers", "Algerians") rather than a state or its forces?"""
        toks = cl.subject_tokens(verb)
        return all(r.via == "group" for r in subjects) or any(t.tag_ == "NNPS" for t in toks)

    def _framed(self, verb: Token) -> bool:
        """Is ``verb`` wanted, threatened or promised by a framing verb above it, or the unconfirmed
        content of a claim ("warnings that it had violated ...")? Memoised along the walk up (long chains of
        conjoined clauses stay linear)."""
        return cl.walk_up(verb, "framed", self._frame_step)

    def _frame_step(self, tok: Token) -> bool | object:
        """The answer of ``_framed`` decided at ``tok``'s own attachment, or ``cl.UP`` to ask its head."""
        if tok.head is tok or tok.dep_ not in {"conj", "xcomp", "ccomp", "advcl", "acl"}:
            return False
        if cl.misattached_conjunct(tok):
            return cl.walk_up(tok.head.head, "framed", self._frame_step)
        dep, head = tok.dep_, tok.head
        if dep == "acl" and head.lemma_.lower() in CLAIM_NOUNS | MESSAGES:
            return True  # "warnings that it had violated ...", "an invitation to attend a meeting"
        if dep == "xcomp" and head.lemma_.lower() in INTENT_HEADS:
            return False  # "plans to impose": an intention, not a wish of someone else
        if dep == "acl":
            return False
        framing = dep in {"xcomp", "ccomp"} or (
            dep == "advcl" and any(m.dep_ == "mark" and m.text.lower() == "for" for m in tok.children))
        if framing and head.pos_ == "VERB" and head.lemma_.lower() not in IMPLICATIVE:  # "decided to allow"
            entry = lookup_verb(head)
            if entry is not None and entry.category in FRAMING:
                return True
        if dep == "advcl" and not framing:
            if not any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children):
                return False
            entry = lookup_verb(head) if head.pos_ == "VERB" else None
            if entry is not None and entry.category == "REQUEST":
                return True  # "called on Arabs [to unite]" parsed as a purpose: what is asked for
            return cl.UP  # "an invitation to attend a meeting [to debate plans]": a purpose is as unreal as its act
        return cl.UP

    def _speaker(self, frame: Token | None) -> list[Ref]:
        if frame is None:
            return []
        return _distinct([r for r in cl.subject_refs(frame, self.res) if r.via != "assoc"])

    def _pairs(self, subjects: list[Ref], targets: list[Ref], category: str) -> list[tuple[Ref, Ref]]:
        if category in SYMMETRIC and len(subjects) > 1:  # "Hungary and Romania agreed"
            return [(subjects[i], subjects[j]) for i in range(len(subjects)) for j in range(i + 1, len(subjects))]
        return [(s, o) for s in subjects for o in targets if s.actor.key != o.actor.key]

    def _event(self, s: Ref, o: Ref, entry: lexicon.VerbEntry, tok: Token, neg: bool, modal: str | None,
               attributed: Actor | None, predicate: str | None = None) -> Event:
        conf = 0.35 + 0.4 * min(STRENGTH.get(s.via, 0.5), STRENGTH.get(o.via, 0.5))
        conf += 0.15 if entry.noun or entry.particle or entry.prep else 0.1
        if modal:
            conf -= 0.1
        if attributed is not None:
            conf -= 0.05
        attrs = (("modality", modal),) if modal else ()
        return Event(s.actor, entry.category, o.actor, predicate or entry.predicate, tok.i, entry.mode,
                     entry.cameo, neg, attributed, round(max(0.05, min(conf, 0.99)), 3), attrs)

    # ---- nominalisations ----------------------------------------------------------------
    def _nominal_events(self, noun: Token) -> Iterator[Event]:
        entry = lookup_noun(noun)
        if entry is None or not entry.category:
            return
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            return  # "staged a rally": the verb clause carries it
        if noun.dep_ in {"dobj", "nsubjpass"} and (noun.head.lemma_.lower() in CANCELLING or (
                noun.head.lemma_.lower() == "call" and any(c.dep_ == "prt" and c.lower_ == "off"
                                                           for c in noun.head.children))):
            self._why(noun, "cancelled or put off: no event")
            return  # "canceled his visit to Istanbul": the visit does not happen
        agents = _distinct(_nominal_agent(noun, self.res))
        patients = _distinct(_nominal_patient(noun, self.res))
        if not agents and patients and entry.category == "CONSULT" and noun.dep_ == "pobj" \
                and noun.head.head.pos_ in {"VERB", "AUX"}:
            # "Zelensky said in a meeting with Honcharuk": who meets is the clause's subject
            agents = _distinct(cl.subject_refs(noun.head.head, self.res))
        if not agents and not patients and entry.category in SYMMETRIC and noun.dep_ == "pobj" \
                and noun.head.lower_ in {"for", "in", "during", "at"} and noun.head.head.pos_ == "VERB":
            # "U.S. and Russian negotiators return to Geneva for talks": the clause's subjects meet each other
            together = _distinct(cl.subject_refs(noun.head.head, self.res))
            if len(together) > 1:
                for a, b in self._pairs(together, [], entry.category):
                    yield self._event(a, b, entry, noun, False, None, None)
                return
        if agents and not patients and noun.dep_ == "pobj" and noun.head.lower_ in {"despite", "amid", "amidst"} \
                and noun.head.head.pos_ in {"VERB", "AUX"}:
            # "Erdogan pledged the conversion despite criticism by Greece": aimed at whoever acted despite it
            patients = _distinct(cl.subject_refs(noun.head.head, self.res))
        if not agents or not patients:
            if entry.category:
                self._why(noun, "no actor doing it" if not agents else "no actor it is done to")
            return
        for s in agents:
            for o in patients:
                if s.actor.key != o.actor.key and s.actor.key != o.actor.country:
                    yield self._event(s, o, entry, noun, False, None, None)
