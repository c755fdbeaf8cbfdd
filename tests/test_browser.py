"""`geokg viz graph` pages in real headless Chromium (Playwright): they render offline and show the store.

Every test opens the page from a file:// URL with every other request aborted, so a page
that needed a CDN (or any network at all) would fail to draw. Needs /usr/bin/chromium
(scripts/test-setup.sh installs Debian's); without it the tests skip locally and fail on CI.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from geokg.graph import viz
from geokg.graph.network import load_store_graph

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1000, "height": 700}
# the seed article and two more about the same actors (Turkey, Syria, the US), so the graph is connected
ARTICLES = ("00_russia_turkey_jet.txt", "06_us_troops_leave_syria.txt", "07_kurds_assad_deal_turkey_offensive.txt")

# Runs before the page's own scripts: when the page stores its network in window.geokgNetwork,
# count vis-network's events on window.__geokg, so a test can wait for the graph to be laid out and drawn.
HOOK = """
(() => {
  let network;
  window.__geokg = {drawn: 0, laidOut: 0};
  Object.defineProperty(window, "geokgNetwork", {configurable: true, get: () => network, set: (value) => {
    network = value;
    value.on("afterDrawing", () => { window.__geokg.drawn++; });
    value.on("stabilizationIterationsDone", () => { window.__geokg.laidOut++; });
  }});
})();
"""
# the node ids vis-network actually draws (support nodes of curved edges are not in nodeIndices)
DRAWN_IDS = "() => geokgNetwork.body.nodeIndices.slice()"
DATA_IDS = "() => nodes.getIds()"


def _no_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {reason}; the browser tests must run on CI (scripts/test-setup.sh installs Chromium)")
    pytest.skip(f"!!! BROWSER TESTS NOT RUN: {reason} (run scripts/test-setup.sh) !!!")


def geokg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "geokg", *args], capture_output=True, text=True, timeout=300,
                          env=env)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        _no_browser(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory, repo_root) -> Path:
    path = tmp_path_factory.mktemp("browser") / "kg"
    result = geokg("build", *(str(repo_root / "examples" / a) for a in ARTICLES), "--store", str(path),
                   "--workers", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    return path


@pytest.fixture(scope="module")
def store_graph(store) -> nx.MultiDiGraph:
    g = load_store_graph(store)
    assert g.number_of_nodes() > 5 and "RUS" in g, sorted(g)  # the seed article alone names more actors
    return g


def _write_page(store: Path, out: Path, *args: str) -> Path:
    result = geokg("viz", "graph", "-o", str(out), "--store", str(store), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def full_page(store, tmp_path_factory) -> Path:
    return _write_page(store, tmp_path_factory.mktemp("pages") / "graph.html")


@pytest.fixture(scope="module")
def rus_page(store, tmp_path_factory) -> Path:
    return _write_page(store, tmp_path_factory.mktemp("pages") / "rus.html", "--actor", "RUS", "--hops", "1")


class Opened:
    """A page opened offline: ``page`` plus what it tried to fetch and what went wrong in it."""

    def __init__(self, page) -> None:
        self.page = page
        self.fetched: list[str] = []  # every request, file:// included
        self.blocked: list[str] = []  # everything else, aborted
        self.errors: list[str] = []  # uncaught exceptions, console errors, failed requests

    def route(self, route) -> None:
        url = route.request.url
        self.fetched.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page reached for the network: {self.blocked}"
        assert self.errors == [], self.errors


@pytest.fixture
def open_page(chromium) -> Iterator:
    contexts = []

    def open_(path: Path) -> Opened:
        context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        page.route("**/*", opened.route)
        page.on("pageerror", lambda exc: opened.errors.append(f"page error: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and opened.errors.append(f"console: {msg.text}"))
        page.on("requestfailed", lambda req: req.url.startswith("file://")
                and opened.errors.append(f"failed: {req.url}"))
        page.add_init_script(HOOK)
        page.goto(path.resolve().as_uri())
        # laid out (vis-network's stabilisation pass is over), drawn at least once, on a real canvas
        page.wait_for_function("window.__geokg.laidOut > 0 && window.__geokg.drawn > 0"
                               " && document.querySelector('#graph canvas') !== null", timeout=20_000)
        return opened

    yield open_
    for context in contexts:
        context.close()


def _freeze(page) -> None:
    """Stop the physics so node positions hold still between reading and using them."""
    page.evaluate("() => { geokgNetwork.stopSimulation(); geokgNetwork.setOptions({physics: false}); }")
    page.wait_for_timeout(100)


def _dom_positions(page) -> dict[str, tuple[float, float]]:
    """Each node's centre in page (CSS pixel) coordinates."""
    return page.evaluate("""() => {
      const box = document.getElementById("graph").getBoundingClientRect();
      const out = {};
      for (const [id, p] of Object.entries(geokgNetwork.getPositions())) {
        const d = geokgNetwork.canvasToDOM(p);
        out[id] = [box.left + d.x, box.top + d.y];
      }
      return out;
    }""")


# ---------------------------------------------------------------- the whole graph


