"""networkx analytics, Gephi exports and `geokg analyze`, on tiny graphs with known answers
and on the shared fixture graph."""
from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from geokg.graph import analytics, network
from geokg.graph.analytics import blocs, central_actors, dyad_balance, paths, resolve_actor
from geokg.graph.network import to_networkx, to_weighted, write_graph
from geokg.ingest.models import Actor, Evidence, Triple
from geokg.settings import UserError

RUS = Actor("RUS", "Russia", "Country", "RUS")
TUR = Actor("TUR", "Turkey", "Country", "TUR")
PUTIN = Actor.person("Vladimir Putin", country="RUS")


def _t(s: Actor, rel: str, o: Actor, score: float | None, date: str | None, **kw) -> Triple:
    ev = Evidence(kw.pop("article", "a.txt"), f"{s.name} {rel.lower()} {o.name}.", 0, 10)
    return Triple(subject=s, relation=rel, object=o, evidence=(ev,), score=score, published=date, **kw)


@pytest.fixture(scope="module")
def triples(fixture_graph) -> list[Triple]:
    return [t for _, ts in fixture_graph for t in ts]


@pytest.fixture(scope="module")
def fg(triples) -> nx.MultiDiGraph:
    return to_networkx(triples)


# ---------------------------------------------------------------- tiny graphs, known answers


@pytest.mark.parametrize("by", analytics.CENTRALITIES)
def test_star_centre_is_most_central(by):
    g = nx.star_graph(5)
    ranked = central_actors(g, top=3, by=by)
    assert ranked[0][0] == 0
    assert len(ranked) == 3
    assert ranked[0][2] > ranked[1][2]


def test_central_actors_rejects_unknown_measure():
    with pytest.raises(UserError, match="pagerank"):
        central_actors(nx.star_graph(2), by="eigen")  # type: ignore[arg-type]


def test_two_cliques_joined_by_one_edge_are_two_blocs():
    g = nx.complete_graph(["a", "b", "c", "d"])
    g.add_edges_from(nx.complete_graph(["w", "x", "y", "z"]).edges)
    g.add_edge("d", "w")
    assert blocs(g, seed=1) == [["a", "b", "c", "d"], ["w", "x", "y", "z"]]
    assert blocs(g, seed=1) == blocs(g, seed=1)


def test_blocs_of_empty_graph():
    assert blocs(nx.MultiDiGraph()) == []


def test_path_graph_path():
    g = nx.path_graph(5)
    assert paths(g, 0, 4) == [[0, 1, 2, 3, 4]]
    assert paths(g, 0, 4, cutoff=3) == []
    assert paths(g, 2, 2) == [[2]]
    g.add_edge(0, 2)
    assert paths(g, 0, 4, limit=1) == [[0, 2, 3, 4]]
    with pytest.raises(nx.NodeNotFound):
        paths(g, 0, 99)


def test_paths_ignore_direction_and_disconnection():
    g = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    g.add_node("lonely")
    assert paths(g, "a", "c") == [["a", "b", "c"]]
    assert paths(g, "a", "lonely") == []


def test_dyad_two_months():
    ts = [_t(TUR, "ASSAULT", RUS, -9.0, "2015-11-24"), _t(RUS, "CONSULT", TUR, 3.0, "2016-01-10"),
          _t(TUR, "TRADE", RUS, None, "2016-01-10"),  # structural: no score, not an event
          _t(RUS, "ASSAULT", TUR, -9.0, "2016-01-11", negated=True)]  # did not happen
    expected = [("2015-11", -9.0, 1), ("2016-01", 3.0, 1)]
    assert dyad_balance(ts, "RUS", "TUR") == expected
    assert dyad_balance(ts, "TUR", "RUS") == expected
    assert dyad_balance(to_networkx(ts, include_negated=True), "RUS", "TUR") == expected


