"""Readers on real files in tmp_path: every format, every way an input can fail."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from geokg.ingest.formats import find_dateline, guess_title, html_to_text, normalise_date
from geokg.ingest.models import Article, Skipped
from geokg.ingest.readers import count_inputs, read_inputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

ARTICLE = (
    "Germany bans Mahan Air of Iran\n\n"
    "Wednesday, January 23, 2019\n\n"
    "Germany on Monday banned Iranian airline Mahan Air from flying in the European nation.\n\n"
    "US Secretary of State Mike Pompeo welcomed the decision."
)


def read(*paths: str | Path, **kwargs) -> list[Article | Skipped]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def articles(records: list[Article | Skipped]) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


def skipped(records: list[Article | Skipped]) -> dict[str, str]:
    return {r.path: r.reason for r in records if isinstance(r, Skipped)}


# -- plain text -----------------------------------------------------------------------------------


def test_text_file_title_date_and_text(tmp_path):
    path = tmp_path / "mahan.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [article] = read(path)
    assert article.ref == str(path)
    assert article.title == "Germany bans Mahan Air of Iran"
    assert article.date == "2019-01-23"
    assert article.text == ARTICLE  # the title stays in the text: evidence offsets index into it
    assert article.source is None and article.url is None


def test_seed_article_is_read_repaired():
    [article] = read(EXAMPLES / "00_russia_turkey_jet.txt")
    assert article.title == "Russian foreign minister cancels trip to Turkey"
    start = article.text.index("François Hollande")
    assert article.text[start - len("French counterpart "):start] == "French counterpart "
    assert "├" not in article.text
    assert article.date is None


def test_long_first_line_or_final_period_is_not_a_title(tmp_path):
    (tmp_path / "a.txt").write_text("Russia warned Turkey on Tuesday.\nMore text follows.")
    (tmp_path / "b.txt").write_text("x" * 160 + "\n\nBody.")
    assert [a.title for a in articles(read(tmp_path))] == [None, None]


def test_windows_cp1252_file_with_crlf(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Müller’s visit\r\n\r\nThe minister arrived in Zürich.\r\n".encode("cp1252"))
    [article] = read(path)
    assert article.text == "Müller’s visit\n\nThe minister arrived in Zürich."


def test_utf16_text_file(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    [article] = read(path)
    assert article.text == ARTICLE


# -- directories and failures ---------------------------------------------------------------------


def test_directory_with_empty_binary_and_symlink_loop(tmp_path):
    (tmp_path / "a_article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("  \n\n \t\n")
    (tmp_path / "c_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "d_loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / ".hidden.txt").write_text("never read")
    records = read(tmp_path)
    assert [a.ref for a in articles(records)] == [str(tmp_path / "a_article.txt")]
    reasons = skipped(records)
    assert reasons[str(tmp_path / "b_empty.txt")] == "empty file"
    assert reasons[str(tmp_path / "c_image.png")].startswith("binary file")
    assert reasons[str(tmp_path / "d_loop")].startswith("symbolic link loop")
    assert len(records) == 4
    assert count_inputs([str(tmp_path)]) == 4


def test_directory_is_recursive_and_sorted(tmp_path):
    for rel in ["b/2.txt", "a/z.txt", "a/1.txt", "c.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Article {rel}\n\nRussia and Turkey, text of {rel}.")
    refs = [a.ref for a in articles(read(tmp_path))]
    assert refs == [str(tmp_path / rel) for rel in ["a/1.txt", "a/z.txt", "b/2.txt", "c.txt"]]


def test_self_referencing_symlink_and_broken_link(tmp_path):
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    reasons = skipped(read(tmp_path))
    assert reasons == {
        str(tmp_path / "dangling.txt"): "broken symbolic link",
        str(tmp_path / "self"): "symbolic link loop",
    }


def test_missing_path_is_skipped_and_run_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    records = read(tmp_path / "missing.txt", good)
    assert records[0] == Skipped(str(tmp_path / "missing.txt"), "no such file or directory")
    assert isinstance(records[1], Article)


def test_file_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Russia " * 400_000)  # 2.8 MB
    [record] = read(path, max_bytes=2 * 2**20)
    assert record == Skipped(str(path), "file too large (2.7 MB > 2 MB)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    assert read(path) == [Skipped(str(path), "permission denied")]


def test_documentation_files_in_a_directory_are_not_articles():
    records = read(EXAMPLES)
    assert len(articles(records)) == 11
    assert count_inputs([str(EXAMPLES)]) == len(records) == 12
    assert skipped(records) == {str(EXAMPLES / "SOURCES.md"): "documentation file, not an article"}


# -- JSON Lines -----------------------------------------------------------------------------------


def test_jsonl_good_malformed_and_missing_text(tmp_path):
    path = tmp_path / "dump.jsonl"
    good = {"id": "afp-42", "title": "Sanctions", "date": "2019-01-04T09:30:00Z",
            "url": "https://example.org/a", "source": "AFP", "text": "The EU sanctioned Russia."}
    lines = [json.dumps(good), '{"text": "unterminated', "", json.dumps({"title": "no body"})]
    path.write_text("\n".join(lines))
    records = read(path)
    [article] = articles(records)
    assert (article.ref, article.title, article.date, article.url, article.source) == (
        "afp-42", "Sanctions", "2019-01-04", "https://example.org/a", "AFP")
    assert article.text == "The EU sanctioned Russia."
    reasons = skipped(records)
    assert reasons[f"{path}:2"].startswith("invalid JSON: Unterminated string")
    assert reasons[f"{path}:4"] == "missing 'text' field"
    assert len(records) == 3


def test_jsonl_without_id_uses_the_text_id(tmp_path):
    path = tmp_path / "dump.ndjson"
    record = {"text": "Moscow recalled its ambassador.", "date": "Fri, 04 Jan 2019 10:00:00 +0000"}
    path.write_text(json.dumps(record))
    [article] = read(path)
    assert article.ref == article.id
    assert article.date == "2019-01-04"


# -- HTML -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Germany bans Iranian airline | Example News</title>
<meta property="og:title" content="Germany bans Mahan Air of Iran">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2019-01-23T08:00:00+00:00">
<script>window.tracker = "TRACKING-CODE-MUST-NOT-APPEAR";</script>
<style>body { font-family: sans-serif }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Germany bans Mahan Air of Iran</h1>
<p>Germany on Monday banned Iranian airline Mahan Air from flying in the European nation,
with officials saying this is for security reasons.</p>
<p>Mahan has been the subject of United States sanctions since 2011. US Secretary of State
Mike Pompeo said the airline transports weapons and fighters across the Middle East.</p>
<p>The United States has been encouraging allies such as Germany to restrict Mahan's operations.
The Federal Aviation Office of Germany has suspended the permit of the airline.</p>
</article></main>
<aside><h2>Most read</h2><ul><li>Cats learn to open fridges</li></ul></aside>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
<script>document.write("ADVERT-MUST-NOT-APPEAR");</script>
</body></html>"""


