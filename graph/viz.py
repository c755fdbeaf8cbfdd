"""Pictures of the graph: a self-contained interactive HTML page and a dyad balance chart.

The HTML page inlines vis-network (read from the pyvis package's files, which ship
with geokg's dependencies) instead of using pyvis's page template, which links
Bootstrap from a CDN even in ``in_line`` mode: the page must open offline and never
call out to a third party. Charts are drawn on a bare matplotlib ``Figure`` (Agg),
so no GUI backend or global pyplot state is involved.
"""
from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Hashable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from geokg.settings import UserError

VIS_DIR = "templates/lib/vis-9.1.2"
KIND_COLOURS = {  # node fill by actor type
    "Country": "#4e79a7", "Person": "#f28e2b", "Organization": "#59a14f", "Group": "#e15759",
    "Location": "#9c755f",
}
STRUCTURAL_COLOURS = {"ROLE": "#9e9e9e", "TRADE": "#2f6fb0", "MEMBER_OF": "#8e6bbf", "ALLY_OF": "#1b9e9e"}
CONFLICT, COOPERATION, NEUTRAL = (214, 39, 40), (44, 160, 44), (150, 150, 150)


def check_output(out: str | os.PathLike[str], force: bool) -> Path:
    """``out`` as a Path, refusing to replace an existing file unless ``force``.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:  # doctest: +ELLIPSIS
    ...     check_output(f.name, force=False)
    Traceback (most recent call last):
    ...
    geokg.settings.UserError: ... already exists; pass --force to overwrite it.
    """
    path = Path(out)
    if path.is_dir():
        raise UserError(f"{path} is a directory; pass a file name, e.g. {path / 'graph.html'}.")
    if path.exists() and not force:
        raise UserError(f"{path} already exists; pass --force to overwrite it.")
    return path


def neighbourhood(g: nx.Graph, actor: Hashable, hops: int = 2) -> nx.Graph:
    """The part of ``g`` within ``hops`` steps of ``actor``, direction ignored.

    >>> sorted(neighbourhood(nx.path_graph(5), 0, hops=2))
    [0, 1, 2]
    """
    if actor not in g:
        raise nx.NodeNotFound(f"{actor!r} is not in the graph")
    near = nx.single_source_shortest_path_length(nx.Graph(g.to_undirected(as_view=True)), actor, cutoff=hops)
    return g.subgraph(near).copy()


def score_colour(score: float | None) -> str:
    """Hex colour for a conflict-cooperation score: red below 0, green above, grey at 0/None.

    >>> score_colour(-10.0), score_colour(10.0), score_colour(None)
    ('#d62728', '#2ca02c', '#969696')
    """
    if not score:
        return _hex(NEUTRAL)
    target = CONFLICT if score < 0 else COOPERATION
    t = min(abs(score), 10.0) / 10.0 * 0.7 + 0.3  # even a mild score is visibly tinted
    return _hex(tuple(round(n + (c - n) * t) for n, c in zip(NEUTRAL, target, strict=True)))