def test_dyad_undated_statements_use_article_date_else_unknown():
    ts = [_t(TUR, "ASSAULT", RUS, -9.0, None, article_id="art1"), _t(RUS, "ACCUSE", TUR, -2.0, None),
          _t(PUTIN, "THREATEN", TUR, -5.0, "2015-12-01")]
    assert dyad_balance(ts, "RUS", "TUR", article_dates={"art1": "2015-11-24"}) == [
        ("2015-11", -9.0, 1), ("2015-12", -5.0, 1), ("unknown", -2.0, 1)]
    assert dyad_balance(ts, "RUS", "TUR", by_country=False) == [("unknown", -11.0, 2)]


# ---------------------------------------------------------------- networkx conversion


def test_to_networkx_nodes_and_edges(fg, triples):
    assert fg.number_of_nodes() == 12
    assert fg.nodes["RUS"] | {"aliases": ()} == {"name": "Russia", "type": "Country", "country": "RUS",
                                                  "wikidata": "Q159", "aliases": ()}
    assert fg.number_of_edges() == len([t for t in triples if not t.negated])
    (edge,) = [d for d in fg.get_edge_data("TUR", "RUS").values() if d["relation"] == "ASSAULT"]
    assert edge["score"] == -9.0 and edge["date"] == "2015-11-24" and len(edge["sentences"]) == 2
    assert not fg.has_edge("RUS", "UKR")  # negated: left out by default
    assert to_networkx(triples, include_negated=True).has_edge("RUS", "UKR")


def test_to_networkx_is_idempotent(triples):
    assert to_networkx(triples + triples).number_of_edges() == to_networkx(triples).number_of_edges()


def test_to_weighted_collapses_parallel_statements(fg):
    w = to_weighted(fg)
    assert isinstance(w, nx.DiGraph)
    assert w["vladimir-putin"]["TUR"] == {"weight": 2, "score": -7.0, "relations": ["ACCUSE", "THREATEN"]}
    u = to_weighted(fg, directed=False)
    assert u["RUS"]["TUR"]["weight"] == 2  # TUR ASSAULT RUS + TUR TRADE RUS


# ---------------------------------------------------------------- analytics on the fixture graph


def test_fixture_central_actors(fg):
    assert central_actors(fg, top=1, by="degree")[0][:2] == ("RUS", "Russia")
    assert central_actors(fg, top=1, by="betweenness")[0][0] == "RUS"
    top = central_actors(fg, top=20)
    assert len(top) == 12 and abs(sum(v for *_, v in top) - 1.0) < 1e-4  # PageRank sums to 1


def test_fixture_blocs_cover_every_actor_once(fg):
    found = blocs(fg, seed=42)
    assert sorted(k for b in found for k in b) == sorted(fg.nodes)
    assert found == blocs(fg, seed=42)


def test_fixture_path(fg):
    assert paths(fg, "ISIS", "FRA")[0] == ["ISIS", "RUS", "barack-obama", "francois-hollande", "FRA"]


def test_fixture_dyad_rus_tur_is_negative(fg, fixture_graph, triples):
    by_graph = dyad_balance(fg, "RUS", "TUR")
    assert by_graph == dyad_balance(fixture_graph, "RUS", "TUR") == dyad_balance(triples, "RUS", "TUR")
    assert by_graph == [("2015-11", -22.0, 4)]  # shoot-down, cancelled visit, condemnation, warning
    assert dyad_balance(fg, "RUS", "TUR", by_country=False) == [("2015-11", -9.0, 1)]


@pytest.mark.parametrize("typed, key", [
    ("Russia", "RUS"), ("RUS", "RUS"), ("rus", "RUS"), ("Putin", "vladimir-putin"),
    ("vladimir putin", "vladimir-putin"), ("Francois Hollande", "francois-hollande"),
    ("european union", "EU"), ("Islamic", "ISIS"),
])
def test_resolve_actor(fg, typed, key):
    assert resolve_actor(fg, typed) == key


def test_resolve_actor_did_you_mean(fg):
    with pytest.raises(UserError, match=r"did you mean 'Russia' \(RUS\)"):
        resolve_actor(fg, "Rusia")
    with pytest.raises(UserError, match="did you mean 'Barack Obama'"):
        resolve_actor(fg, "Obamma")


