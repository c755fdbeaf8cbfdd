"""Actors the text does not name by nationality: crowds, groups and forces placed by their context.

"Several hundred people rallied in Moscow", "police in Jericho", "Egyptian police dispersed
demonstrators": a group noun with no country of its own (``people``, ``students``, ``rebels``,
``police``) is of the country it is in (a locative phrase on it or on its clause) or, failing that,
of the one country its sentence names. Event-data coders do the same: domestic actors carry the
country where they act.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from geokg.ingest import clauses as cl
from geokg.ingest import lexicon
from geokg.ingest.models import Actor, slug
from geokg.ingest.nlp import sentence_index
from geokg.ingest.resolve import Ref, Resolution

PLACE_PREPS = {"in", "at", "outside", "across", "throughout", "from", "near"}
LOCATIVE = ("in", "at", "outside", "across", "throughout", "near", "inside", "around", "within")
CROWD_WORDS = {"people", "protester", "protestor", "demonstrator", "crowd", "thousand", "hundred", "resident",
               "student", "worker", "supporter", "activist", "youth", "villager", "citizen"}
GROUP_WORDS = CROWD_WORDS | {"group", "opposition", "party", "union", "movement", "association", "committee",
                             "council", "coalition", "faction", "organisation", "organization"}

# Legislators named only by their office ("senators", "MPs"): a group of the country they sit for.
LEGISLATORS = {"senator", "lawmaker", "legislator", "mp", "parliamentarian", "congressman", "congresswoman",
               "deputy", "councillor"}

# Crowds that act in politics wherever they are: placed in the article's state when nothing else places them.
POLITICAL_CROWDS = {"protester", "protestor", "demonstrator", "activist", "opposition"}


def country_of(ref: Ref) -> str | None:
    return ref.actor.key if ref.actor.type == "Country" else ref.actor.country


def group_kind(tok: Token, res: Resolution) -> str | None:
    """"group" or "force" for a common noun that denotes people or forces and names no actor itself."""
    if tok.pos_ != "NOUN" or res.of(tok):
        return None
    lemma = tok.lemma_.lower()
    kind = lexicon.agents().get(lemma, ("", ""))[1]
    if kind == "force" or lemma in {"force", "government"}:
        return "force"
    if kind == "group" or lemma in GROUP_WORDS or (lemma in LEGISLATORS and tok.tag_ in {"NNS", "NNPS"}):
        return "group"
    return None


def _place_country(tokens: list[Token], res: Resolution) -> tuple[str, Token] | None:
    for p in tokens:
        for r in res.of(p):
            country = country_of(r)
            if country and r.via in {"name", "place"} and r.actor.type in {"Country", "Location"}:
                return country, p
    return None


def _phrase(place: Token) -> str:
    """ "Gaza Strip" for the head "Strip": the name with its compound and adjectival modifiers."""
    return " ".join(t.text for t in place.subtree
                    if t is place or (t.i < place.i and t.dep_ in {"compound", "amod", "nmod"}))


class Context:
    """Per-Doc look-ups for placing unnamed groups; the countries of each sentence are counted once."""

    def __init__(self, doc: Doc, res: Resolution) -> None:
        self.doc = doc
        self.res = res
        self._countries: dict[int, set[str]] = {}

    def sentence_countries(self, tok: Token) -> set[str]:
        starts, sent_of = sentence_index(self.doc)
        k = sent_of[tok.i]
        if k not in self._countries:
            end = starts[k + 1] if k + 1 < len(starts) else len(self.doc)
            found = {country_of(r) for t in self.doc[starts[k]:end] for r in self.res.of(t) if r.via != "assoc"}
            self._countries[k] = {c for c in found if c}
        return self._countries[k]

    def _origin(self, noun: Token) -> tuple[str, Token] | None:
        """ "Doctors from two American aid groups", "a missionary from Calgary": where people come from."""
        for p in cl.prep_objects(noun, ("from",), depth=1):
            for r in self.res.of(p):
                country = country_of(r)
                if country and r.via in {"name", "place", "group", "force", "office"}:
                    return country, p
        return None

    def group(self, noun: Token, verb: Token, exclude: frozenset[str] = frozenset()) -> Ref | None:
        """The group or force ``noun`` stands for, placed by a locative phrase or by its sentence's one
        country (``exclude``: countries already on the other side of the event are no evidence)."""
        kind = group_kind(noun, self.res)
        if kind is None:
            return None
        placed = (self._origin(noun) or _place_country(cl.prep_objects(noun, (*LOCATIVE, "of"), depth=2), self.res)
                  or _place_country(cl.prep_objects(verb, LOCATIVE, depth=2), self.res))
        if placed is not None:
            country, place = placed
        else:
            countries = self.sentence_countries(noun) - exclude
            if len(countries) == 1:
                country, place = next(iter(countries)), None
            elif (not countries and self.res.main_country and self.res.main_country not in exclude
                  and noun.lemma_.lower() in POLITICAL_CROWDS | LEGISLATORS | {"police"}):
                country, place = self.res.main_country, None  # the state the article is about
            else:
                return None
        if country not in lexicon.actors():
            return None
        if kind == "force":
            return Ref(lexicon.to_actor(country), "force")
        # named as the text names them, after where they are ("Hong Kong protesters", "Moscow residents"):
        # the key keeps them apart per country and place
        where = _phrase(place) if place is not None else lexicon.actors()[country].name
        name = f"{where} {noun.lower_}"
        return Ref(Actor(key=f"{country}-{slug(name)}", name=name, type="Group", country=country,
                         aliases=(f"{noun.lower_} in {where}",)), "group")


def located_group(verb: Token, res: Resolution) -> list[Ref]:
    """ "Several hundred people rallied ... in Moscow", "opposition groups in Zimbabwe": a crowd or group
    with no nationality of its own is of the country it is in."""
    subj = cl.child(verb, "nsubj")
    if subj is None or res.of(subj) or subj.pos_ != "NOUN":
        return []
    lemma = subj.lemma_.lower()
    kind = lexicon.agents().get(lemma, ("", ""))[1]
    force = kind in {"force", "office"} or lemma in {"force", "government"}
    if lemma not in GROUP_WORDS and not force and kind != "group":
        return []
    own = [t for t in subj.subtree if t.dep_ == "pobj" and t.head.text.lower() in PLACE_PREPS]
    around = [t for t in verb.subtree if t.dep_ == "pobj" and t.head.text.lower() in PLACE_PREPS
              and lemma in CROWD_WORDS]
    for p in own + around:
        for r in res.of(p):
            country = r.actor.country if r.actor.type != "Country" else r.actor.key
            if country and r.actor.type in {"Country", "Location"} and r.via in {"name", "place"}:
                # a place ("rallied in Moscow"), not forces met there ("threw rocks at Serbian police")
                if force and p in own:  # "security forces in Guinea", "police in Jericho"
                    return [Ref(lexicon.to_actor(country), "force")] if country in lexicon.actors() else []
                name = f"{p.text} {subj.lower_}"
                group = Actor(key=f"{country}-{slug(name)}", name=name, type="Group", country=country,
                              aliases=(f"{subj.lower_} in {p.text}",))
                return [Ref(group, "group")]
    return []


def passive_by_place(verb: Token, category: str, res: Resolution) -> list[Ref]:
    """ "A missionary was arrested in Lebanon": with no agent, the state where it happened coerces."""
    if category not in {"COERCE", "ACCUSE"} or not cl.is_passive(verb) or cl.agent_token(verb) is not None:
        return []
    for p in cl.prep_objects(verb, ("in",), depth=1):
        refs = [r for r in res.of(p) if r.actor.type == "Country"]
        if refs:
            return refs
    return []
