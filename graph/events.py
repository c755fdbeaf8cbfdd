"""One event, many reports: which reports (triples from different articles) describe the same event.

Two reports are of one event when they share subject, relation, object and predicate family, and their
event dates are compatible at their precision ("2020-03" is compatible with "2020-03-02"; "2020-03-02" is
not with "2020-03-04"). Structural facts (ROLE, TRADE, MEMBER_OF, ALLY_OF) are timeless here: one fact
however many articles state it.

The grouping is a pure function of the *set* of reports in a bucket (same subject, relation, object,
family), so every store recomputes a bucket from all of its reports whenever one of them changes: ingest
order, re-ingest and worker count cannot change the result, and removing the last report removes the event.

>>> a = Report("r1", "TUR", "ASSAULT", "RUS", "190", EventDate("2015-11-24", "day"))
>>> b = Report("r2", "TUR", "ASSAULT", "RUS", "190", EventDate("2015-11", "month"))
>>> c = Report("r3", "TUR", "ASSAULT", "RUS", "190", EventDate("2015-11-26", "day"))
>>> [sorted(e.reports) for e in cluster([c, b, a])]
[['r1', 'r2'], ['r3']]
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

STRUCTURAL = frozenset({"ROLE", "TRADE", "MEMBER_OF", "ALLY_OF"})
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}  # finest first


@dataclass(frozen=True, order=True)
class EventDate:
    """A date as precise as the text gives it: ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    value: str
    precision: str = "day"  # day | month | year

    def compatible(self, other: EventDate) -> bool:
        """Equal at the coarser of the two precisions."""
        short, long_ = sorted((self.value, other.value), key=len)
        return long_.startswith(short)


def family(relation: str, predicate: str | None, cameo: str | None) -> str:
    """The predicate family: the 3-digit CAMEO code when there is one, else the predicate, else the relation.

    >>> family("ACCUSE", "blame_for_attack", "1124"), family("ROLE", "holds_office", None)
    ('112', 'holds_office')
    """
    if cameo and cameo[:3].isdigit() and len(cameo) >= 3:
        return cameo[:3]
    return predicate or relation


@dataclass(frozen=True)
class Report:
    """One article's statement of an event, as the merge sees it."""

    id: str  # the statement id (unique per article and statement)
    subject: str
    relation: str
    object: str
    family: str
    date: EventDate | None = None

    @property
    def bucket(self) -> tuple[str, str, str, str]:
        return (self.subject, self.relation, self.object, self.family)


@dataclass
class Event:
    """A distinct event: its anchor date (the finest date of its reports) and the ids of its reports."""

    subject: str
    relation: str
    object: str
    family: str
    date: EventDate | None
    reports: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable over the same set of reports: a hash of the bucket and the anchor date."""
        raw = "|".join([self.subject, self.relation, self.object, self.family, self.date.value if self.date else ""])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def _order(r: Report) -> tuple:
    if r.date is None:
        return (1, 9, "", r.id)
    return (0, PRECISION_RANK.get(r.date.precision, 9), r.date.value, r.id)


def cluster(reports: Iterable[Report]) -> list[Event]:
    """Group reports into distinct events, deterministically (see the module's docstring).

    Reports are taken finest date first; each joins the first event (in that order) whose anchor date is
    compatible with its own, else it starts a new event. An undated report joins the bucket's first event.
    Structural relations ignore dates (one event per bucket, dated by its first report in that order).
    """
    by_bucket: dict[tuple[str, str, str, str], list[Report]] = {}
    for r in reports:
        by_bucket.setdefault(r.bucket, []).append(r)
    out: list[Event] = []
    for bucket in sorted(by_bucket):
        events: list[Event] = []
        for r in sorted(set(by_bucket[bucket]), key=_order):
            timeless = r.relation in STRUCTURAL
            home = next((e for e in events if timeless or r.date is None or e.date is None
                         or e.date.compatible(r.date)), None)
            if home is None:
                home = Event(*bucket, date=r.date)  # a structural fact is dated by its first report
                events.append(home)
            elif home.date is None and r.date is not None:
                home.date = r.date
            home.reports.append(r.id)
        out.extend(events)
    return out


def sources(reports: Iterable[tuple[str, str | None]]) -> int:
    """Independent sources of an event from its reports' ``(article_id, source)`` pairs: distinct ``source``
    values (two outlets' copies of one wire story count once), an article without a source counting alone.

    >>> sources([("a1", "Reuters"), ("a2", "reuters "), ("a3", None)])
    2
    """
    return len({(s.strip().lower() if s and s.strip() else f"article:{a}") for a, s in reports})
