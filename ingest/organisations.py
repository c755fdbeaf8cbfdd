"""Organisations the gazetteer does not know: names the recogniser tags, their repeats and short forms.

``OrganisationsMixin`` is one part of the ``Resolver`` (``resolve.py``).
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from geokg.ingest.models import Actor, slug
from geokg.ingest.offices import unknown_org
from geokg.ingest.refs import Ref
from geokg.ingest.words import ACTOR_ORG_HEADS, MEDIA, MEDIA_HEADS, ORG_HEADS

# A capitalised bare noun the recogniser tags as an organisation that is the state's own body ("the
# Administration", "the Government"): coreference reads it as the state.
STATE_DESCRIPTIONS = {"administration", "government", "regime", "authorities", "cabinet", "presidency"}
COMPANY_WORDS = {"corporation", "company", "inc", "inc.", "ltd", "ltd.", "limited", "holdings", "network", "group"}


def _actor_like_org(toks: list[Token]) -> bool:
    """An unknown organisation counts as an actor when its name ends in an institution's word or is an acronym
    ("ABS-CBN", "NTC")."""
    if any(t.lower_ in ACTOR_ORG_HEADS or t.lemma_.lower() in ACTOR_ORG_HEADS for t in toks):
        return True  # "the Western Mindanao Command", "the Association of African Jurists"
    bare = "".join(t.text for t in toks).replace("-", "")
    return len(bare) >= 2 and bare.isupper() and bare.isalpha() and " " not in toks[0].doc[
        toks[0].i: toks[-1].i + 1].text


class OrganisationsMixin:
    """Organisations named in the article and not in the gazetteer."""

    def _map_unknown_organisations(self, spans: list[Span], people: list[Span]) -> None:
        """Organisations the gazetteer does not know ("the Ceasefire Violations Committee")."""
        taken = {i for s in [*spans, *people] for i in range(s.start, s.end)}
        found: dict[tuple[str, ...], Actor] = {}
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or taken.intersection(range(ent.start, ent.end)):
                continue
            toks = [t for t in ent if t.dep_ != "det" and not t.is_punct]
            if not toks or toks[-1].text.lower() in MEDIA | MEDIA_HEADS or toks[0].text.lower() in MEDIA or (
                    len(toks) > 1 and toks[-1].lower_ == "agency" and toks[-2].lower_ in {"news", "press"}):
                continue
            name = self.doc[toks[0].i: toks[-1].i + 1].text
            if name.isupper() and len(name) <= 2:
                continue
            if len(toks) == 1 and toks[0].lower_ in STATE_DESCRIPTIONS:
                continue  # "the Administration", "the Government": a description (coreference), not a name
            root = ent.root
            if root.dep_ in {"compound", "amod", "nmod", "poss"} and root.head.i >= ent.end:
                head = root.head
                if head.lemma_.lower() in ORG_HEADS and head.i not in self.res.refs and head.i - ent.end < 3:
                    # "the Umma (Nation) party", "the Sandinista Front": the name and its head noun
                    name = self.doc[toks[0].i: head.i + 1].text
                    self._add(head, Ref(Actor(key=slug(name), name=name, type="Organization"), "name"))
                continue  # otherwise an organisation's name modifying another noun: not an actor here
            if root.i in self.res.refs:
                continue  # "Israel's Cabinet", "Ivory Coast's Supreme Court": the country's institution
            if not _actor_like_org(toks):
                continue  # "Twitter", "the Hagia Sophia Museum": an organisation, not a political actor
            actor = Actor(key=slug(name), name=name, type="Organization")
            self._add(root, Ref(actor, "name"))
            found[tuple(t.text for t in toks)] = actor
        self._repeat_names({**self._org_aliases(), **found}, taken)

    def _org_aliases(self) -> dict[tuple[str, ...], Actor]:
        """Organisations' names as the recogniser gives them, and without a company word ("ABS-CBN" for
        "ABS-CBN Corporation"), each the same actor."""
        out: dict[tuple[str, ...], Actor] = {}
        for ent in self.doc.ents:
            toks = [t for t in ent if t.dep_ != "det" and not (t.is_punct and t.text != "-")]
            if ent.label_ != "ORG" or len(toks) < 2 or not _actor_like_org(toks):
                continue
            if toks[-1].lower_ in COMPANY_WORDS:
                name = self.doc[toks[0].i: toks[-1].i + 1].text
                short = tuple(t.text for t in toks[:-1])
                if short[0][:1].isupper():
                    out[short] = Actor(key=slug(name), name=name, type="Organization")
        return out

    def _org_at(self, tok: Token) -> Actor | None:
        """The organisation named at ``tok``, by the recogniser or by an alias of a name it tagged."""
        if self._org_tokens is None:
            self._org_tokens = {}
            for words, actor in self._org_aliases().items():
                for t in self.doc:
                    if t.text == words[0] and tuple(x.text for x in self.doc[t.i:t.i + len(words)]) == words:
                        for k in range(t.i, t.i + len(words)):
                            self._org_tokens[k] = actor
        return self._org_tokens.get(tok.i) or unknown_org(tok)

    def _repeat_names(self, found: dict[tuple[str, ...], Actor], taken: set[int]) -> None:
        """The recogniser tags a name at some of its mentions only: every other mention of the same words in
        the article is the same organisation ("ABS-CBN" in "accused ABS-CBN of ...")."""
        if not found:
            return
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in found:
            by_first.setdefault(words[0], []).append(words)
        doc = self.doc
        for tok in doc:
            for words in by_first.get(tok.text, ()):
                end = tok.i + len(words)
                if end > len(doc) or tuple(t.text for t in doc[tok.i:end]) != words:
                    continue
                if taken.intersection(range(tok.i, end)):
                    continue
                head = doc[tok.i:end].root
                if head.i not in self.res.refs and not (head.dep_ in {"compound", "amod"} and head.head.i >= end):
                    self._add(head, Ref(found[words], "name"))
