"""`geokg explain`: the library record and the real CLI, on the real model."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from geokg.ingest.explain import explain_article
from geokg.ingest.models import Article
from geokg.ingest.nlp import load_nlp
from geokg.settings import DEFAULT_MODEL


@pytest.fixture(scope="module")
def explain():
    nlp = load_nlp(DEFAULT_MODEL)
    return lambda text: explain_article(Article.make(text, ref="t"), nlp)


def test_a_kept_triple_is_listed_under_its_candidate(explain):
    (s,) = explain("The European Union urged Russia to withdraw its troops.")
    urged = next(c for c in s.candidates if c.word == "urged")
    assert urged.lexicon["category"] == "REQUEST"
    assert urged.triples == ["European Union REQUEST (urge) Russia"]


def test_a_dropped_candidate_says_why(explain):
    (s,) = explain("The European Union urged Russia to withdraw its troops.")
    withdraw = next(c for c in s.candidates if c.word == "withdraw")
    assert withdraw.triples == []
    assert withdraw.dropped == ["framed: wanted, threatened, promised or claimed by a verb above it"]
    (s,) = explain("Turkey did not say that Russia attacked Syria.")
    attacked = next(c for c in s.candidates if c.word == "attacked")
    assert attacked.dropped == ["under a negated reporting verb ('say')"]


def test_a_person_resolved_through_the_office_table(explain):
    (s,) = explain("Taoiseach Leo Varadkar spoke to reporters.")
    (office,) = s.offices
    assert (office.person, office.role, office.of) == ("Leo Varadkar", "taoiseach", "Ireland")
    assert office.how == "the office table (a title one state uses)"
    varadkar = next(m for m in s.mentions if m.name == "Leo Varadkar")
    assert (varadkar.type, varadkar.country) == ("Person", "IRL")


def test_the_cli_prints_json_lines_and_readable_text():
    env = {**os.environ, "COLUMNS": "200"}
    text = "The European Union urged Russia to withdraw its troops."
    out = subprocess.run([sys.executable, "-m", "geokg", "explain", text, "--format", "json"],
                         capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    record = json.loads(line)
    assert record["article"] == "text" and record["triples"] == ["European Union REQUEST (urge) Russia"]
    shown = subprocess.run([sys.executable, "-m", "geokg", "explain", text], capture_output=True, text=True,
                           timeout=300, env=env)
    assert "kept    European Union REQUEST (urge) Russia" in shown.stdout
    assert "dropped framed" in shown.stdout
    empty = subprocess.run([sys.executable, "-m", "geokg", "explain", "  "], capture_output=True, text=True,
                           timeout=300, env=env)
    assert empty.returncode == 2 and "nothing to explain" in empty.stderr and "Traceback" not in empty.stderr


def test_a_text_too_long_to_read_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Talks. " * 40_000, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geokg", "explain", str(path)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 2 and "reads at most 200,000" in out.stderr and "Traceback" not in out.stderr
