"""Who held which head-of-state or head-of-government office of which country, and when
(``data/office_holders.tsv``, from Wikipedia's lists of state leaders, 1951-2019).

"President Reagan" in an article that does not say whose president he is: the table knows one Reagan who
was a president, of the United States, from 1981 to 1989. A full name must be the table's; a surname alone
must name one holder of that office (in the article's year when it has one), and the office must be the
title the text gives ("president" is not "prime minister").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from geokg.ingest import lexicon


@dataclass(frozen=True)
class Holding:
    name: str
    country: str
    office: str
    start: int
    end: int | None  # None: still in office when the list was written


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@cache
def _index() -> tuple[dict[str, list[Holding]], dict[str, list[Holding]]]:
    """Holdings by folded full name and by folded surname."""
    by_name: dict[str, list[Holding]] = {}
    by_surname: dict[str, list[Holding]] = {}
    for name, country, office, start, end in lexicon._table(
            "office_holders.tsv", ("name", "country", "office", "start", "end")):
        h = Holding(name, country, office, int(start), int(end) if end else None)
        key = fold(name)
        by_name.setdefault(key, []).append(h)
        if key:
            by_surname.setdefault(key.split()[-1], []).append(h)
    return by_name, by_surname


def _same_office(role: str, office: str) -> bool:
    role, office = fold(role), fold(office)
    return role == office or office.startswith(role + " ") or role.endswith(" " + office)


def _in_year(h: Holding, year: int | None) -> bool:
    return year is None or h.start <= year <= (h.end if h.end is not None else 9999)


def holder_country(name: str, role: str | None, year: int | None = None) -> str | None:
    """The one country whose office ``role`` the person ``name`` held (in ``year``, when given), else None."""
    if not role:
        return None
    by_name, by_surname = _index()
    key = fold(name)
    words = key.split()
    # a full name must be the table's ("Nick Adderley" is not "Paul Adderley"); a surname alone, any holder's
    found = by_name.get(key, []) if len(words) > 1 else by_surname.get(key, []) if words else []
    found = [h for h in found if _same_office(role, h.office) and _in_year(h, year)]
    if len(words) == 1 and len({h.name for h in found}) > 1:
        return None  # two holders of that surname and office: the text must say which
    countries = {h.country for h in found}
    return next(iter(countries)) if len(countries) == 1 else None


def year_of(date: str | None) -> int | None:
    """The year of an ISO 8601 date ("2019-09-03"), or None."""
    return int(date[:4]) if date and len(date) >= 4 and date[:4].isdigit() else None