def _hex(rgb: Sequence[int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def vis_data(g: nx.Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge records for a statement graph from ``to_networkx``.

    One edge per (subject, object) pair: width grows with the number of statements,
    colour is the mean score of the scored ones (structural ties take their
    category's colour), and the hover title lists every statement with its evidence.

    >>> m = nx.MultiDiGraph()
    >>> m.add_node("TUR", name="Turkey", type="Country")
    >>> m.add_node("RUS", name="Russia", type="Country")
    >>> _ = m.add_edge("TUR", "RUS", relation="ASSAULT", score=-9.0, date="2015-11-24", sentence="Shot down.")
    >>> nodes, edges = vis_data(m)
    >>> [n["label"] for n in nodes], edges[0]["label"], edges[0]["color"]
    (['Russia', 'Turkey'], 'ASSAULT', '#d22f30')
    """
    nodes = []
    for n, d in sorted(g.nodes(data=True), key=lambda nd: str(nd[0])):
        kind = d.get("type") or "Actor"
        facts = " · ".join(x for x in (kind, d.get("country") or "") if x)
        nodes.append({
            "id": str(n), "label": str(d.get("name") or n), "group": kind,
            "color": KIND_COLOURS.get(kind, "#bab0ac"), "value": g.degree(n) + 1,
            "title": f"{d.get('name') or n} ({n})\n{facts}\n{g.degree(n)} statements",
        })
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for u, v, d in g.edges(data=True):
        pairs.setdefault((str(u), str(v)), []).append(d)
    edges = []
    for (u, v), stmts in sorted(pairs.items()):
        stmts.sort(key=lambda d: (d.get("date") or "", d.get("relation") or ""))
        relations = sorted({d.get("relation") or "?" for d in stmts})
        scores = [d["score"] for d in stmts if d.get("score") is not None]
        colour = score_colour(sum(scores) / len(scores)) if scores else STRUCTURAL_COLOURS.get(relations[0], "#969696")
        lines = [f"{g.nodes[u].get('name', u)} → {g.nodes[v].get('name', v)}"]
        for d in stmts:
            head = ", ".join(str(x) for x in (d.get("predicate"), d.get("date")) if x)
            score = f" {d['score']:+g}" if d.get("score") is not None else ""
            neg = " (denied)" if d.get("negated") else ""
            lines.append(f"• {d.get('relation')}{score}{neg} [{head}]")
            lines.extend(f"    “{x}”" for x in d.get("sentences") or [d.get("sentence", "")] if x)
        edges.append({
            "from": u, "to": v, "label": ", ".join(relations), "color": colour, "value": len(stmts),
            "title": "\n".join(lines), "arrows": "to", "dashes": all(d.get("negated") for d in stmts),
        })
    return nodes, edges


def _vis_asset(name: str) -> str:
    text = (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")
    # the .map file is not shipped; a dangling reference only makes devtools reach for it
    return re.sub(r"^//# sourceMappingURL=.*$|/\*# sourceMappingURL=.*?\*/", "", text, flags=re.MULTILINE)


def _script_json(data: Any) -> str:
    # a "<" in a sentence ("</script>", "<!--") could end or confuse the <script> element;
    # in JSON "<" only occurs inside strings, where \u003c means the same character
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{vis_css}</style>
<style>
  html, body {{ margin: 0; height: 100%; font-family: system-ui, sans-serif; }}
  #graph {{ position: absolute; inset: 0; }}
  #legend {{ position: absolute; top: 8px; left: 8px; background: #fffd; padding: 6px 10px;
            border: 1px solid #ccc; border-radius: 4px; font-size: 13px; z-index: 10; }}
  #legend span {{ display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px;
                 border-radius: 5px; }}
  div.vis-tooltip {{ white-space: pre-wrap; max-width: 520px; font-family: system-ui, sans-serif;
                    font-size: 13px; }}
</style>
<script>{vis_js}</script>
</head>
<body>
<div id="legend"><b>{title}</b><br>{legend}</div>
<div id="graph"></div>
<script>
  const nodes = new vis.DataSet({nodes});
  const edges = new vis.DataSet({edges});
  const network = new vis.Network(document.getElementById("graph"), {{nodes, edges}}, {{
    nodes: {{ shape: "dot", scaling: {{ min: 8, max: 30 }}, font: {{ size: 14 }} }},
    edges: {{ scaling: {{ min: 1, max: 8, label: {{ enabled: false }} }}, font: {{ size: 10, align: "middle" }},
              smooth: {{ type: "dynamic" }} }},
    physics: {{ stabilization: {{ iterations: 200 }}, barnesHut: {{ springLength: 160 }} }},
    layout: {{ randomSeed: 7 }},
    interaction: {{ hover: true, tooltipDelay: 150 }}
  }});
  // the same picture on every opening: a seeded layout, frozen once it has settled (drag still works)
  network.once("stabilizationIterationsDone", () => {{
    network.setOptions({{ physics: false }});
    network.fit();
  }});
  window.geokgNetwork = network;
</script>
</body>
</html>
"""


def graph_html(g: nx.Graph, title: str = "geokg actor graph") -> str:
    """A complete, self-contained HTML page showing ``g`` (no external scripts or styles).

    >>> page = graph_html(nx.MultiDiGraph([("a", "b")]))
    >>> "<script src" in page, '"label": "a"' in page
    (False, True)
    """
    nodes, edges = vis_data(g)
    kinds = sorted({n["group"] for n in nodes})
    legend = " ".join(f'<span style="background:{KIND_COLOURS.get(k, "#bab0ac")}"></span>{html.escape(k)}'
                      for k in kinds)
    legend += ('<br>edges: <span style="background:#d62728"></span>conflict'
               '<span style="background:#2ca02c"></span>cooperation'
               '<span style="background:#9e9e9e"></span>structural')
    return PAGE.format(title=html.escape(title), vis_css=_vis_asset("vis-network.css"),
                       vis_js=_vis_asset("vis-network.min.js"), legend=legend,
                       nodes=_script_json(nodes), edges=_script_json(edges))


def write_graph_html(g: nx.Graph, out: str | os.PathLike[str], *, title: str = "geokg actor graph",
                     force: bool = False) -> Path:
    """Write :func:`graph_html` to ``out`` (refusing to overwrite unless ``force``)."""
    path = check_output(out, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(graph_html(g, title=title), encoding="utf-8")
    return path


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fill_months(rows: Sequence[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """``dyad_balance`` rows with the quiet months in between added as (month, 0.0, 0).

    >>> fill_months([("2015-11", -9.0, 1), ("2016-01", 3.0, 1), ("unknown", -2.0, 1)])
    [('2015-11', -9.0, 1), ('2015-12', 0.0, 0), ('2016-01', 3.0, 1), ('unknown', -2.0, 1)]
    """
    dated = {m: (s, n) for m, s, n in rows if m != "unknown"}
    filled = [(m, *dated.get(m, (0.0, 0))) for m in _months_between(min(dated), max(dated))] if dated else []
    return filled + [r for r in rows if r[0] == "unknown"]


def dyad_figure(rows: Sequence[tuple[str, float, int]], a_label: str, b_label: str) -> Any:
    """A matplotlib ``Figure``: monthly balance bars (red conflict, green cooperation), events on top."""
    from matplotlib.figure import Figure

    rows = fill_months(rows)
    fig = Figure(figsize=(max(6.0, 0.5 * len(rows) + 2), 4), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    dated = [r for r in rows if r[0] != "unknown"]
    # statements of undated articles: a grey bar set apart, so it never reads as one more month
    xs = [float(i) for i in range(len(dated))] + [len(dated) + 0.6] * (len(rows) - len(dated))
    labels = [m if m != "unknown" else "undated" for m, _, _ in rows]
    values = [s for _, s, _ in rows]
    colours = [score_colour(-10 if s < 0 else 10 if s > 0 else 0) if m != "unknown" else "#9e9e9e"
               for m, s, _ in rows]
    bars = ax.bar(xs, values, color=colours, hatch=["" if m != "unknown" else "//" for m, _, _ in rows])
    ax.set_xticks(xs, labels)
    for bar, (_, s, n) in zip(bars, rows, strict=True):
        if n:
            ax.annotate(f"{n}", (bar.get_x() + bar.get_width() / 2, s), ha="center",
                        va="bottom" if s >= 0 else "top", fontsize=8, xytext=(0, 2 if s >= 0 else -2),
                        textcoords="offset points")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title(f"{a_label} ↔ {b_label}\nmonthly conflict–cooperation balance", fontsize=11)
    ax.set_ylabel("sum of PLOVER scores (numbers: events)")
    if not rows:
        ax.text(0.5, 0.5, "no scored statements", transform=ax.transAxes, ha="center", va="center")
    ax.tick_params(axis="x", labelrotation=45 if len(rows) > 6 else 0)
    return fig


def write_dyad_png(rows: Sequence[tuple[str, float, int]], out: str | os.PathLike[str], a_label: str,
                   b_label: str, *, force: bool = False) -> Path:
    """Save :func:`dyad_figure` as a PNG at ``out`` (refusing to overwrite unless ``force``)."""
    path = check_output(out, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    dyad_figure(rows, a_label, b_label).savefig(path, format="png")
    return path
