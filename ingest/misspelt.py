"""Country names misspelt by one letter ("Afganistan", "Quatar", "Ethopia"): news copy has typos, and a
state the gazetteer misses takes every event of its sentence with it.

A capitalised proper noun of six letters or more that no gazetteer span covers, that the recogniser does not
read as a person, and that is one edit (a letter dropped, added, changed, or two swapped) from exactly one
country's single-word name, adjective or demonym, is that country. An exact name always wins (this is only
asked of words the gazetteer did not match), and a word one edit from two countries is left alone.
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from geokg.ingest import cache as startup_cache
from geokg.ingest import lexicon

MIN_LENGTH = 6
KINDS = {"name": "name", "adjective": "adjective", "demonym": "demonym"}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@cache
def _index() -> tuple[dict[str, tuple[tuple[str, str], ...]], frozenset[str]]:
    """Each single-word country surface (lower case) and each of its one-letter deletions -> (key, kind);
    built once and kept in the start-up cache (building it costs a fair share of a small job's start-up)."""
    return startup_cache.cached("misspelt", _build_index, kind=tuple)


def _build_index() -> tuple[dict[str, tuple[tuple[str, str], ...]], frozenset[str]]:
    out: dict[str, set[tuple[str, str]]] = {}
    exact = set()
    for surface, key, kind in lexicon.actor_names():
        if kind not in KINDS or " " in surface or "-" in surface or len(surface) < MIN_LENGTH - 1:
            continue
        if not (len(key) == 3 and key.isupper()):
            continue  # countries only
        word = surface.lower()
        exact.add(word)
        for form in {word, *_deletions(word)}:
            out.setdefault(form, set()).add((key, KINDS[kind]))
    return {form: tuple(sorted(hits)) for form, hits in out.items()}, frozenset(exact)


def _transposed(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 2 and sorted(a) == sorted(b)


def country_of(word: str) -> tuple[str, str] | None:
    """(ISO3 key, kind) of the one country ``word`` misspells by one edit, else None."""
    index, exact = _index()
    low = word.lower()
    if len(low) < MIN_LENGTH or low in exact:
        return None
    # candidates: a surface with a letter dropped is the word ("Quatar" has one too many), the word with a
    # letter dropped is a surface ("Ethopia" lacks one), or both with one dropped (a letter changed or swapped)
    found = set(index.get(low, ()))
    for form in _deletions(low):
        found |= set(index.get(form, ()))
    hits = {(key, kind) for key, kind in found
            if any(_one_edit(low, surface) for surface, _, k in _by_key().get(key, []) if k == kind)}
    keys = {key for key, _ in hits}
    return min(hits) if len(keys) == 1 else None


@cache
def _by_key() -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for surface, key, kind in lexicon.actor_names():
        if kind in KINDS and " " not in surface:
            out.setdefault(key, []).append((surface.lower(), key, KINDS[kind]))
    return out


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1 or _transposed(a, b)
    if abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return short in _deletions(long)


def misspelt_spans(doc: Doc, taken: set[int]) -> list[Span]:
    """Spans labelled ``"{kind}|{ISO3}"`` for the misspelt country names of ``doc`` (tokens not in ``taken``)."""
    out = []
    for tok in doc:
        if tok.i in taken or not _candidate(tok):
            continue
        hit = country_of(tok.text)
        if hit is not None:
            key, kind = hit
            out.append(Span(doc, tok.i, tok.i + 1, label=f"{kind}|{key}"))
    return out


def _candidate(tok: Token) -> bool:
    return (tok.is_title and tok.is_alpha and len(tok) >= MIN_LENGTH and tok.ent_type_ != "PERSON"
            and tok.pos_ in {"PROPN", "ADJ", "NOUN", ""})
