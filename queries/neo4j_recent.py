"""``articles-mentioning`` on Neo4j for an actor in many articles, when its text says ``// plan: recent``:
walk the articles newest first (the ``Article.date`` index) and count each one's reports of the actor,
until the first ``limit`` are known, instead of counting every report of the actor and sorting.

The text orders by ``toString(art.date)`` descending (undated articles first), then by path. The walk
reads three disjoint streams: the undated articles (label ``:Undated``, which the writer and the CSV
export give every article without a date), the articles dated to a day (``DATE`` values) and those
dated as text (a month or a year: ``STRING`` values). Each dated stream is read in pages, newest
first, each page completed with the rest of its last article's date, so that after it every article
of the stream dated on or after that date has been read. An article found is final once every stream
not read to its end has been read down to its date; the walk stops when ``limit`` are final. A page
asks for as many articles as the hits still wanted need at the rate seen so far, and a quarter more.

It is chosen when its estimated cost, ``limit`` times articles per article of the actor's (its degree
as an estimate) plus the undated articles, is below the text's (the actor's degree), each weighted by
what one costs (``WALK_COST``); it declines (None: the text answers) past ``MOST_SCANNED`` articles or
when the dates do not sort as their text (a year before 1000 or after 9999).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Execute = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
WALK_COST = 25  # reading one article's reports costs about this many of the text's actor reports
MOST_SCANNED = 20_000
FIRST_PAGE = 64

_SIZES = """
MATCH (a:Actor {id: $actor})
RETURN COUNT { (a)-[:ACTOR|RECIPIENT|ATTRIBUTED_TO]-() } AS degree, COUNT { (:Article) } AS articles,
       COUNT { (:Undated) } AS undated"""
# One article's statements about the actor, as the text counts them: its reports of the actor's events
# (as subject or object, or as the speaker of that report). The actor is bound once: Expand(Into).
_COUNT = """
  CALL (a, art) {
    MATCH (art)<-[r:REPORTED_IN]-(e)-[x:ACTOR|RECIPIENT|ATTRIBUTED_TO]-(a)
    WHERE type(x) <> 'ATTRIBUTED_TO'
       OR CASE WHEN r.report = e.anchor THEN e.attributed_to ELSE r.attributed_to END = a.id
    RETURN count(DISTINCT r.report) AS statements
  }
  WITH art, statements WHERE statements > 0
  RETURN collect({article: art.path, title: art.title, date: toString(art.date), statements: statements})
         AS hits"""
_UNDATED = """
MATCH (a:Actor {id: $actor})
CALL (a) {
  MATCH (art:Undated)
""" + _COUNT + """
}
RETURN 0 AS head, 0 AS tail, null AS first, null AS last, hits"""
# A page of a dated stream: {where} bounds art.date (a DATE or a STRING range, so one type only). The
# first n newest, then the rest of the last one's date (the index orders ties by no path).
_PAGE = """
MATCH (a:Actor {id: $actor})
CALL (a) {
  MATCH (art:Article) WHERE {where}
  WITH art ORDER BY art.date DESC LIMIT $n
  RETURN collect(art) AS head
}
CALL (head) {
  WITH head WHERE size(head) = $n
  MATCH (art:Article) WHERE art.date = head[-1].date AND NOT art IN head
  RETURN collect(art) AS tail
}
CALL (a, head, tail) {
  UNWIND head + tail AS art
""" + _COUNT + """
}
RETURN size(head) AS head, size(tail) AS tail, toString(head[0].date) AS first, toString(head[-1].date) AS last,
       hits"""
_COLUMNS = ("head", "tail", "first", "last", "hits")
_BOUNDS = {  # stream -> (no bound, below): a DATE range only meets DATEs, a STRING one only STRINGs
    "day": ("art.date >= date('-999999999-01-01')", "art.date < date($bound)"),
    "text": ("art.date >= ''", "art.date < $bound"),
}


class _Stream:
    """One dated stream read newest first, down to ``floor`` (that date's articles included; None:
    not read yet); ``done`` once read to its end. ``read`` articles read so far, ``hits`` among them."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.floor: str | None = None
        self.done = False
        self.read = self.hits = 0

    def complete(self, date: str) -> bool:
        """True when every article of this stream dated ``date`` or later has been read."""
        return self.done or (self.floor is not None and date >= self.floor)

    def page(self, execute: Execute, actor: str, n: int) -> list[dict[str, Any]] | None:
        """Reads the next ``n`` articles (and the rest of the last one's date): the hits among them;
        None when their dates do not sort as their text does (the text's order cannot be followed)."""
        none, below = _BOUNDS[self.kind]
        where = none if self.floor is None else below
        row = _read(execute, _PAGE.replace("{where}", where), {"actor": actor, "n": n, "bound": self.floor})
        first, last, hits = row["first"], row["last"], row["hits"]
        if row["head"]:
            if (self.floor is not None and not first < self.floor) or first < last \
                    or not all(last <= h["date"] <= first for h in hits):
                return None
            self.floor = last
        self.done = row["head"] < n
        self.read += row["head"] + row["tail"]
        self.hits += len(hits)
        return hits