def test_resolve_actor_ambiguous():
    g = nx.Graph()
    g.add_node("john-smith", name="John Smith", type="Person")
    g.add_node("jane-smith", name="Jane Smith", type="Person")
    with pytest.raises(UserError, match="ambiguous"):
        resolve_actor(g, "Smith")


@pytest.mark.parametrize("module", [analytics, network])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------- Gephi exports


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_round_trip(fg, fixture_graph, tmp_path, fmt, read):
    out = tmp_path / f"g.{fmt}"
    write_graph([t for _, ts in fixture_graph for t in ts], fmt, out)
    back = read(out)
    assert back.number_of_nodes() == fg.number_of_nodes()
    assert dict(back.nodes(data="label")) == {k: fg.nodes[k]["name"] for k in fg}
    assert back.nodes["ISIS"]["kind"] == "Group" and back.nodes["ISIS"]["country"] == ""
    edge = back["vladimir-putin"]["TUR"]
    assert edge["weight"] == 2 and edge["score"] == -7.0 and edge["categories"] == "ACCUSE, THREATEN"


def test_export_unknown_format(tmp_path):
    with pytest.raises(UserError, match="graphml"):
        write_graph([], "dot", tmp_path / "g.dot")


# ---------------------------------------------------------------- `geokg analyze`


def _app() -> typer.Typer:
    from geokg.cli import cmd_analyze

    app = typer.Typer()
    app.command("noop")(lambda: None)  # a root with two entries keeps `analyze` a sub-command
    cmd_analyze.register(app)
    return app


@pytest.mark.parametrize("command", ["central", "blocs", "path", "dyad"])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(_app(), ["analyze", command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example" in result.output and f"geokg analyze {command}" in result.output
    assert "--store" in result.output and "--format" in result.output


@pytest.fixture(scope="module")
def fixture_store(fixture_graph, tmp_path_factory) -> Path:
    store_mod = pytest.importorskip("geokg.graph.store", reason="the embedded store is not written yet")
    path = tmp_path_factory.mktemp("analyze") / "store"
    store = store_mod.EmbeddedStore(path)
    for article, ts in fixture_graph:
        store.write_article(article, ts)
    close = getattr(store, "close", None)
    if callable(close):
        close()
    return path


def _geokg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "geokg", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_cli_dyad_json_on_store_is_negative(fixture_store):
    result = _geokg("analyze", "dyad", "RUS", "TUR", "--format", "json", "--store", str(fixture_store))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["a"] == "RUS" and data["b"] == "TUR"
    assert data["balance"] < 0 and data["months"][0]["month"] == "2015-11"


def test_cli_unknown_actor_did_you_mean_exit_2(fixture_store):
    result = _geokg("analyze", "dyad", "Rusia", "TUR", "--store", str(fixture_store))
    assert result.returncode == 2
    assert "did you mean" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_cli_missing_store_exit_2(tmp_path):
    result = _geokg("analyze", "central", "--store", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "geokg build" in " ".join(result.stderr.split())


@pytest.mark.parametrize("args, check", [
    (["central", "--by", "degree", "--top", "3"], lambda d: d[0]["key"] == "RUS" and len(d) == 3),
    (["blocs", "--seed", "42"], lambda d: sum(b["size"] for b in d) == 12),
    (["path", "Islamic State", "France"], lambda d: d["paths"][0][::4] == ["ISIS", "FRA"]),
])
def test_cli_json_on_store(fixture_store, args, check):
    result = CliRunner().invoke(_app(), ["analyze", *args, "--format", "json", "--store", str(fixture_store)])
    assert result.exit_code == 0, result.output
    assert check(json.loads(result.output))


def test_cli_tables_on_store(fixture_store):
    for args in (["central"], ["blocs"], ["path", "Putin", "NATO"], ["dyad", "Russia", "Turkey"]):
        result = CliRunner().invoke(_app(), ["analyze", *args, "--store", str(fixture_store)],
                                    env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.output)
    assert "Russia" in result.output and "total" in result.output