def test_page_renders_offline_with_every_actor(open_page, full_page, store_graph):
    opened = open_page(full_page)
    page = opened.page
    assert opened.fetched == [full_page.resolve().as_uri()]  # nothing but the page itself: all inlined
    actors = set(store_graph)
    assert set(page.evaluate(DATA_IDS)) == actors
    drawn = page.evaluate(DRAWN_IDS)
    assert len(drawn) == len(actors) and set(drawn) == actors
    assert page.evaluate("() => edges.length") == len({(u, v) for u, v in store_graph.edges()})
    size = page.evaluate("() => { const c = document.querySelector('#graph canvas'); return [c.width, c.height]; }")
    assert size == [VIEWPORT["width"], VIEWPORT["height"]]  # the canvas fills the page
    assert page.locator("#legend").inner_text().startswith("geokg actor graph")
    opened.assert_clean()


def test_edges_carry_the_evidence_sentences(open_page, full_page, store_graph):
    page = open_page(full_page).page
    titles = {(e["from"], e["to"]): e["title"] for e in page.evaluate("() => edges.get()")}
    checked = 0
    for u, v, d in store_graph.edges(data=True):
        for sentence in d.get("sentences") or [d["sentence"]]:
            assert sentence in titles[(u, v)], (u, v, sentence)
            checked += 1
    assert checked >= store_graph.number_of_edges() > 0


def test_hovering_shows_the_tooltip(open_page, full_page, store_graph):
    page = open_page(full_page).page
    _freeze(page)
    tooltip = page.locator("div.vis-tooltip")

    x, y = _dom_positions(page)["RUS"]
    page.mouse.move(x, y)
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert f"{store_graph.nodes['RUS']['name']} (RUS)" in text and "statements" in text

    # an edge: its curve's midpoint, when nothing else is drawn there, shows its statements and evidence
    edge = page.evaluate("""() => {
      for (const id of geokgNetwork.body.edgeIndices) {
        const p = geokgNetwork.body.edges[id].edgeType.getPoint(0.5);
        const d = geokgNetwork.canvasToDOM(p);
        if (geokgNetwork.getEdgeAt(d) === id && geokgNetwork.getNodeAt(d) === undefined) {
          const box = document.getElementById("graph").getBoundingClientRect();
          const e = edges.get(id);
          return {x: box.left + d.x, y: box.top + d.y, from: e.from, to: e.to};
        }
      }
      return null;
    }""")
    assert edge is not None, "no edge midpoint was free to hover"
    page.mouse.move(5, VIEWPORT["height"] - 5)  # off the node first, so the tooltip moves on
    page.mouse.move(edge["x"], edge["y"], steps=3)
    sentence = next(iter(store_graph[edge["from"]][edge["to"]].values()))["sentence"]
    page.wait_for_function("(s) => { const t = document.querySelector('div.vis-tooltip');"
                           " return t && t.style.visibility !== 'hidden' && t.innerText.includes(s); }",
                           arg=sentence, timeout=5_000)


def test_screenshot_is_not_blank(open_page, full_page, store_graph):
    from PIL import Image

    page = open_page(full_page).page
    _freeze(page)
    positions = _dom_positions(page)
    image = Image.open(io.BytesIO(page.locator("#graph").screenshot())).convert("RGB")
    assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
    legend = page.locator("#legend").bounding_box()  # drawn over the canvas: not part of the graph
    image.paste((255, 255, 255), tuple(round(legend[k]) for k in ("x", "y"))
                + (round(legend["x"] + legend["width"]) + 1, round(legend["y"] + legend["height"]) + 1))
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the canvas is (nearly) one colour"
    background = max(colours)[1]
    assert background == (255, 255, 255)
    assert sum(n for n, c in colours if c != background) > 0.005 * image.width * image.height

    # the node dots are where vis-network says, in their kind's colour
    expected = {n: viz.KIND_COLOURS.get(d.get("type") or "Actor", "#bab0ac") for n, d in store_graph.nodes(data=True)}
    hits = 0
    for node, (x, y) in positions.items():
        if not (0 <= x < image.width and 0 <= y < image.height):
            continue
        want = tuple(int(expected[node][i:i + 2], 16) for i in (1, 3, 5))
        got = image.getpixel((int(x), int(y)))
        hits += all(abs(a - b) <= 12 for a, b in zip(got, want, strict=True))
    assert hits >= 0.8 * len(positions), f"only {hits} of {len(positions)} node centres show the node's colour"


# ---------------------------------------------------------------- an actor's neighbourhood


def test_neighbourhood_page_is_smaller_and_centred_on_the_actor(open_page, rus_page, store_graph):
    opened = open_page(rus_page)
    page = opened.page
    expected = set(viz.neighbourhood(store_graph, "RUS", hops=1))
    drawn = set(page.evaluate(DRAWN_IDS))
    assert "RUS" in drawn and drawn == expected == set(page.evaluate(DATA_IDS))
    assert 1 < len(drawn) < store_graph.number_of_nodes()
    assert page.locator("#legend").inner_text().startswith(f"{store_graph.nodes['RUS']['name']}: 1-hop")
    opened.assert_clean()
