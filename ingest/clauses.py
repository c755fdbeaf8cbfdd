"""Clause structure over a dependency parse: who is the subject, who the target, which
frame a clause sits in (reported speech, a request, a negation).

Pure functions of a token and a ``Resolution``; no lexicon decisions are made here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from geokg.ingest.resolve import Ref, Resolution

REPORTING = {
    "say", "tell", "state", "claim", "allege", "insist", "assert", "announce", "report", "add", "declare",
    "note", "argue", "stress", "confirm", "believe", "think", "suggest", "write", "explain", "maintain",
    "contend", "charge", "describe", "show", "indicate", "acknowledge", "admit", "reiterate", "repeat", "affirm",
    "reaffirm", "emphasize", "emphasise", "underline", "conclude", "predict", "quote",
}
RELATIVE = {"which", "who", "that", "whom", "whose"}
NON_ACTOR_SUBJECTS = RELATIVE | {"it", "there", "this", "what"}
TARGET_PREPS = ("on", "against", "with", "to", "at", "for", "toward", "towards", "from", "over", "into",
                "upon", "of", "in", "between", "among", "about", "across")
MODALS = {"will", "would", "could", "may", "might", "should", "must", "can", "shall"}
SUBJ = {"nsubj", "csubj"}
STRONG = {"name", "person", "force", "office", "group", "description", "pronoun"}


def with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def refs_of(tok: Token, res: Resolution, strong_only: bool = False) -> list[Ref]:
    out: list[Ref] = []
    for t in with_conjuncts(tok):
        for r in res.of(t):
            if (not strong_only or r.via in STRONG) and r not in out:
                out.append(r)
    return out


def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children)


def agent_token(verb: Token) -> Token | None:
    agent = child(verb, "agent")
    return child(agent, "pobj") if agent is not None else None


def subject_tokens(verb: Token) -> list[Token]:
    """The tokens that name who does ``verb``: its own subject, or the one it inherits."""
    if is_passive(verb):
        a = agent_token(verb)
        return [a] if a is not None else []
    subj = child(verb, *SUBJ)
    if subj is not None:
        if subj.text.lower() in RELATIVE and verb.dep_ == "relcl":
            head = verb.head
            if head.dep_ == "pobj" and head.head.text.lower() in {"in", "at", "near", "from", "to"}:
                return []  # "principles reaffirmed in Vienna, which require ...": not Vienna
            return [head]
        return [subj]
    head = verb.head
    if verb.dep_ == "conj" and head is not verb:
        return subject_tokens(head)
    if verb.dep_ == "xcomp" and head is not verb:
        if head.pos_ == "ADJ" and head.head is not head:  # "he is prepared to lift the ban"
            return subject_tokens(head.head)
        obj = child(head, "dobj", "dative")
        return [obj] if obj is not None else subject_tokens(head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        return subject_tokens(head.head)
    if verb.dep_ == "acl" and head.dep_ == "dobj" and any(c.dep_ == "aux" and c.text == "to" for c in verb.children):
        return subject_tokens(head.head)  # "X reached a consensus to exchange ...": X exchanges
    if verb.dep_ in {"acl", "relcl"} and head.pos_ in {"NOUN", "PROPN"}:
        return [head]
    if verb.dep_ == "advcl" and head.pos_ in {"VERB", "AUX"} and (
            verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.text.lower() == "to" for c in verb.children)):
        return subject_tokens(head)  # "killing ...", "(in order) to protest ...": the main clause's subject
    return []


# "Thousands of Nigerians", "a group of Moroccan diplomats", "leaders of the coalition": the "of" phrase acts.
PART_NOUNS = {"thousand", "hundred", "dozen", "million", "group", "crowd", "number", "member", "leader",
              "delegation", "representative", "supporter", "head", "chief", "some", "most", "many", "all",
              "one", "part", "majority", "faction", "wing", "unit", "contingent", "team"}


def subject_refs(verb: Token, res: Resolution) -> list[Ref]:
    out: list[Ref] = []
    for tok in subject_tokens(verb):
        refs = refs_of(tok, res)
        if not refs and tok.lemma_.lower() in PART_NOUNS:
            for p in prep_objects(tok, ("of",), depth=1):
                refs = refs_of(p, res)
        out.extend(r for r in refs if r not in out)
    return out


def subject_is_placeholder(verb: Token) -> bool:
    """True when the subject slot holds no actor noun ("which will require ...", "there is ...")."""
    subj = child(verb, *SUBJ)
    return subj is None or subj.text.lower() in NON_ACTOR_SUBJECTS


def prep_objects(tok: Token, preps: tuple[str, ...] = TARGET_PREPS, depth: int = 3) -> list[Token]:
    """pobj tokens reached through ``prep`` children, following "in front of X" chains."""
    out: list[Token] = []
    kids = [*tok.children, *(g for c in tok.children if c.dep_ == "prt" for g in c.children)]
    for c in kids:
        if c.dep_ in {"prep", "agent"} and c.text.lower() in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    if depth > 1:
                        out.extend(prep_objects(p, preps, depth - 1))
    return out


def negated(verb: Token) -> bool:
    # "did not attack"; a conjoined verb does not inherit its neighbour's negation
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.text.lower() == "never") for c in verb.children)


def modality(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ == "aux" and c.lemma_.lower() in MODALS:
            return c.lemma_.lower()
    return None


def reporting_frame(verb: Token) -> Token | None:
    """The nearest reporting verb whose complement contains ``verb`` ("Turkey says [Russia violated ...]")."""
    tok = verb
    while tok.head is not tok:
        dep, tok = tok.dep_, tok.head
        if dep in {"ccomp", "parataxis"} and tok.lemma_.lower() in REPORTING:
            return tok
        if dep not in {"ccomp", "relcl", "acl", "attr", "xcomp", "conj", "pobj", "prep", "pcomp",
                       "dobj", "nsubj", "appos"}:
            return None
    return None


def quoted(verb: Token) -> bool:
    sent = verb.sent
    before = sum(1 for t in sent[: verb.i - sent.start] if t.text in {'"', "\u201c", "\u201d"})
    return before % 2 == 1
