"""`geokg viz`: the HTML page is self-contained and names every actor; the dyad PNG is a real image."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from geokg.graph import viz
from geokg.graph.analytics import dyad_balance
from geokg.graph.network import to_networkx
from geokg.ingest.models import Actor, Evidence, Triple
from geokg.settings import UserError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# any script/style/link/img pointing off the page: src=, href=, url(...) or @import with a URL
EXTERNAL = re.compile(
    r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""  # <script src=...>, <link href=...>, <img src=...>
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import|sourceMappingURL""",  # CSS fetches, devtools source maps
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def fg(fixture_graph) -> nx.MultiDiGraph:
    return to_networkx(t for _, ts in fixture_graph for t in ts)


def _assert_self_contained(page: str) -> None:
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<script src" not in page.lower() and "<link" not in page.lower()
    assert page.count("<script>") >= 2  # vis-network itself, inlined, and the page's own script
    assert "vis.Network" in page


def _assert_names_every_node(page: str, g: nx.Graph) -> None:
    for _, name in g.nodes(data="name"):
        assert f'"label": "{name}"' in page, name


def test_html_is_self_contained_and_names_every_node(fg, tmp_path):
    path = viz.write_graph_html(fg, tmp_path / "graph.html")
    page = path.read_text(encoding="utf-8")
    _assert_self_contained(page)
    _assert_names_every_node(page, fg)
    assert "François Hollande" in page  # not mangled into escapes
    assert "Turkish jets shot down the Russian bomber, Turkey confirmed." in page  # evidence in hover titles


def test_html_colours_nodes_by_kind_and_edges_by_score(fg):
    nodes, edges = viz.vis_data(fg)
    colour = {n["id"]: n["color"] for n in nodes}
    assert colour["RUS"] == viz.KIND_COLOURS["Country"] and colour["ISIS"] == viz.KIND_COLOURS["Group"]
    by_pair = {(e["from"], e["to"]): e for e in edges}
    assert by_pair[("TUR", "RUS")]["label"] == "ASSAULT, TRADE"
    assert by_pair[("TUR", "RUS")]["color"] == viz.score_colour(-9.0)  # TRADE has no score
    assert by_pair[("vladimir-putin", "barack-obama")]["color"] == viz.score_colour(3.0)
    assert by_pair[("TUR", "NATO")]["color"] == viz.STRUCTURAL_COLOURS["MEMBER_OF"]


def test_html_survives_markup_in_sentences(tmp_path):
    a, b = Actor("A", "A </script> land", "Country"), Actor("B", "B", "Country")
    t = Triple(a, "ACCUSE", b, (Evidence("x", "They said </script><script>alert(1)</script>.", 0, 5),),
               score=-2.0)
    page = viz.graph_html(to_networkx([t]))
    assert "</script><script>alert" not in page and "alert(1)" in page
    assert page.count("</script>") == 2  # the inlined library and the page's script: nothing closed early


def test_html_refuses_to_overwrite_without_force(fg, tmp_path):
    path = tmp_path / "graph.html"
    path.write_text("keep me")
    with pytest.raises(UserError, match="--force"):
        viz.write_graph_html(fg, path)
    assert path.read_text() == "keep me"
    viz.write_graph_html(fg, path, force=True)
    assert path.read_text().startswith("<!DOCTYPE html>")


def test_neighbourhood(fg):
    near = viz.neighbourhood(fg, "vladimir-putin", hops=1)
    assert set(near) == {"vladimir-putin", "RUS", "TUR", "barack-obama"}
    assert set(viz.neighbourhood(fg, "vladimir-putin", hops=2)) > set(near)


def _assert_png(path: Path) -> None:
    from matplotlib.image import imread

    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 2000
    image = imread(path)
    assert image.shape[0] > 100 and image.shape[1] > 100


def test_dyad_png_is_a_valid_image(fg, tmp_path):
    path = viz.write_dyad_png(dyad_balance(fg, "RUS", "TUR"), tmp_path / "dyad.png", "Russia", "Turkey")
    _assert_png(path)
    with pytest.raises(UserError, match="already exists"):
        viz.write_dyad_png([], path, "Russia", "Turkey")
    viz.write_dyad_png([], path, "Russia", "Turkey", force=True)  # an empty dyad still draws
    _assert_png(path)


def test_viz_doctests():
    result = doctest.testmod(viz)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------- `geokg viz` on a real store


@pytest.fixture(scope="module")
def fixture_store(fixture_graph, tmp_path_factory) -> Path:
    store_mod = pytest.importorskip("geokg.graph.store", reason="the embedded store is not written yet")
    path = tmp_path_factory.mktemp("viz") / "store"
    with store_mod.EmbeddedStore(path) as store:
        for article, ts in fixture_graph:
            store.write_article(article, ts)
    return path


def _invoke(*args: str):
    from geokg.cli import cmd_viz

    app = typer.Typer()
    app.command("noop")(lambda: None)  # keeps `viz` a sub-command
    cmd_viz.register(app)
    return CliRunner().invoke(app, ["viz", *args])


@pytest.mark.parametrize("command", ["graph", "dyad"])
def test_viz_help_has_examples(command):
    result = _invoke(command, "--help")
    assert result.exit_code == 0 and f"geokg viz {command}" in result.output and "--force" in result.output


def test_cli_viz_graph(fixture_store, fg, tmp_path):
    out = tmp_path / "graph.html"
    result = _invoke("graph", "-o", str(out), "--store", str(fixture_store))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    _assert_self_contained(page)
    _assert_names_every_node(page, fg)
    again = _invoke("graph", "-o", str(out), "--store", str(fixture_store))
    assert isinstance(again.exception, UserError) and "--force" in str(again.exception)

    result = _invoke("graph", "-o", str(out), "--actor", "Putin", "--hops", "1", "--force",
                     "--store", str(fixture_store))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '"label": "Vladimir Putin"' in page and '"label": "Islamic State"' not in page


def test_cli_viz_dyad(fixture_store, tmp_path):
    out = tmp_path / "dyad.png"
    result = _invoke("dyad", "RUS", "TUR", "-o", str(out), "--store", str(fixture_store))
    assert result.exit_code == 0, result.output
    _assert_png(out)
    again = _invoke("dyad", "RUS", "TUR", "-o", str(out), "--store", str(fixture_store))
    assert isinstance(again.exception, UserError)
