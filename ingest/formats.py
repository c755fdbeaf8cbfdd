"""One parser per input format: the bytes of a file become ``Article`` or ``Skipped`` records.

``readers.py`` finds the inputs and picks the parser; everything here is a pure
function of the bytes (plus the path, used as ``ref`` and in skip messages).
The title and date helpers are shared by every format.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from geokg.ingest.models import Article, Skipped
from geokg.ingest.repair import decode_bytes, repair_text
from geokg.ingest.sanitize import valid_optional, valid_text

Record = Article | Skipped

MAX_TITLE_CHARS = 150
DATELINE_WINDOW = 300
TOO_DEEP = "invalid JSON: nested too deeply"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATELINES = [
    re.compile(rf"\b(?:{_WEEKDAY})?{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_WEEKDAY})?{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]


def find_dateline(text: str) -> str | None:
    """The first date written in the first 300 characters, as ISO ``YYYY-MM-DD``.

    >>> find_dateline("Title\\n\\nFriday, January 4, 2019 TEL AVIV - ...")
    '2019-01-04'
    >>> find_dateline("Published 4 January 2019.")
    '2019-01-04'
    """
    head = text[:DATELINE_WINDOW]
    found = []
    for pattern in _DATELINES:
        for match in pattern.finditer(head):
            date = _to_date(match["year"], match["month"], match["day"])
            if date:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def _to_date(year: str, month: str, day: str) -> str | None:
    number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        return dt.date(int(year), number, int(day)).isoformat()
    except ValueError:  # "February 30, 2019"
        return None


def normalise_date(value: Any) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from metadata (ISO string, RFC 2822, "4 January 2019",
    ``datetime``, ``time.struct_time``), or None when it cannot be read."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time.struct_time):
        return _to_date(str(value.tm_year), str(value.tm_mon), str(value.tm_mday))
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])", value)
    if iso:
        return _to_date(*iso.groups())
    try:
        return email.utils.parsedate_to_datetime(value).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError, OverflowError):  # "... +9999999999999999999999"
        return find_dateline(value)


def guess_title(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline: short,
    no final period, not a bare dateline, and followed by more text."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) >= MAX_TITLE_CHARS or first.endswith("."):
        return None
    for pattern in _DATELINES:  # a bare dateline ("Friday, January 4, 2019") is not a headline
        match = pattern.search(first)
        if match and not re.search(r"[^\W\d_]", first[: match.start()] + first[match.end():]):
            return None
    return first


def text_article(raw: str, ref: str | None, **meta: Any) -> Article | None:
    """An Article from plain text (None when it is blank); title and date guessed when not given.

    This is where every reader's text and metadata become valid Unicode (``sanitize.valid_text``).
    """
    text = repair_text(valid_text(raw)).strip()
    if not text:
        return None
    meta = {k: valid_text(v) if isinstance(v, str) else v for k, v in meta.items()}
    meta.setdefault("title", guess_title(text))
    meta["date"] = normalise_date(meta.get("date")) or find_dateline(text)
    return Article.make(text, ref=valid_optional(ref), **meta)


def guarded(where: str, make: Callable[[], Record]) -> Record:
    """One record's parse, any failure becoming a ``Skipped`` for that record alone (never its file)."""
    try:
        return make()
    except RecursionError:
        return Skipped(where, TOO_DEEP)
    except Exception as exc:  # a parser's bug on one odd record must not lose the records after it
        return Skipped(where, f"could not be read ({type(exc).__name__}: {exc})")


def parse_text(data: bytes, path: str) -> Iterator[Record]:
    article = text_article(decode_bytes(data), path)
    yield article if article else Skipped(path, "empty file")


def parse_html(data: bytes, path: str) -> Iterator[Record]:
    """The main text of a web page, through trafilatura, with its metadata."""
    import trafilatura  # slow to import; only HTML inputs need it

    html = decode_bytes(data)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    # trafilatura puts one block per line; blank lines are this project's paragraph mark
    lines = [line.strip() for line in (getattr(doc, "text", None) or "").splitlines() if line.strip()]
    if not lines or _only_links(html, lines):
        yield Skipped(path, "no article text found")
        return
    article = text_article(
        "\n\n".join(lines), path, title=doc.title, date=doc.date, source=doc.sitename, url=doc.url
    )
    yield article if article else Skipped(path, "no article text found")


