"""The typed records that flow between the stages: Article -> Triple -> store.

Every stage speaks these records and nothing else; ``Triple.to_dict`` is the
triples contract of DESIGN.md (what ``geokg extract --format jsonl`` prints).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

ACTOR_TYPES = ("Country", "Person", "Organization", "Group", "Location")


def slug(text: str) -> str:
    """A lower-case ASCII slug: ``slug("François Hollande") == "francois-hollande"``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def text_id(text: str) -> str:
    """Stable id of an article: a hash of its whitespace-normalised text."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article, text already repaired."""

    id: str
    text: str
    ref: str  # the path it was read from, or its id for stdin and feeds
    title: str | None = None
    date: str | None = None  # ISO 8601 date
    source: str | None = None
    url: str | None = None

    @classmethod
    def make(cls, text: str, ref: str | None = None, **meta: Any) -> Article:
        aid = text_id(text)
        return cls(id=aid, text=text, ref=ref or aid, **meta)


@dataclass(frozen=True)
class Skipped:
    """An input that was not ingested, and why (said to the user, never dropped).

    ``ignored`` marks files that are not meant as articles (a folder's README or SOURCES):
    they are listed, but do not make a run "incomplete" (exit code 1).
    """

    path: str
    reason: str
    ignored: bool = False


@dataclass(frozen=True)
class Actor:
    """A canonical actor. ``key`` is its stable identity in every store.

    Countries are keyed by ISO 3166-1 alpha-3 code ("RUS"), organisations and
    groups by their code ("NATO"), people by a slug of their name.
    """

    key: str
    name: str
    type: str
    country: str | None = None
    wikidata: str | None = None  # "Q159"
    aliases: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def person(cls, name: str, country: str | None = None, wikidata: str | None = None) -> Actor:
        return cls(key=slug(name), name=name, type="Person", country=country, wikidata=wikidata)

    @property
    def id(self) -> str:
        return f"wd:{self.wikidata}" if self.wikidata else f"geokg:{self.key}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name, "type": self.type, "country": self.country, "id": self.id, "key": self.key,
        }
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        ident = str(d.get("id") or "")
        return cls(
            key=d.get("key") or (ident.removeprefix("geokg:") if ident.startswith("geokg:") else slug(d["name"])),
            name=d["name"], type=d["type"], country=d.get("country"),
            wikidata=ident[3:] if ident.startswith("wd:") else None,
            aliases=tuple(d.get("aliases") or ()),
        )


@dataclass(frozen=True)
class Evidence:
    """Where a triple was read: ``text[start:end] == sentence`` in the cleaned article."""

    article: str
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class EventDate:
    """When the reported event happened, as precisely as the text says: ``value`` is ``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY`` for ``precision`` day, month or year; ``text`` is the expression it came from
    ("on Monday"), or None when the sentence names no date and the article's date stands in."""

    value: str
    precision: str = "day"
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EventDate | None:
        return cls(str(d["value"]), d.get("precision") or "day", d.get("text")) if d and d.get("value") else None


@dataclass(frozen=True)
class Triple:
    """One subject-relation-object statement with its evidence.

    ``evidence`` holds every span that reports the same statement in one article;
    the contract prints the first as ``evidence`` and the rest as ``more_evidence``.
    """

    subject: Actor
    relation: str
    object: Actor
    evidence: tuple[Evidence, ...]
    predicate: str = ""
    mode: str | None = None
    cameo: str | None = None
    score: float | None = None
    attributes: tuple[tuple[str, Any], ...] = ()
    negated: bool = False
    attributed_to: Actor | None = None
    confidence: float = 0.5
    published: str | None = None  # the article's date (ISO 8601)
    event_date: EventDate | None = None  # the event's own date, resolved against ``published``
    article_id: str | None = field(default=None, compare=False)

    @property
    def date(self) -> str | None:
        """The event's date when known, else the article's: what timelines and first/last seen use."""
        return self.event_date.value if self.event_date else self.published

    @property
    def attrs(self) -> dict[str, Any]:
        return dict(self.attributes)

    @property
    def statement_key(self) -> tuple[str, str, str, str, bool]:
        """Two reports of the same statement in one article share this key."""
        return (self.subject.key, self.relation, self.object.key, self.predicate, self.negated)

    @property
    def statement_id(self) -> str:
        raw = "|".join([self.article_id or self.evidence[0].article, *map(str, self.statement_key)])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        first, *more = self.evidence
        out: dict[str, Any] = {
            "subject": self.subject.to_dict(),
            "relation": self.relation,
            "predicate": self.predicate,
            "mode": self.mode,
            "cameo": self.cameo,
            "score": self.score,
            "object": self.object.to_dict(),
            "attributes": self.attrs,
            "negated": self.negated,
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "confidence": round(self.confidence, 3),
            "published": self.published,
            "event_date": self.event_date.to_dict() if self.event_date else None,
            "evidence": first.to_dict(),
        }
        if more:
            out["more_evidence"] = [e.to_dict() for e in more]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any], article_id: str | None = None) -> Triple:
        evs = [d["evidence"], *d.get("more_evidence", [])]
        att = d.get("attributed_to")
        return cls(
            subject=Actor.from_dict(d["subject"]), relation=d["relation"], object=Actor.from_dict(d["object"]),
            evidence=tuple(Evidence(**e) for e in evs), predicate=d.get("predicate") or "",
            mode=d.get("mode"), cameo=d.get("cameo"), score=d.get("score"),
            attributes=tuple(sorted((d.get("attributes") or {}).items())), negated=bool(d.get("negated")),
            attributed_to=Actor.from_dict(att) if att else None, confidence=float(d.get("confidence", 0.5)),
            published=d.get("published") or d.get("date"), event_date=EventDate.from_dict(d.get("event_date")),
            article_id=article_id,
        )
