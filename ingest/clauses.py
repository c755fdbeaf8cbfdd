"""Clause structure over a dependency parse: who is the subject, who the target, which
frame a clause sits in (reported speech, a request, a negation).

Pure functions of a token and a ``Resolution``; no lexicon decisions are made here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token

from geokg.ingest.nlp import sentence_index
from geokg.ingest.words import INSTITUTIONS

if TYPE_CHECKING:
    from geokg.ingest.resolve import Ref, Resolution

REPORTING = {
    "say", "tell", "state", "claim", "allege", "insist", "assert", "announce", "report", "add", "declare",
    "note", "argue", "stress", "confirm", "believe", "think", "suggest", "write", "explain", "maintain",
    "contend", "charge", "describe", "show", "indicate", "acknowledge", "admit", "reiterate", "repeat", "affirm",
    "reaffirm", "emphasize", "emphasise", "underline", "conclude", "predict", "quote", "reveal", "disclose",
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


# "Serb forces were engaged in ethnic cleansing", "were involved in the attack": a passive in form whose
# subject does the act named by the "in" phrase.
STATIVE_PASSIVE = {"engage", "involve"}


def stative_passive(verb: Token) -> bool:
    return (verb.lemma_.lower() in STATIVE_PASSIVE and not any(c.dep_ == "agent" for c in verb.children)
            and any(c.dep_ == "prep" and c.lower_ == "in" for c in verb.children))


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children) and not stative_passive(verb)


def agent_token(verb: Token) -> Token | None:
    agent = child(verb, "agent")
    return child(agent, "pobj") if agent is not None else None


def misattached_conjunct(verb: Token) -> bool:
    """A finite verb the parser hung on an infinitive complement ("urged X to reconsider and spoke with Y"):
    it is a conjunct of the main clause, not part of what was urged."""
    head = verb.head
    return (verb.dep_ == "conj" and verb.tag_ in {"VBD", "VBZ", "VBP"} and head.tag_ == "VB"
            and head.dep_ == "xcomp" and head.head is not head)


def subject_tokens(verb: Token) -> list[Token]:
    """The tokens that name who does ``verb``: its own subject, or the one it inherits.

    Memoised per Doc: inheriting walks up chains of conjoined verbs, which would make a very long
    coordination quadratic."""
    table = memo(verb.doc, "subject_tokens")
    found = table.get(verb.i)
    if found is None:
        found = table[verb.i] = tuple(t.i for t in _subject_tokens(verb))
    return [verb.doc[i] for i in found]


def memo(doc: Doc, name: str) -> dict:
    """A per-Doc memo table (in ``doc.user_data``) for pure functions of the parse that walk up the tree."""
    key = f"geokg_memo_{name}"
    table = doc.user_data.get(key)
    if table is None or table[0] != len(doc):
        table = doc.user_data[key] = (len(doc), {})
    return table[1]


UP = object()  # a walk_up step's "not decided here: ask the head"


def walk_up(tok: Token, name: str, step: Callable[[Token], Any]) -> Any:
    """Walk from ``tok`` towards the root until ``step(t)`` returns an answer (anything but ``UP``).

    Memoised per Doc under ``name``: every token walked through gets the same answer, so long chains
    of clauses are walked once and the whole Doc stays linear. ``step`` must stop at the root."""
    table = memo(tok.doc, name)
    path = []
    while tok.i not in table:
        path.append(tok.i)
        answer = step(tok)
        if answer is not UP:
            break
        tok = tok.head
    else:
        answer = table[tok.i]
    for i in path:
        table[i] = answer
    return answer


# Verbs whose to-infinitive is the subject's purpose, not an act of the object: "summoned the ambassador
# to complain", "recalled its envoy to protest", "used tear gas to disperse" (unlike "urged Russia to leave").
SUBJECT_CONTROL = {"summon", "recall", "use", "employ", "convene"}


def _subject_tokens(verb: Token) -> list[Token]:
    if is_passive(verb):
        a = agent_token(verb)
        return [a] if a is not None else []
    subj = child(verb, *SUBJ) or (child(verb, "nsubjpass") if stative_passive(verb) else None)
    if subj is not None:
        if subj.text.lower() in RELATIVE and verb.dep_ == "relcl":
            head = verb.head
            if head.dep_ == "pobj" and head.head.text.lower() in {"in", "at", "near", "from", "to"}:
                return []  # "principles reaffirmed in Vienna, which require ...": not Vienna
            return [head]
        return [subj]
    head = verb.head
    if misattached_conjunct(verb):
        return subject_tokens(head.head)  # "urged the embassy to reconsider and spoke with ...": the urger spoke
    if verb.dep_ == "conj" and head is not verb:
        return subject_tokens(head)
    if verb.dep_ == "xcomp" and head is not verb:
        if head.pos_ == "ADJ" and head.head is not head:  # "he is prepared to lift the ban"
            return subject_tokens(head.head)
        obj = child(head, "dobj", "dative")
        if obj is None or head.lemma_.lower() in SUBJECT_CONTROL:
            return subject_tokens(head)
        return [obj]
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
              "one", "part", "majority", "faction", "wing", "unit", "contingent", "team", "inhabitant", "resident",
              "citizen", "people"}


def subject_refs(verb: Token, res: Resolution) -> list[Ref]:
    out: list[Ref] = []
    for tok in subject_tokens(verb):
        refs = refs_of(tok, res)
        # "the military government of President Prosper Avril": an institution of the one it belongs to
        if not refs and (tok.lemma_.lower() in PART_NOUNS or tok.lemma_.lower() in INSTITUTIONS):
            for p in prep_objects(tok, ("of",), depth=1):
                refs = refs_of(p, res)
        if not refs:  # "the main rebel group, Forces for Defence of Democracy, insisted": the name in apposition
            refs = [r for a in tok.children if a.dep_ == "appos" for r in refs_of(a, res) if r.via in STRONG]
        out.extend(r for r in refs if r not in out)
    if not out and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj":
        # "X issued a declaration demanding ...": the issuer acts
        return subject_refs(verb.head.head, res)
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
        if is_prep(c) and c.text.lower() in preps:
            objs = [p for p in c.children if p.dep_ == "pobj"] or _stranded_object(c)
            for p in objs:
                out.append(p)
                if depth > 1:
                    out.extend(prep_objects(p, preps, depth - 1))
    return out


def _stranded_object(prep: Token) -> list[Token]:
    """ "granted asylum to [five Panamanian army officers] holed up in ...": the parser made the preposition's
    object the subject of the reduced relative after it; that subject, when it follows the preposition at once."""
    if any(True for _ in prep.children):
        return []
    nxt = prep.doc[prep.i + 1] if prep.i + 1 < len(prep.doc) else None
    if nxt is None:
        return []
    head = nxt
    while head.dep_ in {"det", "nummod", "amod", "compound", "poss", "quantmod"} and head.head.i > head.i:
        head = head.head
    verb = head.head
    if (head.dep_ == "nsubj" and head.pos_ in {"NOUN", "PROPN"} and verb.tag_ in {"VBN", "VBD"}
            and verb.dep_ in {"advcl", "acl", "relcl", "conj"} and verb.i > head.i
            and head.left_edge.i == prep.i + 1):
        return [head]
    return []


def is_prep(tok: Token) -> bool:
    """A preposition heading a phrase: ``prep``, a passive ``agent``, or a ``dative`` "to"/"for"
    ("is providing intelligence [to Macedonia]")."""
    return tok.dep_ in {"prep", "agent"} or (tok.dep_ == "dative" and tok.pos_ == "ADP")


def negated(verb: Token) -> bool:
    # "did not attack"; a conjoined verb does not inherit its neighbour's negation
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.text.lower() == "never") for c in verb.children)


def modality(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ == "aux" and c.lemma_.lower() in MODALS:
            return c.lemma_.lower()
    return None


FRAME_PATH = {"ccomp", "relcl", "acl", "attr", "xcomp", "conj", "pobj", "prep", "pcomp", "dobj", "nsubj", "appos"}


def reporting_frame(verb: Token) -> Token | None:
    """The nearest reporting verb whose complement contains ``verb`` ("Turkey says [Russia violated ...]").

    Memoised along the path (:func:`walk_up`)."""

    def step(tok: Token) -> int | None | object:
        dep, head = tok.dep_, tok.head
        if head is tok:
            return None
        if dep in {"ccomp", "parataxis"} and head.lemma_.lower() in REPORTING:
            return head.i
        return UP if dep in FRAME_PATH else None

    found = walk_up(verb, "reporting_frame", step)
    return verb.doc[found] if found is not None else None


QUOTES = {'"', "\u201c", "\u201d"}


def quoted(verb: Token) -> bool:
    """Inside a quotation: an odd number of quote marks before the verb in its sentence."""
    doc = verb.doc
    marks = doc.user_data.get("geokg_quote_marks")  # marks[i]: quote marks among tokens before i
    if marks is None or len(marks) != len(doc) + 1:
        marks = [0]
        for t in doc:
            marks.append(marks[-1] + (t.text in QUOTES))
        doc.user_data["geokg_quote_marks"] = marks
    starts, sent_of = sentence_index(doc)
    return (marks[verb.i] - marks[starts[sent_of[verb.i]]]) % 2 == 1
