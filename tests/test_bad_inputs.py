"""Hostile inputs: every file of ``tests/data/bad/`` is ingested or skipped with a reason, never lost.

The corpus (committed small files plus ``generated/``, see ``scripts/make_bad_corpus.py``)
holds binary files, empty and whitespace-only files, a 50 MB text, invalid UTF-8 and
mixed encodings, UTF-16/32 with BOM, truncated and malformed JSON Lines, HTML with no body
or only scripts, broken feeds, an XML entity bomb, a mode-000 file, link loops, a FIFO, a
200,000-character sentence and text with no actors. The same accounting is checked three
ways: the readers in-process (fast), ``geokg build`` and ``geokg extract`` as real
subprocesses (exit code 1, "some inputs skipped", and no traceback).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bad_support import (
    BAD,
    BAD_REL,
    GENERATED,
    RECORD_SUFFIX,
    ROOT,
    RunOutput,
    cli_env,
    corpus_entries,
    ensure_bad_corpus,
    geokg_argv,
    table_rows,
)

from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Article, Skipped, text_id
from geokg.ingest.readers import read_inputs

# Files holding several records: the refs (record ids, else text ids) of the records that must be read.
RECORD_REFS: dict[str, set[str]] = {
    "truncated.jsonl": {"bad-truncated-1"},
    "malformed.jsonl": {"bad-malformed-1", "bad-malformed-6", "bad-malformed-7", "bad-malformed-8",
                        "bad-malformed-9", text_id("Canada expelled a Saudi diplomat.")},
    "not_an_object.json": {text_id("Italy recalled its ambassador from France.")},
    "external_entity.rss": {"xxe-1"},
    "entity_bomb.rss": {"bad-entity-bomb"},
    "generated/deeply_nested.jsonl": {"bad-after-nested"},
}
RECORD_FILES = {f"{BAD_REL}/{name}": refs for name, refs in RECORD_REFS.items()}

# Inputs whose fate is certain on every machine, with a word the reason must contain.
MUST_SKIP = {
    "empty.txt": "empty", "whitespace_only.txt": "empty", "bom_only.txt": "empty", "image.png": "binary",
    "image_named_as_text.txt": "binary", "compressed.txt.gz": "binary", "compressed_jsonl.jsonl": "binary",
    "control_characters.txt": "binary", "no_body.html": "no article text", "only_scripts.html": "no article text",
    "not_a_feed.xml": "not an RSS", "garbage_feed.rss": "feed", "generated/big_50mb.txt": "too large",
    "generated/fifo": "not a regular file", "generated/loop/self": "loop", "generated/loop/ping": "loop",
    "generated/loop/pong": "loop", "generated/loop/dangling.txt": "broken", "generated/deeply_nested.json": "deep",
}
MUST_INGEST = ["no_actors.txt", "utf16_bom.txt", "utf32_bom.txt", "invalid_utf8.txt", "mixed_encodings.txt",
               "unclosed_tags.html", "generated/long_sentence.txt", "generated/loop/note.txt",
               "bidi_and_zero_width.txt", "only_punctuation.txt"]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    ensure_bad_corpus()
    return corpus_entries()


def check_accounting(entries: list[str], refs: set[str], skipped: dict[str, str]) -> None:
    """Every corpus entry is ingested or skipped with a reason; nothing is reported that is not there."""
    skipped_files = {RECORD_SUFFIX.sub("", p) for p in skipped}
    lost = [e for e in entries if e not in refs and e not in skipped_files and not RECORD_FILES.get(e, set()) & refs]
    assert not lost, f"inputs neither ingested nor skipped with a reason: {lost}"
    for path, reason in skipped.items():
        assert reason.strip(), f"{path} skipped without a reason"
    phantoms = sorted(skipped_files - set(entries))
    assert not phantoms, f"skipped paths that are not corpus entries (mangled names?): {phantoms}"
    record_refs = set().union(*RECORD_FILES.values())
    unknown = sorted(r for r in refs if r not in entries and r not in record_refs)
    assert not unknown, f"articles whose ref is neither a corpus file nor an expected record: {unknown}"
    for file, want in RECORD_FILES.items():
        assert want <= refs, f"good records of {file} were lost: {sorted(want - refs)}"
    for name, word in MUST_SKIP.items():
        path = f"{BAD_REL}/{name}"
        assert path in skipped, f"{path} should be skipped ({word})"
        assert word.lower() in skipped[path].lower(), f"{path}: {skipped[path]!r} should say {word!r}"
    for name in MUST_INGEST:
        assert f"{BAD_REL}/{name}" in refs, f"{name} should be ingested"
    secret = f"{BAD_REL}/generated/unreadable/secret.txt"  # readable as root, a permission error otherwise
    assert secret in refs or "permission" in skipped.get(secret, "").lower()


# -- the readers, in-process ----------------------------------------------------------------------


def test_readers_account_for_every_input(corpus, monkeypatch):
    monkeypatch.chdir(ROOT)
    records = list(read_inputs([BAD_REL]))
    refs = {r.ref for r in records if isinstance(r, Article)}
    skipped = {r.path: r.reason for r in records if isinstance(r, Skipped)}
    assert len(skipped) == sum(isinstance(r, Skipped) for r in records), "an input skipped twice"
    check_accounting(corpus, refs, skipped)


def test_no_entity_expansion_or_external_entity_in_feeds(corpus):
    records = list(read_inputs([str(BAD / "entity_bomb.rss"), str(BAD / "external_entity.rss")]))
    texts = [r.text for r in records if isinstance(r, Article)]
    assert texts and all(len(t) < 1000 for t in texts), "an XML entity was expanded"
    assert not any("root:" in t for t in texts), "an external entity (file:///etc/passwd) was read"


# -- the real CLI, build and extract run side by side ----------------------------------------------


@pytest.fixture(scope="module")
def cli_runs(corpus, tmp_path_factory) -> Iterator[dict[str, RunOutput | Path]]:
    """``geokg build`` and ``geokg extract`` over the corpus, started together (each takes minutes
    while the extractor is slow on the 200,000-character sentence)."""
    store = tmp_path_factory.mktemp("bad-build") / "kg"
    procs = {
        "build": subprocess.Popen(geokg_argv("build", BAD_REL, "--store", str(store)), cwd=ROOT, env=cli_env(),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True),
        "extract": subprocess.Popen(geokg_argv("extract", BAD_REL, "--format", "jsonl"), cwd=ROOT, env=cli_env(),
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True),
    }
    out: dict[str, RunOutput | Path] = {"store": store}
    try:
        for name, proc in procs.items():
            stdout, stderr = proc.communicate(timeout=1500)
            out[name] = RunOutput.parse((proc.returncode, stdout, stderr))
        yield out
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def _no_traceback(run: RunOutput) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-3000:]


@pytest.mark.slow
def test_build_accounts_for_every_input(corpus, cli_runs):
    run = cli_runs["build"]
    assert isinstance(run, RunOutput)
    _no_traceback(run)
    assert run.returncode == 1, f"exit {run.returncode} (1 = some inputs skipped)\n{run.stderr[-3000:]}"
    with EmbeddedStore(cli_runs["store"], read_only=True) as kg:
        refs = {a.ref for a in kg.articles()}
    check_accounting(corpus, refs, run.skipped)
    summary = dict((row[0], row[1]) for row in table_rows(run.stdout, next(
        line.strip() for line in run.stdout.splitlines() if line.strip().startswith("built "))))
    assert int(summary["skipped inputs"]) == len(run.skipped)
    assert int(summary["articles"]) == len(refs)
    listed = table_rows(run.stdout, "not ingested")
    assert {row[0]: row[1] for row in listed} == run.skipped, "the summary table and the skip lines differ"


@pytest.mark.slow
def test_extract_skips_the_same_inputs_as_build(corpus, cli_runs):
    run, build = cli_runs["extract"], cli_runs["build"]
    assert isinstance(run, RunOutput) and isinstance(build, RunOutput)
    _no_traceback(run)
    assert run.returncode == 1, f"exit {run.returncode} (1 = some inputs skipped)\n{run.stderr[-3000:]}"
    assert run.skipped == build.skipped
    last = run.stderr.strip().splitlines()[-1]
    articles, triples, skipped = (int(word) for word in last.replace(",", "").split() if word.isdigit())
    assert skipped == len(run.skipped)
    with EmbeddedStore(cli_runs["store"], read_only=True) as kg:
        refs = {a.ref for a in kg.articles()}
    assert articles == len(refs)
    lines = run.stdout.splitlines()
    assert len(lines) == triples
    for line in lines:
        triple = json.loads(line)
        assert triple["evidence"]["article"] in refs
        assert triple["evidence"]["end"] - triple["evidence"]["start"] == len(triple["evidence"]["sentence"])


# -- the slow sentence ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor():
    from geokg.ingest.pipeline import Extractor

    return Extractor()


def test_a_40k_character_sentence_is_extracted_with_exact_evidence(extractor):
    # Timing is not asserted here (speed is measured in bench/, never in the suite); this keeps the
    # long-sentence path working: triples come out and their offsets slice the text to the sentence.
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_bad_corpus import long_sentence

    article = Article.make(long_sentence(40_000), ref="long-40k")
    triples = extractor.extract(article)
    assert len(triples) > 50
    for t in triples:
        assert all(article.text[e.start:e.end] == e.sentence for e in t.evidence)


def test_corpus_generator_is_idempotent(corpus):
    stamp = GENERATED / ".complete"
    before = os.stat(stamp).st_mtime_ns
    ensure_bad_corpus()
    assert os.stat(stamp).st_mtime_ns == before
    assert Path(GENERATED / "big_50mb.txt").stat().st_size == 50 * 2**20
