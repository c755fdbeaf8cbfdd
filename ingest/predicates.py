"""Which event a clause's verb or noun names: look-ups in the verb lexicon (``ingest/data/verbs.tsv``).

``lookup_verb`` reads a verb with its particle, object nouns and prepositions ("shot down", "called for
sanctions", "staged a rally"); ``lookup_noun`` reads nominalisations ("the downing of", "a hunger strike",
"an offer from"). Pure functions of the parse; who acts on whom is ``extract.py``'s business.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon

LIGHT_VERBS = {"renew", "resume", "continue", "open", "complete", "pursue", "undertake", "stage", "hold",
               "tighten", "expand", "intensify", "step", "escalate", "widen", "maintain",
               "launch", "carry", "make", "give", "issue", "impose", "express", "conduct",
               "mount", "begin", "start", "lodge", "file", "deliver", "extend", "offer", "provide",
               "send", "voice", "announce", "order", "take", "join", "lead", "organize", "organise",
               "speed", "accelerate", "hasten", "expedite", "finish", "conclude"}
EFFORTS = {"effort", "bid", "attempt", "mission", "campaign", "drive", "initiative", "push"}
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
    "riot": "riot", "crackdown": "suppress", "call": "call", "offer": "offer", "proposal": "propose",
    "invitation": "invite", "plea": "plead", "fire": "fire",
}
# Messages come from their sender: "an offer from Afghanistan", "a call from Moscow".
MESSAGES = {"call", "offer", "proposal", "invitation", "plea", "appeal", "request", "demand", "warning", "threat"}

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
    # "declared a state of siege": the "of" noun says what kind of state
    nouns = [p.lemma_.lower() for o in objs if o.lemma_.lower() == "state" for p in cl.prep_objects(o, ("of",), 1)]
    nouns += [o.lemma_.lower() for o in objs]
    nouns += [c.lemma_.lower() for o in objs for c in o.children if c.dep_ == "compound"]
    nouns += [p.lemma_.lower() for o in objs for p in cl.prep_objects(o, depth=1)]
    nouns += [p.lemma_.lower() for p in cl.prep_objects(verb, depth=1)]
    preps = [c.text.lower() for c in verb.children if cl.is_prep(c)]
    preps += [m.text.lower() for c in verb.children if c.dep_ in {"advcl", "ccomp", "xcomp"}
              for m in c.children if m.dep_ == "mark" and m.text.lower() in {"for", "on"}]
    entry = lexicon.verbs().lookup(lemma, particle=prt.text.lower() if prt is not None else None,
                                   nouns=nouns, preps=preps)
    if lemma in LIGHT_VERBS:
        # "launched a mediation effort between ...": an effort is the act its compound names
        for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in EFFORTS):
            named = next((e for c in obj.children if c.dep_ == "compound"
                          and (e := lookup_noun(c, phrase=obj)) is not None and e.category), None)
            if named is not None:
                return named
    if (entry is None or not entry.category) and lemma in LIGHT_VERBS:
        for obj in (o for c in verb.children if c.dep_ == "dobj" for o in cl.with_conjuncts(c)):
            entry = lookup_noun(obj) or light_noun_entries().get(obj.lemma_.lower())
            # "undertook a mediation mission between Syria and ...": the event is the compound noun
            for comp in (c for c in obj.children if c.dep_ == "compound" and entry is None):
                entry = lookup_noun(comp, phrase=obj)
            if entry is not None:
                break
    return entry


@cache
def light_noun_entries() -> dict[str, lexicon.VerbEntry]:
    """Noun -> the event light verbs make of it in the lexicon ("impose/declare/maintain a curfew"), for a
    light verb the lexicon lists without that noun ("extend the curfew"): the category most rows agree on."""
    rows: dict[str, list[lexicon.VerbEntry]] = {}
    for lemma in sorted(LIGHT_VERBS):
        for r in lexicon.verbs().entries(lemma):
            if r.noun and r.prep is None and r.particle is None and r.category:
                rows.setdefault(r.noun, []).append(r)
    out = {}
    for noun, found in rows.items():
        votes = Counter(r.category for r in found)
        best, n = votes.most_common(1)[0]
        if n >= 2 and n * 2 > len(found):
            out[noun] = replace(next(r for r in found if r.category == best), predicate=noun)
    return out


NOT_EVENTS = {"relation", "nation", "position", "question", "situation", "condition", "region", "population",
              "election", "information", "organization", "organisation", "administration", "institution",
              "station", "edition", "government", "movement", "parliament", "department", "settlement"}


def lookup_noun(noun: Token, derived: bool = True, phrase: Token | None = None) -> lexicon.VerbEntry | None:
    """The event a noun names: a listed nominalisation, an -ing form, or (``derived``) an -ion/-ment noun.
    ``phrase``: the head noun whose prepositions count, for a compound ("mediation [mission] between")."""
    lemma = noun.lemma_.lower()
    verb = NOMINAL.get(lemma)
    if verb is None and lemma.endswith("ing") and len(lemma) > 5:
        stem = lemma[:-3]  # "shelling" -> "shell"; "cleansing" -> "cleanse"
        verb = stem if stem in lexicon.verbs() or stem + "e" not in lexicon.verbs() else stem + "e"
    if verb is None and derived and lemma not in NOT_EVENTS and len(lemma) > 6 and lemma.endswith(("ion", "ment")):
        stem = lemma[:-4] if lemma.endswith("ment") else lemma[:-3]
        forms = [stem, stem + "e", lemma[:-4] + "d" if lemma.endswith("sion") else ""]
        if lemma.endswith("ation"):
            forms.append(lemma[:-5] + "e")
        verb = next((f for f in forms if f and f in lexicon.verbs()), None)
    if verb is None:
        return None
    preps = [c.text.lower() for c in (phrase or noun).children if c.dep_ == "prep"]
    kinds = [c.lemma_.lower() for c in noun.children if c.dep_ in {"compound", "amod"}]  # "hunger strike"
    return lexicon.verbs().lookup(verb, nouns=kinds, preps=preps)