def _read(execute: Execute, text: str, params: dict[str, Any]) -> dict[str, Any]:
    from geokg.queries.runner import collected

    return collected(execute, text, _COLUMNS, params)[0]


def recent(execute: Execute, params: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The rows of ``articles-mentioning``; None: the text's turn (a small actor, or the walk too long)."""
    actor, limit = params.get("actor"), int(params["limit"])
    if not isinstance(actor, str) or limit <= 0:
        return None
    rows = execute(_SIZES, {"actor": actor})
    if not rows:
        return []  # no such actor: no article mentions it
    degree, articles, undated = (int(rows[0][k]) for k in ("degree", "articles", "undated"))
    if not degree or not articles or WALK_COST * (undated * degree + limit * articles) >= degree * degree:
        return None
    final: list[dict[str, Any]] = []
    if undated:  # they sort first (nulls first, as the text's DESC puts them), by path
        final = _by_path(_read(execute, _UNDATED, {"actor": actor})["hits"])
        if len(final) >= limit:
            return _rows(final[:limit])
    streams = [_Stream("day"), _Stream("text")]
    found: list[dict[str, Any]] = []
    while True:
        open_ = [s for s in streams if not s.done]
        ready = [h for h in found if all(s.complete(h["date"]) for s in open_)]
        if len(ready) >= limit - len(final) or not open_:
            return _rows(final + _by_date(ready)[:limit - len(final)])
        # the stream read least far holds back the most: one not read yet, else the highest floor
        stream = max(open_, key=lambda s: (s.floor is None, s.floor or ""))
        # enough for the hits still wanted at the rate seen so far (at first: the degree's share), and a quarter
        rate = stream.hits / stream.read if stream.read else degree / articles
        wanted = limit - len(final) - len(ready)
        n = max(FIRST_PAGE, min(MOST_SCANNED, int(1.25 * wanted / max(rate, 1 / articles))))
        got = stream.page(execute, actor, n)
        if got is None:
            return None
        found.extend(got)
        if undated + sum(s.read for s in streams) > MOST_SCANNED:
            return None


def _by_path(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sorted by article path, nulls last (the text's ``article`` ascending)."""
    return sorted(hits, key=lambda h: (h["article"] is None, h["article"] or ""))


def _by_date(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first, then by path: the text's order for dated articles."""
    return sorted(_by_path(hits), key=lambda h: h["date"], reverse=True)


def _rows(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"article": h["article"], "title": h["title"], "date": h["date"], "statements": h["statements"]}
            for h in hits]


#: (query name, the kind its ``// plan:`` line names) -> the plan
PLANS: dict[tuple[str, str], Callable[[Execute, dict[str, Any]], list[dict[str, Any]] | None]] = {
    ("articles-mentioning", "recent"): recent,
}
