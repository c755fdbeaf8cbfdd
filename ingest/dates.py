"""Event dates: the date expressions of a sentence, resolved against the article's date, and the one that
dates each event.

Finding: patterns over the sentence text (weekdays, "yesterday", "last week", "three days ago", "14
September", "September 14, 2019", "July 2011", ISO dates, and, inside a spaCy DATE entity or after "in",
"since"..., a bare month or year). A DATE entity no pattern matches ("five years", "the 1990s", "recent
weeks") is a duration or a vague span, not a date, and is left out.

Resolving: a weekday is the one on or before the article's date ("last Monday" on a Monday is a week
before; "next Monday" the one after); everything else goes to ``dateparser`` (English only, no
language detection, relative base = the article's date, dates preferred from the past). Its period gives
the precision; a week ("last week") is given at month precision, of the week's Thursday. Without an
article date, only expressions that name their year resolve.

Attaching (``EventDater.date_of``), for the verb or noun that carries an event: walk from each
expression's head up the parse to the first verb. The expression dates the event when that walk reaches
the event's own token (a temporal modifier of its verb, "on Monday", "npadvmod" or "prep" + pobj, or of
its noun, "the attack on Monday"), the verb a nominal event hangs from, or the head of an ``xcomp``
event; failing that, a conjunct verb's expression ("attacked and seized the town on Monday"); failing
that, one in the sentence that modifies no verb at all. An expression that is a pre-modifier of a noun
("the 2003 invasion", "Monday's vote") or follows it with "of" ("the attacks of 2001") dates that noun,
not the clause; one whose walk reaches another verb dates that verb's clause; a deadline ("by October
31st", "until Thursday") dates nothing. Among equals: the most precise, then the nearest. No expression:
the article's date with ``text=None``; no article date either: None.
"""
from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from geokg.ingest.models import EventDate
from geokg.ingest.nlp import sentence_index

__all__ = ["DateMention", "EventDater", "parse_expression", "resolve"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)"
_EXPR = re.compile(
    rf"""(?x)\b(?:
      (?P<iso>{_YEAR}-[01]\d-[0-3]\d)
    | (?P<dmy>{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)
    | (?P<mdy>{_MONTH}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?)
    | (?P<my>{_MONTH},?\s+(?:of\s+)?{_YEAR})
    | (?P<ago>(?i:{_NUM}\s+(?:day|week|month|year)s?\s+ago))
    | (?P<rel>(?i:(?:the\s+day\s+before\s+)?yesterday|today|tonight|this\s+(?:morning|afternoon|evening)
              |(?:earlier\s+)?this\s+(?:week|month|year)|(?:last|past|previous)\s+(?:week|month|year)))
    | (?P<wd>(?:(?i:last|this|next|past)\s+)?(?:{"|".join(WEEKDAYS)})(?:'s)?)
    | (?P<m>{_MONTH})
    | (?P<y>{_YEAR})
    )(?![\w-])""")
