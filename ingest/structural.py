"""Structural relations: ROLE (from the resolver), TRADE, MEMBER_OF and ALLY_OF.

TRADE reads "X imports/gets/buys C from Y" and "Y exports/supplies/sells C to X" as
X TRADE Y with the commodity and, when stated, the share ("60 percent of its gas")
or amount. MEMBER_OF and ALLY_OF come from copular and appositive phrases outside
quotation marks ("Turkey is a member of NATO", "NATO member Turkey", "an ally of").
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from geokg.ingest import clauses as cl
from geokg.ingest.extract import Event
from geokg.ingest.resolve import Resolution

IMPORT_VERBS = {"import", "get", "buy", "purchase", "obtain", "source"}
EXPORT_VERBS = {"export", "sell", "ship"}
COMMODITIES = {
    "gas", "oil", "crude", "petroleum", "lng", "coal", "electricity", "power", "energy", "uranium", "wheat",
    "grain", "corn", "maize", "rice", "soybean", "food", "fertilizer", "fertiliser", "steel", "aluminium",
    "aluminum", "copper", "iron", "gold", "weapon", "arm", "missile", "jet", "aircraft", "tank", "drone",
    "timber", "cotton", "sugar", "coffee", "cocoa", "fish", "meat", "car", "vehicle", "chip", "semiconductor",
    "medicine", "vaccine", "water", "diesel", "fuel", "goods", "product", "import", "export",
}
MEMBER_NOUNS = {"member", "membership"}
ALLY_NOUNS = {"ally", "partner"}


def _commodity(tok: Token) -> tuple[str | None, float | None, str | None]:
    """Commodity, share and amount named in the object phrase ("60 percent of its gas")."""
    commodity = share = amount = None
    for t in tok.subtree:
        lemma = t.lemma_.lower()
        if commodity is None and lemma in COMMODITIES and t.pos_ == "NOUN":
            commodity = "arms" if lemma == "arm" else lemma
        if t.lower_ in {"percent", "%", "per"} or t.text == "%":
            num = next((c for c in t.children if c.dep_ == "nummod" or c.like_num), None)
            if num is None and t.i > 0 and t.nbor(-1).like_num:
                num = t.nbor(-1)
            if num is not None:
                with contextlib.suppress(ValueError):
                    share = float(re.sub(r"[^\d.]", "", num.text))
        if t.ent_type_ in {"MONEY", "QUANTITY"} and amount is None:
            ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
            amount = ent.text if ent is not None else None
    return commodity, share, amount


def trade_events(doc: Doc, res: Resolution) -> Iterator[Event]:
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        if lemma not in IMPORT_VERBS | EXPORT_VERBS:
            continue
        obj = cl.child(verb, "dobj")
        if obj is None:
            continue
        commodity, share, amount = _commodity(obj)
        if commodity is None:
            continue
        subjects = cl.subject_refs(verb, res)
        prep = "from" if lemma in IMPORT_VERBS else "to"
        preps = [t for t in [verb, *obj.subtree] for t in ([t] if t is verb else [t])
                 if cl.is_prep(t) and t.text.lower() == prep and (t.head is verb or t.head in obj.subtree)]
        preps += [c for c in verb.children if cl.is_prep(c) and c.text.lower() == prep]
        partners = [r for p in preps for o in p.children if o.dep_ == "pobj" for r in cl.refs_of(o, res)]
        if lemma in EXPORT_VERBS and not partners:
            dative = cl.child(verb, "dative")
            partners = cl.refs_of(dative, res) if dative is not None else []
        attrs: list[tuple[str, object]] = [("commodity", commodity)]
        if share is not None:
            attrs.append(("share", share))
        if amount:
            attrs.append(("amount", amount))
        for s in subjects:
            for p in partners:
                if s.actor.key == p.actor.key:
                    continue
                importer, exporter = (s, p) if lemma in IMPORT_VERBS else (p, s)
                yield Event(importer.actor, "TRADE", exporter.actor, "import", verb.i, negated=cl.negated(verb),
                            confidence=0.8 if share is not None else 0.7, attributes=tuple(sorted(attrs)))


def affiliation_events(doc: Doc, res: Resolution) -> Iterator[Event]:
    """X is a member/ally of Y; NATO member Turkey; Turkey, a NATO member."""
    for noun in doc:
        lemma = noun.lemma_.lower()
        if lemma not in MEMBER_NOUNS | ALLY_NOUNS or noun.pos_ != "NOUN" or cl.quoted(noun):
            continue
        relation = "MEMBER_OF" if lemma in MEMBER_NOUNS else "ALLY_OF"
        groups = [r for p in cl.prep_objects(noun, ("of", "in"), depth=1) for r in cl.refs_of(p, res)]
        groups += [r for c in noun.children if c.dep_ in {"compound", "poss", "nmod"} for r in res.of(c)]
        groups += [r for r in res.of(noun) if r.via == "assoc"]
        members = []
        if noun.dep_ == "attr":
            subj = cl.child(noun.head, "nsubj")
            members = cl.refs_of(subj, res) if subj is not None else []
        elif noun.dep_ == "appos":
            members = cl.refs_of(noun.head, res)
        else:
            members = [r for c in noun.children if c.dep_ == "appos" for r in cl.refs_of(c, res)]
        for m in members:
            for g in groups:
                if m.actor.key == g.actor.key:
                    continue
                if relation == "MEMBER_OF" and g.actor.type not in {"Organization", "Group"}:
                    continue
                yield Event(m.actor, relation, g.actor, relation.lower(), noun.i, negated=cl.negated(noun.head),
                            confidence=0.75)
