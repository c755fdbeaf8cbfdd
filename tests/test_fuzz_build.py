"""Fuzz target (issue 12): random file names, bytes, JSON Lines records and feeds in a real folder, built
into a real on-disk store. Whatever the input: no exception escapes, every input is stored or listed with
its reason, and the store validates against the shapes. Bounded: a few examples, about 30 s."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geokg.graph.build import build
from geokg.graph.store import EmbeddedStore
from geokg.graph.validate import validate_store
from geokg.ingest.parallel import ParallelExtractor
from geokg.ingest.sanitize import valid_text

SENTENCES = ["Russia condemned Turkey.", "Iran threatened Israel on Monday.", "China praised Pakistan.",
             "Talks.", "", "\n\n", "NATO warned Russia over Ukraine."]

# file-name bytes: anything but "/" and NUL, and no "." (the suffix, which picks the parser, is chosen below)
name_bytes = st.binary(min_size=1, max_size=12).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_").replace(b".", b"_"))
odd_text = st.text(st.characters(codec=None, exclude_categories=("Zs", "Zl", "Zp", "Cc")), max_size=8)
article_text = st.lists(st.sampled_from(SENTENCES) | st.text(max_size=40), min_size=0, max_size=5).map(" ".join)
dates = st.one_of(st.none(), st.sampled_from(["2019-01-04", "Mon, 01 Jan 2019 00:00:00 +9999999999999999999",
                                               "February 30, 2019", "9999-99-99"]), st.integers(), odd_text)


@st.composite
def jsonl_file(draw: st.DrawFn, n: int) -> tuple[bytes, list[str]]:
    """(file bytes, the ref each record must be stored or listed under, in order)."""
    lines, ids = [], []
    for k in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["record", "record", "garbage", "not-object"]))
        rid = f"f{n}r{k}" + draw(odd_text)
        if kind == "record":
            record = {"id": rid, "text": draw(article_text), "title": draw(odd_text), "date": draw(dates)}
            lines.append(json.dumps(record).encode())
            ids.append(valid_text(rid))
        elif kind == "garbage":
            lines.append(draw(st.binary(max_size=30)).replace(b"\n", b" ") or b"{")
            ids.append("")
        else:
            lines.append(b"[1, 2]")
            ids.append("")
    return b"\n".join(lines) + b"\n", ids


@st.composite
def folder(draw: st.DrawFn) -> list[tuple[bytes, bytes, list[str]]]:
    """[(file name, contents, record ids), ...]: text files of random bytes or sentences, and JSON Lines."""
    files, seen = [], set()
    for n in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "bytes", "jsonl", "feed"]))
        name = b"f%d_" % n + draw(name_bytes)
        if kind == "jsonl":
            data, ids = draw(jsonl_file(n))
            name += b".jsonl"
        elif kind == "feed":
            title = draw(odd_text).encode("utf-8", "surrogatepass")
            data, ids = (b"<rss><channel><item><title>" + title + b"</title><description>" +
                         draw(article_text).encode() + b"</description></item></channel></rss>"), []
            name += b".rss"
        elif kind == "bytes":
            data, ids = draw(st.binary(max_size=200)), []
        else:
            data, ids = draw(article_text).encode("utf-8", "surrogatepass"), []
        if name not in seen:
            seen.add(name)
            files.append((name, data, ids))
    return files


@pytest.fixture(scope="module")
def extractor():
    return ParallelExtractor(workers=1)


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(files=folder())
def test_any_folder_builds_accounted_and_valid(extractor, files):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.fsencode(tmp) + b"/in"
        os.mkdir(root)
        for name, data, _ in files:
            with open(root + b"/" + name, "wb") as f:
                f.write(data)
        with EmbeddedStore(Path(tmp) / "kg") as kg:
            report = build([os.fsdecode(root)], kg, extractor)  # raises on any escaped failure
            refs = {a.ref for a in kg.articles()}
            assert kg.stats()["articles"] == report.articles  # a text read twice is counted once
            assert validate_store(kg).conforms
        listed = {s.path: s.reason for s in report.skipped}
        assert all(reason.strip() for reason in listed.values())
        for name, _, ids in files:
            path = valid_text(os.fsdecode(root + b"/" + name))
            path.encode("utf-8")
            mine = {p for p in listed if p == path or p.startswith(path + ":") or p.startswith(path + "#")}
            if name.endswith(b".jsonl"):
                for line, rid in enumerate(ids, start=1):
                    assert rid in refs or rid in listed or f"{path}:{line}" in listed or mine, (rid, listed)
            elif name.endswith(b".rss"):
                assert mine or report.articles, (path, listed)
            else:
                assert path in refs or path in listed, (path, refs, listed)
