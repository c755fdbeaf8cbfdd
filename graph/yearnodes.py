"""The names of the per-year summaries (graph/yearly.py) and which events they count.

A year summary counts the events of one pair or actor dated to a *day* of that year (``YYYY-MM-DD``, a
real date from :data:`~geokg.graph.derived.FIRST_YEAR` to ``LAST_YEAR``): the dated queries compare date
strings (``STR(?d) >= ?since``), and every such string of year ``Y`` lies between ``Y-01-01`` and
``Y-12-31``, so a range covering those two days covers the whole year. An event dated to a year or a
month only (``2018``, ``2018-03``) sorts before ``2018-01-01`` or between days, so it is not counted
there: ``gksum:yp-{YYYY}`` lists those of year ``YYYY`` (``gk:periodEvent``, with the period nodes), and
the dated queries read them one by one (they are few).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pyoxigraph as ox

from geokg.graph.namespace import GK, GKSUM, SUMMARY_GRAPH

_SUMMARY = str(GKSUM)
YEAR_OF = ox.NamedNode(str(GK.yearOf))
YEAR = ox.NamedNode(str(GK.year))
YEAR_SCORES = ox.NamedNode(str(GK.yearScores))
PERIOD_EVENT = ox.NamedNode(str(GK.periodEvent))
_SUMMARIES = ox.NamedNode(str(SUMMARY_GRAPH))
#: The years with period nodes of their own (graph/derived.py), and with year summaries.
YEARS_SPAN = FIRST_YEAR, LAST_YEAR = 1900, 2040


def day_year(date: str | None) -> int | None:
    """The year of ``date`` when it is a real day (``YYYY-MM-DD``) from 1900 to 2040, else None."""
    if date is None or len(date) != 10 or date[4] != "-" or date[7] != "-":
        return None
    try:
        year = dt.date.fromisoformat(date).year
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def partial_year(date: str | None) -> int | None:
    """The year of ``date`` when it names a year or a month only (``YYYY``, ``YYYY-MM``) from 1900 to 2040."""
    if date is None or len(date) not in (4, 7) or not date[:4].isdigit():
        return None
    if len(date) == 7 and (date[4] != "-" or not date[5:].isdigit()):
        return None
    year = int(date[:4])
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def partial_node(year: int) -> ox.NamedNode:
    """``gksum:yp-{YYYY}``: the events of any category dated to that year or one of its months only."""
    return ox.NamedNode(f"{_SUMMARY}yp-{year:04d}")


@lru_cache(maxsize=1 << 16)
def pair_year_node(pair_hash: str, year: int) -> ox.NamedNode:
    """``gksum:py-{hash}-{YYYY}``: a pair's scored events dated to a day of that year (the pair summary is
    ``gksum:p-{hash}``)."""
    return ox.NamedNode(f"{_SUMMARY}py-{pair_hash}-{year:04d}")


@lru_cache(maxsize=1 << 16)
def actor_year_node(actor_hash: str, year: int) -> ox.NamedNode:
    """``gksum:ay-{hash}-{YYYY}``: an actor's events dated to a day of that year (``gksum:a-{hash}``)."""
    return ox.NamedNode(f"{_SUMMARY}ay-{actor_hash}-{year:04d}")


@lru_cache(maxsize=1 << 16)
def pair_scores_node(pair_hash: str) -> ox.NamedNode:
    """``gksum:pys-{hash}``: a pair's score sum of each year, in one literal (``gk:yearScores``), so the
    dated dyad queries read a candidate pair's years in one look-up."""
    return ox.NamedNode(f"{_SUMMARY}pys-{pair_hash}")


def scores_text(scores: dict[int, str]) -> str:
    """``{2018: "-40", 2019: "-12.5"}`` -> ``"2018:-40 2019:-12.5"`` (years in order)."""
    return " ".join(f"{y:04d}:{v}" for y, v in sorted(scores.items()))


def parse_scores(text: str) -> dict[int, str]:
    return {int(y): v for y, v in (item.split(":") for item in text.split())}


def ranking_name(ranking: str, year: int) -> str:
    """The ranking of one year's summaries: ``hostile-2018`` (its pages ``gksum:rank-hostile-2018-p1``...)."""
    return f"{ranking}-{year:04d}"


def base_ranking(name: str) -> tuple[str, int | None]:
    """``hostile-2018`` -> ``("hostile", 2018)``; ``hostile`` -> ``("hostile", None)``."""
    head, _, tail = name.rpartition("-")
    return (head, int(tail)) if head and tail.isdigit() else (name, None)


def event_year_quads(event: ox.NamedNode, shown: str | None) -> tuple[int | None, list[ox.Quad]]:
    """For one event of ``derive_relation``: the year its day date counts in (None: none), and the
    listing quad of an event dated to a year or month only (``gksum:yp-{YYYY}``)."""
    year = day_year(shown)
    partial = partial_year(shown) if year is None else None
    return year, [ox.Quad(partial_node(partial), PERIOD_EVENT, event, _SUMMARIES)] if partial is not None else []
