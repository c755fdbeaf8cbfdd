"""In-article coreference: pronouns, definite descriptions ("the government", "the network", "the two
countries") and offices ("the minister") refer back to actors named before.

``CoreferenceMixin`` is one part of the ``Resolver`` (``resolve.py``).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from spacy.tokens import Span, Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.models import Actor
from geokg.ingest.refs import Ref, agent_kind
from geokg.ingest.words import INSTITUTIONS, PAIR_WORDS

SPEECH_VERBS = cl.REPORTING | {"respond", "reply", "tweet", "post", "write", "answer", "retort", "warn"}
# Definite nouns for a state's own bodies, read as the state ("the government", "the police").
STATE_BODIES = {"government", "regime", "administration", "authorities", "police", "military", "army",
                "junta", "presidency", "cabinet"}
FORCE_BODIES = {"police", "military", "army"}
GENERIC_MODIFIERS = {"central", "federal", "national", "interim", "new", "current", "local", "riot"}
# Definite nouns for an organisation named before ("the network", "the commission").
ORG_DESCRIPTIONS = {"network", "broadcaster", "company", "firm", "commission", "committee", "council", "party",
                    "movement", "agency", "militia", "organisation", "organization", "group", "coalition",
                    "foundation", "union", "channel", "station", "house", "senate", "congress", "assembly",
                    "court", "ministry", "department", "tribunal", "forum"}
COMPANY_DESCRIPTIONS = {"network", "broadcaster", "company", "firm", "channel", "station"}


class CoreferenceMixin:
    """Mentions that name no actor themselves, resolved to the actors named before them."""

    def _coreference(self) -> None:
        self.finish_roles()
        self._update_people()
        pairs: Counter[tuple[str, str]] = Counter()
        pair_actor: dict[str, Actor] = {}
        last_sent = None
        for tok in self.doc:
            if self.sent_of[tok.i] != last_sent:
                last_sent = self.sent_of[tok.i]
                countries = self._sentence_countries(self.sents[last_sent])
                for a in countries:
                    pair_actor[a.key] = a
                keys = sorted({a.key for a in countries})
                for i, a in enumerate(keys):
                    for b in keys[i + 1:]:
                        pairs[(a, b)] += 1
            refs = self.res.refs.get(tok.i)
            if refs:
                for ref in refs:
                    self.history.append((tok.i, ref, tok.dep_ in {"nsubj", "nsubjpass"}))
                continue
            resolved = self._resolve_anaphor(tok, pairs, pair_actor)
            if resolved:
                for ref in resolved:
                    self._add(tok, ref)

    def _sentence_countries(self, sent: Span) -> list[Actor]:
        out = []
        for tok in sent:
            for ref in self.res.refs.get(tok.i, []):
                if ref.actor.type == "Country" and ref.actor not in out:
                    out.append(ref.actor)
        return out

    def _resolve_anaphor(self, tok: Token, pairs: Counter, pair_actor: dict[str, Actor]) -> list[Ref]:
        low = tok.text.lower()
        if tok.pos_ == "PRON":
            if low in {"i", "me"}:
                # the quoted speaker: the person whose words the sentence reports ("X responded: 'I reject
                # ...'"), else a person named in an earlier sentence, not a co-subject here
                speaker = self._quote_speaker(tok)
                if speaker is not None:
                    return [Ref(speaker, "pronoun")]
                person = self._recent(tok, lambda r: r.actor.type == "Person", subject_first=True,
                                      earlier_only=True)
                return [Ref(person, "pronoun")] if person else []
            if low in {"he", "she", "him", "her", "his"}:
                # "his suggestions" said by "I" is someone else's: never the first-person speaker of the clause
                me = self._first_person_subject(tok) if low == "his" or low == "her" else None
                person = self._recent(tok, lambda r: r.actor.type == "Person" and r.actor != me,
                                      subject_first=me is None)
                return [Ref(person, "pronoun")] if person else []
            if low in {"it", "its"}:
                # a city named as the place of an event ("a rally in Baghdad") is no antecedent of "it"/"they"
                actor = self._recent(tok, lambda r: r.via in {"name", "force", "office"}
                                     and r.actor.type != "Location", window=1)
                return [Ref(actor, "pronoun")] if actor else []
            if low in {"they", "them", "their"}:
                actor = self._recent(tok, lambda r: r.via in {"name", "group", "force", "office"}
                                     and r.actor.type != "Location", window=0, plural_only=True)
                return [Ref(actor, "pronoun")] if actor else []
            return []
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return []
        lemma = tok.lemma_.lower()
        det = {c.text.lower() for c in tok.children if c.dep_ in {"det", "poss", "nummod", "predet"}}
        definite = bool(det & {"the", "both", "two", "each", "his", "her", "their", "its"})
        if not definite:
            return []
        if lemma in PAIR_WORDS and (tok.tag_ in {"NNS", "NNPS"} or det & {"both", "two", "each"}) and pairs:
            (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
            return [Ref(pair_actor[a], "description"), Ref(pair_actor[b], "description")]
        if lemma in {"country", "nation"} and tok.tag_ not in {"NNS", "NNPS"}:
            actor = self._recent(tok, lambda r: r.actor.type == "Country", window=3)
            return [Ref(actor, "description")] if actor else []
        if lemma in INSTITUTIONS - STATE_BODIES and tok.tag_ not in {"NNS", "NNPS"} and not any(
                c.dep_ in {"amod", "compound", "poss"} for c in tok.children):
            # "the embassy", "the ministry": whose the last one named was
            same = self._same_noun(tok, lemma)
            if same is not None:
                return [Ref(same, "office")]
        if lemma in STATE_BODIES and not any(c.dep_ in {"amod", "compound", "poss"} and c.pos_ in {"PROPN", "ADJ"}
                                             and c.lower_ not in GENERIC_MODIFIERS for c in tok.children):
            # "the government", "the central government", "the police": the state the article is about, or
            # else the one named in this or the sentence before
            country = self._article_country()
            actor = lexicon.to_actor(country) if country in lexicon.actors() else self._recent(
                tok, lambda r: r.actor.type == "Country" and r.via == "name", window=1)
            return [Ref(actor, "force" if lemma in FORCE_BODIES else "office")] if actor else []
        if lemma in ORG_DESCRIPTIONS:
            # "the network", "the commission": the organisation last named whose name says so, or (for a
            # company word) the organisation last named
            # "the group": an armed or political group named as such (ISIS, the Taliban) whatever its name
            actor = self._recent(tok, lambda r: r.actor.type in {"Organization", "Group"} and (
                lemma in r.actor.name.lower() or lemma in COMPANY_DESCRIPTIONS
                or (lemma == "group" and r.actor.type == "Group" and r.via == "name")), window=8)
            return [Ref(actor, "description")] if actor else []
        if self._is_office(tok):
            actor = self._recent(tok, lambda r: r.actor.type == "Person" and self._holds(r.actor, lemma),
                                 window=6)
            return [Ref(actor, "description")] if actor else []
        if agent_kind(tok) == "force" and not any(c.dep_ == "amod" for c in tok.children):
            actor = self._recent(tok, lambda r: r.via == "force", window=3)
            return [Ref(actor, "description")] if actor else []
        return []

    def _first_person_subject(self, tok: Token) -> Actor | None:
        """The actor "I" stands for when it is the subject of the clause ``tok`` is in."""
        head = tok
        for _ in range(len(tok.doc)):
            if head.head.i == head.i or head.pos_ in {"VERB", "AUX"}:
                break
            head = head.head
        subj = cl.child(head, "nsubj")
        if subj is None or subj.lower_ not in {"i", "we"}:
            return None
        refs = self.res.refs.get(subj.i, [])
        return refs[0].actor if refs else None

    def _quote_speaker(self, tok: Token) -> Actor | None:
        """The person subject of a speech verb of the same sentence, a quote mark between it and ``tok`` (the
        sentence may begin inside the quotation: '... Administration," wrote Trump')."""
        sent = self.sents[self.sent_of[tok.i]]
        marks = [t.i for t in sent if t.text in cl.QUOTES]
        if not marks:
            return None
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
                continue
            lo, hi = sorted((tok.i, verb.i))
            if not any(lo < m < hi for m in marks):
                continue
            subj = cl.child(verb, "nsubj")
            for r in self.res.refs.get(subj.i, []) if subj is not None else []:
                if r.actor.type == "Person":
                    return r.actor
        return None

    def _holds(self, person: Actor, office: str) -> bool:
        for p in self.people.values():
            if p.actor().key == person.key and p.role:
                return office in p.role
        return False

    def _same_noun(self, tok: Token, lemma: str, window: int = 5) -> Actor | None:
        """The actor of the last mention, within ``window`` sentences, of a noun with this lemma."""
        floor = self.sents[max(0, self.sent_of[tok.i] - window)].start
        lo = bisect_left(self.history, floor, key=lambda h: h[0])
        for i, ref, _ in reversed(self.history[lo:]):
            if i < tok.i and self.doc[i].lemma_.lower() == lemma and ref.actor.type != "Location":
                return ref.actor
        return None

    def _recent(self, tok: Token, ok, *, window: int = 3, subject_first: bool = False,
                plural_only: bool = False, earlier_only: bool = False) -> Actor | None:
        k = self.sent_of[tok.i]
        floor = self.sents[max(0, k - window)].start
        ceiling = self.sents[k].start if earlier_only else tok.i
        # history is in text order: only its tail from ``floor`` on can qualify
        lo = bisect_left(self.history, floor, key=lambda h: h[0])
        cands = [(i, ref, subj) for i, ref, subj in self.history[lo:] if i < ceiling and ok(ref)]
        if plural_only:
            cands = [c for c in cands if self.doc[c[0]].tag_ in {"NNS", "NNPS"} or c[1].via == "name"]
        if not cands:
            return None
        if subject_first:
            subj = [c for c in cands if c[2]]
            same_sent = [c for c in cands if self.sent_of[c[0]] == k]
            same_subj = [c for c in same_sent if c[2]]
            if same_subj:  # "X accepted responsibility for the murder of Y but did not say he ordered it": X
                return same_subj[-1][1].actor
            if same_sent:
                return same_sent[-1][1].actor
            if subj:
                return subj[-1][1].actor
        return cands[-1][1].actor