def _only_links(html: str, lines: list[str]) -> bool:
    """True when every extracted line is the text of a link: trafilatura's fallback
    returns a menu ("Home") for a page that has no article."""
    import lxml.html

    try:
        anchors = {" ".join(a.text_content().split()) for a in lxml.html.fromstring(html).iter("a")}
    except (ValueError, lxml.etree.ParserError):
        return False
    return all(" ".join(line.split()) in anchors for line in lines)


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head))


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def parse_feed(data: bytes, path: str) -> Iterator[Record]:
    """Every entry of an RSS or Atom feed that has content or a summary."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            yield Skipped(path, f"not a valid feed: {feed.get('bozo_exception')}")
        else:
            yield Skipped(path, "feed has no entries")
        return
    source = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        yield guarded(f"{path}#{number}", lambda entry=entry, number=number: _entry_article(entry, source, path,
                                                                                            number))


def _entry_article(entry: Any, source: str | None, path: str, number: int) -> Record:
    raw = _entry_text(entry)
    title = entry.get("title")
    article = text_article(
        raw, entry.get("id") or None, source=source, url=_web_url(entry.get("link")),
        title=html_to_text(title) if title else None,
        date=entry.get("published_parsed") or entry.get("updated_parsed"),
    ) if raw else None
    return article if article else Skipped(f"{path}#{number}", "feed entry has no text")


def _web_url(link: Any) -> str | None:
    # feedparser turns a permalink guid into the link; a "urn:" id is not a page
    return link if isinstance(link, str) and link.startswith(("http://", "https://")) else None


def _entry_text(entry: Any) -> str:
    parts = entry.get("content") or []
    if not parts and entry.get("summary"):
        parts = [entry.get("summary_detail") or {"value": entry.summary, "type": "text/html"}]
    texts = []
    for part in parts:
        value = part.get("value") or ""
        texts.append(value if part.get("type") == "text/plain" else html_to_text(value))
    return "\n\n".join(t for t in texts if t.strip())


def parse_jsonl(lines: Iterable[tuple[int, bytes | None]], path: str, max_bytes: int) -> Iterator[Record]:
    """One article per line; a bad line is Skipped as ``path:LINENO`` and the rest goes on.

    ``lines`` holds (line number, bytes), with None for a line longer than ``max_bytes``.
    """
    blank = True
    for number, line in lines:
        where = f"{path}:{number}"
        if line is None:
            yield Skipped(where, f"line too large (> {max_bytes / 2**20:.3g} MB)")
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
        if not text.strip():
            continue
        blank = False
        try:
            obj = json.loads(text.strip())
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:  # "[[[[...": the rest of the file is still read
            yield Skipped(where, TOO_DEEP)
            continue
        yield guarded(where, lambda obj=obj, where=where: record_article(obj, where))
    if blank:
        yield Skipped(path, "empty file")


def parse_json(data: bytes, path: str) -> Iterator[Record]:
    """A JSON file holding one article object, or a list of them."""
    try:
        obj = json.loads(decode_bytes(data))
    except json.JSONDecodeError as exc:
        yield Skipped(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield Skipped(path, TOO_DEEP)
        return
    if isinstance(obj, list):
        for number, item in enumerate(obj):
            where = f"{path}[{number}]"
            yield guarded(where, lambda item=item, where=where: record_article(item, where))
    else:
        yield guarded(path, lambda: record_article(obj, path))


def record_article(obj: Any, where: str) -> Record:
    """An Article from a JSON record: ``text`` required; ``title``, ``date``, ``url``,
    ``source``, ``id`` optional. ``ref`` is the record's ``id``, else the text id."""
    if not isinstance(obj, dict):
        return Skipped(where, f"not a JSON object (got {type(obj).__name__})")
    if "text" not in obj:
        return Skipped(where, "missing 'text' field")
    if not isinstance(obj["text"], str):
        return Skipped(where, f"'text' must be a string (got {type(obj['text']).__name__})")

    def field(name: str) -> str | None:
        value = obj.get(name)
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        return str(value).strip() or None

    article = text_article(
        obj["text"], field("id"), title=field("title"), date=obj.get("date"),
        source=field("source"), url=field("url"),
    )
    return article or Skipped(where, "empty 'text' field")


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg"})
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote", "pre",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "figure", "figcaption", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
_PARAGRAPH, _LINE = object(), object()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[object] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraphs (blank lines),
    ``<br>`` a line break, whitespace inside a paragraph collapses; scripts are dropped.

    >>> html_to_text("<p>Moscow &amp; Ankara</p><script>x()</script><p>split<br>here</p>")
    'Moscow & Ankara\\n\\nsplit\\nhere'
    """
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _TextCollector()
    parser.feed(fragment)
    parser.close()
    paragraphs: list[str] = []
    lines: list[str] = []
    current: list[str] = []
    for part in [*parser.parts, _PARAGRAPH]:
        if isinstance(part, str):
            current.append(part)
            continue
        lines.append(" ".join("".join(current).split()))
        current = []
        if part is _PARAGRAPH:
            paragraph = "\n".join(line for line in lines if line)
            if paragraph:
                paragraphs.append(paragraph)
            lines = []
    return "\n\n".join(paragraphs)
