"""The project's lexicon tables (``ingest/data/*.tsv``): PLOVER categories, verbs, actors, agents.

The tables are derived by ``scripts/derive_lexicons.py`` from the CAMEO / PLOVER / Phoenix sources
(see ``ingest/data/SOURCES.md``); this module only reads them. Every loader is cached.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from geokg.ingest import cache as startup_cache
from geokg.ingest.models import Actor

__all__ = [
    "ActorEntry", "Category", "VerbEntry", "VerbLexicon", "actor_names", "actors", "agents",
    "cameo_to_plover", "categories", "to_actor", "verbs",
]


@dataclass(frozen=True)
class Category:
    name: str
    cameo_root: str
    score: float
    modes: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    particle: str | None
    prep: str | None
    noun: str | None
    cameo: str
    category: str
    mode: str | None
    predicate: str
    source: str


class ActorEntry(NamedTuple):  # a tuple: ~18k are made at start-up, several times faster than dataclasses
    key: str
    type: str
    name: str
    country: str | None
    wikidata: str | None


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (files("geokg.ingest") / "data" / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    head = lines[0].split("\t")
    for line in lines[1:]:
        cells = line.split("\t")
        yield dict(zip(head, cells + [""] * (len(head) - len(cells)), strict=True))


def _table(name: str, fields: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows of ``data/name`` as tuples of ``fields``, through the start-up cache (``cache.py``)."""
    return startup_cache.cached(f"lexicon-{name.removesuffix('.tsv')}",
                                lambda: [tuple(r[f] for f in fields) for r in _rows(name)], kind=list)


def _opt(value: str) -> str | None:
    return value or None


@cache
def categories() -> dict[str, Category]:
    """The 16 PLOVER categories in the manual's order."""
    return {
        r["category"]: Category(r["category"], r["cameo_root"], float(r["score"]),
                                tuple(m for m in r["modes"].split(",") if m), r["description"])
        for r in _rows("plover.tsv")
    }


@cache
def _cameo_table() -> dict[str, tuple[str, str | None]]:
    return {r["cameo"]: (r["category"], _opt(r["mode"])) for r in _rows("cameo2plover.tsv")}


def cameo_to_plover(code: str) -> tuple[str, str | None] | None:
    """(category, mode) of a CAMEO code by longest prefix match; None when it has no PLOVER category."""
    table = _cameo_table()
    code = code.strip()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


class VerbLexicon:
    """Verb patterns by lemma; ``lookup`` picks the most specific pattern a clause matches."""

    def __init__(self, rows: Sequence[VerbEntry]) -> None:
        self._by_lemma: dict[str, list[VerbEntry]] = defaultdict(list)
        for row in rows:
            self._by_lemma[row.lemma].append(row)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_lemma.values())

    def __contains__(self, lemma: object) -> bool:
        return lemma in self._by_lemma

    def entries(self, lemma: str) -> list[VerbEntry]:
        return list(self._by_lemma.get(lemma.lower(), ()))

    def lookup(self, lemma: str, particle: str | None = None, nouns: Sequence[str] = (),
               preps: Sequence[str] = ()) -> VerbEntry | None:
        """Most specific match: (lemma, particle, noun) > (lemma, noun) > (lemma, particle, prep) >
        (lemma, prep) > (lemma, particle) > bare lemma. A row with a preposition needs it in ``preps``;
        ``nouns`` are the lemmas of the object and of prepositional objects, most important first."""
        rows = self._by_lemma.get(lemma.lower())
        if not rows:
            return None
        particle = particle.lower() if particle else None
        nouns = [n.lower() for n in nouns]
        prep_set = {p.lower() for p in preps}

        def prep_ok(r: VerbEntry) -> bool:
            return r.prep is None or r.prep in prep_set

        levels = []
        if particle:
            levels.append(lambda r: r.particle == particle and r.noun in nouns and prep_ok(r))
        levels.append(lambda r: r.particle is None and r.noun in nouns and prep_ok(r))
        if particle:
            levels.append(lambda r: r.particle == particle and r.noun is None and r.prep in prep_set)
        levels.append(lambda r: r.particle is None and r.noun is None and r.prep in prep_set)
        if particle:
            levels.append(lambda r: r.particle == particle and r.noun is None and r.prep is None)
        levels.append(lambda r: r.particle is None and r.noun is None and r.prep is None)
        for test in levels:
            found = [r for r in rows if test(r)]
            if found:
                def rank(r: VerbEntry) -> tuple[int, int, int]:
                    noun_rank = nouns.index(r.noun) if r.noun in nouns else 0
                    return (noun_rank, r.prep is None, r.source != "curated")
                return min(found, key=rank)
        return None


@cache
def verbs() -> VerbLexicon:
    fields = ("lemma", "particle", "prep", "noun", "cameo", "category", "mode", "predicate", "source")
    return VerbLexicon([
        VerbEntry(lemma, _opt(particle), _opt(prep), _opt(noun), cameo, category, _opt(mode), predicate, source)
        for lemma, particle, prep, noun, cameo, category, mode, predicate, source in _table("verbs.tsv", fields)
    ])


@cache
def actors() -> dict[str, ActorEntry]:
    def build() -> list[tuple[str | None, ...]]:
        return [(r["key"], r["type"], r["name"], _opt(r["country"]), _opt(r["wikidata"])) for r in _rows("actors.tsv")]
    return {row[0]: ActorEntry._make(row) for row in startup_cache.cached("lexicon-actors", build, kind=list)}


@cache
def actor_names() -> list[tuple[str, str, str]]:
    """(surface, key, kind); kind is name, adjective, demonym, metonym, alias or person."""
    return _table("actor_names.tsv", ("surface", "key", "kind"))  # type: ignore[return-value]


@cache
def agents() -> dict[str, tuple[str, str]]:
    """Agent noun lemma -> (Phoenix sector code, kind: office | force | group)."""
    return {r["noun"]: (r["sector"], r["kind"]) for r in _rows("agents.tsv")}


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    def build() -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = defaultdict(list)
        for surface, key, kind in actor_names():
            if kind in ("name", "alias", "person"):
                out[key].append(surface)
        return {k: tuple(v) for k, v in out.items()}
    return startup_cache.cached("lexicon-aliases", build, kind=dict)


def to_actor(key: str) -> Actor:
    """The canonical ``models.Actor`` for an actor key (KeyError for an unknown key)."""
    entry = actors()[key]
    return Actor(key=entry.key, name=entry.name, type=entry.type, country=entry.country,
                 wikidata=entry.wikidata, aliases=_aliases().get(key, ()))
