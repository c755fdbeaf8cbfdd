"""Hostile input, round two (issue 12): no input aborts a build, nothing is lost silently, every
resource is bounded. Generated inputs in real tmp folders; the CLI runs as a real process."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
from bad_support import ROOT, RunOutput, cli_env, geokg_argv, run_geokg, table_rows

from geokg.graph.store import EmbeddedStore
from geokg.ingest import formats
from geokg.ingest.models import Article, Skipped
from geokg.ingest.readers import STORE_REASON, read_inputs
from geokg.ingest.sanitize import valid_text

ARTICLE = "Russia condemned Turkey.\n\nTurkey accused Russia of aggression on Monday."


def _read(paths: list[str], **kw) -> tuple[list[Article], list[Skipped]]:
    records = list(read_inputs(paths, **kw))
    return [r for r in records if isinstance(r, Article)], [r for r in records if isinstance(r, Skipped)]


def _utf8_ok(*texts: str | None) -> None:
    for text in texts:
        if text is not None:
            text.encode("utf-8")  # raises on a lone surrogate
            ox.Literal(text)


# -- valid Unicode at the reader boundary -----------------------------------------------------------


def test_undecodable_file_names_are_read_under_an_escaped_ref(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/c_\xff\xfe.txt"
    with open(raw, "wb") as f:
        f.write(ARTICLE.encode())
    (folder / "ok.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    for paths in ([str(folder)], [os.fsdecode(raw)]):  # in a folder, and as an argument
        articles, skipped = _read(paths)
        assert not skipped
        refs = sorted(a.ref for a in articles)
        assert refs[0].endswith("c_\\xff\\xfe.txt"), refs
        for a in articles:
            _utf8_ok(a.ref, a.text, a.title)


def test_lone_surrogates_in_json_lines_become_valid_text(tmp_path):
    path = tmp_path / "s.jsonl"
    records = [{"id": "a\udc80", "title": "T\ud800itle", "text": ARTICLE + " \udfff", "source": "S\udc80"},
               {"id": "b", "text": "Moscow\ufffe and Kyiv\uffff talked.", "title": "x\x01"}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")  # json.dumps writes \\udc80 escapes
    articles, skipped = _read([str(path)])
    assert not skipped and len(articles) == 2
    first, second = articles
    assert first.ref == "a\\x80" and first.title == "T\\ud800itle"
    assert "\ufffe" not in second.text and "\uffff" not in second.text and "\ufffd" in second.text
    for a in articles:
        _utf8_ok(a.ref, a.text, a.title, a.source)


def test_valid_text_is_identity_on_clean_text():
    for text in ("", "Erdoğan", "tab\tnew\nline\rret", "emoji 🙂", "[bold]x[/]"):
        assert valid_text(text) == text


# -- one guard per record ------------------------------------------------------------------------


def test_an_unparseable_date_loses_only_its_own_record(tmp_path):
    path = tmp_path / "d.jsonl"
    lines = [{"text": ARTICLE, "id": "1"},
             {"text": ARTICLE + " Again.", "id": "2", "date": "Mon, 01 Jan 2019 00:00:00 +9999999999999999999999"},
             {"text": ARTICLE + " Third.", "id": "3"}, {"text": ARTICLE + " Fourth.", "id": "4"}]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    articles, skipped = _read([str(path)])
    assert [a.ref for a in articles] == ["1", "2", "3", "4"] and not skipped
    assert articles[1].date == "2019-01-01"  # the offset is out of range; the day is still read


def test_a_failing_record_is_skipped_alone():
    def broken() -> Article:
        raise OverflowError("date value out of range")

    record = formats.guarded("f.jsonl:2", broken)
    assert record == Skipped("f.jsonl:2", "could not be read (OverflowError: date value out of range)")


def test_every_bad_record_of_a_json_list_is_reported_by_index(tmp_path):
    path = tmp_path / "l.json"
    path.write_text(json.dumps([{"text": ARTICLE}, 5, {"nope": 1}, {"text": ARTICLE + " More."}]))
    articles, skipped = _read([str(path)])
    assert len(articles) == 2
    assert [s.path for s in skipped] == [f"{path}[1]", f"{path}[2]"]


# -- budgets: stdin ------------------------------------------------------------------------------


def test_stdin_is_cut_at_the_file_size_limit():
    stream = io.TextIOWrapper(io.BytesIO(b"Talks. " * 200_000), encoding="utf-8")
    articles, skipped = _read(["-"], stdin=stream, max_bytes=2**20)
    assert not articles and skipped[0].path == "-" and "too large" in skipped[0].reason


def test_stdin_from_dev_zero_is_refused_in_bounded_memory():
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.Popen(geokg_argv("extract", "-"), stdin=zero, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT, env=cli_env())
        peak = 0
        while proc.poll() is None:
            try:
                peak = max(peak, psutil.Process(proc.pid).memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "too large" in err and "Traceback" not in err
    assert peak < 1.5 * 2**30


# -- the store does not read itself ----------------------------------------------------------------


def test_a_store_inside_an_input_folder_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    with EmbeddedStore(tmp_path / "geokg-data"):
        pass
    articles, skipped = _read([str(tmp_path)])
    assert len(articles) == 1
    assert skipped == [Skipped(str(tmp_path / "geokg-data"), STORE_REASON, ignored=True)]


# -- the whole CLI on one hostile folder -------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, list[RunOutput]]:
    """``cd folder && geokg build .`` twice, on a folder of hostile names and records."""
    folder = tmp_path_factory.mktemp("hostile")
    with open(os.fsencode(folder) + b"/c_\xff\xfe.txt", "wb") as f:
        f.write(b"Russia condemned Turkey on Monday.\n")
    (folder / "[bold]b.txt").write_text("Iran threatened [/] Israel. [bold]Iran[/bold] warned Israel.\n")
    (folder / "dup.txt").write_text(ARTICLE)
    (folder / "[red]e[/].txt".replace("/", "")).write_text("  \n")  # skipped: its name reaches the summary
    (folder / "dup-again.txt").write_text(ARTICLE)
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "x\udc80", "title": "\ud800", "text": "China criticised Japan."},
        {"id": "y", "text": "France praised Germany.", "date": "Mon, 01 Jan 2019 00:00:00 +99999999999999999"},
        {"id": "z", "text": "Egypt met Jordan."}]) + "\n")
    runs = [RunOutput.parse(run_geokg("build", ".", "--workers", "1", cwd=folder, timeout=600)) for _ in range(2)]
    return folder, runs


def test_hostile_folder_builds_whole_and_twice_the_same(hostile):
    folder, runs = hostile
    for run in runs:
        assert run.returncode == 1, run.stderr[-3000:]  # the empty file
        assert "Traceback" not in run.stdout + run.stderr and "MarkupError" not in run.stderr
    with EmbeddedStore(folder / "geokg-data", read_only=True) as kg:
        refs = sorted(a.ref for a in kg.articles())
        stats = kg.stats()
    assert refs == sorted(["./[bold]b.txt", "./c_\\xff\\xfe.txt", "./dup-again.txt", "x\\x80", "y", "z"])
    assert stats["articles"] == 6
    summaries = [dict((r[0], r[1]) for r in table_rows(run.stdout, "built geokg-data")) for run in runs]
    assert summaries[0]["articles"] == summaries[1]["articles"] == "6"  # the duplicate text counted once
    assert "skipped ./[red]e[].txt: empty file" in runs[0].stderr  # markup printed as written
    listed = {row[0]: row[1] for row in table_rows(runs[0].stdout, "not ingested")}
    assert listed["./[red]e[].txt"] == "empty file"
    assert listed["./geokg-data"] == STORE_REASON
    assert any("same text as ./dup-again.txt" in reason for reason in listed.values()), listed


def test_markup_in_extract_table_and_query_params_is_printed_as_written(hostile):
    folder, _ = hostile
    run = run_geokg("extract", "[bold]b.txt", "--format", "table", cwd=folder)
    assert run.returncode == 0, run.stderr
    assert "Iran threatened [/] Israel" in run.stdout
    query = run_geokg("query", "run", "actor-profile", "--param", "actor=[/]bold[bold]", "--store",
                      str(folder / "geokg-data"))
    assert query.returncode == 2 and "MarkupError" not in query.stderr and "Traceback" not in query.stderr
    assert "[/]bold[bold]" in query.stderr


# -- read-only commands --------------------------------------------------------------------------------


def test_query_runs_while_a_build_holds_the_store(hostile):
    folder, _ = hostile
    with EmbeddedStore(folder / "geokg-data"):  # this process holds the write lock, like a build
        run = run_geokg("query", "run", "actor-profile", "--param", "actor=China", "--format", "json",
                        "--store", str(folder / "geokg-data"))
    assert run.returncode == 0, run.stderr
    assert isinstance(json.loads(run.stdout), list)


def test_query_on_a_missing_or_empty_store_is_an_error_and_creates_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for store in (empty, tmp_path / "missing"):
        run = run_geokg("query", "run", "actor-profile", "--param", "actor=Russia", "--store", str(store))
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert not store.exists() or not any(store.iterdir())


def test_build_of_a_missing_path_creates_no_store(tmp_path):
    run = run_geokg("build", str(tmp_path / "nope"), "--store", str(tmp_path / "kg"))
    assert run.returncode == 2 and "no such file or directory" in run.stderr, run.stderr
    assert not (tmp_path / "kg").exists()


# -- exit codes ------------------------------------------------------------------------------------------


def test_a_crash_exits_4_in_one_line():
    code = ("import sys; sys.argv = ['geokg', 'boom']\n"
            "from geokg import cli\n"
            "@cli.app.command('boom')\n"
            "def boom() -> None:\n"
            "    raise RuntimeError('kaput [/]')\n"
            "cli.main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), timeout=120)
    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr and "RuntimeError: kaput [/]" in proc.stderr


# -- the worker pool dies with its parent -----------------------------------------------------------------


def test_sigkill_of_build_leaves_no_worker_behind(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(40):
        (folder / f"a{k:02}.txt").write_text(f"{ARTICLE} Story {k}.\n\n" * 30)
    proc = subprocess.Popen(geokg_argv("build", str(folder), "--workers", "2", "--store", str(tmp_path / "kg")),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            cwd=ROOT, env=cli_env())
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [c for c in parent.children(recursive=True) if "resource_tracker" not in " ".join(c.cmdline())]
        time.sleep(0.2)
    assert len(workers) >= 2, "the build never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=15)
    for p in alive:
        p.kill()
    assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"


# -- exports -----------------------------------------------------------------------------------------------


@pytest.fixture
def odd_store(tmp_path) -> Path:
    """A store whose actor names hold U+FFFE and U+FFFF (written by an older geokg, or another tool)."""
    from geokg.ingest.models import Actor, Evidence, Triple

    a = Actor("ODD-A", "Odd\ufffe Front", "Group")
    b = Actor("ODD-B", "Other\uffff Front", "Group")
    article = Article.make("Odd Front attacked Other Front.", ref="odd.txt")
    t = Triple(a, "ASSAULT", b, (Evidence(article.ref, article.text, 0, len(article.text)),), score=-9.0,
               article_id=article.id)
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_article(article, [t])
    return tmp_path / "kg"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_of_noncharacters_parse(odd_store, tmp_path, fmt):
    import networkx as nx

    out = tmp_path / f"g.{fmt}"
    run = run_geokg("export", "--format", fmt, "-o", str(out), "--store", str(odd_store))
    assert run.returncode == 0, run.stderr
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert sorted(d["label"] for _, d in g.nodes(data=True)) == ["Odd\ufffd Front", "Other\ufffd Front"]


def test_export_to_a_missing_folder_is_one_line(odd_store, tmp_path):
    run = run_geokg("export", "--format", "turtle", "-o", str(tmp_path / "nope" / "x.ttl"), "--store", str(odd_store))
    assert run.returncode == 2 and "does not exist" in run.stderr and "Traceback" not in run.stderr


def test_export_keeps_a_users_partial_file(odd_store, tmp_path):
    mine = tmp_path / ".x.ttl.partial"
    mine.write_text("my notes")
    run = run_geokg("export", "--format", "turtle", "-o", str(tmp_path / "x.ttl"), "--store", str(odd_store))
    assert run.returncode == 0, run.stderr
    assert mine.read_text() == "my notes" and (tmp_path / "x.ttl").stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".x.ttl.partial", "kg", "x.ttl"]
    assert (tmp_path / "x.ttl").stat().st_mode & 0o044  # readable like any file written in place


# -- validate is offline ---------------------------------------------------------------------------------


def test_validate_never_fetches_a_json_ld_context(tmp_path):
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            body = b'{"@context": {"name": "http://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = tmp_path / "ctx.jsonld"
    local.write_text('{"@context": {"name": "http://schema.org/name"}}')
    try:
        contexts = [f"http://127.0.0.1:{server.server_port}/ctx.jsonld", local.as_uri(),
                    [{"x": "http://x/"}, f"http://127.0.0.1:{server.server_port}/b"]]
        for k, ctx in enumerate(contexts):
            doc = tmp_path / f"d{k}.jsonld"
            doc.write_text(json.dumps({"@context": ctx, "@id": "http://x/a", "name": "A",
                                       "@graph": [{"@context": {"@import": local.as_uri()}, "@id": "http://x/b"}]}))
            run = run_geokg("validate", "--file", str(doc))
            assert run.returncode == 2, run.stderr
            assert "is a document to fetch" in run.stderr and "Traceback" not in run.stderr
    finally:
        server.shutdown()
    assert hits == []
