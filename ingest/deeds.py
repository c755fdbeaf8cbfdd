"""Criticism of a deed named before: "the USCIRF also criticized the move", "the Foreign Ministry characterized
the attack as a serious violation": the deed is the latest one of its kind the article reported, and the
critic accuses whoever did it.

Only a definite deed noun ("the move", "this decision", "the attack") that names no actor and no doer itself,
as the object of a verb of criticism (the lexicon's ACCUSE verbs, or naming it with a damning word), when the
clause found no target of its own; the antecedent is the subject of the latest earlier event of a matching
kind in the article, never the critic itself.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.accusations import DAMNING, NAMING_VERBS
from geokg.ingest.predicates import lookup_verb
from geokg.ingest.refs import Ref
from geokg.ingest.targets import actor_pairs

if TYPE_CHECKING:
    from geokg.ingest.extract import ClauseExtractor, Event

# Deed nouns and the kinds of event they can refer back to (None: any event but a structural one).
DEEDS: dict[str, frozenset[str] | None] = {
    "move": None, "decision": None, "step": None, "act": None, "action": None, "measure": None, "plan": None,
    "proposal": None, "announcement": None, "policy": None,
    "attack": frozenset({"ASSAULT"}), "strike": frozenset({"ASSAULT"}), "airstrike": frozenset({"ASSAULT"}),
    "killing": frozenset({"ASSAULT"}), "bombing": frozenset({"ASSAULT"}), "assassination": frozenset({"ASSAULT"}),
    "shooting": frozenset({"ASSAULT"}), "raid": frozenset({"ASSAULT", "COERCE"}),
    "arrest": frozenset({"COERCE"}), "detention": frozenset({"COERCE"}), "crackdown": frozenset({"COERCE", "ASSAULT"}),
    "ban": frozenset({"COERCE", "SANCTION"}), "expulsion": frozenset({"SANCTION", "COERCE"}),
    "sanctions": frozenset({"SANCTION"}), "sanction": frozenset({"SANCTION"}),
}
DEFINITE = {"the", "this", "that", "these", "those", "such"}
STRUCTURAL = {"ROLE", "TRADE", "MEMBER_OF", "ALLY_OF"}
SPEECH = {"ACCUSE", "REQUEST", "SUPPORT"}


class DeedCritics:
    def __init__(self, clauses: ClauseExtractor, earlier: Sequence[Event]) -> None:
        self.x = clauses
        self.res = clauses.res
        self.earlier = sorted(earlier, key=lambda e: e.token)
        self.carried = {e.token for e in earlier}
        self.entry = lexicon.verbs().lookup("criticize") or lexicon.verbs().lookup("accuse")

    def events(self) -> Iterator[Event]:
        if self.entry is None:
            return
        for verb in self.x.doc:
            if verb.pos_ != "VERB" or verb.i in self.carried or not self._criticises(verb):
                continue
            for deed in (c for c in verb.children if c.dep_ == "dobj"):
                doers = self._antecedent(deed, verb)
                if doers:
                    yield from self._emit(verb, doers)
                    break

    def _criticises(self, verb: Token) -> bool:
        if verb.lemma_.lower() in NAMING_VERBS:
            return any(t.lemma_.lower() in DAMNING or t.lower_ in DAMNING for t in verb.subtree)
        entry = lookup_verb(verb)
        return entry is not None and entry.category == "ACCUSE"

    def _antecedent(self, deed: Token, verb: Token) -> list[Ref]:
        kinds = DEEDS.get(deed.lemma_.lower(), frozenset())
        dets = {c.lower_ for c in deed.children if c.dep_ == "det"}
        if kinds == frozenset() or not dets & DEFINITE or self.res.of(deed) or any(
                c.dep_ in {"poss", "prep", "acl", "relcl", "compound"} for c in deed.children):
            return []  # not a deed noun, not named before, or the phrase says whose
        critics = {r.actor.key for r in cl.subject_refs(verb, self.res)}
        for e in reversed(self.earlier):
            if e.token >= deed.i or e.relation in STRUCTURAL or e.negated:
                continue
            if (kinds is not None and e.relation not in kinds) or (kinds is None and e.relation in SPEECH):
                continue  # "the move" is something done, not a criticism, appeal or praise of it
            if e.subject.key in critics or e.subject.type == "Location":
                continue
            return [Ref(e.subject, "description")]
        return []

    def _emit(self, verb: Token, doers: list[Ref]) -> Iterator[Event]:
        subjects = cl.subject_refs(verb, self.res)
        if not subjects or self.x._framed(verb) or self.entry is None:
            return
        frame = cl.reporting_frame(verb)
        speaker = self.x._speaker(frame)
        attributed = speaker[0].actor if speaker else None
        for s, o in actor_pairs(subjects, doers, own_country=False):
            yield self.x._event(s, o, self.entry, verb, cl.negated(verb), cl.modality(verb), attributed,
                                predicate="criticize_deed")