# a bare month or year counts only inside a DATE entity or after one of these words
WEAK_LEAD = {"in", "since", "from", "during", "early", "late", "mid", "of", "after", "throughout", "last"}
# a preposition in front is part of the expression's text ("on Monday")
LEAD_PREPS = {"on", "in", "since", "during", "from", "after", "throughout"}
# a deadline ("by October 31st", "until Thursday") is not when the event happened
DEADLINE = {"by", "until", "till", "before"}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
NOUN_PREMODS = {"compound", "nmod", "amod", "nummod", "poss", "npadvmod"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
VERBAL = {"VERB", "AUX"}


@dataclass(frozen=True)
class DateMention:
    """One date expression of a sentence: tokens ``start:end``, ``head`` its syntactic head token."""

    start: int
    end: int
    head: int
    date: EventDate


# ---- resolving one expression --------------------------------------------------------------------

@lru_cache(maxsize=4096)
def parse_expression(text: str, kind: str, base: dt.date | None) -> EventDate | None:
    """The date an expression of pattern ``kind`` (a group name of ``_EXPR``) names, resolved against
    ``base``; None when it names none (or only relative to an unknown base)."""
    if kind == "wd":
        return _weekday(text, base)
    has_year = kind == "iso" or re.search(_YEAR, text) is not None and kind != "ago"
    if base is None and not has_year:
        return None  # relative to an unknown date
    core = re.sub(r"(?i)^earlier\s+", "", text)
    data = _parser(base or dt.date(2000, 1, 1)).get_date_data(core)
    if data is None or data.date_obj is None:
        return None
    day, period = data.date_obj.date(), data.period or "day"
    if period == "week":  # a week: its month, counted by its Thursday
        day = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=3)
        period = "month"
    if base is not None and day > base + dt.timedelta(days=1) or day.year < 1800:
        return None
    value = {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(period, day.isoformat())
    return EventDate(value, period if period in PRECISION_RANK else "day", None)


def _weekday(text: str, base: dt.date | None) -> EventDate | None:
    if base is None:
        return None
    words = text.lower().split()
    target = next(i for i, name in enumerate(WEEKDAYS) if name.lower() in text.lower())
    if words[0] == "next":
        delta = -((target - base.weekday()) % 7 or 7)
    else:
        delta = (base.weekday() - target) % 7
        if delta == 0 and words[0] in {"last", "past"}:
            delta = 7
    return EventDate((base - dt.timedelta(days=delta)).isoformat(), "day", None)


@lru_cache(maxsize=64)
def _parser(base: dt.date) -> Any:
    """A dateparser parser for English only, relative to ``base`` (imported on first use: it is slow)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from dateparser.date import DateDataParser
    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past",
                "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False,
                "PARSERS": ["relative-time", "absolute-time"]}
    return DateDataParser(languages=["en"], try_previous_locales=False, use_given_order=True, settings=settings)


def to_date(value: str | None) -> dt.date | None:
    """An article's ISO date as a ``date`` (None when missing or unreadable)."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# ---- finding the expressions of a sentence -------------------------------------------------------

def sentence_mentions(doc: Doc, sent: Span, base: dt.date | None) -> list[DateMention]:
    """Every date expression of ``sent`` that resolves, in text order."""
    text, offset = sent.text, sent.start_char
    in_date_ent = {t.i for e in sent.ents if e.label_ == "DATE" for t in e}
    out = []
    for match in _EXPR.finditer(text):
        kind = match.lastgroup or ""
        span = doc.char_span(offset + match.start(), offset + match.end(), alignment_mode="expand")
        if span is None:
            continue
        before = doc[span.start - 1] if span.start > sent.start else None
        if before is not None and before.lower_ in DEADLINE:
            continue
        if kind in {"m", "y"} and not (set(range(span.start, span.end)) & in_date_ent
                                       or before is not None and before.lower_ in WEAK_LEAD):
            continue  # "May" the verb, "2000 troops"
        if kind == "m" and span.text == "May" and not in_date_ent.issuperset(range(span.start, span.end)):
            continue  # "May" names the month only inside a DATE entity (else it may be the verb)
        date = parse_expression(match.group(0), kind, base)
        if date is None:
            continue
        start = span.start - 1 if before is not None and before.lower_ in LEAD_PREPS else span.start
        shown = doc[start:span.end].text
        out.append(DateMention(start, span.end, doc[start:span.end].root.i,
                               EventDate(date.value, date.precision, shown)))
    return out


# ---- attaching an expression to an event ---------------------------------------------------------

class EventDater:
    """The event dates of one article's Doc; each sentence's expressions are found once, on first use."""

    def __init__(self, doc: Doc, published: str | None) -> None:
        self.doc = doc
        self.base = to_date(published)
        self.default = EventDate(self.base.isoformat(), "day", None) if self.base else None
        self._mentions: dict[int, list[DateMention]] = {}

    def mentions(self, token: int) -> list[DateMention]:
        starts, sent_of = sentence_index(self.doc)
        k = sent_of[token]
        if k not in self._mentions:
            end = starts[k + 1] if k + 1 < len(starts) else len(self.doc)
            self._mentions[k] = sentence_mentions(self.doc, self.doc[starts[k]:end], self.base)
        return self._mentions[k]

    def date_of(self, token: int) -> EventDate | None:
        """The date of the event carried by ``doc[token]``: its clause's expression, else the article's."""
        mentions = self.mentions(token) if len(self.doc) else []
        if not mentions:
            return self.default
        ev = self.doc[token]
        direct, shared = _anchors(ev)
        ranked = []
        for k, m in enumerate(mentions):
            rank = _attachment(self.doc[m.head], direct, shared)
            if rank is not None:
                ranked.append((rank, PRECISION_RANK[m.date.precision], abs(m.head - token), k))
        return mentions[min(ranked)[-1]].date if ranked else self.default


def _anchors(ev: Token) -> tuple[set[int], set[int]]:
    """(tokens whose modifiers date the event directly, conjunct verbs whose modifiers it shares)."""
    direct = {ev.i}
    if ev.pos_ not in VERBAL:  # a nominal event: also the verb it hangs from ("launched an attack on Monday")
        tok = ev
        for _ in range(6):
            if tok.head.i == tok.i or tok.dep_ in NOUN_PREMODS:
                break
            tok = tok.head
            if tok.pos_ in VERBAL:
                direct.add(tok.i)
                break
    if ev.dep_ == "xcomp" and ev.head.i != ev.i:  # "decided on Monday to withdraw"
        direct.add(ev.head.i)
    shared = {c.i for c in ev.conjuncts if c.pos_ in VERBAL} - direct
    return direct, shared


def _attachment(head: Token, direct: set[int], shared: set[int]) -> int | None:
    """0: modifies the event; 1: modifies a conjunct verb; 2: modifies no verb; None: dates something else."""
    tok = head
    for _ in range(40):
        if tok.i in direct:
            return 0
        if tok.i in shared:
            return 1
        parent = tok.head
        if parent.i == tok.i:
            return 2 if tok.pos_ not in VERBAL else None
        if (parent.pos_ in NOMINAL and parent.i not in direct
                and (tok.dep_ in NOUN_PREMODS and tok.i < parent.i or tok.dep_ == "prep" and tok.lower_ == "of")):
            return None  # "the 2003 invasion", "the attacks of 2001": the noun's date
        if parent.pos_ in VERBAL and parent.i not in direct | shared:
            return None  # another clause's date
        tok = parent
    return None


def resolve(doc: Doc, token: int, published: str | None) -> EventDate | None:
    """One-off form of :meth:`EventDater.date_of`."""
    return EventDater(doc, published).date_of(token)