def test_html_page_body_and_title(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = read(path)
    assert article.title == "Germany bans Mahan Air of Iran"
    assert article.date == "2019-01-23"
    assert article.source == "Example News"
    assert "Germany on Monday banned Iranian airline Mahan Air from flying in the European nation, with" \
        in article.text
    assert "\n\nMahan has been the subject of United States sanctions since 2011." in article.text
    for junk in ("TRACKING-CODE", "ADVERT", "Sport", "Copyright", "font-family"):
        assert junk not in article.text


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty.htm"
    path.write_text(
        "<html><head><title>Nothing</title></head>\n<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    assert read(path) == [Skipped(str(path), "no article text found")]


def test_html_to_text_keeps_paragraphs():
    fragment = "<div><p>Moscow &amp; Ankara</p>\n<p>split<br/>here   now</p><script>x()</script></div>"
    assert html_to_text(fragment) == "Moscow & Ankara\n\nsplit\nhere now"


# -- feeds ----------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>World Desk</title><link>https://news.example.org/</link><description>World news</description>
<item>
  <title>Russia and Turkey clash over downed jet</title>
  <link>https://news.example.org/jet</link>
  <guid>https://news.example.org/jet</guid>
  <pubDate>Tue, 24 Nov 2015 14:00:00 GMT</pubDate>
  <description>&lt;p&gt;Turkey shot down a Russian &lt;b&gt;Su-24&lt;/b&gt; jet.&lt;/p&gt;
    &lt;p&gt;Moscow protested.&lt;/p&gt;</description>
</item>
<item>
  <title>EU extends sanctions</title>
  <link>https://news.example.org/sanctions</link>
  <pubDate>Mon, 21 Dec 2015 09:00:00 GMT</pubDate>
  <description>The European Union extended its sanctions on Russia by six months.</description>
</item>
</channel></rss>"""


def test_rss_feed_with_two_items(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(RSS, encoding="utf-8")
    records = read(path)
    assert [(a.title, a.date, a.url) for a in articles(records)] == [
        ("Russia and Turkey clash over downed jet", "2015-11-24", "https://news.example.org/jet"),
        ("EU extends sanctions", "2015-12-21", "https://news.example.org/sanctions"),
    ]
    first, second = records
    assert first.text == "Turkey shot down a Russian Su-24 jet.\n\nMoscow protested."
    assert first.ref == "https://news.example.org/jet"  # the entry's id (guid)
    assert second.ref == second.id  # no guid: the text id
    assert first.source == second.source == "World Desk"


def test_xml_file_is_read_as_a_feed_when_it_is_one(tmp_path):
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "other.xml").write_text("<?xml version='1.0'?><config><a>1</a></config>")
    records = read(tmp_path / "feed.xml", tmp_path / "other.xml")
    assert len(articles(records)) == 2
    assert skipped(records) == {str(tmp_path / "other.xml"): "XML file is not an RSS or Atom feed"}


def test_broken_feed_is_skipped(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Half a feed</ti")
    [record] = read(path)
    assert isinstance(record, Skipped) and record.path == str(path)
    assert record.reason.startswith("not a valid feed: ")


# -- stdin and ids --------------------------------------------------------------------------------


def test_stdin_is_one_article():
    [article] = read("-", stdin=io.StringIO(ARTICLE + "\n"))
    assert article.ref == article.id
    assert article.title == "Germany bans Mahan Air of Iran"
    assert article.text == ARTICLE
    assert count_inputs(["-"]) is None


def test_empty_stdin_is_skipped():
    assert read("-", stdin=io.StringIO(" \n")) == [Skipped("-", "empty input")]


def test_article_ids_are_stable_and_content_derived(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("\n\n", "\r\n\r\n"))
    (tmp_path / "c.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    a, b, c = articles(read(tmp_path))
    assert a.id == b.id == articles(read(tmp_path / "a.txt"))[0].id
    assert c.id != a.id
    assert len(a.id) == 16


# -- dates and titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Friday, January 4, 2019\n\nTEL AVIV - Russia...", "2019-01-04"),
        ("WASHINGTON, January 4, 2019 - The United States...", "2019-01-04"),
        ("Posted 2019-01-04 by the desk", "2019-01-04"),
        ("Updated 4 January 2019 at noon", "2019-01-04"),
        ("Sept. 30, 2019: the envoy resigned", "2019-09-30"),
        ("Title\n\nThursday, United States military forces killed Qasem Soleimani", None),
        ("February 30, 2019 is not a date", None),
        ("x" * 300 + " January 4, 2019", None),  # outside the dateline window
    ],
)
def test_find_dateline(text, iso):
    assert find_dateline(text) == iso


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("00_russia_turkey_jet.txt", None),
        ("01_germany_bans_mahan_air.txt", "2019-01-23"),
        ("02_african_free_trade_area.txt", "2019-07-10"),
        ("03_g7_amazon_fires.txt", "2019-08-24"),
        ("04_saudi_oil_drone_attacks.txt", "2019-09-15"),
        ("05_rouhani_persian_gulf.txt", "2019-09-23"),
        ("06_us_troops_leave_syria.txt", "2019-10-08"),
        ("07_kurds_assad_deal_turkey_offensive.txt", "2019-10-15"),
        ("08_soleimani_killed.txt", "2020-01-05"),
        ("09_cairo_summit_libya_turkey.txt", "2020-01-11"),
    ],
)
def test_dateline_of_the_examples(name, date):
    [article] = read(EXAMPLES / name)
    assert article.date == date
    assert article.title == (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2019-01-04", "2019-01-04"), ("2019-01-04T23:59:00+05:00", "2019-01-04"),
     ("Fri, 04 Jan 2019 10:00:00 GMT", "2019-01-04"), ("4 January 2019", "2019-01-04"),
     ("yesterday", None), (None, None), ("2019-13-45", None)],
)
def test_normalise_date(value, iso):
    assert normalise_date(value) == iso


def test_a_bare_dateline_is_not_a_title():
    assert guess_title("Friday, January 4, 2019\n\nRussia said...") is None
    assert guess_title("2019-01-04\n\nRussia said...") is None
    assert guess_title("Summit on January 4, 2019\n\nRussia said...") == "Summit on January 4, 2019"
    assert guess_title("Russia and Turkey: a timeline\n\nRussia said...") == "Russia and Turkey: a timeline"


def test_atom_feed_html_content_and_entry_without_text(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Desk</title><id>urn:desk</id><updated>2020-01-11T00:00:00Z</updated>"
        '<entry><title>Cairo summit</title><id>urn:e1</id><link href="https://x.org/1"/>'
        "<updated>2020-01-11T10:00:00Z</updated><content type=\"html\">"
        "&lt;p&gt;Egypt and Greece denounced the deal.&lt;/p&gt;</content></entry>"
        "<entry><title>No body</title><id>urn:e2</id><updated>2020-01-12T10:00:00Z</updated></entry>"
        "</feed>"
    )
    article, gap = read(path)
    assert (article.ref, article.title, article.date, article.url, article.text) == (
        "urn:e1", "Cairo summit", "2020-01-11", "https://x.org/1", "Egypt and Greece denounced the deal.")
    assert gap == Skipped(f"{path}#2", "feed entry has no text")


def test_jsonl_line_over_the_limit_is_skipped_alone(tmp_path):
    path = tmp_path / "dump.jsonl"
    records = [{"text": "x" * 5000}, {"text": "Iran seized a tanker."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    long_line, article = read(path, max_bytes=2**20 // 512)  # 2 KB
    assert long_line == Skipped(f"{path}:1", "line too large (> 0.00195 MB)")
    assert article.text == "Iran seized a tanker."
