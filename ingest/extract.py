"""Dependency patterns that turn clauses into typed triples.

Event relations come from the verb lexicon (``ingest/data/verbs.tsv``): a clause's
verb lemma, particle, object noun and prepositions select a PLOVER category. The
patterns here only find who acts on whom: active and passive voice, coordination,
control ("urged Russia to withdraw"), nominalisations ("the downing of a Russian
jet by Turkish forces"), light verbs ("staged a rally"), reported speech and its
attribution, negation and modality. Structural relations live in ``structural.py``.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.models import Actor, slug
from geokg.ingest.resolve import Ref, Resolution

SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"}
# Heads that make their complement an intention ("ready to send troops", "offered to mediate").
INTENT_HEADS = {"willing", "ready", "prepared", "eager", "determined", "committed", "offer", "promise",
                "pledge", "vow", "plan", "intend", "expect", "want", "seek", "aim", "prepare", "set"}
# Heads whose complement really happens ("decided to allow", "continued to send"): the complement is the event.
IMPLICATIVE = {"decide", "begin", "start", "continue", "try", "attempt", "manage", "move", "vote", "resume",
               "proceed", "choose", "opt", "go", "keep", "fail"}
# Cooperative acts refused: "will not accept refugees" is a rejection, as CAMEO codes it.
REFUSABLE = {"AGREE", "CONCEDE", "SUPPORT"}
FUTURE = {"will", "would", "shall"}
OBLIGATION = {"must", "should"}
CLAIM_NOUNS = {"warning", "claim", "allegation", "accusation", "report", "rumour", "rumor", "suggestion", "fear",
               "charge", "suspicion", "speculation", "assertion"}
INSTRUMENTS = {"bomb", "explosion", "blast", "device", "mine", "rocket", "missile", "shell", "grenade", "gunman",
               "attacker", "assailant", "bomber", "sniper", "bombing", "attack", "ambush", "fire", "shelling"}
PLACE_PREPS = {"in", "at", "outside", "across", "throughout", "from", "near"}
CROWD_WORDS = {"people", "protester", "protestor", "demonstrator", "crowd", "thousand", "hundred", "resident",
               "student", "worker", "supporter", "activist", "youth", "villager", "citizen"}
GROUP_WORDS = CROWD_WORDS | {"group", "opposition", "party", "union", "movement", "association", "committee",
                             "council", "coalition", "faction", "organisation", "organization"}
# Categories whose complement clause is wanted, threatened or promised, not reported as fact.
FRAMING = {"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE", "SUPPORT"}
# Categories whose target is the agent of the event they are about ("condemned the downing by Turkey").
ABOUT_AN_EVENT = {"ACCUSE", "PROTEST", "REJECT", "REQUEST", "THREATEN"}
LIGHT_VERBS = {"renew", "resume", "continue", "open", "complete", "pursue", "undertake", "stage", "hold",
               "launch", "carry", "make", "give", "issue", "impose", "express", "conduct",
               "mount", "begin", "start", "lodge", "file", "deliver", "extend", "offer", "provide",
               "send", "voice", "announce", "order", "take", "join", "lead", "organize", "organise"}
NOMINAL = {
    "downing": "down", "invasion": "invade", "condemnation": "condemn", "accusation": "accuse",
    "criticism": "criticize", "demonstration": "demonstrate", "agreement": "agree", "negotiation": "negotiate",
    "withdrawal": "withdraw", "deployment": "deploy", "expulsion": "expel", "warning": "warn",
    "threat": "threaten", "meeting": "meet", "talk": "talk", "assistance": "assist", "cooperation": "cooperate",
    "rejection": "reject", "refusal": "refuse", "airstrike": "bomb", "air strike": "bomb", "seizure": "seize",
    "mediation": "mediate", "mobilization": "mobilize", "mobilisation": "mobilize", "occupation": "occupy",
    "annexation": "annex", "bombardment": "bombard", "incursion": "invade", "offensive": "attack",
    "condolence": "console", "visit": "visit", "support": "support", "attack": "attack", "sanction": "sanction",
    "embargo": "embargo", "boycott": "boycott", "protest": "protest", "rally": "rally", "strike": "strike",
    "aid": "aid", "arrest": "arrest", "blockade": "blockade", "demand": "demand", "appeal": "appeal",
    "request": "request", "release": "release", "retreat": "retreat", "help": "help", "raid": "raid",
    "riot": "riot", "crackdown": "suppress",
}
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


def verb_lemma(verb: Token) -> str:
    """The verb's lemma, second-guessing the tagger's lemmatiser when the lexicon does not know it
    ("staged" -> "stag" is a known slip: try "stage")."""
    lemma = verb.lemma_.lower()
    lex = lexicon.verbs()
    if lemma in lex:
        return lemma
    text = verb.text.lower()
    candidates = []
    if text.endswith("ied"):
        candidates.append(text[:-3] + "y")
    if text.endswith("ed"):
        candidates += [text[:-1], text[:-2], text[:-3] if len(text) > 4 and text[-3] == text[-4] else ""]
    if text.endswith("ing"):
        candidates += [text[:-3] + "e", text[:-3], text[:-4] if len(text) > 5 and text[-4] == text[-5] else ""]
    if text.endswith("ies"):
        candidates.append(text[:-3] + "y")
    if text.endswith("es"):
        candidates.append(text[:-2])
    if text.endswith("s"):
        candidates.append(text[:-1])
    return next((c for c in candidates if c and c in lex), lemma)


def lookup_verb(verb: Token) -> lexicon.VerbEntry | None:
    lemma = verb_lemma(verb)
    prt = cl.child(verb, "prt")
    objs = [c for c in verb.children if c.dep_ in {"dobj", "attr", "nsubjpass", "dative"}]
    nouns = [o.lemma_.lower() for o in objs]
    nouns += [p.lemma_.lower() for o in objs for p in cl.prep_objects(o, depth=1)]
    nouns += [p.lemma_.lower() for p in cl.prep_objects(verb, depth=1)]
    preps = [c.text.lower() for c in verb.children if c.dep_ in {"prep", "agent"}]
    preps += [m.text.lower() for c in verb.children if c.dep_ in {"advcl", "ccomp", "xcomp"}
              for m in c.children if m.dep_ == "mark" and m.text.lower() in {"for", "on"}]
    entry = lexicon.verbs().lookup(lemma, particle=prt.text.lower() if prt is not None else None,
                                   nouns=nouns, preps=preps)
    if entry is None and lemma in LIGHT_VERBS:
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            entry = lookup_noun(obj)
            if entry is not None:
                break
    return entry


NOT_EVENTS = {"relation", "nation", "position", "question", "situation", "condition", "region", "population",
              "election", "information", "organization", "organisation", "administration", "institution",
              "station", "edition", "government", "movement", "parliament", "department", "settlement"}


def lookup_noun(noun: Token, derived: bool = True) -> lexicon.VerbEntry | None:
    """The event a noun names: a listed nominalisation, an -ing form, or (``derived``) an -ion/-ment noun."""
    lemma = noun.lemma_.lower()
    verb = NOMINAL.get(lemma)
    if verb is None and lemma.endswith("ing") and len(lemma) > 5:
        verb = lemma[:-3]
    if verb is None and derived and lemma not in NOT_EVENTS and len(lemma) > 6 and lemma.endswith(("ion", "ment")):
        stem = lemma[:-4] if lemma.endswith("ment") else lemma[:-3]
        forms = [stem, stem + "e", lemma[:-4] + "d" if lemma.endswith("sion") else ""]
        if lemma.endswith("ation"):
            forms.append(lemma[:-5] + "e")
        verb = next((f for f in forms if f and f in lexicon.verbs()), None)
    if verb is None:
        return None
    preps = [c.text.lower() for c in noun.children if c.dep_ == "prep"]
    return lexicon.verbs().lookup(verb, preps=preps)


def _distinct(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.actor.key not in seen:
            seen.add(r.actor.key)
            out.append(r)
    return out


def _nominal_agent(noun: Token, res: Resolution) -> list[Ref]:
    by = cl.prep_objects(noun, ("by",), depth=1)
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
    def __init__(self, doc: Doc, res: Resolution) -> None:
        self.doc = doc
        self.res = res
        self.categories = lexicon.categories()

    def events(self) -> Iterator[Event]:
        for tok in self.doc:
            if tok.pos_ == "VERB":
                yield from self._verb_events(tok)
            elif tok.pos_ in {"NOUN", "PROPN"}:
                yield from self._nominal_events(tok)

    # ---- verbs ------------------------------------------------------------------------------
    def _verb_events(self, verb: Token) -> Iterator[Event]:
        if verb.dep_ == "amod" or verb.text.lower() in {"according", "following", "regarding", "concerning"}:
            return  # "the US-led war", "according to officials": not events
        entry = lookup_verb(verb)
        if entry is None or not entry.category:
            return
        if verb.lemma_.lower() in IMPLICATIVE and any(c.dep_ == "xcomp" for c in verb.children):
            return  # "decided to allow ...": the complement carries the event
        if self._framed(verb):
            return  # "urged Russia [to withdraw]": the wanted act is not a reported event
        entry = self._intent(verb, entry)
        neg = cl.negated(verb)
        if neg and entry.category in REFUSABLE:
            reject = lexicon.verbs().lookup("reject")
            if reject is not None:
                entry, neg = replace(reject, predicate=f"refuse_{entry.predicate}"), False
        frame = cl.reporting_frame(verb)
        speaker = self._speaker(frame)
        subjects = (_distinct(cl.subject_refs(verb, self.res)) or self._located_group(verb)
                    or self._passive_by_place(verb, entry.category) or self._unknown_attackers(verb, entry.category))
        if not subjects and speaker and entry.category == "REQUEST" and cl.subject_is_placeholder(verb):
            subjects = speaker  # "Obama says [the way] will require Russia to ..."
        if not subjects:
            return
        targets = self._targets(verb, entry.category, subjects)
        modal = cl.modality(verb)
        attributed = speaker[0].actor if speaker else None
        pairs = self._pairs(subjects, targets, entry.category)
        for s, o in pairs:
            yield self._event(s, o, entry, verb, neg, modal, attributed)
        # "Turkey says Russia violated its airspace": a reported hostile act is an accusation.
        if speaker and entry.category in HOSTILE | {"ASSAULT", "COERCE"} and not neg and pairs:
            accuse = lexicon.verbs().lookup("accuse")
            for sp in speaker:
                for s, _ in pairs:
                    if accuse and s.actor.key != sp.actor.key and s.actor.key != sp.actor.country:
                        yield self._event(sp, s, accuse, verb, False, None, sp.actor, predicate="allege")

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
        head = verb.head
        intent = (verb.dep_ == "xcomp" and head.lemma_.lower() in INTENT_HEADS) or (
            cl.modality(verb) in FUTURE and not cl.negated(verb))
        if not intent:
            return entry
        if entry.category in COOPERATIVE and entry.category != "AGREE":
            target = "AGREE"
        elif entry.category in HOSTILE:
            target = "THREATEN"
        else:
            return entry
        return replace(entry, category=target, cameo="03" if target == "AGREE" else "13",
                       predicate=f"intend_{entry.predicate}", mode=None)

    def _located_group(self, verb: Token) -> list[Ref]:
        """ "Several hundred people rallied ... in Moscow", "opposition groups in Zimbabwe": a crowd or group
        with no nationality of its own is of the country it is in."""
        subj = cl.child(verb, "nsubj")
        if subj is None or self.res.of(subj) or subj.pos_ != "NOUN":
            return []
        lemma = subj.lemma_.lower()
        force = lexicon.agents().get(lemma, ("", ""))[1] in {"force", "office"} or lemma in {"force", "government"}
        if lemma not in GROUP_WORDS and not force:
            return []
        own = [t for t in subj.subtree if t.dep_ == "pobj" and t.head.text.lower() in PLACE_PREPS]
        around = [t for t in verb.subtree if t.dep_ == "pobj" and t.head.text.lower() in PLACE_PREPS
                  and lemma in CROWD_WORDS]
        for p in own + around:
            for r in self.res.of(p):
                country = r.actor.country if r.actor.type != "Country" else r.actor.key
                if country and r.actor.type in {"Country", "Location"}:
                    if force and p in own:  # "security forces in Guinea", "police in Jericho"
                        return [Ref(lexicon.to_actor(country), "force")] if country in lexicon.actors() else []
                    name = f"{subj.lemma_.lower()} in {p.text}"
                    group = Actor(key=f"{country}-{slug(name)}", name=name, type="Group", country=country)
                    return [Ref(group, "group")]
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
                    name = f"unidentified attackers in {r.actor.name}"
                    return [Ref(Actor(key=f"{country}-{slug(name)}", name=name, type="Group", country=country),
                                "group")]
        return []

    def _passive_by_place(self, verb: Token, category: str) -> list[Ref]:
        """ "A missionary was arrested in Lebanon": with no agent, the state where it happened coerces."""
        if category not in {"COERCE", "ACCUSE"} or not cl.is_passive(verb) or cl.agent_token(verb) is not None:
            return []
        for p in cl.prep_objects(verb, ("in",), depth=1):
            refs = [r for r in self.res.of(p) if r.actor.type == "Country"]
            if refs:
                return refs
        return []

    def _framed(self, verb: Token) -> bool:
        """Is ``verb`` wanted, threatened or promised by a framing verb above it, or the unconfirmed
        content of a claim ("warnings that it had violated ...")?"""
        tok = verb
        while tok.head is not tok and tok.dep_ in {"conj", "xcomp", "ccomp", "advcl", "acl"}:
            dep, head = tok.dep_, tok.head
            if dep == "acl" and head.lemma_.lower() in CLAIM_NOUNS:
                return True
            if dep == "acl":
                return False
            framing = dep in {"xcomp", "ccomp"} or (
                dep == "advcl" and any(m.dep_ == "mark" and m.text.lower() == "for" for m in tok.children))
            if framing and head.pos_ == "VERB":
                entry = lookup_verb(head)
                if entry is not None and entry.category in FRAMING:
                    return True
            if dep == "advcl" and not framing:
                return False
            tok = head
        return False

    def _speaker(self, frame: Token | None) -> list[Ref]:
        if frame is None:
            return []
        return _distinct([r for r in cl.subject_refs(frame, self.res) if r.via != "assoc"])

    def _about(self, noun: Token, category: str) -> list[Ref]:
        """What a criticism, protest or demand is about: the doer of the event or the owner of the thing
        ("condemned the downing ... by Turkish forces", "denounced Serbia's suppression of ...")."""
        res = self.res
        if category not in ABOUT_AN_EVENT:
            return []
        if lookup_noun(noun) is not None:
            agent = _nominal_agent(noun, res)
            if agent:
                return agent
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
        for obj in (c for c in verb.children if c.dep_ in {"dobj", "dative", "attr"}):
            candidates.append(self._about(obj, category))
            candidates.append(cl.refs_of(obj, res))
            for p in cl.prep_objects(obj):
                candidates.append(self._about(p, category))
                candidates.append(cl.refs_of(p, res, strong_only=False))
        # the addressee ("complained to the UN over Israeli raids") comes after what it is about
        objs = cl.prep_objects(verb)
        for p in sorted(objs, key=lambda p: p.head.text.lower() == "to" and category in ABOUT_AN_EVENT):
            if p.head.text.lower() != "by":
                candidates.append(self._about(p, category))
                candidates.append(cl.refs_of(p, res))
        for comp in (c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} or (
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.text.lower() == "for" for m in c.children))):
            subj = cl.child(comp, "nsubj", "nsubjpass")
            if subj is not None:
                candidates.append(cl.refs_of(subj, res, strong_only=True))
            if comp.dep_ == "ccomp":
                continue  # "hopes [the incident will not hamper talks over Syria]": only who is asked
            for obj in (c for c in comp.children if c.dep_ in {"dobj", "dative"}):
                candidates.append(cl.refs_of(obj, res))
                for p in cl.prep_objects(obj, depth=1):
                    candidates.append(cl.refs_of(p, res))
            for p in cl.prep_objects(comp):
                candidates.append(cl.refs_of(p, res))
        # "began a hunger strike to protest X's decision": the purpose clause names the target
        for purpose in (c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and c.pos_ == "VERB"
                        and any(a.dep_ == "aux" and a.text.lower() == "to" for a in c.children)):
            for obj in (c for c in purpose.children if c.dep_ in {"dobj", "dative"}):
                candidates.append(self._about(obj, "PROTEST"))
                candidates.append(cl.refs_of(obj, res))
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
