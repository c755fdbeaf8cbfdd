"""What a clause says of its act besides the act: promised or planned (an intention), readied (a posture), or
only asked about ("asked Trump about it", "declined to comment").

Helpers of the clause extractor (``extract.py``).
"""
from __future__ import annotations

from spacy.tokens import Token

from geokg.ingest import clauses as cl

INTENT_HEADS = {"willing", "ready", "prepared", "eager", "determined", "committed", "offer", "promise",
                "pledge", "vow", "plan", "intend", "expect", "want", "seek", "aim", "prepare", "set"}
FUTURE = {"will", "would", "shall"}
SPEAKING = {"comment", "speak", "say", "elaborate", "confirm", "discuss", "reveal", "disclose"}


def intended(verb: Token) -> bool:
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


def a_question(verb: Token) -> bool:
    """ "asked Trump about it", "asked whether ...": a question; "declined to comment": no answer, no act."""
    lemma = verb.lemma_.lower()
    if lemma in {"decline", "refuse"}:
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEAKING for c in verb.children)
    if lemma != "ask":
        return False
    wants = any(c.dep_ in {"xcomp", "ccomp"} and any(a.lower_ == "to" for a in c.children) for c in verb.children)
    return not wants and not cl.prep_objects(verb, ("for",), depth=1) and (
        bool(cl.prep_objects(verb, ("about",), depth=1))
        or any(m.lower_ in {"whether", "if", "why", "how", "what", "when"} for c in verb.children
               if c.dep_ == "ccomp" for m in c.children))


def prepared(verb: Token) -> bool:
    """Is ``verb`` the complement of the verb "prepare" ("prepared to [resume] shelling"), not of "is prepared"?"""
    tok = verb
    for _ in range(3):
        if tok.dep_ != "xcomp" or tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() == "prepare" and tok.pos_ == "VERB":
            return True
    return False


def a_self_claim(verb: Token) -> bool:
    """ "A group claims to be manufacturing weapons": a claim about the claimer itself accuses no one."""
    return verb.lemma_.lower() in {"claim", "profess", "purport"} and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children)
