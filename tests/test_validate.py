"""SHACL validation (graph/shapes.ttl) on real stores, on dumps, and on hand-broken graphs."""
from __future__ import annotations

import subprocess
import sys

import pytest
from fixture_graph import ART_1, TRIPLES_1

from geokg.graph.namespace import GK, statement_iri
from geokg.graph.store import EmbeddedStore
from geokg.graph.validate import validate_file, validate_store


@pytest.fixture()
def store(tmp_path, fixture_graph):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(fixture_graph)
        yield kg


def test_the_fixture_store_conforms(store):
    report = validate_store(store)
    assert report.conforms, report.text()
    assert report.violations == []
    assert report.text().startswith("valid:")


def test_a_statement_without_evidence_is_reported_in_plain_words(store):
    sid = TRIPLES_1[1].statement_id  # Lavrov SANCTION Turkey
    store.oxigraph.update(f"DELETE WHERE {{ GRAPH ?g {{ <{statement_iri(sid)}> <{GK.evidence}> ?e . ?e ?p ?o }} }}")
    report = validate_store(store)
    assert not report.conforms
    assert [str(v) for v in report.violations] == [f"statement gks:{sid} has no evidence (gk:evidence)"]


def test_broken_evidence_and_confidence(store):
    sid = TRIPLES_1[0].statement_id
    store.oxigraph.update(f"""
        DELETE {{ GRAPH ?g {{ ?e <{GK.end}> ?end }} }} INSERT {{ GRAPH ?g {{ ?e <{GK.end}> -1 }} }}
        WHERE {{ GRAPH ?g {{ <{statement_iri(sid)}> <{GK.evidence}> ?e . ?e <{GK.end}> ?end }} }} ;
        DELETE {{ GRAPH ?g {{ ?s <{GK.confidence}> ?c }} }}
        INSERT {{ GRAPH ?g {{ ?s <{GK.confidence}> "1.5"^^<http://www.w3.org/2001/XMLSchema#double> }} }}
        WHERE {{ GRAPH ?g {{ ?s <{GK.confidence}> ?c }} FILTER(?s = <{statement_iri(sid)}>) }}""")
    text = validate_store(store).text()
    assert f"evidence gks:{sid}-e0 starts after it ends (gk:start > gk:end)" in text
    assert f"statement gks:{sid} has a confidence outside [0, 1] (gk:confidence); value: 1.5" in text


def test_an_actor_without_a_name(store):
    store.oxigraph.update("DELETE WHERE { GRAPH ?g { <https://w3id.org/geokg/actor/NATO> "
                    "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
    assert validate_store(store).text() == "actor gka:NATO has no name (rdfs:label)"


@pytest.mark.parametrize("fmt,suffix", [("trig", ".trig"), ("nquads", ".nq"), ("turtle", ".ttl")])
def test_dumps_validate(tmp_path, store, fmt, suffix):
    path = tmp_path / f"kg{suffix}"
    store.export(fmt, path)
    assert validate_file(path).conforms


def test_validate_command_exit_codes(tmp_path, fixture_graph):
    path = tmp_path / "kg"
    with EmbeddedStore(path) as kg:
        kg.write_article(ART_1, TRIPLES_1)
    run = [sys.executable, "-m", "geokg", "validate", "--store", str(path)]
    ok = subprocess.run(run, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "valid" in ok.stderr
    with EmbeddedStore(path) as kg:
        kg.oxigraph.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{GK.evidence}> ?e }} }}")
    bad = subprocess.run(run, capture_output=True, text=True)
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert len(lines) == len(TRIPLES_1)
    assert all(line.startswith("statement gks:") and line.endswith("has no evidence (gk:evidence)")
               for line in lines)
