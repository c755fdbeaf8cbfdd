"""Dependency patterns that turn clauses into typed triples.

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
from geokg.ingest.accusations import names_something, psych_passive
from geokg.ingest.groups import PLACE_PREPS, Context, located_group, passive_by_place
from geokg.ingest.models import Actor, slug
from geokg.ingest.predicates import LIGHT_VERBS, MESSAGES, lookup_noun, lookup_verb, verb_lemma
from geokg.ingest.protests import issues_a_request
from geokg.ingest.resolve import Ref, Resolution

SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"}
# Heads that make their complement an intention ("ready to send troops", "offered to mediate").
INTENT_HEADS = {"willing", "ready", "prepared", "eager", "determined", "committed", "offer", "promise",
                "pledge", "vow", "plan", "intend", "expect", "want", "seek", "aim", "prepare", "set"}
# Heads whose complement really happens ("decided to allow", "continued to send"): the complement is the event.
IMPLICATIVE = {"decide", "begin", "start", "continue", "try", "attempt", "manage", "move", "vote", "resume",
               "proceed", "choose", "opt", "go", "keep"}
# Cooperative acts refused: "will not accept refugees" is a rejection, as CAMEO codes it.
REFUSABLE = {"AGREE", "CONCEDE", "SUPPORT"}
FUTURE = {"will", "would", "shall"}
OBSTRUCT = {"block", "blockade", "barricade", "obstruct"}
BANS = {"ban", "outlaw", "prohibit", "bar"}
WHERE = {"in", "near", "outside", "inside", "across", "throughout", "within", "around"}
MAYBE = {"may", "might", "could"}  # a hostile act that may come is a threat
OBLIGATION = {"must", "should"}
CLAIM_NOUNS = {"warning", "claim", "allegation", "accusation", "report", "rumour", "rumor", "suggestion", "fear",
               "charge", "suspicion", "speculation", "assertion"}
INSTRUMENTS = {"bomb", "explosion", "blast", "device", "mine", "rocket", "missile", "shell", "grenade", "gunman",
               "attacker", "assailant", "bomber", "sniper", "bombing", "attack", "ambush", "fire", "shelling"}
# Categories whose complement clause is wanted, threatened or promised, not reported as fact.
FRAMING = {"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE", "SUPPORT"}
# Categories whose target is the agent of the event they are about ("condemned the downing by Turkey").
# Verbs whose subject undergoes the event ("died in custody"), and the phrases that may name who caused it.
UNACCUSATIVE = {"die", "perish"}
CIRCUMSTANCE = ("in", "at", "under", "during", "by", "from", "of", "after", "with")
UNKNOWN_ATTACKERS = "unidentified attackers"  # the name of attackers placed only by where they struck
ABOUT_AN_EVENT = {"ACCUSE", "PROTEST", "REJECT", "REQUEST", "THREATEN"}
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


def _intended(verb: Token) -> bool:
    """Is ``verb`` promised or planned: under "will", the complement of "ready to", "plans to", or the
    purpose or second half of such an act ("is willing to send material [to help defend] Saudi Arabia")?"""
    tok = verb
    for _ in range(5):
        if cl.modality(tok) in FUTURE:
            return not cl.negated(tok)
        head = tok.head
        if head is tok:
            return False
        if tok.dep_ == "xcomp" and head.lemma_.lower() in INTENT_HEADS:
            return True
        purpose = tok.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)
        if not (purpose or tok.dep_ in {"conj", "xcomp"}) or head.pos_ not in {"VERB", "AUX", "ADJ"}:
            return False
        tok = head
    return False


def _prepared(verb: Token) -> bool:
    """Is ``verb`` the complement of the verb "prepare" ("prepared to [resume] shelling"), not of "is prepared"?"""
    tok = verb
    for _ in range(3):
        if tok.dep_ != "xcomp" or tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() == "prepare" and tok.pos_ == "VERB":
            return True
    return False


def _distinct(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.actor.key not in seen:
            seen.add(r.actor.key)
            out.append(r)
    return out


def _nominal_agent(noun: Token, res: Resolution) -> list[Ref]:
    by = cl.prep_objects(noun, ("by", "from") if noun.lemma_.lower() in MESSAGES else ("by",), depth=1)
    if by:
        return cl.refs_of(by[0], res, strong_only=True)
    poss = cl.child(noun, "poss")
    if poss is not None:
        return cl.refs_of(poss, res)
    return [r for r in res.of(noun) if r.via in {"assoc", "force", "office"}]


def _nominal_patient(noun: Token, res: Resolution) -> list[Ref]:
    out: list[Ref] = []
    for p in cl.prep_objects(noun, ("of", "on", "against", "to", "for", "with", "toward", "towards", "into"), 1):
        out.extend(cl.refs_of(p, res))
    return out


class ClauseExtractor:
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
        if psych_passive(verb) or names_something(verb) or issues_a_request(verb):
            self._why(verb, "read by another construction (a psych verb, naming, or a request noun)")
            return  # "was disappointed by X's decision": an accusation of X (``accusations``)
        entry = lookup_verb(verb)
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
        intent = _intended(verb)
        if modal in MAYBE and entry.category in HOSTILE and not cl.negated(verb):
            intent = True
        if not intent:
            return entry
        if entry.category == "ASSAULT" and _prepared(verb):
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
            # "an invitation to attend a meeting [to debate plans]": a purpose is as unreal as its act
            return cl.UP if any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children) else False
        return cl.UP

    def _speaker(self, frame: Token | None) -> list[Ref]:
        if frame is None:
            return []
        return _distinct([r for r in cl.subject_refs(frame, self.res) if r.via != "assoc"])

    def _about(self, noun: Token, category: str) -> list[Ref]:
        """What a criticism, protest or demand is about: the doer of the event or the owner of the thing
        ("condemned the downing ... by Turkish forces", "denounced Serbia's suppression of ...")."""
        res = self.res
        if category not in ABOUT_AN_EVENT | {"CONCEDE"}:  # CONCEDE: "accepted demands from Shona rebels"
            return []
        if lookup_noun(noun) is not None:
            agent = _nominal_agent(noun, res)
            if agent:
                return agent
        by = cl.prep_objects(noun, ("by",), depth=1)  # "in protest against the violations by Algerian forces"
        if by:
            return cl.refs_of(by[0], res, strong_only=True)
        poss = cl.child(noun, "poss")
        return cl.refs_of(poss, res, strong_only=True) if poss is not None else []

    def _targets(self, verb: Token, category: str, subjects: list[Ref]) -> list[Ref]:
        res = self.res
        candidates: list[list[Ref]] = []
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
                (where if p.head.lower_ in WHERE else candidates).extend(
                    [self._about(p, category), cl.refs_of(p, res, strong_only=False)])
        # Where it happened ("blocked streets in Hong Kong in defiance of Chinese authorities") comes last,
        # after an unnamed group placed by its context; the addressee ("complained to the UN over Israeli
        # raids") after what it is about.
        objs = cl.prep_objects(verb)
        for p in sorted(objs, key=lambda p: p.head.lower_ == "to" and category in ABOUT_AN_EVENT):
            if p.head.text.lower() != "by":
                (where if p.head.lower_ in WHERE else candidates).extend(
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
        agents = _distinct(_nominal_agent(noun, self.res))
        patients = _distinct(_nominal_patient(noun, self.res))
        if not agents or not patients:
            return
        for s in agents:
            for o in patients:
                if s.actor.key != o.actor.key and s.actor.key != o.actor.country:
                    yield self._event(s, o, entry, noun, False, None, None)
