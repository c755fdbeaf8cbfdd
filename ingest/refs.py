"""The resolver's records: which actor a token stands for (``Ref``), offices held (``Role``), the result."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from geokg.ingest import lexicon
from geokg.ingest.models import Actor, slug
from geokg.ingest.offices import Title


@dataclass(frozen=True)
class Ref:
    """One actor a token stands for, and how we know (``via``) — weaker kinds carry less confidence."""

    actor: Actor
    via: str  # name | person | force | office | group | place | pronoun | description


@dataclass(frozen=True)
class Role:
    person: Actor
    role: str
    of: Actor
    sentence: Span
    how: str = "phrase"  # where the office's holder came from (``geokg explain``)


@dataclass
class _Person:
    name: str
    country: str | None = None
    role: str | None = None
    key: str | None = None
    wikidata: str | None = None

    def actor(self) -> Actor:
        return Actor(key=self.key or slug(self.name), name=self.name, type="Person", country=self.country,
                     wikidata=self.wikidata)


@dataclass(frozen=True)
class _PendingRole:
    surname: str
    role: str
    country: str | None
    title: Title | None
    span: Span


@dataclass
class Resolution:
    refs: dict[int, list[Ref]] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    main_country: str | None = None  # the country the article is about, when one stands out

    def of(self, tok: Token | None) -> list[Ref]:
        return self.refs.get(tok.i, []) if tok is not None else []


def agent_kind(tok: Token) -> str | None:
    agents = lexicon.agents()
    for form in (tok.text.lower(), tok.lemma_.lower()):
        if form in agents:
            return agents[form][1]
    return None
